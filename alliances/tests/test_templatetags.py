"""The site's template tags (alliances/templatetags/site.py)."""

import pytest
from django.template import engines
from django.utils import translation

from alliances.models import Country, Membership, Status

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
    rows = Membership.objects.filter(pk__in=[with_two.pk, with_none.pk]).with_related()
    with translation.override(language):
        for membership in rows:
            assert new.render({"m": membership}) == old.render({"m": membership})
    text = new.render({"m": rows.get(pk=with_two.pk)})
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
