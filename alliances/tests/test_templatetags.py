"""The site's template tags (alliances/templatetags/site.py)."""

import pytest
from django.template import engines
from django.utils import translation

from alliances.models import Country, Membership, MembershipSource, Stance, Status

from .factories import AnnouncementFactory, MembershipFactory

pytestmark = pytest.mark.django_db

# What includes/source_links.html wrote, once per row, before the tag replaced it.
OLD_INCLUDE = (
    '{% load i18n site %}{% for source in m.sources.all %}{% if forloop.first %}<span class="sources">'
    '{% translate "Source:" %} {% endif %}<a href="{{ source.get_absolute_url }}">{{ source|in_language:"title" }}</a>'
    '{% with source_url=source.source_url|external_url %}{% if source_url %} (<a href="{{ source_url }}" '
    'rel="external noopener">{% translate "original" %}</a>){% endif %}{% endwith %}{% if not forloop.last %}; '
    "{% else %}</span>{% endif %}{% endfor %}\n"
)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_source_links_write_what_the_included_template_wrote(language):
    with_two = MembershipFactory(
        sources=[
            AnnouncementFactory(title="Launch <b>& more</b>", source_url="https://example.org/a?b=1&c=2"),
            AnnouncementFactory(title="Second", source_url="javascript:alert(1)"),
            AnnouncementFactory(title="Hidden draft", status=Status.DRAFT),
        ]
    )
    with_none = MembershipFactory(sources=[])
    engine = engines["django"]
    old, new = engine.from_string(OLD_INCLUDE), engine.from_string("{% load site %}{% source_links m %}")
    chosen = Membership.objects.filter(pk__in=[with_two.pk, with_none.pk]).order_by("pk")
    with translation.override(language):
        for before, now in zip(chosen.with_related(), chosen.listed(), strict=True):
            assert new.render({"m": now}) == old.render({"m": before})
    text = new.render({"m": chosen.listed().get(pk=with_two.pk)})
    assert "Launch &lt;b&gt;&amp; more&lt;/b&gt;" in text and "b=1&amp;c=2" in text
    assert "javascript" not in text and "Hidden draft" not in text


@pytest.mark.parametrize("language", ["en", "ru"])
def test_country_links_write_what_the_template_loop_wrote(language):
    countries = [Country(code="BR"), Country(code="CI"), Country(code="XK", name="Kosovo <disputed>")]
    loop = (
        '{% for country in countries %}<a href="{{ country.get_absolute_url }}">{{ country }}</a>'
        "{% if not forloop.last %}, {% endif %}{% endfor %}"
    )
    engine = engines["django"]
    with translation.override(language):
        for some in (countries, countries[:1], []):
            context = {"countries": some}
            assert engine.from_string("{% load site %}{{ countries|country_links }}").render(context) == (
                engine.from_string(loop).render(context)
            )


def test_source_links_of_a_disputed_membership_show_both_sides_with_their_quotations():
    claim = AnnouncementFactory(title="Chair's statement", source_url="https://example.org/chair")
    denial = AnnouncementFactory(title="Minister's answer", language="ar")
    membership = MembershipFactory(sources=[])
    MembershipSource.objects.create(membership=membership, announcement=claim, quotation="It is a member.")
    MembershipSource.objects.create(
        membership=membership, announcement=denial, stance=Stance.DISPUTES, quotation="We are <still> considering."
    )
    row = Membership.objects.listed().get(pk=membership.pk)
    text = (
        engines["django"].from_string("{% load site %}{% source_links m %} {% membership_marks m %}").render({"m": row})
    )
    assert '<span class="side">Supported by: <a href="/announcements/' in text
    assert (
        '(<a href="https://example.org/chair" rel="external noopener">original</a>): <q lang="en">It is a member.</q>'
        in text
    )
    assert 'Disputed by: <a href="/announcements/' in text
    assert '<q lang="ar">We are &lt;still&gt; considering.</q>' in text
    assert '<strong class="mark mark-disputed">disputed</strong>' in text
