"""Both languages of a translated text side by side in the admin (django-modeltranslation).

A form's `name` is the English text, whatever language the admin speaks (modeltranslation
would read and write the active language's version through it); `name_ru` stands beside it.
`name_en` is left out of the form: it is what `name` edits.
"""

from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname, get_translation_fields

from ..translation import mirrored_fields


class SideBySideTranslationAdmin:
    """`name [en]` and `name [ru]` on one row; a version's changes leave out the English mirror."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        return english_originals(super().get_form(request, obj, change, **kwargs), list(self._translated()))

    def get_search_fields(self, request):
        translated = self._translated()
        return [
            localized
            for field in super().get_search_fields(request)
            for localized in (get_translation_fields(field) if field in translated else [field])
        ]

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or []), *mirrored_fields(self.model)]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name in self._translated():
            formfield.label = f"{formfield.label} [en]"
        return formfield

    def get_fieldsets(self, request, obj=None):
        return [
            (title, {**options, "fields": self._side_by_side(options["fields"])})
            for title, options in super().get_fieldsets(request, obj)
        ]

    def _translated(self):
        return translator.get_options_for_model(self.model).all_fields

    def _side_by_side(self, fields):
        russian = {original: build_localized_fieldname(original, "ru") for original in self._translated()}
        placed = set(russian.values())
        return [(field, russian[field]) if field in russian else field for field in fields if field not in placed]

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        excluded = mirrored_fields(self.model)
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=excluded, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current


def english_originals(form, translated):
    """`form` whose `name` shows and saves the English text (`name_en`) in any language of the admin."""

    class EnglishOriginalsForm(form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._before = {}
            for field in translated:
                english, russian = (build_localized_fieldname(field, language) for language in ("en", "ru"))
                self._before[russian] = getattr(self.instance, russian, None)
                if self.instance.pk and field in self.fields and field not in (kwargs.get("initial") or {}):
                    self.initial[field] = getattr(self.instance, english)

        def _post_clean(self):
            # construct_instance() wrote `name` into the active language's version: put each where it belongs.
            super()._post_clean()
            for field in translated:
                english, russian = (build_localized_fieldname(field, language) for language in ("en", "ru"))
                if field in self.cleaned_data:
                    setattr(self.instance, english, self.cleaned_data[field])
                setattr(self.instance, russian, self.cleaned_data.get(russian, self._before[russian]))

    EnglishOriginalsForm.__name__ = form.__name__
    return EnglishOriginalsForm
