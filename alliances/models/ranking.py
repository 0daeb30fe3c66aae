from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import PublicId, TimeStamped


class Ranking(PublicId, TimeStamped):
    """A country's place on a published AI index."""

    country = models.ForeignKey(
        "alliances.Country", verbose_name=_("country"), on_delete=models.CASCADE, related_name="rankings"
    )
    index_name = models.CharField(_("index"), max_length=200, help_text=_("e.g. Tortoise Global AI Index."))
    edition_year = models.PositiveSmallIntegerField(
        _("edition"), null=True, blank=True, help_text=_("Leave empty when the source does not say which edition.")
    )
    rank = models.PositiveIntegerField(_("rank"))
    out_of = models.PositiveIntegerField(_("out of"), help_text=_("How many countries the index ranks."))
    source = models.ForeignKey(
        "alliances.Announcement",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="rankings",
        help_text=_("The announcement or report that gives this rank."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "index_name", "-edition_year"]
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rank__gte=1, rank__lte=models.F("out_of")),
                name="ranking_rank_within_field",
                violation_error_message=_("A rank must be between 1 and the number of countries ranked."),
            ),
            models.UniqueConstraint(
                fields=["country", "index_name", "edition_year"], name="ranking_unique_per_country_index_edition"
            ),
        ]

    def __str__(self):
        return _("%(country)s: %(rank)s of %(out_of)s on %(index)s") % {
            "country": self.country,
            "rank": self.rank,
            "out_of": self.out_of,
            "index": self.index_name,
        }

    def clean(self):
        if self.rank is not None and self.out_of is not None and not 1 <= self.rank <= self.out_of:
            raise ValidationError({"rank": _("A rank must be between 1 and the number of countries ranked.")})
