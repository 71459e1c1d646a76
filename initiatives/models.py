"""Staff initiatives (sáng kiến): the initiative with its authors and their shares, the batches
it is requested in, the initiative council's scores, and the recognitions that fighter titles and
certificates of merit later count."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from records.fields import YearField


class Level(models.TextChoices):
    GRASSROOTS = "grassroots", _("Grassroots level")
    SECTOR = "sector", _("Sector level")
    PROVINCE = "province", _("Province level")


# Sector (Procurator General) and province (People's Committee) recognition are the same tier for
# the criteria of the law (ministry, sector or province level); grassroots is the tier below.
LEVEL_RANK = {Level.GRASSROOTS: 1, Level.SECTOR: 2, Level.PROVINCE: 2}


def levels_at_least(level):
    return [other for other, rank in LEVEL_RANK.items() if rank >= LEVEL_RANK[level]]


class Form(models.TextChoices):
    SOLUTION = "solution", _("Solution")
    SCHEME = "scheme", _("Scheme")
    STUDY = "study", _("Thematic study")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned for changes")
    RECOGNISED = "recognised", _("Recognised")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")


# States in which authors and shares may be changed; in every other state the database refuses
# shares that do not add up to 100 (see `ShareTotal`).
EDITABLE_STATES = (Status.DRAFT, Status.RETURNED)
# The right to ask for recognition lapses one year after first application [verify]: warn only.
REQUEST_WINDOW = timedelta(days=365)


class ShareTotal(models.Model):
    """The one total that the shares of a submitted or decided initiative may add up to: 100.

    How the database enforces it, alike on SQLite and PostgreSQL: triggers (migration 0002) keep
    `Initiative.share_total` equal to the sum of its authors' shares outside the editable states
    (NULL inside them), and `share_total` is a deferred foreign key to this table, whose only row
    is 100. Any transaction that leaves a non-draft initiative with shares not adding up to 100
    fails at commit; changes in between (replacing the authors) are free."""

    value = models.PositiveSmallIntegerField(_("total"), primary_key=True)

    class Meta:
        ordering = ["value"]
        verbose_name = _("allowed total of shares")
        verbose_name_plural = _("allowed totals of shares")
        constraints = [models.CheckConstraint(condition=Q(value=100), name="share_total_is_100")]

    def __str__(self):
        return f"{self.value}%"


class BatchQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(opens_on__lte=day, closes_on__gte=day)


class Batch(models.Model):
    """A batch (đợt) in which initiatives are requested for recognition at one level in one year,
    e.g. the sector's batch 2 of 2023, open in October and November."""

    year = YearField(_("year"))
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    number = models.PositiveSmallIntegerField(_("batch number"), default=1)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    objects = BatchQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "level", "number"]
        verbose_name = _("initiative batch")
        verbose_name_plural = _("initiative batches")
        constraints = [
            models.UniqueConstraint(fields=["year", "level", "number"], name="batch_unique"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="batch_period_ordered"
            ),
        ]

    def __str__(self):
        return _("Batch %(number)s of %(year)s, %(level)s") % {
            "number": self.number,
            "year": self.year,
            "level": self.get_level_display().lower(),
        }

    def is_open_on(self, day):
        return self.opens_on <= day <= self.closes_on


class InitiativeQuerySet(models.QuerySet):
    def for_list(self):
        authors = Author.objects.select_related("person")
        return self.select_related("unit", "batch").prefetch_related(Prefetch("authors", authors))

    def visible_to(self, user):
        """Administrators see everything; officers, clerks and council members their unit's
        subtree; everyone sees the initiatives they wrote or entered."""
        if not user.is_authenticated:
            return self.none()
        unit_ids = user.visible_unit_ids
        if unit_ids is None:
            return self
        mine = Q(created_by=user)
        if user.person_id:
            mine |= Q(authors__person_id=user.person_id)
        return self.filter(Q(unit_id__in=unit_ids) | Q(pk__in=self.model.objects.filter(mine)))

    def by_person(self, person):
        return self.filter(authors__person=person)


