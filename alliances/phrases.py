"""What the pages and feeds say of a membership in words: why it is only possibly so, and how its events read.

The conditions are the QuerySet's (`with_certainty_on` says which date leaves a row uncertain,
`started_between`/`ended_between` whether a date lies wholly in a period); this module only
puts them into words, with each date at its precision and bound ("in December 2023",
"by 11 December 2024"): the page says which date is uncertain and what it is.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .dates import DateCase, is_one_date, span_words
from .models import Certainty, EndReason, Role

JOIN, INVITATION, ROLE = "join", "invitation", "role"

# What a date of a membership says, by which date it is and what kind of participation:
# (the words under a bound or an interval, "by …", "between …", the words under one date, "in …").
DATE_PHRASES = {
    ("start", JOIN): (gettext_lazy("it joined %(date)s"), gettext_lazy("it joined in %(date)s")),
    ("start", INVITATION): (gettext_lazy("it was invited %(date)s"), gettext_lazy("it was invited in %(date)s")),
    ("start", ROLE): (gettext_lazy("it became %(role)s %(date)s"), gettext_lazy("it became %(role)s in %(date)s")),
    ("end", JOIN): (
        gettext_lazy("its membership ended %(date)s"),
        gettext_lazy("its membership ended in %(date)s"),
    ),
    ("end", INVITATION): (
        gettext_lazy("its invitation ended %(date)s"),
        gettext_lazy("its invitation ended in %(date)s"),
    ),
    ("end", ROLE): (
        gettext_lazy("its role as %(role)s ended %(date)s"),
        gettext_lazy("its role as %(role)s ended in %(date)s"),
    ),
}


def _kind(membership):
    if membership.role in Role.full_member_roles():
        return JOIN
    return INVITATION if membership.role == Role.INVITED else ROLE


def date_phrase(membership, prefix, kind=None):
    """ "it joined in 2024", "it was invited by 11 December 2024", "its invitation ended in December 2023".

    `prefix` is "start" or "end"; `kind` (JOIN, INVITATION, ROLE) defaults to what the role is.
    """
    by_words, in_words = DATE_PHRASES[prefix, kind or _kind(membership)]
    text = getattr(membership, prefix)
    if not is_one_date(text):
        return str(by_words) % {"date": span_words(text), "role": membership.get_role_display()}
    return str(in_words) % {"date": span_words(text, DateCase.LOCATIVE), "role": membership.get_role_display()}


def uncertainty_note(membership):
    """Why a row of a list of a day is only possibly in force ("possibly: its invitation ended in December 2023").

    "" for a certain row. The row carries `with_certainty_on`'s annotations.
    """
    if getattr(membership, "certainty", None) != Certainty.POSSIBLE:
        return ""
    reasons = []
    if membership.start_uncertain:
        reasons.append(date_phrase(membership, "start"))
    if membership.end_uncertain and membership.end:
        reasons.append(date_phrase(membership, "end"))
    return _("possibly: %(reasons)s") % {"reasons": _(" and ").join(reasons)}


def period_note(membership, prefix="start", kind=None):
    """Why a row of a period's changes only possibly falls in the period ("possibly in this period: it joined in 2024").

    "" when its date lies wholly in the period. The row carries `period_certainty`.
    """
    if getattr(membership, "period_certainty", None) != Certainty.POSSIBLE:
        return ""
    return _("possibly in this period: %(reason)s") % {"reason": date_phrase(membership, prefix, kind)}


def role_change_text(membership):
    """ "partner → member": the role a membership continues and its new one."""
    before = Role(membership.previous_role).label if membership.previous_role else "?"
    return f"{before} → {membership.get_role_display()}"


def event_sentence(kind, membership):
    """What a member did, after its name, as (words with "%(alliance)s" left in them, the other values).

    "joined %(alliance)s as %(role)s", "declined the invitation to %(alliance)s": the page puts in the
    alliance's name in its language (marked when it is the English one), a plain text its name.
    """
    values = {"role": membership.get_role_display(), "change": "", "reason": end_reason_text(membership)}
    reason = " (%(reason)s)" if values["reason"] else ""
    if kind == "join":
        if getattr(membership, "previous_role", None) == Role.INVITED:
            return _("joined %(alliance)s as %(role)s, accepting the invitation"), values
        return _("joined %(alliance)s as %(role)s"), values
    if kind == "invitation":
        return _("was invited to %(alliance)s"), values
    if kind == "role_change":
        values["change"] = role_change_text(membership)
        return _("changed role in %(alliance)s: %(change)s"), values
    if kind == "role_began":
        return _("took the role of %(role)s in %(alliance)s"), values
    if kind == "role_ended":
        return _("was no longer %(role)s in %(alliance)s") + reason, values
    if kind == "invitation_ended":
        if membership.end_reason == EndReason.DECLINED:
            return _("declined the invitation to %(alliance)s"), values
        if membership.end_reason == EndReason.INVITATION_WITHDRAWN:
            return _("was no longer invited to %(alliance)s: the invitation was withdrawn"), values
        return _("was no longer invited to %(alliance)s") + reason, values
    return _("left %(alliance)s") + reason, values


def end_reason_text(membership):
    """How the membership ended, in a reader's words ("declined the invitation", "continued in a new role"); ""."""
    if membership.end_reason == EndReason.ROLE_CHANGED:
        return _("continued in a new role")
    return membership.get_end_reason_display() if membership.end_reason else ""


def reported_size_text(size, counted=None):
    """ "15 members in 13 countries as of 16 December 2024", "47 adherents by 9 May 2024": `counted` is the noun
    of the body's principal role (ReportedSize.size_text)."""
    if not is_one_date(size.as_of):
        return _("%(size)s %(date)s") % {"size": size.size_text(counted), "date": size.as_of_display}
    return _("%(size)s as of %(date)s") % {
        "size": size.size_text(counted),
        "date": span_words(size.as_of, DateCase.ACCUSATIVE),
    }
