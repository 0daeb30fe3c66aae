"""Adding members from a source's list through the API: the admin's rules (alliances/intake/), in JSON.

POST /api/v1/alliances/<slug>/intake/ with the passage, the role, the start and the source answers the
preview; with `"confirm": true` it writes, when every name is settled, and answers 201 with the intake.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ..intake.forms import IntakeForm, choice_read
from ..intake.plan import intake_plan
from ..intake.write import IntakeRefused, intake_confirm
from ..models import Alliance, Announcement, Country

EXAMPLE = {
    "source": None,
    "new_source": {
        "title": "UK, US, EU and China sign declaration on AI risks",
        "url": "https://news.example.org/2023/11/01/bletchley",
        "publisher": "Example News Agency",
        "date": "2023-11-01",
        "kind": "news_article",
        "language": "en",
    },
    "passage": "Australia, Brazil, Canada, ... the UAE, Great Britain, and the US signed the document.",
    "role": "signatory",
    "start": "2023-11-01",
    "completeness": "complete",
    "choices": {"Korea": "country:KR", "5": "drop"},
    "change_reason": "Bletchley Declaration's signatories",
    "confirm": False,
}


class AllianceIntakeView(APIView):
    """Preview, then write, the members a source's list names: each name matched to a country or an
    organization, and what confirming would do (a new draft membership citing the source, the source added
    to an existing membership, or a conflict in a sentence). `choices` settles names by their row number or
    their text: "country:KR", "organization:<slug>", "drop", "create" or "create:<ISO code>"."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT, 201: OpenApiTypes.OBJECT},
        examples=[OpenApiExample("The Bletchley Declaration's list", value=EXAMPLE, request_only=True)],
    )
    def post(self, request, slug):
        alliance = get_object_or_404(Alliance, slug=slug)
        data = request.data if isinstance(request.data, dict) else {}
        new_source = data.get("new_source") if isinstance(data.get("new_source"), dict) else {}
        source = data.get("source")
        form = IntakeForm(
            {
                "announcement": _announcement_pk(source),
                "title": new_source.get("title", ""),
                "source_url": new_source.get("url", ""),
                "publisher": new_source.get("publisher", ""),
                "date": new_source.get("date", ""),
                "kind": new_source.get("kind", ""),
                "language": new_source.get("language", ""),
                "passage": data.get("passage", ""),
                "role": data.get("role") or alliance.principal_role,
                "start": data.get("start", ""),
                "completeness": data.get("completeness", ""),
                "change_reason": data.get("change_reason", ""),
            }
        )
        if not form.is_valid():
            raise ValidationError({_API_NAMES.get(name, name): errors for name, errors in form.errors.items()})
        needed = ["alliances.add_membership", "alliances.change_membership", "alliances.add_sourceintake"]
        if form.new_source() is not None:
            needed.append("alliances.add_announcement")
        if not request.user.has_perms(needed):
            raise PermissionDenied()
        plan = intake_plan(form.intake_request(alliance))
        choices = _choices(data.get("choices"), plan)
        if choices:
            plan = intake_plan(form.intake_request(alliance, choices))
        if data.get("confirm") is not True:
            return Response(plan_json(plan))
        if not plan.ready:
            raise ValidationError({"choices": [_unsettled(plan)]})
        try:
            intake = intake_confirm(
                request=plan.request,
                reason=form.cleaned_data["change_reason"],
                user=request.user,
                new_source=form.new_source(),
                fingerprint=data.get("fingerprint") or None,
            )
        except IntakeRefused as refusal:
            raise ValidationError({"detail": str(refusal)}) from None
        return Response(
            {
                "intake": intake.pk,
                "source": intake.announcement.slug,
                "memberships": sorted(intake.memberships.values_list("pk", flat=True)),
                "citations": intake.citations.count(),
                "member_list_complete": intake.alliance.members_list_complete,
            },
            status=status.HTTP_201_CREATED,
        )


_API_NAMES = {"announcement": "source", "title": "new_source", "date": "new_source", "source_url": "new_source"}


def _announcement_pk(source):
    if not source:
        return ""
    found = Announcement.objects.filter(slug=str(source)).values_list("pk", flat=True).first()
    if found is None:
        raise ValidationError({"source": [_("No announcement with slug '%(slug)s'.") % {"slug": source}]})
    return found


def _choices(given, plan):
    """{row index: choice} from `choices` keyed by row number or by the name's text."""
    if given in (None, ""):
        return {}
    if not isinstance(given, dict):
        raise ValidationError({"choices": [_("An object: {row number or name: choice}.")]})
    by_text = {row.name.text: row.index for row in plan.rows}
    choices = {}
    for key, value in given.items():
        index = int(key) if str(key).isdigit() else by_text.get(str(key))
        if index is None:
            raise ValidationError({"choices": [_("No name '%(name)s' in the passage.") % {"name": key}]})
        choice = value if str(value).startswith(("country:", "organization:", "create")) else choice_read(value)
        if not choice:
            raise ValidationError(
                {"choices": [f"'{value}': write country:<ISO code>, organization:<slug>, drop or create."]}
            )
        choices[index] = choice
    return choices


def _unsettled(plan):
    names = ", ".join(f"{row.index}: {row.name.text}" for row in plan.rows if row.action == "unresolved")
    return _("Settle these names first (pick, create or drop): %(names)s.") % {"names": names}


def _member_json(member):
    if member is None:
        return None
    if isinstance(member, Country):
        return {"type": "country", "code": member.code, "name": str(member)}
    return {"type": "organization", "slug": member.slug or None, "name": member.name}


def plan_json(plan):
    """The preview as JSON: every row, what it matched, what confirming would do."""
    return {
        "ready": plan.ready,
        "fingerprint": plan.fingerprint,
        "completes_list": plan.completes_list,
        "counts": {action: plan.count(action) for action in {row.action for row in plan.rows}},
        "rows": [
            {
                "index": row.index,
                "name": row.name.text,
                "left_out": row.name.left_out,
                "quotation": row.name.quotation,
                "matched": [_member_json(member) for member in row.matched],
                "suggestions": [_member_json(member) for member in row.suggestions],
                "member": _member_json(row.member),
                "action": row.action,
                "sentence": row.sentence,
                "membership": row.membership.pk if row.membership else None,
            }
            for row in plan.rows
        ],
    }
