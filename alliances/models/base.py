"""Pieces that several models share: publication status, timestamps, public identifiers, other names."""

import uuid

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..localized import ChoiceLabels


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class PublishableQuerySet(models.QuerySet):
    """The one rule for what the public may see: published records only."""

    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Status.DRAFT)


class TimeStamped(ChoiceLabels, models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class PublicId(models.Model):
    """A record's public identifier: made once, carried in the register's files, the API and every download,
    so it survives reloads, exports and database rebuilds (database ids do not)."""

    uid = models.UUIDField(
        _("public identifier"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("The identifier the register's files, the API and the downloads give this record; never changes."),
    )

    class Meta:
        abstract = True


SLUG_IN_ANOTHER_CASE = "slug_in_another_case"


def slug_unique_in_any_case(model_name):
    """The constraint that holds a model's `slug` unique whatever its case ("Brics" beside "brics")."""
    return models.UniqueConstraint(
        Lower("slug"),
        name=f"{model_name}_slug_unique_in_any_case",
        violation_error_code=SLUG_IN_ANOTHER_CASE,
        violation_error_message=_("This slug is taken in another case: a slug is one address whatever its case."),
    )


class SlugUniqueInAnyCase:
    """A model with slug_unique_in_any_case() among its constraints: its validation names the slug and its holder.

    Django reports a constraint on an expression for the whole record; a curator needs it on
    the slug, with the slug that holds the address. The same slug exactly is left to the
    field's own "already exists".
    """

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            clash = [item for item in errors.get(NON_FIELD_ERRORS, []) if item.code == SLUG_IN_ANOTHER_CASE]
            if not clash:
                raise
            errors[NON_FIELD_ERRORS] = [item for item in errors[NON_FIELD_ERRORS] if item not in clash]
            if not errors[NON_FIELD_ERRORS]:
                del errors[NON_FIELD_ERRORS]
            holder = self._slug_holder()
            if holder is not None and holder != self.slug:
                errors.setdefault("slug", []).append(
                    ValidationError(
                        _(
                            "Another %(model)s has this slug in another case (“%(slug)s”): "
                            "a slug is one address whatever its case. Choose another."
                        ),
                        code=SLUG_IN_ANOTHER_CASE,
                        params={"model": self._meta.verbose_name, "slug": holder},
                    )
                )
            if errors:
                raise ValidationError(errors) from None

    def _slug_holder(self):
        others = type(self)._default_manager.filter(slug__iexact=self.slug)
        if self.pk is not None:
            others = others.exclude(pk=self.pk)
        slugs = list(others.values_list("slug", flat=True)[:2])
        return None if self.slug in slugs else next(iter(slugs), None)


# A Wikidata item's identifier: Q and its number (https://www.wikidata.org/wiki/Help:Items).
WIKIDATA_ITEM = r"^Q[1-9][0-9]*$"


def wikidata_field():
    """The record's Wikidata item (Q155 is Brazil), where one exists: how the rest of the world names it."""
    return models.CharField(
        _("Wikidata item"),
        max_length=16,
        blank=True,
        validators=[RegexValidator(WIKIDATA_ITEM, _("Write the item as Q and its number, e.g. Q155."))],
        help_text=_(
            "Its Wikidata item, Q and its number (e.g. Q155), where one exists; leave empty otherwise. "
            "Two records never share one."
        ),
    )


def wikidata_constraints(name):
    """A Wikidata item is Q and its number, and names one record at most."""
    return [
        models.CheckConstraint(
            condition=models.Q(wikidata="") | models.Q(wikidata__regex=WIKIDATA_ITEM),
            name=f"{name}_wikidata_is_an_item",
            violation_error_message=_("Write the item as Q and its number, e.g. Q155."),
        ),
        models.UniqueConstraint(
            fields=["wikidata"],
            condition=~models.Q(wikidata=""),
            name=f"{name}_wikidata_unique",
            violation_error_message=_("Another record has this Wikidata item."),
        ),
    ]


class Translated:
    """A model with Russian versions of some texts (alliances/translation.py, django-modeltranslation).

    modeltranslation writes the active language's text into the original column (`name` beside
    `name_en` and `name_ru`). A save here always runs in English, so that column holds the English
    text whoever saves: the API, the CSV and every query that reads it stay English.
    """

    def save(self, *args, **kwargs):
        from modeltranslation.translator import translator
        from modeltranslation.utils import get_translation_fields

        # A text not given is "", never NULL: a version's history then shows only what changed.
        for field in translator.get_options_for_model(type(self)).all_fields:
            for localized in get_translation_fields(field):
                if getattr(self, localized) is None:
                    setattr(self, localized, "")
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            super().save(*args, **kwargs)


def with_translations(model, fields):
    """`fields` for `model`'s .only(), each translated text of a related model (`alliance__name`) with its
    language versions (`alliance__name_en`, `alliance__name_ru`): reading the text then costs no query.

    modeltranslation widens .only() by itself on the translated models, not across a relation
    from another model (a membership's alliance).
    """
    from modeltranslation.translator import NotRegistered, translator
    from modeltranslation.utils import get_translation_fields

    widened = []
    for field in fields:
        *path, name = field.split("__")
        target = model
        for step in path:
            target = target._meta.get_field(step).related_model
        widened.append(field)
        try:
            translated = translator.get_options_for_model(target).all_fields
        except NotRegistered:
            continue
        if name in translated:
            widened += ["__".join([*path, localized]) for localized in get_translation_fields(name)]
    return widened


class NameKind(models.TextChoices):
    ACRONYM = "acronym", _("acronym")
    NATIVE = "native", _("native name")
    FORMER = "former", _("former name")
    TRANSLATION = "translation", _("translation")
    OTHER = "other", _("other")


class OtherName(ChoiceLabels, models.Model):
    """Another name a body is known by: an acronym, its name in its own language, a former name."""

    name = models.CharField(_("name"), max_length=255)
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_("ISO 639-1 code of the name's language, e.g. ru, pt, zh. Leave empty for an acronym."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NameKind.choices, default=NameKind.NATIVE)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name
