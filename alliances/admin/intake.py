"""Adding members from a source's list, on an alliance's admin page: the form, the preview, the confirmation;
and the record of each intake, with its undo. The rules are alliances/intake/."""

from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, OperationalError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..conflicts import is_write_conflict
from ..intake.forms import OTHER, IntakeForm, choices_from
from ..intake.plan import CREATE, DROP, Action, intake_plan, member_key
from ..intake.write import IntakeRefused, intake_confirm, intake_undo
from ..models import Alliance, MembershipSource, Role, SourceIntake
from ..services import REASON_MAX_LENGTH
from .reasons import reason_from

INTAKE_PERMISSIONS = ("alliances.add_membership", "alliances.change_membership", "alliances.add_sourceintake")


def may_take_in(user, *, new_source=False):
    needed = INTAKE_PERMISSIONS + (("alliances.add_announcement",) if new_source else ())
    return user.has_perms(needed)


def intake_view(model_admin, request, object_id):
    """Step 1, the form; step 2, the preview with a choice for each name; step 3, the confirmation."""
    alliance = get_object_or_404(Alliance, pk=object_id)
    if not may_take_in(request.user):
        raise PermissionDenied
    form = IntakeForm(request.POST or None, initial={"role": alliance.principal_role})
    source = form.fields["announcement"]
    source.widget = AutocompleteSelect(MembershipSource._meta.get_field("announcement"), model_admin.admin_site)
    source.widget.choices = source.choices
    plan = None
    if request.method == "POST" and form.is_valid():
        if form.new_source() is not None and not may_take_in(request.user, new_source=True):
            raise PermissionDenied
        plan = intake_plan(form.intake_request(alliance, choices_from(request.POST)))
        if "confirm" in request.POST and plan.ready:
            try:
                intake = intake_confirm(
                    request=plan.request,
                    reason=form.cleaned_data["change_reason"],
                    user=request.user,
                    new_source=form.new_source(),
                    fingerprint=request.POST.get("fingerprint"),
                )
            except IntakeRefused as refusal:
                model_admin.message_user(request, str(refusal), messages.ERROR)
                plan = intake_plan(plan.request)
            except (IntegrityError, OperationalError) as error:
                if not is_write_conflict(error):
                    raise
                model_admin.message_user(
                    request,
                    _("Nothing was saved: another change made at the same moment conflicts with this one."),
                    messages.ERROR,
                )
                plan = intake_plan(plan.request)
            else:
                _report(model_admin, request, intake)
                return HttpResponseRedirect(reverse("admin:alliances_sourceintake_change", args=[intake.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Add members from a source's list"),
        "opts": Alliance._meta,
        "original": alliance,
        "alliance": alliance,
        "form": form,
        "media": model_admin.media + form.media,
        "plan": plan,
        "rows": [_row_context(row) for row in plan.rows] if plan else [],
        "counts": _counts(plan) if plan else [],
        "shared_quotation": _shared_quotation(plan) if plan else "",
        "role_label": Role(plan.request.role).label if plan else "",
    }
    return TemplateResponse(request, "admin/alliances/intake.html", context)


def _row_context(row):
    options = []
    if row.matched and len(row.matched) == 1:
        options.append(("", _("as matched: %(member)s") % {"member": row.matched[0]}))
    else:
        options.append(("", _("— choose —")))
    for member in row.matched if len(row.matched) > 1 else row.suggestions:
        options.append((member_key(member), _described(member)))
    options += [
        (OTHER, _("another: type its ISO code or slug")),
        (CREATE, _("create an organization of this name")),
        (DROP, _("leave it out")),
    ]
    chosen = row.choice.partition(":")[0] if row.choice.startswith(CREATE) else row.choice
    if chosen and chosen not in {value for value, _label in options}:
        chosen = OTHER
    return {"row": row, "options": options, "chosen": chosen, "other": row.choice.partition(":")[2]}


def _described(member):
    if hasattr(member, "code"):
        return f"{member} ({member.code})"
    return _("%(name)s (organization, %(slug)s)") % {"name": member.name, "slug": member.slug}


def _shared_quotation(plan):
    """The quotation every written row cites, when they all cite one (a one-sentence list): shown once."""
    quotations = {row.name.quotation for row in plan.writes}
    return quotations.pop() if len(quotations) == 1 else ""


def _counts(plan):
    return [(Action.LABELS[action], plan.count(action)) for action in Action.LABELS if plan.count(action)]


def _report(model_admin, request, intake):
    model_admin.message_user(
        request,
        _(
            "Written, with one reason: %(memberships)d new draft memberships, %(citations)d citations of the source. "
            "Undo it here if it was wrong."
        )
        % {"memberships": intake.memberships.count(), "citations": intake.citations.count()},
        messages.SUCCESS,
    )


@admin.register(SourceIntake)
class SourceIntakeAdmin(admin.ModelAdmin):
    """Each confirmed intake: what it wrote, and its undo (one transaction, one reason). Read-only otherwise."""

    list_display = ["__str__", "role", "start", "created_by", "created_at", "written", "undone_at"]
    list_filter = ["alliance"]
    list_select_related = ["alliance", "announcement", "created_by"]
    fields = [
        "alliance",
        "announcement",
        "role",
        "start",
        "completeness",
        "reason",
        "created_by",
        "created_at",
        "what_it_wrote",
        "passage",
        "undone_at",
        "undone_by",
        "undo_reason",
    ]
    readonly_fields = fields
    change_form_template = "admin/alliances/sourceintake/change_form.html"

    def has_add_permission(self, request):
        return False  # added by confirming an intake on an alliance's page

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Nothing on the page is edited: its one change is the undo (its own page, with a reason).
        extra_context = {
            **(extra_context or {}),
            "title": SourceIntake._meta.verbose_name.capitalize(),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=gettext_lazy("written"))
    def written(self, obj):
        return _("%(memberships)d memberships, %(citations)d citations") % {
            "memberships": obj.memberships.count(),
            "citations": obj.citations.count(),
        }

    @admin.display(description=gettext_lazy("what it wrote"))
    def what_it_wrote(self, obj):
        memberships = obj.memberships.select_related("alliance", "country", "organization")
        citations = obj.citations.exclude(membership__in=memberships).select_related(
            "membership__alliance", "membership__country", "membership__organization"
        )
        rows = [(reverse("admin:alliances_membership_change", args=[m.pk]), _("new"), m) for m in memberships]
        rows += [
            (reverse("admin:alliances_membership_change", args=[c.membership_id]), _("source added"), c.membership)
            for c in citations
        ]
        organizations = [
            (reverse("admin:alliances_organization_change", args=[o.pk]), _("new organization"), o)
            for o in obj.organizations.all()
        ]
        if not rows and not organizations:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", '<li>{}: <a href="{}">{}</a></li>', ((k, u, r) for u, k, r in organizations + rows)),
        )

    def get_urls(self):
        from django.urls import path

        return [
            path(
                "<int:object_id>/undo/",
                self.admin_site.admin_view(self.undo_view),
                name="alliances_sourceintake_undo",
            ),
            *super().get_urls(),
        ]

    def undo_view(self, request, object_id):
        intake = get_object_or_404(SourceIntake, pk=object_id)
        if not self.has_change_permission(request, intake) or not may_take_in(request.user):
            raise PermissionDenied
        reason = reason_from(request.POST)
        error = ""
        if request.method == "POST":
            if not reason:
                error = _("Say why it is undone.")
            else:
                try:
                    intake_undo(intake=intake, reason=reason, user=request.user)
                except IntakeRefused as refusal:
                    error = str(refusal)
                else:
                    self.message_user(request, _("Undone: everything it wrote is taken back."), messages.SUCCESS)
                    return HttpResponseRedirect(reverse("admin:alliances_sourceintake_change", args=[intake.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Undo this intake?"),
            "opts": SourceIntake._meta,
            "original": intake,
            "intake": intake,
            "reason": reason,
            "reason_error": error,
            "reason_required": True,
            "reason_max_length": REASON_MAX_LENGTH,
        }
        return TemplateResponse(request, "admin/alliances/sourceintake/undo.html", context)
