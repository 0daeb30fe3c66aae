"""What one curator changed, newest first, across every register model: to find a bad run of edits and undo it.

A curator sees their own changes; a superuser sees anyone's, and the list of staff to choose from.
"""

from heapq import merge
from itertools import islice

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.manager import HistoryManager

from ..models import FoundingClaim, Membership, MembershipSource, Ranking, ReportedSize
from ..translation import mirrored_fields
from .partial_dates import date_of_each_part

# What each model's __str__ reads from related rows, fetched with the history rows.
RELATED = {
    Membership: ["alliance", "organization", "country"],
    MembershipSource: ["announcement"],
    Ranking: ["country"],
    ReportedSize: ["alliance"],
    FoundingClaim: ["alliance"],
}
LIMIT = 200


def tracked_models():
    """Every register model whose changes django-simple-history keeps."""
    models = apps.get_app_config("alliances").get_models()
    return [model for model in models if isinstance(getattr(model, "history", None), HistoryManager)]


def curator_activity(*, user, limit=LIMIT):
    """The user's latest `limit` changes to the register: one query per model, merged newest first."""
    streams = []
    for model in tracked_models():
        records = (
            model.history.filter(history_user=user)
            .select_related(*RELATED.get(model, []))
            .order_by("-history_date", "-history_id")[:limit]
        )
        streams.append([(record, model) for record in records])
    newest_first = list(islice(merge(*streams, key=lambda pair: pair[0].history_date, reverse=True), limit))
    previous = _previous_versions(newest_first)
    return [_entry(record, model, previous.get((model, record.history_id))) for record, model in newest_first]


def _previous_versions(pairs):
    """{(model, history_id): the version before it}, one query per model."""
    previous = {}
    for model in {model for _record, model in pairs}:
        pk = model._meta.pk.attname
        ids = {getattr(record, pk) for record, record_model in pairs if record_model is model}
        versions = model.history.filter(**{f"{pk}__in": ids}).order_by(pk, "history_date", "history_id")
        before = {}
        for version in versions:
            key = getattr(version, pk)
            if key in before:
                previous[(model, version.history_id)] = before[key]
            before[key] = version
    return previous


def _changed_fields(record, model, before):
    if before is None or record.history_type != "~":
        return []
    many_to_many = [field.name for field in model._meta.many_to_many]
    delta = record.diff_against(before, excluded_fields=many_to_many + mirrored_fields(model))
    # A date's precision and bound are part of the date, as the forms show them.
    parts_of = date_of_each_part(model)
    names = dict.fromkeys(parts_of[name].date if name in parts_of else name for name in delta.changed_fields)
    return [str(model._meta.get_field(name).verbose_name) for name in names]


def _entry(record, model, before):
    opts = model._meta
    instance = record.instance
    for name in RELATED.get(model, []):
        setattr(instance, name, getattr(record, name))  # already fetched with the history row
    return {
        "when": record.history_date,
        "model": opts.verbose_name,
        "object": str(instance),
        "type": record.get_history_type_display(),
        "fields": _changed_fields(record, model, before),
        "reason": record.history_change_reason or "—",
        "history_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.instance.pk]),
        "version_url": reverse(
            f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[record.instance.pk, record.history_id]
        ),
    }


def may_see_activity_of(viewer, person_id):
    """Curators see their own work; superusers everyone's."""
    return viewer.is_superuser or person_id == viewer.pk


def curator_activity_view(request, user_id=None):
    """Mounted through admin.site.admin_view (config/urls.py): staff, with their second factor if they need one."""
    if not request.user.has_module_perms("alliances"):
        raise PermissionDenied
    if user_id is not None and not may_see_activity_of(request.user, user_id):
        raise PermissionDenied
    user_model = get_user_model()
    person = request.user if user_id is None else get_object_or_404(user_model, pk=user_id)
    staff = user_model.objects.filter(is_staff=True).order_by("username") if request.user.is_superuser else None
    context = {
        **admin.site.each_context(request),
        "title": _("Changes by %(user)s") % {"user": person.get_username()},
        "person": person,
        "entries": curator_activity(user=person),
        "limit": LIMIT,
        "curators": staff,
    }
    return TemplateResponse(request, "admin/alliances/curator_activity.html", context)
