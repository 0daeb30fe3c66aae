"""Parts of a page kept rendered under the versions of their answer: `{% kept "name" part ... %}...{% endkept %}`.
A part depends only on the register, the language and the parts its tag names (links built from the query string
stay outside it); what it shows comes from lazy values in the view, so a part read back runs no query."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .kept import kept


class KeptNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist, self.parts = nodelist, parts

    def render(self, context):
        parts = [part.resolve(context) for part in self.parts]
        return mark_safe(kept(("fragment", get_language(), *parts), lambda: self.nodelist.render(context)))


def do_kept(parser, token):
    """{% kept "members" alliance.pk day page %} ... {% endkept %}: the block, kept per version, language and parts."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a name and the parts its contents depend on.")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])
