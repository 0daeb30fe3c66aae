"""Russian versions of the register's texts (django-modeltranslation): `name_ru` beside `name_en`.

Alliance and organization names and descriptions, announcement titles and summaries. Other
names (AllianceName, OrganizationName) are already rows tagged with their language. On a page,
`alliance.name` is the text in the active language, or the English one where no Russian is
given (templatetags `in_language` marks it `lang="en"`); outside /ru/ (the API, the admin) it
is English.
"""

import simple_history
from django.conf import settings
from django.db.models import Q
from modeltranslation.translator import NotRegistered, TranslationOptions, register, translator
from modeltranslation.utils import build_localized_fieldname

from .models import Alliance, Announcement, Organization
from .per_language import active_language


@register(Alliance)
class AllianceTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(Announcement)
class AnnouncementTranslation(TranslationOptions):
    fields = ("title", "summary")
    required_languages = ("en",)


# History is registered after the translated fields exist, so each version keeps both
# languages (django-simple-history's documented way with modeltranslation).
simple_history.register(Alliance)
simple_history.register(Organization)
# The last check of the source's address (manage.py check_sources) is a finding about the address, not a
# curator's change of the record: it is not kept in the record's history.
simple_history.register(
    Announcement,
    m2m_fields=["alliances", "countries", "organizations"],
    excluded_fields=["link_checked_at", "link_status", "link_error", "link_moved_to"],
)


def mirrored_fields(model):
    """The English columns (`name_en`) of `model`: the original column (`name`) holds the same text on every save.

    A version's changes leave them out, so a renamed alliance reads "name" changed, not also "name [en]".
    """
    try:
        fields = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return []
    return [build_localized_fieldname(field, settings.MODELTRANSLATION_DEFAULT_LANGUAGE) for field in fields]


def text_in_language(record, field):
    """(text, language code) of a translated text: the active language's version, or the English one.

    A record of a model without translations (a country) gives its own text, in the active language.
    """
    language = active_language() or settings.LANGUAGE_CODE
    try:
        translator.get_options_for_model(type(record))
    except NotRegistered:
        # A country's name in the page's language is its str() (django-countries); its `name` column is English.
        return (str(record) if field == "name" else getattr(record, field, None) or str(record)), language
    text = getattr(record, build_localized_fieldname(field, language), None)
    if text:
        return text, language
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return getattr(record, build_localized_fieldname(field, default), None) or "", default


def q_any_language(lookup, value):
    """Q matching `lookup` ("name__icontains") in any language's version: a search finds "Сербия" on either site.

    (modeltranslation would look only in the active language's column.)
    """
    field, _sep, operator = lookup.partition("__")
    condition = Q()
    for language, _name in settings.LANGUAGES:
        condition |= Q(**{f"{build_localized_fieldname(field, language)}__{operator}": value})
    return condition
