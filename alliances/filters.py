"""The filters of the public pages, as FilterSets: the form checks the values, the rules stay in the QuerySets."""

import django_filters
from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from .models import Alliance, AllianceKind, Announcement, Country, Membership

YEARS = {"min_value": 1900, "max_value": 2100}


class LocalizedOrderIterator(ModelChoiceIterator):
    """The choices in the alphabetical order of their labels in the visitor's language, the empty one first."""

    def __iter__(self):
        choices = super().__iter__()
        if self.field.empty_label is not None:
            yield next(choices)
        yield from sorted(choices, key=lambda choice: str(choice[1]))


class CountryChoiceField(forms.ModelChoiceField):
    iterator = LocalizedOrderIterator


class CountryChoiceFilter(django_filters.ModelChoiceFilter):
    """A country picked by its ISO code; lower case in addresses, as everywhere on the site."""

    field_class = CountryChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Country.objects.all())
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("label", _("Country"))
        kwargs.setdefault("empty_label", _("All countries"))
        super().__init__(*args, **kwargs)


def alliance_filter(**kwargs):
    return django_filters.ModelChoiceFilter(
        queryset=Alliance.objects.all(),
        to_field_name="slug",
        label=_("Alliance"),
        empty_label=_("All alliances"),
        **kwargs,
    )


class UpperCaseCodeMixin:
    """Accept ?country=ru as well as ?country=RU."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("country"):
            data = data.copy()
            data["country"] = data["country"].upper()
        super().__init__(data, *args, **kwargs)


class MembershipEventFilter(UpperCaseCodeMixin, django_filters.FilterSet):
    """Filters the membership half of the timeline; AnnouncementEventFilter applies the same values to the rest."""

    alliance = alliance_filter()
    country = CountryChoiceFilter(method="filter_country")
    year = django_filters.NumberFilter(label=_("Year"), method="filter_year", **YEARS)

    class Meta:
        model = Membership
        fields = ["alliance", "country", "year"]

    def filter_country(self, queryset, name, value):
        return queryset.in_country(value)

    def filter_year(self, queryset, name, value):
        # A membership's start and end fall in different years: event_rows() applies the year to each event.
        return queryset


class AnnouncementFilter(UpperCaseCodeMixin, django_filters.FilterSet):
    alliance = alliance_filter(field_name="alliances")
    country = CountryChoiceFilter(field_name="countries")
    year = django_filters.NumberFilter(label=_("Year"), field_name="date", lookup_expr="year", **YEARS)
    q = django_filters.CharFilter(
        label=_("Words in the title or summary"),
        method="filter_words",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    class Meta:
        model = Announcement
        fields = ["alliance", "country", "year", "q"]

    def filter_words(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value))


class CountryMembershipFilter(django_filters.FilterSet):
    """Which memberships the country list counts: those of one alliance, or of one kind of alliance."""

    alliance = alliance_filter()
    kind = django_filters.ChoiceFilter(
        field_name="alliance__kind",
        label=_("Kind of alliance"),
        choices=AllianceKind.choices,
        empty_label=_("All kinds"),
    )

    class Meta:
        model = Membership
        fields = ["alliance", "kind"]
