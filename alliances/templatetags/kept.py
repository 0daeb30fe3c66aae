"""{% load kept %}: parts of a page kept rendered under the register version (alliances/caching/fragments.py)."""

from django import template

from ..caching.fragments import do_kept

register = template.Library()
register.tag("kept", do_kept)
