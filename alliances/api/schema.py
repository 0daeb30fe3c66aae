"""What the OpenAPI schema says beyond the views' own declarations: shapes only the schema needs, the error
answers, the API's version and its examples.

`error_responses` (a drf-spectacular postprocessing hook, SPECTACULAR_SETTINGS) documents on every
operation the errors it can answer, each with the one error shape of exceptions.py; `the_apis_own` gives
the document the API's version (the root's) and examples taken from the register, where the tools would
show "string" and a made-up identifier.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..dates import DatePrecision
from ..models import Certainty, Role
from .dates import LegacyBound
from .exceptions import ERROR_SCHEMA
from .serializers import AllianceRefSerializer, MembershipSerializer

# Shapes


class ChangeSerializer(serializers.Serializer):
    certainty = serializers.ChoiceField(
        choices=Certainty.choices,
        help_text=_(
            '"certain" when the whole of the date lies within the period; "possible" when only part of it does.'
        ),
    )
    date_edtf = serializers.CharField(
        help_text=_("The membership's start (or, for an ending, its end) as written, in EDTF: 2024-12, ../2024-12-11.")
    )
    date_earliest = serializers.DateField(
        allow_null=True, help_text=_("The earliest day that date can be; null where nothing bounds it from below.")
    )
    date_latest = serializers.DateField(help_text=_("The latest day that date can be."))
    date = serializers.DateField(
        help_text=_("As before EDTF: the first day of the date (of its upper end when date_bound is by).")
    )
    date_precision = serializers.ChoiceField(choices=DatePrecision.choices)
    date_bound = serializers.ChoiceField(choices=LegacyBound.choices, help_text=_('"by": on or before the date.'))
    previous_role = serializers.ChoiceField(
        choices=Role.choices, required=False, help_text=_("Role changes only: the role before the change.")
    )
    membership = MembershipSerializer()


class ChangeListSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=_("Changes of this kind in the period, on every page."))
    certain = serializers.IntegerField(help_text=_("Of them, certainly in the period and undisputed."))
    possible = serializers.IntegerField(help_text=_("Of them, possibly in the period and undisputed."))
    disputed = serializers.IntegerField(help_text=_("Of them, disputed by a published source."))
    results = ChangeSerializer(many=True)


class AllianceChangesSerializer(serializers.Serializer):
    alliance = AllianceRefSerializer()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    joined = ChangeListSerializer(help_text=_("Became a member (an accepted invitation is a join)."))
    left = ChangeListSerializer(help_text=_("Members that ceased to be members (not in a new role)."))
    invited = ChangeListSerializer(help_text=_("Invitations made."))
    invitations_ended = ChangeListSerializer(
        help_text=_("Invitations that ended without membership: end_reason says declined or withdrawn.")
    )
    role_changes = ChangeListSerializer(help_text=_("A new role for a participant (partner → member is one change)."))
    other_roles_began = ChangeListSerializer(help_text=_("Observers, partners, signatories... begun."))
    other_roles_ended = ChangeListSerializer(help_text=_("Such roles ended, not in a new role."))

    def get_fields(self):
        # "from" is a Python keyword: the two days are added here.
        fields = super().get_fields()
        days = {
            "from": serializers.DateField(help_text=_("The period's first day.")),
            "to": serializers.DateField(help_text=_("The period's last day.")),
        }
        return {"alliance": fields.pop("alliance"), **days, **fields}


# Error answers

ERROR_COMPONENT = "Error"
WRITE_METHODS = ("post", "put", "patch", "delete")
ERROR_DESCRIPTIONS = {
    "400": "Bad input: each query parameter or field at fault names its messages.",
    "401": "The token given is not valid (writes need one: `Authorization: Token <key>`).",
    "403": "The token's account may not make this change.",
    "404": "No such record, or no such page of the list.",
    "409": "Nothing was saved: other records still refer to this one, or a change made at the same moment conflicts.",
    "412": "Nothing was saved: the record changed since the read whose ETag If-Match gives (ETag: the tag now).",
    "429": "Too many requests from this address: wait the seconds Retry-After gives.",
}


def _error_codes(method, operation):
    """The error answers an operation can give: every one a bad token (401) or a busy address (429); ..."""
    codes = {"401", "429"}
    parameters = operation.get("parameters", [])
    if parameters or "requestBody" in operation:
        codes.add("400")
    if any(p["in"] == "path" or p["name"] == "page" for p in parameters):
        codes.add("404")
    if method in WRITE_METHODS:
        codes |= {"400", "403", "409"}
    if any(p["in"] == "header" and p["name"] == "If-Match" for p in parameters):
        codes.add("412")
    return codes


def error_responses(result, generator, request, public):
    """Add each operation's error answers, with the error shape of exceptions.py, to the schema."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}}}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for code in sorted(_error_codes(method, operation)):
                answer = {"description": ERROR_DESCRIPTIONS[code], "content": content}
                if code == "429":
                    answer["headers"] = {
                        "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}
                    }
                responses.setdefault(code, answer)
    return result


# The API's own examples: each parameter and property by its name, values of the shipped register.
EXAMPLES = {
    "slug": "brics",
    "code": "RU",
    "id": "17",
    "alliance": "brics",
    "country": "ru",
    "organization": "russian-ai-alliance",  # the secretariat of the AI Alliance Network
    "membership": "0b5e8a7c-1f2d-4e3a-9c8b-7d6e5f4a3b2c",
    "uid": "0b5e8a7c-1f2d-4e3a-9c8b-7d6e5f4a3b2c",
    "as_of": "2024-12-11",
    "from": "2023",
    "to": "2024-12",
    "started_after": "2024",
    "started_before": "2024-12-31",
    "date_after": "2024-12",
    "date_before": "2025",
    "updated_since": "2025-01-01T00:00:00Z",
    "since": "2025.01.01.000000",
    "q": "AI Journey",
    "name": "BRICS",
    "title": "Russia collaborates with BRICS to establish an AI alliance, according to Putin",
    "url": "https://defencetalks.com/?p=4462",
    "date": "2024-12-11",
    "start_date": "2024-12-11",
    "founded_date": "2009-06-16",
    "wikidata": "Q159",
    "quotation": "On Wednesday, the bank announced that national AI associations from BRICS countries, including "
    "Brazil, China, India, and South Africa, as well as from Serbia, Indonesia, and other non-BRICS nations, have "
    "joined the AI Alliance Network.",
    "updated_at": "2026-01-02T10:00:00Z",
}


def the_apis_own(result, generator, request, public):
    """The API's version (the root's), and its own examples for parameters and properties (EXAMPLES)."""
    from .index import API_VERSION

    result.setdefault("info", {})["version"] = API_VERSION
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] in EXAMPLES and "example" not in parameter:
                    parameter["example"] = EXAMPLES[parameter["name"]]
    for component in result.get("components", {}).get("schemas", {}).values():
        for name, prop in component.get("properties", {}).items():
            if name in EXAMPLES and "example" not in prop and prop.get("type") == "string":
                prop["example"] = EXAMPLES[name]
    return result
