"""The API's query parameters as FilterSets: a bad value answers 400 naming the parameter."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.template import loader
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from ..dates import DateTextError, parse_partial_date
from ..forms import PartialDayField
from ..models import Alliance, Announcement, Certainty, Country, Membership, MemberType, Organization, Role


class CountryCodeField(forms.ModelChoiceField):
    """An ISO code in either case: "br" and "BR" name Brazil."""

    def to_python(self, value):
        return super().to_python(value.upper() if isinstance(value, str) else value)


class CountryFilter(django_filters.ModelChoiceFilter):
    field_class = CountryCodeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Country.objects.all())
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("error_messages", {"invalid_choice": _("No country has this ISO 3166-1 alpha-2 code.")})
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.NullBooleanField):
    """true or false (1 or 0); anything else is an error rather than "no filter"."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in (True, "true", "True", "1"):
            return True
        if value in (False, "false", "False", "0"):
            return False
        raise forms.ValidationError(_("Write true or false."), code="invalid")

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class SlugChoiceField(forms.ModelChoiceField):
    """A record named by its slug, in any case: "BRICS" and "brics" name BRICS.

    The slug as written is looked up first (the index answers); another case only when that finds nothing.
    """

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return super().to_python(value)
        except forms.ValidationError:
            found = self.queryset.filter(**{f"{self.to_field_name}__iexact": value}).order_by("pk").first()
            if found is None:
                raise
            return found


class SlugFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField


def slug_filter(model, field_name, help_text):
    return SlugFilter(
        field_name=field_name,
        queryset=model.objects.all(),
        to_field_name="slug",
        help_text=help_text,
        error_messages={"invalid_choice": _("No %(model)s has this slug.") % {"model": model._meta.verbose_name}},
    )


