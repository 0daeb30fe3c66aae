"""Citing the right source: the picker ranks the likely sources first, and a source that names neither the
alliance nor the member is cited only when the curator confirms it.

A source "names" the alliance or the member when it is recorded as concerning it (its alliances,
organizations or countries) or when its title, summary or quotation, in any language, or the
citation's own quotation holds one of their names: the English and Russian names, the other
names (acronyms, native names), a country's name in each language of the site.
"""

import functools
import operator
import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ..models import Alliance, Announcement, Country, Membership, MembershipSource, Organization, Stance
from .reasons import ReasonModelForm

# Russian declines its names ("Россия", "в России"): a Cyrillic name is looked for without its last vowel.
_CYRILLIC_ENDING = re.compile(r"(?<=[а-яё]{3})[аяоеиыйьу]$")


def names_of(*, alliance=None, organization=None, country=None):
    """Every name the alliance and the member go by, folded for comparison."""
    names = set()
    if alliance is not None:
        names |= {alliance.name_en, alliance.name_ru, *alliance.other_names.values_list("name", flat=True)}
    if organization is not None:
        names |= {organization.name_en, organization.name_ru, *organization.other_names.values_list("name", flat=True)}
    if country is not None:
        names.add(country.name)
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                names.add(str(countries.name(country.code)))
    folded = set()
    for name in filter(None, (name.strip() for name in names)):
        folded.add(name.casefold())
        folded.add(_CYRILLIC_ENDING.sub("", name.casefold()))
    return {name for name in folded if len(name) >= 2}


def source_names(announcement, membership, quotation=""):
    """True when the announcement (or the citation's quotation) names the membership's alliance or its member."""
    alliance, organization, country = membership.alliance, membership.organization, membership.country
    if alliance is not None and announcement.alliances.filter(pk=alliance.pk).exists():
        return True
    if organization is not None and announcement.organizations.filter(pk=organization.pk).exists():
        return True
    if country is not None and announcement.countries.filter(pk=country.pk).exists():
        return True
    texts = [
        announcement.title_en,
        announcement.title_ru,
        announcement.summary_en,
        announcement.summary_ru,
        announcement.quotation,
        quotation,
    ]
    text = " ".join(filter(None, texts)).casefold()
    return any(name in text for name in names_of(alliance=alliance, organization=organization, country=country))


# A member the source names only as one of a group: the group, the source listing it, the sentence naming the member.
GROUP_FIELDS = ["group", "group_source", "group_quotation"]


class CitationForm(forms.ModelForm):
    """A membership's citation of a source: asks the curator to confirm a source that names neither side."""

    cite_anyway = forms.BooleanField(
        label=_("Cite anyway"),
        required=False,
        help_text=_("Tick only after checking the source: it names neither the alliance nor the member."),
    )

    class Meta:
        model = MembershipSource
        fields = ["announcement", "stance", "quotation", *GROUP_FIELDS]

    def clean(self):
        cleaned_data = super().clean()
        announcement = cleaned_data.get("announcement")
        membership = self._membership()
        if announcement is None or membership is None or cleaned_data.get("cite_anyway"):
            return cleaned_data
        if self.has_changed() and not source_names(announcement, membership, cleaned_data.get("quotation", "")):
            raise ValidationError(
                _(
                    "“%(source)s” names neither %(alliance)s nor %(member)s, in any language or by any of their "
                    "names. Check that it is the right source; if it is, tick “cite anyway” and save."
                )
                % {"source": announcement.title, "alliance": membership.alliance, "member": membership.member},
                code="source_names_neither",
            )
        return cleaned_data

    def _membership(self):
        membership = self.cleaned_data.get("membership") or getattr(self.instance, "membership", None)
        if (
            membership is None
            or not membership.alliance_id
            or not (membership.organization_id or membership.country_id)
        ):
            return None
        return membership


class CitationAdminForm(CitationForm, ReasonModelForm):
    """A citation's own admin form: its membership, its source, and why it is changed."""

    class Meta(CitationForm.Meta):
        fields = ["membership", "announcement", "stance", "quotation", *GROUP_FIELDS]


def ranked_sources(queryset, words, *, alliance=None, organization=None, country=None):
    """The sources a picker offers, most likely first: those that already support this alliance or name this
    member, then those whose title holds the words (before those that hold them only in the summary), newest first.
    """
    source = OuterRef("pk")
    likely = []
    if alliance is not None:
        likely += [
            MembershipSource.objects.filter(announcement=source, stance=Stance.SUPPORTS, membership__alliance=alliance),
            Announcement.alliances.through.objects.filter(announcement=source, alliance=alliance),
        ]
    if organization is not None:
        likely += [
            MembershipSource.objects.filter(announcement=source, membership__organization=organization),
            Announcement.organizations.through.objects.filter(announcement=source, organization=organization),
        ]
    if country is not None:
        likely += [
            MembershipSource.objects.filter(announcement=source, membership__country=country),
            Announcement.countries.through.objects.filter(announcement=source, country=country),
        ]
    in_title = Q()
    for word in words.split():
        in_title &= Q(title_en__icontains=word) | Q(title_ru__icontains=word)
    return queryset.annotate(
        likely=_flag(functools.reduce(operator.or_, (Q(Exists(rows)) for rows in likely))) if likely else Value(0),
        in_title=_flag(in_title) if words.split() else Value(0),
    ).order_by("-likely", "-in_title", "-date", "-id")


def _flag(condition):
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def picker_context(params):
    """(alliance, organization, country) that the picker's request names: by a membership, or each by its key."""
    membership_id = _int(params.get("membership"))
    if membership_id:
        membership = Membership.objects.select_related("alliance", "organization", "country").filter(pk=membership_id)
        membership = membership.first()
        if membership is not None:
            return membership.alliance, membership.organization, membership.country
    alliance_id, organization_id = _int(params.get("alliance")), _int(params.get("organization"))
    alliance = Alliance.objects.filter(pk=alliance_id).first() if alliance_id else None
    organization = Organization.objects.filter(pk=organization_id).first() if organization_id else None
    code = (params.get("country") or "").strip().upper()
    country = Country.objects.filter(code=code).first() if re.fullmatch(r"[A-Z]{2}", code) else None
    return alliance, organization, country


def _int(value):
    """A record's key from the request, or None: never a number past the database's integers."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None
