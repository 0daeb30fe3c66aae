"""Both languages of a translated text side by side in the admin (django-modeltranslation).

The admin answers in English (it is outside /ru/), so a form's `name` is the English text;
`name_ru` stands beside it. `name_en` is left out: every save writes the English text to it and
to the original column alike (alliances/translation.py).
"""

from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from ..translation import mirrored_fields


class SideBySideTranslationAdmin:
    """`name [en]` and `name [ru]` on one row; a version's changes leave out the English mirror."""

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