@extend_schema_field({"type": "string", "pattern": r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$", "example": "2024-12-11"})
class PartialDayFilter(django_filters.Filter):
    """A day as the pages take one: 2024-12-11, or a month (2024-12) or a year (2024) for its first or last day.

    `end="first"` for a bound from (`started_after`, `date_after`), "last" for a bound to and for a day to look
    at (`as_of`, `started_before`): the pages' own field (forms.PartialDayField), so the same words mean the
    same day in both.
    """

    field_class = PartialDayField

    def __init__(self, *args, end="last", **kwargs):
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, end=end, **kwargs)


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time in any offset, handed to the database in UTC; or a day, a month or a year, from its
    first moment (UTC), as the API's other dates are written.

    PostgreSQL refuses offsets past ±15:59 ("time zone displacement out of range"), which
    Python accepts up to ±23:59; in UTC every moment is one the database can compare.
    """

    def to_python(self, value):
        day = _day_written(value)
        if day is not None:
            return datetime.datetime.combine(day, datetime.time(), datetime.UTC)
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            raise forms.ValidationError(_("Give a date-time between the years 1 and 9999."), code="invalid") from None


def _day_written(value):
    """The first day of "2024", "2024-12" or "2024-12-11"; None for anything else (a time, or not a date)."""
    if not isinstance(value, str) or "T" in value or " " in value.strip() or len(value) > 10:
        return None
    try:
        return parse_partial_date(value).first
    except DateTextError:
        return None


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet, whose form class is made once per language, not on every request.

    django-filter makes a new form class (a metaclass run and a field for every filter) each
    time a FilterSet is made: 0.3 ms for the three filters of an alliance's members, more than
    the filtering. Here no field depends on the request (no filter takes its queryset from it);
    the labels are translated when the fields are made, hence one form class per language. Each
    form still copies its fields, so nothing of one request's form reaches another's.
    """

    _form_classes = {}

    def get_form_class(self):
        key = (type(self), translation.get_language())
        form_class = self._form_classes.get(key)
        if form_class is None:
            for filter_ in self.filters.values():
                # A field made on the class's own filter (drf-spectacular's schema asks for one) has no model
                # to take its label from, and would be copied here: made again, its label in this language.
                vars(filter_).pop("_field", None)
            form_class = self._form_classes[key] = super().get_form_class()
            for field in form_class.base_fields.values():
                _name_the_choices(field)
        return form_class


def _name_the_choices(field):
    """A parameter of fixed choices answers a wrong value with the values it takes."""
    if not isinstance(field, forms.ChoiceField) or isinstance(field, forms.ModelChoiceField):
        return
    values = ", ".join(str(value) for value, _label in field.choices if value not in ("", None))
    field.error_messages = {
        **field.error_messages,
        "invalid_choice": _("“%%(value)s” is not one of its values: %(values)s.") % {"values": values},
    }


def certainty_filter():
    """`certainty`: only the memberships certainly (or only possibly) in force on the answer's day."""
    return django_filters.ChoiceFilter(
        choices=Certainty.choices,
        method="keep",
        label=_("Certainty"),
        help_text=_(
            "certain: only memberships certainly in force on the day; possible: only those possibly in force "
            "(a date's uncertainty reaches the day). Default: both, each marked by its certainty field."
        ),
    )


def of_certainty(queryset, certainty):
    """The rows of a `with_certainty` queryset that have `certainty` (all of them when it is empty)."""
    return queryset.filter(certainty=certainty) if certainty else queryset


class StableOrderingFilter(django_filters.OrderingFilter):
    """django-filter's ordering, ended by the id: rows that tie on the field asked for (one start
    date, one update time) come in one order on every query, so pages neither repeat nor skip a row."""

    def filter(self, qs, value):
        ordered = super().filter(qs, value)
        if ordered is qs or {"id", "-id"} & set(ordered.query.order_by):
            return ordered
        return ordered.order_by(*ordered.query.order_by, "id")


class MembershipFilter(FilterSet):
    alliance = slug_filter(Alliance, "alliance", _("Slug of the alliance, e.g. brics."))
    country = CountryFilter(
        method="filter_country",
        help_text=_("ISO 3166-1 alpha-2 code (any case): memberships of the country or of organizations based there."),
    )
    organization = slug_filter(Organization, "organization", _("Slug of the member organization."))
    member_type = django_filters.ChoiceFilter(
        choices=MemberType.choices,
        method="filter_member_type",
        label=_("Member type"),
        help_text=_("Organizations or countries only."),
    )
    role = django_filters.ChoiceFilter(choices=Role.choices, help_text=_("The member's role."))
    as_of = PartialDayFilter(
        method="filter_as_of",
        label=_("In force on"),
        help_text=_(
            "YYYY-MM-DD: memberships in force on that day (started on or before it, not yet ended); a month "
            "(YYYY-MM) or a year (YYYY) means its last day, as on the pages."
        ),
    )
    active = StrictBooleanFilter(
        method="filter_active",
        label=_("In force today"),
        help_text=_("true: in force today; false: ended or not yet started."),
    )
    certainty = certainty_filter()
    started_after = PartialDayFilter(
        field_name="start_latest",
        lookup_expr="gte",
        end="first",
        help_text=_(
            "YYYY-MM-DD: may have started on or after that day (a month or a year: from its first day): the start's "
            "latest day is not before it."
        ),
    )
    started_before = PartialDayFilter(
        field_name="start_earliest",
        lookup_expr="lte",
        help_text=_(
            "YYYY-MM-DD: may have started on or before that day (a month or a year: to its last day): the start's "
            "earliest day is not after it."
        ),
    )
    updated_since = UTCDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=_(
            "ISO 8601 date-time (or a day, month or year, from its first moment): memberships changed at or "
            "after it. Memberships withdrawn since (unpublished or deleted) are not in this list: "
            "/api/v1/changes/?since= gives them, with every other change of the register."
        ),
    )
    ordering = StableOrderingFilter(
        fields=(("id", "id"), ("start_latest", "start_date"), ("end_latest", "end_date"), ("updated_at", "updated_at")),
        help_text=_(
            "Sort by id (the default), start_date, end_date (each by its latest day) or updated_at; "
            "prefix - to reverse."
        ),
    )

    class Meta:
        model = Membership
        fields = []

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        certainty = data.get("certainty")
        if certainty and data.get("as_of") is None and data.get("active") is not True:
            raise ValidationError({"certainty": [_("Certainty is of a day: give as_of, or active=true.")]})
        return of_certainty(super().filter_queryset(queryset), certainty)

    def keep(self, queryset, name, value):
        return queryset  # applied by filter_queryset, once the day's certainty is on the rows

    def filter_country(self, queryset, name, value):
        return queryset.in_country(value)

    def filter_member_type(self, queryset, name, value):
        return queryset.of_member_type(value)

    def filter_as_of(self, queryset, name, value):
        return queryset.with_certainty(value)

    def filter_active(self, queryset, name, value):
        if value:
            return queryset.with_certainty(timezone.localdate())
        return queryset.exclude(pk__in=queryset.active_on(timezone.localdate()).values("pk"))


