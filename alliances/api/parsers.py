"""The JSON of a write, read strictly: what the register could not store is refused here, as a 400 that says why.

Python's json module reads a lone UTF-16 surrogate (`"\\ud800"`, half of a character) into text
that no UTF-8 output can hold, so the 400 naming the bad field then failed to render; and it
reads nesting by recursion, so a body of 100,000 brackets ended in a RecursionError. orjson
refuses the first, and a body deeper than the register's shapes ever need is refused before
any field sees it.
"""

import orjson
from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# The deepest a write needs is 2 (an object holding a list of slugs); 32 leaves room and stays far
# below the depth where Python's own recursion (repr of a value in an error message) gives out.
MAX_DEPTH = 32


class StrictJSONParser(JSONParser):
    """DRF's JSONParser by orjson: whole characters only, at most MAX_DEPTH levels, no NaN or Infinity."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        body = stream.read() if stream is not None else b""
        try:
            text = body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            message = _("JSON parse error: the body is not %(encoding)s text.") % {"encoding": encoding}
            raise ParseError(message) from None
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError as error:
            raise ParseError(_json_error(error)) from None
        if _deeper_than(data, MAX_DEPTH):
            raise ParseError(_depth_error())
        return data


def _json_error(error):
    where = _("line %(line)d, column %(column)d") % {"line": error.lineno, "column": error.colno}
    if "surrogate" in error.msg:
        return _(
            "JSON parse error at %(where)s: the text holds half of a character (a lone UTF-16 surrogate, "
            "U+D800 to U+DFFF). Write the character itself, or both halves of its pair."
        ) % {"where": where}
    if "depth" in error.msg or "recursion" in error.msg:
        return _depth_error()
    return _("JSON parse error at %(where)s: %(error)s.") % {"where": where, "error": error.msg}


def _depth_error():
    return _("JSON parse error: the body is nested too deep (more than %(depth)d levels of objects and lists).") % {
        "depth": MAX_DEPTH
    }


def _deeper_than(data, limit):
    """Whether `data` holds objects or lists nested more than `limit` deep (walked without recursion)."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False
