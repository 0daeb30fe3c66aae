"""A source's list read as names, and each name matched to the countries and organizations it may mean.

Splitting: a passage is cut at line breaks, bullets, semicolons, commas and the words "and",
"et", "y", "e", "и" ("&" too); pieces are joined back where the joined text is itself a known
name ("Bosnia and Herzegovina", "Korea, Rep.", "the United Kingdom of Great Britain and Northern
Ireland"). Text before a colon is the list's lead-in, not a name.

Countries are the register's Country rows (ISO 3166-1), known by every name that maintained
sources give them: CLDR through Babel in English, Russian, French and Spanish; pycountry's
names, official and common names, and their iso-codes translations; django-countries' common
and former names; pycountry-convert-ng's Wikipedia forms ("Great Britain", "Ivory Coast").
Names are compared as bags of words with case, accents, punctuation, articles and "of" set
aside ("Korea, Republic of" = "the Republic of Korea"; "Rep." reads "Republic"), and a name in
capitals that names nothing ("UAE", "USA", "США") as the initials of a country's name (English or
Russian, not an official name's) or its ISO code. Organizations are
matched by the duplicate rule (alliances/duplicates.py). A name that matches nothing or more
than one thing is left for the curator: nothing here guesses.
"""

import difflib
import functools
import gettext
import re
import unicodedata
from dataclasses import dataclass, field

import pycountry
from babel import Locale
from django.utils import translation
from django_countries import countries as django_countries
from pycountry_convert import WIKIPEDIA_COUNTRY_NAME_TO_COUNTRY_ALPHA2

from ..duplicates import OrganizationNames

# The languages whose names of countries are known (CLDR, iso-codes, django-countries).
LANGUAGES = ("en", "ru", "fr", "es")
# Wikipedia forms that name a place which is not the ISO country they point to.
NOT_THE_COUNTRY = {"Northern Cyprus"}
# Words that tell no country from another: articles, "of", "and" (English, French, Spanish, Russian).
# Portuguese and Italian articles too (quoted sources write "o Brasil", "Il Montenegro"), and a possessive's "s".
_FILLER = {
    "the", "of", "and", "s", "le", "la", "les", "l", "de", "du", "des", "d", "et", "el", "los", "las", "del", "y", "e",
    "и", "o", "a", "os", "as", "do", "da", "dos", "das", "il",
}  # fmt: skip
# Abbreviations in lists of countries ("Korea, Rep.", "Congo, Dem. Rep.", "St. Lucia").
_ABBREVIATIONS = {"rep": "republic", "dem": "democratic", "fed": "federated", "sts": "states", "st": "saint"}
# Where a list is cut, and where the pieces may be joined back into one name.
_HARD = re.compile(r"[\n;]+")
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦‣–—]|\(?\d{1,3}[.)])\s+")
_SOFT = re.compile(r",|&|\b(?:and|et|y|e|и|as well as)\b", re.IGNORECASE)
_LONGEST_JOIN = 5  # pieces joined back into one name, at most
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})[.!?](?=\s+[A-ZА-ЯЁ«\"“])")
_DOTTED = re.compile(r"(?<!\w)\w(?:\.\w)+\.?(?!\w)")  # U.S., U.K, С.Ш.А.
# The languages whose initials name countries in lists ("UAE", "USA", "ОАЭ", "США"), from names that are not
# official ones; Spanish "EU" (Estados Unidos) would take the European Union's initials.
INITIALS_LANGUAGES = ("en", "ru")


@dataclass(frozen=True)
class Name:
    """One name as the passage gives it, where it is, and the sentence it is part of."""

    text: str
    start: int
    quotation: str
    left_out: str = ""  # words of the piece that are not the name ("signed the document")


@dataclass
class NameMatch:
    """What a name may mean: `members` (countries and organizations) and, when none is sure, `suggestions`."""

    name: Name
    members: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)

    @property
    def member(self):
        """The one member the name means, or None when it matches nothing or more than one."""
        return self.members[0] if len(self.members) == 1 else None


def name_key(text):
    """`text` as a bag of words: case, accents, punctuation, articles and "of" set aside, abbreviations spelt out."""
    text = _DOTTED.sub(lambda match: match.group().replace(".", ""), text or "")
    text = unicodedata.normalize("NFKD", text).casefold()
    text = "".join(char for char in text if not unicodedata.combining(char))
    words = re.findall(r"\w+", text.replace("’", " ").replace("'", " "))
    return " ".join(sorted(_ABBREVIATIONS.get(word, word) for word in words if word not in _FILLER))


def initials(text):
    """The initials of a multi-word name in capitals ("United Arab Emirates" → "UAE"), or "" for one word."""
    if "," in text or "(" in text:
        return ""
    words = [word for word in re.split(r"[\s\-]+", text) if word and word.casefold() not in _FILLER]
    return "".join(word[0] for word in words).upper() if len(words) > 1 else ""