class AllianceMembersFilter(FilterSet):
    """An alliance's members on one day: today unless `as_of` says otherwise."""

    applies_without_parameters = True

    as_of = PartialDayFilter(
        method="filter_as_of",
        label=_("In force on"),
        help_text=_("YYYY-MM-DD: the members on that day (a month or a year: its last day). Default: today."),
    )
    role = django_filters.ChoiceFilter(choices=Role.choices, help_text=_("The member's role."))
    member_type = django_filters.ChoiceFilter(
        choices=MemberType.choices,
        method="filter_member_type",
        label=_("Member type"),
        help_text=_("Organizations or countries only."),
    )
    certainty = certainty_filter()

    class Meta:
        model = Membership
        fields = []

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("as_of") is None:
            queryset = queryset.with_certainty(timezone.localdate())
        return of_certainty(queryset, self.form.cleaned_data.get("certainty"))

    def filter_as_of(self, queryset, name, value):
        return queryset.with_certainty(value)

    filter_member_type = MembershipFilter.filter_member_type
    keep = MembershipFilter.keep


class AnnouncementFilter(FilterSet):
    alliance = slug_filter(Alliance, "alliances", _("Slug of an alliance the announcement concerns."))
    country = CountryFilter(field_name="countries", help_text=_("ISO code of a country the announcement concerns."))
    date_after = PartialDayFilter(
        field_name="date",
        lookup_expr="gte",
        end="first",
        help_text=_("YYYY-MM-DD: dated on or after that day (a month or a year: from its first day)."),
    )
    date_before = PartialDayFilter(
        field_name="date",
        lookup_expr="lte",
        help_text=_("YYYY-MM-DD: dated on or before that day (a month or a year: to its last day)."),
    )
    q = django_filters.CharFilter(
        method="search",
        max_length=200,
        label=_("Search"),
        help_text=_("Words to find in the title, summary, quotation or publisher."),
    )
    ordering = StableOrderingFilter(
        fields=["date", "id"], help_text=_("Sort by date or id; prefix - to reverse. Default: newest first.")
    )

    class Meta:
        model = Announcement
        fields = []

    def search(self, queryset, name, value):
        matches = Q()
        for field in ("title", "summary", "quotation", "publisher"):
            matches |= Q(**{f"{field}__icontains": value})
        return queryset.filter(matches)


class OrganizationFilter(FilterSet):
    country = CountryFilter(help_text=_("ISO code of the country the organization is based in."))
    kind = django_filters.ChoiceFilter(
        choices=Organization._meta.get_field("kind").choices, help_text=_("The kind of body.")
    )

    class Meta:
        model = Organization
        fields = []


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, which skips building the FilterSet when no filter is asked for.

    Building a FilterSet form costs more than the query of an unfiltered page; most requests
    name no filter. A FilterSet with `applies_without_parameters` (a default) always runs.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        asked = not set(filterset_class.base_filters).isdisjoint(request.query_params)
        if asked or getattr(filterset_class, "applies_without_parameters", False):
            return super().filter_queryset(request, queryset, view)
        return queryset

    def to_html(self, request, queryset, view):
        """The browsable API's filter form, with a text box where django-filter lists every choice.

        A <select> of every organization was 20,000 options, 3 MB and 2-3 s a page: a miss an
        anonymous client could ask for again and again. A slug or a code is typed instead.
        """
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return None
        for field in filterset.form.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.widget = forms.TextInput()
        return loader.get_template(self.template).render({"filter": filterset}, request)
