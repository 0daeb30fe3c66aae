from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The records whose address is their slug, and which keep answering at their old addresses when renamed.
RENAMEABLE = ("alliance", "organization", "announcement")


class FormerSlug(models.Model):
    """A slug a record had before it was renamed: its old address answers 301 to the new one (services write it)."""

    slug = models.SlugField(_("former slug"), max_length=160)
    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, null=True, blank=True, related_name="former_slugs"
    )
    organization = models.ForeignKey(
        "alliances.Organization", on_delete=models.CASCADE, null=True, blank=True, related_name="former_slugs"
    )
    announcement = models.ForeignKey(
        "alliances.Announcement", on_delete=models.CASCADE, null=True, blank=True, related_name="former_slugs"
    )
    renamed_at = models.DateTimeField(_("renamed at"), default=timezone.now)

    class Meta:
        verbose_name = _("former slug")
        verbose_name_plural = _("former slugs")
        constraints = [
            models.CheckConstraint(
                condition=Q(alliance__isnull=False, organization__isnull=True, announcement__isnull=True)
                | Q(alliance__isnull=True, organization__isnull=False, announcement__isnull=True)
                | Q(alliance__isnull=True, organization__isnull=True, announcement__isnull=False),
                name="formerslug_names_one_record",
            ),
            *(
                models.UniqueConstraint(
                    fields=["slug"], condition=Q(**{f"{kind}__isnull": False}), name=f"formerslug_unique_{kind}"
                )
                for kind in RENAMEABLE
            ),
        ]

    def __str__(self):
        return self.slug
