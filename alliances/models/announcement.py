from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..dates import DatePrecision, format_partial_date, precision_error, precision_field
from ..localized import detail_url
from .base import PublishableQuerySet, SlugUniqueInAnyCase, Status, TimeStamped, Translated, slug_unique_in_any_case


class AnnouncementKind(models.TextChoices):
    PRESS_RELEASE = "press_release", _("press release")
    SPEECH = "speech", _("speech")
    STATEMENT = "statement", _("official statement")
    NEWS_ARTICLE = "news_article", _("news article")
    REPORT = "report", _("report")
    OFFICIAL_LIST = "official_list", _("official list")
    TREATY_RECORD = "treaty_record", _("treaty office record")
    OTHER = "other", _("other")


class LinkState(models.TextChoices):
    """What the last check of a source's address found (manage.py check_sources)."""

    UNCHECKED = "unchecked", _("not checked yet")
    WORKS = "works", _("works")
    MOVED = "moved", _("works, moved")
    REFUSED = "refused", _("refused to a robot")
    BROKEN = "broken", _("broken")


# Answers that say the server is there but will not serve a robot: not proof the page is gone.
REFUSING_STATUSES = {401, 403, 429}


def link_state(*, checked_at, status, error, moved_to):
    """The one rule for a checked address: no answer, or a 4xx/5xx other than a refusal, is broken."""
    if checked_at is None:
        return LinkState.UNCHECKED
    if error or status is None:
        return LinkState.BROKEN
    if status in REFUSING_STATUSES:
        return LinkState.REFUSED
    if status >= 400:
        return LinkState.BROKEN
    return LinkState.MOVED if moved_to else LinkState.WORKS


class AnnouncementQuerySet(PublishableQuerySet):
    def newest_first(self):
        return self.order_by("-date", "-id")

    def with_public_alliances(self):
        """The bodies each announcement concerns, as `alliances.all()`, without the draft ones."""
        alliances = self.model._meta.get_field("alliances").related_model  # the Alliance model imports this one
        return self.prefetch_related(models.Prefetch("alliances", queryset=alliances.objects.published()))

    def mentioning(self, words):
        """Announcements whose title or summary, in either language, holds `words`: what the pages look in."""
        from ..translation import q_any_language

        return self.filter(q_any_language("title__icontains", words) | q_any_language("summary__icontains", words))


class Announcement(SlugUniqueInAnyCase, Translated, TimeStamped):
    """A dated public statement or report: the source memberships cite and the event timelines show."""

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_("Drafts are visible only in the admin."),
    )
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=16, choices=AnnouncementKind.choices, default=AnnouncementKind.NEWS_ARTICLE
    )
    date = models.DateField(
        _("date"),
        db_index=True,
        help_text=_("When the statement was made, or when the event it reports happened: what timelines show."),
    )
    date_precision = precision_field(verbose_name=_("date: precision"))
    published_date = models.DateField(
        _("published"),
        null=True,
        blank=True,
        help_text=_("The source's own date, as the page gives it. Leave empty when the page gives none."),
    )
    published_precision = precision_field(verbose_name=_("published: precision"), blank=True, default="")
    summary = models.TextField(_("summary"), blank=True, help_text=_("What the source says, in a few sentences."))
    quotation = models.TextField(_("quotation"), blank=True, help_text=_("A key passage, quoted word for word."))
    source_url = models.URLField(
        _("source URL"), max_length=500, blank=True, help_text=_("Leave empty rather than guess an address.")
    )
    archive_url = models.URLField(
        _("archived copy"),
        max_length=500,
        blank=True,
        help_text=_("The address of an archived copy of the source (a web archive's snapshot), where one exists."),
    )
    link_checked_at = models.DateTimeField(
        _("address last checked"), null=True, blank=True, editable=False, help_text=_("manage.py check_sources")
    )
    link_status = models.PositiveSmallIntegerField(
        _("address answered"), null=True, blank=True, editable=False, help_text=_("The HTTP status of the last check.")
    )
    link_error = models.CharField(
        _("address error"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("Why the last check got no answer (a timeout, a reset connection, ...)."),
    )
    link_moved_to = models.URLField(
        _("address moved to"), max_length=500, blank=True, editable=False, help_text=_("Where the address redirected.")
    )
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    language = models.CharField(
        _("language"), max_length=10, default="en", help_text=_("ISO 639-1 code of the source's language, e.g. en, ru.")
    )
    alliances = models.ManyToManyField(
        "alliances.Alliance", verbose_name=_("alliances"), blank=True, related_name="announcements"
    )
    countries = models.ManyToManyField(
        "alliances.Country", verbose_name=_("countries"), blank=True, related_name="announcements"
    )
    organizations = models.ManyToManyField(
        "alliances.Organization", verbose_name=_("organizations"), blank=True, related_name="announcements"
    )

    objects = AnnouncementQuerySet.as_manager()
    # history: registered in alliances/translation.py, once the Russian fields exist.

    class Meta:
        ordering = ["-date", "-id"]
        get_latest_by = "date"
        # In the admin beside the citations: this is the source itself, which memberships cite.
        verbose_name = _("source (announcement)")
        verbose_name_plural = _("sources: announcements, statements, reports")
        constraints = [slug_unique_in_any_case("announcement")]

    def __str__(self):
        return f"{self.title} ({self.date_display})"

    def get_absolute_url(self):
        return detail_url("alliances:announcement-detail", self.slug)

    def clean(self):
        errors = {}
        for field, precision in (("date", "date_precision"), ("published_date", "published_precision")):
            message = precision_error(getattr(self, field), getattr(self, precision))
            if message:
                errors[field] = message
        if self.published_date is None:
            self.published_precision = ""
        elif not self.published_precision:
            self.published_precision = DatePrecision.DAY
        if errors:
            raise ValidationError(errors)

    @property
    def link_state(self):
        return link_state(
            checked_at=self.link_checked_at, status=self.link_status, error=self.link_error, moved_to=self.link_moved_to
        )

    def get_link_state_display(self):
        return LinkState(self.link_state).label

    @property
    def link_broken(self):
        return self.link_state == LinkState.BROKEN

    @property
    def link_answer(self):
        """What answered the last check, in words: "404", "301 → https://…", "timeout"; "" when never checked."""
        if self.link_checked_at is None:
            return ""
        answer = self.link_error or str(self.link_status or "")
        return f"{answer} → {self.link_moved_to}" if self.link_moved_to else answer

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def date_display(self):
        return format_partial_date(self.date, self.date_precision or DatePrecision.DAY)

    @property
    def published_display(self):
        """The source's own date, or "" when it gives none."""
        return format_partial_date(self.published_date, self.published_precision or DatePrecision.DAY)
