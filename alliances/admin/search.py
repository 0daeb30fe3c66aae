"""The admin's search finds a record by its names in every language of the site ("Казах" finds Kazakhstan).

Django's search looks in the columns `search_fields` names; a translated name is found there only
in the active language's column (modeltranslation), and a country's Russian name is not a column
at all (django-countries' translations). This adds both, by the site's own rules.
"""

from django.conf import settings
from django.db.models import Q
from modeltranslation.utils import build_localized_fieldname

from ..models.country import country_codes_named


class AnyLanguageSearchMixin:
    """For a ModelAdmin: `translated_search_fields` are searched in every language, `country_search_fields`
    (paths to a country's code) by the country's name in every language."""

    translated_search_fields = ()
    country_search_fields = ()

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        words = search_term.strip()
        if not words:
            return found, may_have_duplicates
        wider = Q()
        for field in self.translated_search_fields:
            *steps, name = field.split("__")
            for language, _name in settings.LANGUAGES:
                localized = "__".join([*steps, build_localized_fieldname(name, language), "icontains"])
                wider |= Q(**{localized: words})
        codes = country_codes_named(words) if self.country_search_fields else []
        for path in self.country_search_fields if codes else ():
            wider |= Q(**{f"{path}__in": codes})
        if not wider:
            return found, may_have_duplicates
        return found | queryset.filter(wider), may_have_duplicates
