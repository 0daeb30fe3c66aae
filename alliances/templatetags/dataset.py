"""Tags of the register as a dataset: "Cite this" (alliances/dataset/citation.py) and a record's Wikidata link."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from ..dataset.citation import citation

register = template.Library()


@register.inclusion_tag("includes/cite.html", takes_context=True)
def cite_this(context, title, path, **record):
    """How to cite this page: `title` read at `path` (its permanent address); `record` names it for the API's
    /api/v1/cite/ (alliance="brics")."""
    request = context["request"]
    return {
        "cite": citation(title=str(title), address=request.build_absolute_uri(path)),
        "api": reverse("api:cite") + (f"?{urlencode(record)}" if record else ""),
    }


@register.inclusion_tag("includes/wikidata.html")
def wikidata_link(record):
    return {"item": getattr(record, "wikidata", "")}
