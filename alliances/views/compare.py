"""/compare/: which countries take part in which bodies on a day, as a table and as CSV."""

import csv

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..comparison import comparison, legend
from ..forms import day_field
from ..models import Alliance
from ..regions import region_choices, region_name
from ..spreadsheets import spreadsheet_safe
from .common import filter_status

ORDERS = [("name", _("country name")), ("groupings", _("number of bodies"))]


class CompareForm(forms.Form):
    as_of = day_field(_("On the day"))
    body = forms.ModelMultipleChoiceField(
        label=_("Bodies"),
        queryset=Alliance.objects.published(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every body."),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=ORDERS, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions")), *region_choices()]
        self.fields["body"].label_from_instance = lambda alliance: alliance.name


def compare(request):
    form = CompareForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    values = form.cleaned_data if form.is_bound and valid else {}
    day = values.get("as_of") or timezone.localdate()
    bodies, rows = [], []
    if valid:
        chosen = values.get("body")
        bodies, rows = comparison(
            day, alliances=list(chosen) if chosen else None, region=values.get("region", ""), order=values.get("sort")
        )
    if request.GET.get("format") == "csv" and valid:
        return _csv(day, bodies, rows)
    query = request.GET.copy()
    query["format"] = "csv"
    context = {
        "form": form,
        "day": day,
        "bodies": bodies,
        "partial": [alliance for alliance in bodies if not alliance.members_list_complete],
        "rows": rows,
        "legend": legend(),
        "csv_query": "?" + query.urlencode(),
        "sort_queries": {order: _query_with(request, "sort", order) for order, _label in ORDERS},
        "sort": values.get("sort") or "name",
    }
    return render(request, "alliances/compare.html", context, status=filter_status(form))


def _query_with(request, name, value):
    query = request.GET.copy()
    query[name] = value
    return "?" + query.urlencode()


def _csv(day, bodies, rows):
    """The same table, one column a body: the role in words, possibly and disputed marked, or empty.

    `groupings_at_least` is "yes" where the count is a lower bound: an empty cell of the row is a body whose
    list is partial (not listed there is not "not taking part")."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="compare-{day.isoformat()}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "country",
            "country_name",
            "region",
            "groupings",
            "groupings_at_least",
            *(alliance.slug for alliance in bodies),
        ]
    )
    for row in rows:
        cells = [cell.words if cell else "" for cell in row.cells]
        writer.writerow(
            [spreadsheet_safe(value) for value in (row.country.code, str(row.country), region_name(row.region))]
            + [row.count, "yes" if row.at_least else "no", *(spreadsheet_safe(cell) for cell in cells)]
        )
    return response