def _capitals(text):
    """The name written in capitals ("UAE", "U.S.", "США"), without its article, or ""."""
    text = _DOTTED.sub(lambda match: match.group().replace(".", ""), text.strip())
    words = [word for word in text.split() if word.casefold() not in _FILLER]
    return words[0] if len(words) == 1 and len(words[0]) > 1 and words[0].isupper() else ""


def country_name_forms(code, languages=LANGUAGES):
    """Every name the maintained sources give the country `code` in `languages` (Wikipedia's forms count as English)."""
    forms = _country_forms()
    return {name for language in languages for name in forms.get((code, language), {})}


@functools.cache
def _country_forms():
    forms = {}
    language = "en"

    def add(code, name, official=False):
        """A form is official only when every source that gives it gives it as an official name."""
        if name:
            known = forms.setdefault((code, language), {})
            known[str(name)] = known.get(str(name), True) and official
            for text in re.findall(r"^(.+?) \(.+\)$", str(name)):  # "Holy See (Vatican City State)": "Holy See"
                known[text] = known.get(text, True) and official

    for language in LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            add(code, name)
        try:
            iso_codes = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        except OSError:
            iso_codes = gettext.NullTranslations()
        for country in pycountry.countries:
            for attribute in ("name", "official_name", "common_name"):
                text = getattr(country, attribute, None)
                add(country.alpha_2, text and iso_codes.gettext(text), official=attribute == "official_name")
        with translation.override(language):
            for code, name in django_countries:
                add(code, name)
            for code, name in django_countries.COMMON_NAMES.items():
                add(code, name)
            for code, names in django_countries.OLD_NAMES.items():
                for name in names:
                    add(code, name)
    language = "en"
    for name, code in WIKIPEDIA_COUNTRY_NAME_TO_COUNTRY_ALPHA2.items():
        if name not in NOT_THE_COUNTRY:
            add(code, name)
    return forms


@functools.cache
def _country_keys():
    """({name_key: {codes}}, {initials: {codes}}) of every known name form, once per process."""
    by_key, by_initials = {}, {}
    for (code, language), forms in _country_forms().items():
        for form, official in forms.items():
            by_key.setdefault(name_key(form), set()).add(code)
            # Official names' initials ("Principality of Monaco": PM) are nobody's abbreviations.
            if language in INITIALS_LANGUAGES and not official and initials(form):
                by_initials.setdefault(initials(form), set()).add(code)
    # A code in capitals is the country's too: "SK" is Slovakia's code as well as South Korea's initials.
    for country in pycountry.countries:
        for letters in (country.alpha_2, country.alpha_3):
            by_initials.setdefault(letters, set()).add(country.alpha_2)
    return by_key, by_initials


class CountryNames:
    """Which of `countries` (Country rows) a name means: by its words, or by its initials when written in capitals."""

    def __init__(self, countries):
        self.by_code = {country.code: country for country in countries}
        self.by_key, self.by_initials = {}, {}
        keys, by_initials = _country_keys()
        for key, codes in keys.items():
            if codes & self.by_code.keys():
                self.by_key[key] = codes & self.by_code.keys()
        for letters, codes in by_initials.items():
            if codes & self.by_code.keys():
                self.by_initials[letters] = codes & self.by_code.keys()

    def matching(self, text):
        """The countries that go by `text` ("the Republic of Korea", "Korea, Rep.", "Южная Корея")."""
        return [self.by_code[code] for code in sorted(self.by_key.get(name_key(text), ()))]

    def matching_initials(self, text):
        """The countries whose initials `text` is, when written in capitals ("the UAE", "U.S.", "США")."""
        letters = _capitals(text)
        return [self.by_code[code] for code in sorted(self.by_initials.get(letters, ()))] if letters else []

    def suggestions(self, text):
        """Countries a name may mean that it does not name whole: "Korea" → both Koreas; a misspelling's nearest."""
        words = set(name_key(text).split())
        codes = set()
        if words:
            codes = {code for key, found in self.by_key.items() if words <= set(key.split()) for code in found}
        for key in difflib.get_close_matches(name_key(text), self.by_key, n=3, cutoff=0.8):
            codes |= self.by_key[key]
        return [self.by_code[code] for code in sorted(codes)][:8]


def names_in(passage, *, is_name, is_exact_name=None):
    """The names a passage lists, in order.

    `is_name(text)`: does a country or organization go by this text? `is_exact_name(text)`: exactly so, with
    no near spelling: what pieces joined back, or a name cut out of a longer piece, must be.
    """
    is_exact_name = is_exact_name or is_name
    names = []
    lead_in = ""
    offset = 0
    for line in _HARD.split(passage):
        start = passage.index(line, offset) if line else offset
        offset = start + len(line)
        bullet = _BULLET.match(line)
        body_start = start + (bullet.end() if bullet else 0)
        body = passage[body_start:offset]
        if ":" in body:
            before, _colon, after = body.partition(":")
            if not is_exact_name(before.strip()):
                lead_in = before.strip() + ":"
                body_start += len(before) + 1
                body = after
        names.extend(_names_of_piece(passage, body, body_start, (is_name, is_exact_name), lead_in if bullet else ""))
    return names


