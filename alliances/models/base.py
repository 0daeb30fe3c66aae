"""Pieces that several models share: publication status, timestamps, other names."""

from django.db import models
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