class Initiative(models.Model):
    """An initiative (sáng kiến): a solution, scheme or thematic study that is new for the unit,
    was applied and had an effect, written by authors and co-authors with contribution shares."""

    code = models.CharField(_("code"), max_length=32, blank=True)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"))
    # Title and summary folded, for near-duplicate detection (set by the services and imports).
    search_text = models.TextField(editable=False, default="")
    content = models.TextField(_("content"), blank=True)
    field = models.CharField(_("field"), max_length=255, blank=True)
    form = models.CharField(_("form"), max_length=16, choices=Form.choices, default=Form.SOLUTION)
    unit = models.ForeignKey(
        "records.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = YearField(_("year"))
    first_applied_on = models.DateField(_("date first applied"), null=True, blank=True)
    applied_where = models.TextField(_("where it was applied"), blank=True)
    effect = models.TextField(_("effect"), blank=True)
    requested_level = models.CharField(
        _("requested level"), max_length=16, choices=Level.choices, default=Level.GRASSROOTS
    )
    batch = models.ForeignKey(
        Batch,
        verbose_name=_("batch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True, editable=False)
    return_reason = models.TextField(_("reason for return"), blank=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        editable=False,
    )
    # Kept by database triggers, never by code: see `ShareTotal`.
    share_total = models.ForeignKey(
        ShareTotal,
        verbose_name=_("total of shares"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "code", "id"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="initiative_unique_code"
            ),
            models.CheckConstraint(
                condition=~Q(duplicate_of=F("id")), name="initiative_not_own_duplicate"
            ),
        ]
        indexes = [models.Index(fields=["status", "year"]), models.Index(fields=["unit", "year"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATES

    @property
    def late_request(self):
        """Asked for recognition more than a year after it was first applied [verify]."""
        asked = self.submitted_on
        return bool(
            asked and self.first_applied_on and asked - self.first_applied_on > REQUEST_WINDOW
        )


class Author(models.Model):
    """An author or co-author (tác giả, đồng tác giả) of an initiative and their share (%).
    The shares of an initiative add up to 100 outside draft: enforced by database triggers."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="authors"
    )
    person = models.ForeignKey(
        "records.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="initiative_authorships",
    )
    share = models.PositiveSmallIntegerField(_("share of contribution (%)"))
    position = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        ordering = ["initiative_id", "position", "id"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "person"], name="author_once"),
            models.CheckConstraint(
                condition=Q(share__gt=0, share__lte=100), name="author_share_percent"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.share}%)"

    @property
    def is_main(self):
        return self.position == 1


class Attachment(models.Model):
    """A file attached to an initiative (description, proof of application and effect)."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to="initiatives/%Y/")
    name = models.CharField(_("name"), max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["initiative_id", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class Criterion(models.Model):
    """A scoring criterion of the initiative council (novelty, applicability, effect…) with its
    maximum score; editable data."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    max_points = models.PositiveSmallIntegerField(_("maximum points"))
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_positive")
        ]

    def __str__(self):
        return self.name


class Review(models.Model):
    """One initiative council member's assessment of an initiative at the level requested."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="reviews"
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    reviewer = models.ForeignKey(
        "records.Person",
        verbose_name=_("council member"),
        on_delete=models.PROTECT,
        related_name="initiative_reviews",
    )
    total = models.PositiveSmallIntegerField(_("total points"), default=0)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("scored at"), auto_now_add=True)

    class Meta:
        ordering = ["initiative_id", "created_at", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "level", "reviewer"], name="review_once_per_member"
            )
        ]

    def __str__(self):
        return f"{self.reviewer}: {self.total}"


class Score(models.Model):
    """The points a review gives on one criterion."""

    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.PositiveSmallIntegerField(_("points"))

    class Meta:
        ordering = ["review_id", "criterion__position", "id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_once_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"


class RecognitionQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("initiative__unit", "batch")

    def in_units(self, unit_ids):
        return self if unit_ids is None else self.filter(initiative__unit_id__in=unit_ids)

    def by_author(self):
        """Facts for eligibility: rows (person_id, year, level), one per author of a recognised
        initiative. One query."""
        return (
            self.annotate(person_id=F("initiative__authors__person_id"))
            .values_list("person_id", "year", "level", named=True)
            .order_by("person_id", "year", "level")
            .distinct()
        )

    def for_people(self, person_ids):
        """`by_author()` for some people, e.g. `for_people(ids).at_least(Level.SECTOR)`."""
        return self.filter(initiative__authors__person_id__in=person_ids).by_author()

    def at_least(self, level):
        return self.filter(level__in=levels_at_least(level))

    def counts(self):
        """Per year and level: how many initiatives were recognised and by how many distinct
        authors and co-authors. One query."""
        return (
            self.values("year", "level")
            .annotate(
                initiatives=Count("initiative", distinct=True),
                authors=Count("initiative__authors__person", distinct=True),
            )
            .order_by("-year", "level")
        )


class Recognition(models.Model):
    """A recognition decision for an initiative at one level. Recognition at a higher level adds a
    row and keeps the lower one, so the history shows both."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="recognitions",
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    year = YearField(_("year"))
    batch = models.ForeignKey(
        Batch,
        verbose_name=_("batch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recognitions",
    )
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        ordering = ["initiative_id", "decision_date", "id"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "level"], name="recognition_once_level")
        ]
        indexes = [models.Index(fields=["year", "level"])]

    def __str__(self):
        return f"{self.get_level_display()} — {self.decision_number}"
