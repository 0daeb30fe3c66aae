"""{% load timelines %}: the events of a timeline (includes/timeline.html), each written as its list item."""

from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from ..dates import span_html
from ..per_language import held
from ..phrases import event_sentence
from .site import in_language, membership_marks, source_links

register = template.Library()


@register.simple_tag
def timeline_event(event, show_alliance=False):
    """An event as its list item: its date and kind, then the announcement (`show_alliance`: with the bodies it
    concerns) or what the member did, with the membership's marks and sources.

    Written here rather than by a template included once per event, which took most of a page of thirty
    events' time to write (docs/performance.md, "The render after a write"). The same text as that
    template wrote, every value escaped as it escaped it.
    """
    with held():
        kind = conditional_escape(str(event.kind_display))
        head = f'<li class="event event-{escape(event.kind)}">\n  <p class="event-head">{span_html(event.date)} '
        head += f'<span class="tag">{kind}</span></p>\n  '
        if event.announcement:
            return mark_safe(f"{head}\n  <p>{_announcement(event.announcement, show_alliance)}</p>\n  \n</li>\n")
        m = event.membership
        member = m.member
        country = f" ({escape(str(m.organization.country))})" if m.organization_id and m.organization.country else ""
        who = f'<a href="{escape(member.get_absolute_url())}">{conditional_escape(in_language(member))}</a>{country}'
        did = f"{event_text(event)} {membership_marks(m)}"
        return mark_safe(f"{head}\n  <p>{who} {did}</p>\n  <p>{source_links(m)}</p>\n  \n</li>\n")


def _announcement(announcement, show_alliance):
    title = conditional_escape(in_language(announcement, "title"))
    link = f'<a href="{escape(announcement.get_absolute_url())}">{title}</a>'
    if announcement.publisher:
        link += f" — {escape(announcement.publisher)}"
    if show_alliance:
        bodies = ", ".join(
            f'<a href="{escape(alliance.get_absolute_url())}">{conditional_escape(in_language(alliance))}</a>'
            for alliance in announcement.alliances.all()
        )
        link += f" · {bodies}" if bodies else ""
    return link


def event_text(event):
    """What the member of a timeline event did, the alliance's name in the page's language: "joined BRICS as member"."""
    words, values = event_sentence(event.kind, event.membership)
    values = {name: escape(value) for name, value in values.items()}
    return mark_safe(escape(words) % {**values, "alliance": conditional_escape(in_language(event.membership.alliance))})
