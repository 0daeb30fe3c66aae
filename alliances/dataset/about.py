"""What the register says of itself as a dataset: its licences, how it quotes its sources, who made it, from what.

Stated once here; the pages' footer, the API's root, datapackage.json and the README say the same (tests hold
CITATION.cff and the README to it).
"""

from django.utils.translation import gettext_lazy as _

TITLE = "Alliance Tracker register"

DATA_LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
CODE_LICENCE = {"name": "MIT", "title": "MIT License", "path": "https://opensource.org/license/mit"}

# How the register uses its sources' words: the one statement every place repeats.
QUOTATIONS = _(
    "Quotations from sources are short: the sentence a record rests on, word for word, always beside its "
    "source's title, publisher, date and address, so that a reader can check the claim. They are used as "
    "citations; the words remain their authors', and the register's licence does not cover them."
)
DATA_LICENCE_TEXT = _(
    "The register's data is licensed under Creative Commons Attribution 4.0 International (CC BY 4.0): "
    "reuse it freely, naming Alliance Tracker as its source."
)
CODE_LICENCE_TEXT = _("The site's code is under the MIT License.")

CONTRIBUTORS = [{"title": "Alliance Tracker's curators", "role": "author"}]

# What the records come from, besides the announcements each cites (announcements.csv gives each one's address).
SOURCES = [
    {
        "title": "The announcements, statements, reports and official lists each record cites "
        "(announcements.csv: the source's own address, publisher and date)",
    },
    {"title": "ISO 3166-1 country codes and names, as django-countries lists them"},
    {"title": "Continents of countries, as pycountry-convert-ng maps them"},
    {"title": "Wikidata items of countries: Our World in Data's country table", "path": "https://www.wikidata.org/"},
]


def licences_document():
    """The licences and the use of quotations, as the API's root and datapackage.json state them."""
    return {
        "data": {**DATA_LICENCE, "text": str(DATA_LICENCE_TEXT)},
        "code": {**CODE_LICENCE, "text": str(CODE_LICENCE_TEXT)},
        "quotations": str(QUOTATIONS),
    }
