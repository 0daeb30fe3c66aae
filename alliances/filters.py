"""The filters of the public pages, as FilterSets: the form checks the values, the rules stay in the QuerySets."""

import django_filters
from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .caching.kept import kept
from .models import Alliance, AllianceKind, Announcement, Country, Membership, Organization, OrganizationKind

YEARS = {"min_value": 1900, "max_value": 2100}


class OptionsSelect(forms.Select):
    """Django's <select>, the same HTML, with its options written here rather than by two template includes each.

    A country filter has 250 options: through Django's widget templates they took longer than
    the rest of the timeline page (docs/performance.md, "What we found", 7).
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = [f'<select name="{conditional_escape(widget["name"])}"{_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{escape(group_name)}">')
            html.extend(
                f'\n  <option value="{escape(option["value"])}"{_attributes(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))


def _attributes(attrs):
    """What django/forms/widgets/attrs.html writes: ` name="value"`, ` name` for True, nothing for False."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class KeptChoices(BaseChoiceIterator):
    """A model choice field's choices, kept in the shared cache under the register version, per language.

    Alliances and countries can be edited, so the list is made again after every write; in
    between, a form's 250 countries, named and sorted in the reader's language, cost one read.
    """

    def __init__(self, parts, field):
        self.parts, self.field = parts, field
        self.choices = None

    def __iter__(self):
        if self.choices is None:
            original = self.field.iterator(self.field)
            self.choices = kept(
                ("choices", get_language(), *self.parts),
                lambda: [(str(value), str(label)) for value, label in original],
            )
        return iter(self.choices)


class KeptChoicesFilterSet(django_filters.FilterSet):
    """A FilterSet whose model choice fields show kept choices (`KeptChoices`).

    Only what the widget shows is kept: a value is still checked against the database.
    """

    @property
    def form(self):
        if not hasattr(self, "_form"):
            for name, field in super().form.fields.items():
                if isinstance(field, forms.ModelChoiceField):
                    field.widget.choices = KeptChoices((type(self).__name__, name), field)
        return self._form


class LocalizedOrderIterator(ModelChoiceIterator):
    """The choices in the alphabetical order of their labels in the visitor's language, the empty one first."""

    def __iter__(self):
        choices = super().__iter__()
        if self.field.empty_label is not None:
            yield next(choices)
        yield from sorted(choices, key=lambda choice: str(choice[1]))


class CountryChoiceField(forms.ModelChoiceField):
    iterator = LocalizedOrderIterator
    widget = OptionsSelect


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
        queryset=Alliance.objects.published(),
        to_field_name="slug",
        label=_("Alliance"),
        empty_label=_("All alliances"),
        widget=OptionsSelect,
        **kwargs,
    )


class UpperCaseCodeMixin:
    """Accept ?country=ru as well as ?country=RU."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("country"):
            data = data.copy()
            data["country"] = data["country"].upper()
        super().__init__(data, *args, **kwargs)


class MembershipEventFilter(UpperCaseCodeMixin, KeptChoicesFilterSet):
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


class AnnouncementFilter(UpperCaseCodeMixin, KeptChoicesFilterSet):
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
        return queryset.mentioning(value)


class CountryMembershipFilter(KeptChoicesFilterSet):
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


class OrganizationFilter(UpperCaseCodeMixin, KeptChoicesFilterSet):
    """The organization index: those of one country (or international bodies), of one kind."""

    country = CountryChoiceFilter()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganizationKind.choices, empty_label=_("All kinds"))
    country_unknown = django_filters.BooleanFilter(
        label=_("Country not recorded"), method="filter_country_unknown", widget=forms.CheckboxInput
    )

    class Meta:
        model = Organization
        fields = ["country", "kind", "country_unknown"]

    def filter_country_unknown(self, queryset, name, value):
        return queryset.country_unknown() if value else queryset
