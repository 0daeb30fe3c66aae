from django import forms
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ..models import Alliance, Announcement, Country, Organization
from ..models.country import country_codes_named
from ..translation import q_any_language
from .common import filter_status

LIMIT = 20


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        min_length=2,
        max_length=100,
        strip=True,
        help_text=_("A name, a country or words of an announcement, in English or Russian: at least two letters."),
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={
            "min_length": _("Type at least two letters."),
            "max_length": _("Type at most 100 characters."),
        },
    )


def matching_countries(words):
    """Countries whose ISO code, or whose name in any language of the site, holds the words ("Сербия" finds Serbia)."""
    return [Country(code=code) for code in country_codes_named(words)][:LIMIT]


def search(request):
    # An empty search is a visitor arriving at the form, not a mistake: the form and its hint, 200.
    form = SearchForm(request.GET if request.GET.get("q", "").strip() else None)
    results = None
    if form.is_bound and form.is_valid():
        words = form.cleaned_data["q"]
        named = q_any_language("name__icontains", words) | Q(other_names__name__icontains=words)
        results = {
            "alliances": Alliance.objects.published().filter(named).distinct()[:LIMIT],
            "organizations": Organization.objects.filter(named)
            .distinct()
            .select_related("country")
            .prefetch_related("other_names")[:LIMIT],
            "countries": matching_countries(words),
            "announcements": Announcement.objects.published().mentioning(words).newest_first()[:LIMIT],
        }
        results["count"] = sum(len(found) for found in results.values())
    return render(request, "alliances/search.html", {"form": form, "results": results}, status=filter_status(form))
