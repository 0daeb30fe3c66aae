"""How to cite the register, or a page of it: the register's version, the day it was read, a permanent address.

The pages' "Cite this" and the API's /api/v1/cite/ both give `citation()`; an alliance, an organisation or an
announcement keeps answering at its address when renamed (FormerSlug), so the address is a permanent one.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import about
from .version import register_version

PUBLISHER = "Alliance Tracker"


def citation(*, title, address, version=None, day=None):
    """{"title", "publisher", "version", "accessed", "url", "license", "text"} for `title` read at `address`.

    `text` is one line in the active language, ready to paste into a reference list.
    """
    version = version or register_version()
    day = day or timezone.localdate()
    text = _(
        "%(publisher)s. “%(title)s”. In: %(register)s, version %(version)s (%(licence)s). %(address)s "
        "(accessed %(day)s)."
    ) % {
        "publisher": PUBLISHER,
        "title": title,
        "register": about.TITLE,
        "version": version.name,
        "licence": "CC BY 4.0",
        "address": address,
        "day": formats.date_format(day, "DATE_FORMAT"),
    }
    return {
        "title": title,
        "publisher": PUBLISHER,
        "version": version.name,
        "accessed": day.isoformat(),
        "url": address,
        "license": about.DATA_LICENCE["name"],
        "text": text,
    }