def _names_of_piece(passage, body, body_start, tests, lead_in):
    """The names of one line: soft-cut pieces, joined back where the joined text is a known name."""
    is_name, is_exact_name = tests
    cuts = [(match.start(), match.end()) for match in _SOFT.finditer(body)]
    bounds, position = [], 0
    for cut_start, cut_end in cuts:
        bounds.append((position, cut_start))
        position = cut_end
    bounds.append((position, len(body)))
    pieces = [(first, last) for first, last in bounds if body[first:last].strip(" \t\"'“”«».:")]
    names, index = [], 0
    while index < len(pieces):
        taken = 1
        for count in range(min(_LONGEST_JOIN, len(pieces) - index), 1, -1):
            first, last = pieces[index][0], pieces[index + count - 1][1]
            if is_exact_name(_clean(body[first:last])):
                taken = count
                break
        first, last = pieces[index][0], pieces[index + taken - 1][1]
        text, left_out = _clean(body[first:last]), ""
        if not is_name(text):
            text, left_out = _name_within(text, is_exact_name, at_start=index == len(pieces) - 1 and index > 0)
        where = body_start + first + body[first:last].find(text[:1] or " ")
        names.append(Name(text, where, _quotation(passage, where, lead_in), left_out))
        index += taken
    return names


def _clean(text):
    """A piece without its quotes, its colon, and its full stop unless that ends an abbreviation ("Rep.", "U.S.")."""
    text = text.strip().strip("\"'“”«»").strip().rstrip(":").strip()
    last_word = text.rsplit(None, 1)[-1] if text else ""
    if text.endswith(".") and len(last_word.rstrip(".").rsplit(".", 1)[-1]) > 3:
        text = text.rstrip(".").strip()
    return text


def _name_within(text, is_name, *, at_start):
    """The longest run of words at one end of `text` that is a known name ("the US signed the document" → "the US")."""
    words = text.split()
    spans = [words[:count] for count in range(len(words) - 1, 0, -1)] if at_start else []
    spans += [words[-count:] for count in range(len(words) - 1, 0, -1)]
    spans += [] if at_start else [words[:count] for count in range(len(words) - 1, 0, -1)]
    for span in spans:
        candidate = _clean(" ".join(span))
        if is_name(candidate):
            rest = text.replace(candidate, "", 1).strip(" ,.")
            return candidate, rest
    return text, ""


def _quotation(passage, where, lead_in):
    """The sentence (or line) of the passage that holds the name at `where`, after the list's lead-in if any."""
    line_start = passage.rfind("\n", 0, where) + 1
    line_end = passage.find("\n", where)
    line_end = len(passage) if line_end == -1 else line_end
    start, end = line_start, line_end
    for match in _SENTENCE_END.finditer(passage, line_start, line_end):
        if match.end() <= where:
            start = match.end()
        else:
            end = match.end()
            break
    sentence = _BULLET.sub("", passage[start:end].strip()).strip()
    return f"{lead_in} {sentence}" if lead_in and not sentence.startswith(lead_in) else sentence


class Matcher:
    """Reads a passage into names and matches each to the register's countries and organizations."""

    def __init__(self, *, countries, organizations):
        """`countries`: Country rows; `organizations`: an OrganizationNames."""
        self.countries = CountryNames(countries)
        self.organizations = organizations
        self._found, self._exact = {}, {}

    @classmethod
    def of_register(cls):
        """A matcher over every country and organization in the register (three queries)."""
        from ..models import Country

        return cls(countries=Country.objects.only("code", "name"), organizations=OrganizationNames.of_register())

    def found(self, text):
        """(countries, organization ids) that go by `text`; else the countries whose initials it is."""
        if text not in self._found:
            countries = self.countries.matching(text) if text else []
            organizations = self.organizations.matching(text) if text else []
            if not countries and not organizations:
                countries = self.countries.matching_initials(text)
            self._found[text] = (countries, organizations)
        return self._found[text]

    def is_name(self, text):
        return any(self.found(text))

    def is_exact_name(self, text):
        """Does a country or organization go by exactly `text` (no near spelling)?"""
        if text not in self._exact:
            self._exact[text] = bool(
                text
                and (
                    self.countries.matching(text)
                    or self.organizations.matching(text, exact=True)
                    or self.countries.matching_initials(text)
                )
            )
        return self._exact[text]

    def read(self, passage):
        """A NameMatch for each name of `passage`, in order: countries first, then organizations (one query)."""
        from ..models import Organization

        names = names_in(passage, is_name=self.is_name, is_exact_name=self.is_exact_name)
        wanted = {pk for name in names for pk in self.found(name.text)[1]}
        organizations = Organization.objects.select_related("country").in_bulk(wanted) if wanted else {}
        matches = []
        for name in names:
            countries, organization_ids = self.found(name.text)
            members = countries + sorted((organizations[pk] for pk in organization_ids), key=lambda o: o.name)
            matches.append(NameMatch(name, members, [] if members else self.countries.suggestions(name.text)))
        return matches
