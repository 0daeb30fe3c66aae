"""A region for each country: its continent, from pycountry-convert-ng's ISO 3166 mapping (no list of our own).

The names are translated here; the codes are the library's (AF, AN, AS, EU, NA, OC, SA).
"""

from django.utils.translation import gettext_lazy as _
from pycountry_convert import country_alpha2_to_continent_code
from pycountry_convert.convert_continent_code_to_continent_name import CONTINENT_CODE_TO_CONTINENT_NAME

# The library's English names, for translation: makemessages needs the words written out.
_NAMES = {
    "Africa": _("Africa"),
    "Antarctica": _("Antarctica"),
    "Asia": _("Asia"),
    "Europe": _("Europe"),
    "North America": _("North America"),
    "Oceania": _("Oceania"),
    "South America": _("South America"),
}


def region_choices():
    """[(code, name)] of every region, by name in the active language."""
    choices = [(code, str(_NAMES[name])) for code, name in CONTINENT_CODE_TO_CONTINENT_NAME.items()]
    return sorted(choices, key=lambda choice: choice[1])


def region_of(code):
    """The region code of an ISO 3166-1 alpha-2 country code, or "" when the library has none."""
    try:
        return country_alpha2_to_continent_code(code.upper())
    except KeyError:
        return ""


def region_name(region):
    return str(_NAMES[CONTINENT_CODE_TO_CONTINENT_NAME[region]]) if region else ""
