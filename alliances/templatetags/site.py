"""Tags the pages use: the same page in the other language, the canonical address, a membership's sources."""

import functools
from html import escape
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, gettext

from ..models import Stance, Status
from ..per_language import active_language, held, per_language
from ..phrases import (
    ROLE,
    end_reason_text,
    period_note,
    reported_size_text,
    role_change_text,
    uncertainty_note,
)
from ..summaries import principal_counted
from ..translation import text_in_language
from .partial_dates import membership_period

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each language of the site: [{code, name, url, switch_url, current}].

    `switch_url` goes there through the language switch, which remembers the choice for the admin.
    """
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = context.get("LANGUAGE_CODE")
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "switch_url": reverse("choose-language", kwargs={"code": code}) + "?" + urlencode({"next": path}),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.simple_tag(takes_context=True)
def absolute_url(context, location=None):
    """The full address of `location` (default: this page, without its query string)."""
    request = context.get("request")
    if request is None:
        return location or ""
    return request.build_absolute_uri(location or request.path)


@register.filter
def external_url(address):
    """`address` if it is an http(s) address, else "": a link to another site never runs script.

    The models' URLFields refuse other schemes; this holds for a value stored some other way
    (a fix in SQL, an old backup), so `javascript:` or `data:` never becomes a link.
    """
    address = (address or "").strip()
    scheme = address.split(":", 1)[0].lower() if ":" in address else ""
    return address if scheme in ("http", "https") else ""


@register.filter
def country_links(countries):
    """Links to the countries' pages, separated by commas.

    An alliance's map and the home page name up to 250 countries an alliance: written here
    rather than by a template loop with three lookups a country.
    """
    with held():
        return mark_safe(", ".join(f'<a href="{escape(c.get_absolute_url())}">{escape(str(c))}</a>' for c in countries))


@register.simple_tag
def source_links(membership, quotes=False):
    """The membership's published citations (`MembershipQuerySet.listed`): "Source: <title> (original); <title>", then a
    line break.

    A disputed membership shows both sides, each source with its quotation: "Supported by: …
    Disputed by: …"; `quotes` shows the quotations of an undisputed one too. Written here rather
    than in a template included once per row: a page of 200 members spent longer including it
    than writing its rows (docs/performance.md, "What we found", 7). Every text is escaped as
    the template escaped it (html.escape, which Django's escape calls).
    """
    citations = membership.published_citations
    if not citations:
        return "\n"
    words = _source_words()
    disputing = [citation for citation in citations if citation.stance == Stance.DISPUTES]
    if not disputing:
        links = "; ".join(_citation_link(citation, words, quotes, membership) for citation in citations)
        return mark_safe(f'<span class="sources">{words["source"]} {links}</span>\n')
    supporting = [citation for citation in citations if citation.stance != Stance.DISPUTES]
    sides = [(words["supported"], supporting), (words["disputed"], disputing)]
    text = " ".join(
        f'<span class="side">{label} {"; ".join(_citation_link(c, words, True, membership) for c in side)}</span>'
        for label, side in sides
        if side
    )
    return mark_safe(f'<span class="sources sources-disputed">{text}</span>\n')


def _citation_link(citation, words, quotes, membership):
    link = _announcement_link(citation.announcement)
    if quotes and citation.quotation:
        link += f': <q lang="{escape(citation.announcement.language)}">{escape(citation.quotation)}</q>'
    if citation.group:
        link += f", {_group_words(citation, membership)}"
    return link


def _announcement_link(announcement):
    title = conditional_escape(in_language(announcement, "title"))
    link = f'<a href="{escape(announcement.get_absolute_url())}">{title}</a>'
    addresses = original_links(announcement)
    return f"{link} ({addresses})" if addresses else link


def _group_words(citation, membership):
    """ "adherent as one of the OECD’s 36 member countries, its members listed by <source>: “…”": a member
    the source names only as one of a group, with the source that lists the group (while it is published)."""
    values = {"role": escape(membership.get_role_display()), "group": escape(citation.group)}
    listing = citation.group_source
    if listing is None or listing.status != Status.PUBLISHED:
        return f'<span class="group">{escape(gettext("%(role)s as one of %(group)s")) % values}</span>'
    values["source"] = _announcement_link(listing)
    quotation = f'<q lang="{escape(listing.language)}">{escape(citation.group_quotation)}</q>'
    words = escape(gettext("%(role)s as one of %(group)s, its members listed by %(source)s")) % values
    return f'<span class="group">{words}: {quotation}</span>'


@register.simple_tag
def founding_dispute(claims):
    """ "Sources disagree on when it was founded: May 2024, per <source>: “…”; November 2024, per …", where the
    (published) founding claims give more than one date; "" where they agree or there are none."""
    if len({claim.founded for claim in claims}) < 2:
        return ""
    items = "".join(
        f"<li>{escape(claim.founded_display)}, {escape(gettext('per'))} {_announcement_link(claim.source)}: "
        f'<q lang="{escape(claim.source.language)}">{escape(claim.quotation)}</q></li>'
        for claim in claims
    )
    heading = escape(gettext("Sources disagree on when it was founded:"))
    return mark_safe(f'<div class="founding-disputed"><p>{heading}</p><ul>{items}</ul></div>')


@register.simple_tag
def original_links(announcement):
    """A source's own address and its archived copy: "original", "original (broken), archived copy", ""."""
    words = _source_words()
    parts = []
    address = external_url(announcement.source_url)
    if address:
        if announcement.link_broken:
            answer = escape(announcement.link_answer)
            parts.append(
                f'<a href="{escape(address)}" rel="external noopener" class="broken-link">{words["original"]}</a>'
                f' <span class="mark mark-broken">{words["broken"]} ({answer})</span>'
            )
        else:
            parts.append(f'<a href="{escape(address)}" rel="external noopener">{words["original"]}</a>')
    archived = external_url(announcement.archive_url)
    if archived:
        parts.append(f'<a href="{escape(archived)}" rel="external noopener">{words["archived"]}</a>')
    return mark_safe(", ".join(parts))


@per_language()
def _source_words():
    return {
        "source": escape(gettext("Source:")),
        "original": escape(gettext("original")),
        "broken": escape(gettext("address broken")),
        "archived": escape(gettext("archived copy")),
        "supported": escape(gettext("Supported by:")),
        "disputed": escape(gettext("Disputed by:")),
    }


@register.simple_tag
def membership_marks(membership, period=None):
    """The marks a row carries, in words: "possibly: its invitation ended in December 2023", "disputed".

    `period` ("start" or "end") marks a row of a period's changes whose date only possibly falls in it.
    """
    marks = []
    if period:
        note = period_note(membership, "end" if period == "end" else "start", ROLE if period == "role" else None)
    else:
        note = uncertainty_note(membership)
    if note:
        marks.append(f'<span class="mark mark-possible">{escape(note)}</span>')
    if getattr(membership, "disputed", False):
        marks.append(f'<strong class="mark mark-disputed">{escape(gettext("disputed"))}</strong>')
    return mark_safe(" ".join(marks))


@register.simple_tag
def member_rows(countries, show_member_column):
    """The rows of a group's table on an alliance's page: a row a membership, its country's cell over its rows.

    `countries` is [(country or None, [memberships])] (views.alliances.member_groups). Written here
    rather than by a template loop: 200 rows with a dozen lookups and four tags each were most of
    the time of the page's members part after a write (docs/performance.md, "The render after a
    write"). The same text as the template wrote, every value escaped as it escaped it.
    """
    with held():
        return _member_rows(countries, show_member_column)


def _member_rows(countries, show_member_column):
    words = _row_words()
    html = []
    for country, rows in countries:
        for index, m in enumerate(rows):
            uncertain = ' class="uncertain"' if m.certainty == "possible" or m.disputed else ""
            html.append(f'\n      <tr id="membership-{escape(str(m.uid))}"{uncertain}>\n        ')
            if index == 0:
                if country:
                    heading = f'<a href="{escape(country.get_absolute_url())}">{conditional_escape(country)}</a>'
                else:
                    heading = conditional_escape(no_country_words(rows))
                html.append(f'<th scope="rowgroup" rowspan="{localize(len(rows))}">{heading}</th>')
            html.append("\n        ")
            if show_member_column:
                if m.country_id:
                    html.append(f'<td><span class="meta">{words["itself"]}</span></td>')
                else:
                    member = m.member
                    link = escape(member.get_absolute_url())
                    html.append(f'<td><a href="{link}">{conditional_escape(in_language(member))}</a></td>')
            sources = conditional_escape(source_links(m))
            period = f"{conditional_escape(membership_period(m))} {membership_marks(m)} {sources}"
            html.append(
                f"\n        <td>{conditional_escape(m.get_role_display())}</td>\n        <td>{period}"
                f' <a class="permalink" href="{escape(m.place_url())}" title="{words["permanent"]}">'
                f'<span aria-hidden="true">#</span><span class="visually-hidden">{words["permanent"]}</span></a></td>'
                "\n      </tr>\n    "
            )
    return mark_safe("".join(html))


@per_language()
def _row_words():
    return {
        "itself": escape(gettext("the country itself")),
        "permanent": escape(gettext("This membership’s permanent address")),
    }


@register.filter
def no_country_words(memberships):
    """What the rows of members with no country are: "International", "Country not recorded", or both in words."""
    unknown = [bool(m.organization_id and m.organization.country_unknown) for m in memberships]
    if all(unknown):
        return gettext("Country not recorded")
    return gettext("International, or country not recorded") if any(unknown) else gettext("International")


@register.filter
def role_change(membership):
    """ "partner → member" (the membership carries `previous_role`)."""
    return role_change_text(membership)


@register.filter
def reported_size(size, alliance=None):
    """ "15 members in 13 countries as of 16 December 2024"; "47 adherents by 9 May 2024" for a body (`alliance`)
    counted by another role."""
    return reported_size_text(size, principal_counted(alliance.principal_role) if alliance else None)


@register.filter
def end_reason(membership):
    """ "declined the invitation", "continued in a new role"."""
    return end_reason_text(membership)


@register.filter
def in_language(record, field="name"):
    """A record's text in the page's language; where it has none, the English text marked `lang="en"`.

    For text inside an element (a link, a heading); an attribute or the page's <title> takes the
    plain `record.name`, which falls back the same way without markup.
    """
    text, language = text_in_language(record, field)
    if language == active_language():
        return text
    return format_html('<span lang="{}">{}</span>', language, text)


@register.filter
def lang_attribute(record, field):
    """` lang="en"` for an element that holds the English text of a record that has none in the page's language."""
    _text, language = text_in_language(record, field)
    return "" if language == active_language() else format_html(' lang="{}"', language)


@register.simple_tag
def lane_bars(lane, top, lanes_id):
    """The <g> of each bar of a time lane (includes/time_lanes.html), at `top` in the drawing.

    Written here rather than by the template: 300 bars through a template loop with its dozen
    lookups each took longer than the rest of a country's page. Numbers are written as the
    template wrote them with localization off (`str`).
    """
    name = escape(lanes_id)
    below_label = top + lane.label_extra_height
    bar_y, arrow_y = below_label + 18, below_label + 29

    def stretch(x, width, fill, kind):
        return f'<rect x="{x}%" y="{bar_y}" width="{width}%" height="12" fill="url(#{name}-{fill})" class="{kind}"/>'

    html = []
    for bar in lane.bars:
        stripes = f' fill="url(#{name}-stripes)"' if bar.style == "other" else ""
        html.append(
            f'<g class="bar bar-{escape(bar.style)}{" bar-disputed" if bar.disputed else ""}">\n        '
            + (stretch(bar.fade_from, bar.fade_width, "fade", "fade") if bar.fade_from is not None else "")
            + "\n        "
            + (stretch(*bar.hatch_start, "hatch", "uncertain") if bar.hatch_start else "")
            + f'\n        <rect x="{bar.start}%" y="{bar_y}" width="{bar.width}%" height="12" class="solid"{stripes}/>'
            + "\n        "
            + (stretch(*bar.hatch_end, "hatch", "uncertain") if bar.hatch_end else "")
            + "\n        "
            + (f'<text x="{bar.end}%" y="{arrow_y}" class="arrow">▶</text>' if bar.ongoing else "")
            + "\n      </g>"
        )
    return mark_safe("".join(html))


# Words at least this long get soft hyphens: a narrow column's header breaks them with a hyphen, never mid-letter.
HYPHENATED_FROM = 12


@register.filter
def in_language_hyphenated(record, field="name"):
    """`in_language`, with soft hyphens in the long words by their language's rules (pyphen's dictionaries)."""
    text, language = text_in_language(record, field)
    text = hyphenated(text, language)
    if language == get_language():
        return text
    return format_html('<span lang="{}">{}</span>', language, text)


@register.filter
def hyphenated(text, language=None):
    """`text` (plain, escaped on output) with soft hyphens in its long words, by `language`'s rules (the page's)."""
    words = _hyphenator(language or get_language() or settings.LANGUAGE_CODE)
    return " ".join(
        words.inserted(word, hyphen="\N{SOFT HYPHEN}") if len(word) >= HYPHENATED_FROM else word
        for word in str(text).split(" ")
    )


@functools.cache
def _hyphenator(language):
    import pyphen

    return pyphen.Pyphen(lang=language.split("-")[0], left=3, right=3)
