"""Nominations and their dossiers, council sessions with their secret ballots, decisions of this
agency and proposals to a higher authority. Every state change goes through `awards.services`."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from records import roles
from records.fields import YearField
from records.models import Method, RecipientType, recipient_constraints


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for more information")
    SCREENED = "screened", _("On a session agenda")
    IN_SESSION = "in_session", _("In session")
    APPROVED = "approved", _("Approved by the council")
    NOT_APPROVED = "not_approved", _("Not approved")
    DEFERRED = "deferred", _("Deferred")
    IN_DECISION = "in_decision", _("In a draft decision")
    PROPOSED = "proposed", _("Proposed to the higher authority")
    DECLINED = "declined", _("Declined by the higher authority")
    CONFERRED = "conferred", _("Conferred")
    REVOKED = "revoked", _("Revoked")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Nominations proposed by, or for, a unit of the user's subtree; a staff member sees
        their own."""
        unit_ids = user.visible_unit_ids
        if unit_ids is None:
            return self
        mine = Q(person_id=user.person_id) if user.person_id else Q(pk__in=[])
        return self.filter(Q(proposing_unit_id__in=unit_ids) | Q(unit_id__in=unit_ids) | mine)

    def for_list(self):
        return self.select_related("honour", "person", "unit", "proposing_unit")


class Nomination(models.Model):
    """A proposal that a person or a unit receive an honour for a year (hồ sơ đề nghị khen
    thưởng), from the unit that proposes it to the ledger row it ends as."""

    honour = models.ForeignKey(
        "records.Honour", verbose_name=_("honour"), on_delete=models.PROTECT, related_name="+"
    )
    recipient_type = models.CharField(
        _("recipient type"), max_length=16, choices=RecipientType.choices
    )
    person = models.ForeignKey(
        "records.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    # For an individual, their unit at the time; for a collective, the recipient.
    unit = models.ForeignKey(
        "records.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    year = YearField(_("year"))
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    campaign = models.CharField(_("campaign"), max_length=255, blank=True)
    summary = models.TextField(_("achievement summary"), blank=True)
    proposing_unit = models.ForeignKey(
        "records.Unit",
        verbose_name=_("proposing unit"),
        on_delete=models.PROTECT,
        related_name="proposed_nominations",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=NominationStatus.choices,
        default=NominationStatus.DRAFT,
        editable=False,
    )
    status_reason = models.TextField(_("reason of the last change"), blank=True, editable=False)
    # Written at screening when the recipient is not eligible or the unit's quota is passed.
    justification = models.TextField(_("justification at screening"), blank=True, editable=False)
    decision = models.ForeignKey(
        "Decision",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
        editable=False,
    )
    proposal = models.ForeignKey(
        "Proposal",
        verbose_name=_("proposal to the higher authority"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
        editable=False,
    )
    higher_decision_number = models.CharField(
        _("higher authority's decision number"), max_length=64, blank=True, editable=False
    )
    higher_decision_date = models.DateField(
        _("higher authority's decision date"), null=True, blank=True, editable=False
    )
    conferral = models.OneToOneField(
        "records.Conferral",
        verbose_name=_("ledger entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nomination",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "honour__rank", "id"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            *recipient_constraints("nomination"),
            models.CheckConstraint(
                condition=~Q(method=Method.THEMATIC) | ~Q(campaign=""),
                name="nomination_thematic_has_campaign",
            ),
        ]
        indexes = [models.Index(fields=["status", "year"])]

    def __str__(self):
        return f"{self.honour.code} {self.year} — {self.recipient}"

    def get_absolute_url(self):
        return reverse("awards:nomination", args=[self.pk])

    @property
    def recipient(self):
        return self.person if self.recipient_type == RecipientType.INDIVIDUAL else self.unit


class DossierKind(models.TextChoices):
    ACHIEVEMENT_REPORT = "achievement_report", _("Achievement report")
    PROPOSAL_LETTER = "proposal_letter", _("Proposal letter")
    EVIDENCE = "evidence", _("Evidence")


def dossier_path(instance, filename):
    # A random name: the original one is kept in `original_name` and never used on disk.
    return f"dossiers/{instance.nomination_id}/{uuid.uuid4().hex}"


class DossierFile(models.Model):
    """A file of a nomination's dossier, stored under MEDIA_ROOT (outside the web root) and
    served only through a permission-checked view."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("document type"), max_length=32, choices=DossierKind.choices)
    file = models.FileField(_("file"), upload_to=dossier_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["nomination", "kind", "id"]
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")

    def __str__(self):
        return self.original_name


# --- Council sessions and ballots ---------------------------------------------------------------


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for voting")
    CLOSED = "closed", _("Closed")


class BallotMode(models.TextChoices):
    ONLINE = "online", _("Online secret ballot")
    PAPER = "paper", _("Paper ballots counted by the counting group")


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        unit_ids = user.visible_unit_ids
        if unit_ids is None:
            return self
        if not user.has_role(roles.CLERK, roles.COUNCIL_CHAIR, roles.COUNCIL_MEMBER):
            return self.none()
        return self.filter(council__unit_id__in=unit_ids)

    def with_ballot_of(self, user):
        """Annotates `voted`: whether `user` has cast their ballot in the session."""
        ballots = Participation.objects.filter(
            session=models.OuterRef("pk"), member__person_id=user.person_id
        )
        return self.annotate(voted=models.Exists(ballots))

    def for_list(self):
        # GROUP BY queries ignore Meta.ordering: order explicitly.
        return (
            self.select_related("council", "council__unit")
            .annotate(item_count=models.Count("items", distinct=True))
            .order_by(*self.model._meta.ordering)
        )


class CouncilSession(models.Model):
    """A session (phiên họp) of the emulation-commendation council: its agenda, attendance,
    ballots and, once closed, the results and the digest printed on the minutes."""

    council = models.ForeignKey(
        "records.Council",
        verbose_name=_("council"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    year = YearField(_("year assessed"), help_text=_("Selects the rule set in force."))
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255)
    ballot_mode = models.CharField(
        _("ballot"), max_length=8, choices=BallotMode.choices, default=BallotMode.ONLINE
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=SessionStatus.choices,
        default=SessionStatus.PLANNED,
        editable=False,
    )
    digest = models.CharField(_("digest of the results"), max_length=64, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")

    def __str__(self):
        return f"{self.council} — {self.date:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("awards:session", args=[self.pk])


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    WRITTEN = "written", _("Absent with a written opinion")


class Attendance(models.Model):
    """Whether a council member attended a session; the rows are the session's membership."""

    session = models.ForeignKey(
        CouncilSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    member = models.ForeignKey(
        "records.CouncilMember",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("attendance"),
        max_length=8,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )

    class Meta:
        ordering = ["session", "member__role", "member__person__full_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_unique_member")
        ]

    def __str__(self):
        return f"{self.member} — {self.get_status_display()}"


class Outcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    NOT_APPROVED = "not_approved", _("Not approved")
    DEFERRED = "deferred", _("Deferred")


class AgendaItem(models.Model):
    """A nomination on a session's agenda, with the totals of its ballot. The totals are
    counters only: nothing links a choice to a member (see `Participation`)."""

    session = models.ForeignKey(
        CouncilSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="items"
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    approve = models.PositiveIntegerField(_("approve"), default=0, editable=False)
    disapprove = models.PositiveIntegerField(_("disapprove"), default=0, editable=False)
    abstain = models.PositiveIntegerField(_("abstain"), default=0, editable=False)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, blank=True, editable=False
    )
    # The numbers behind the outcome (see `awards.arithmetic`), told in the reader's language.
    calculation = models.JSONField(
        _("how the result was computed"), default=dict, blank=True, editable=False
    )

    class Meta:
        ordering = ["session", "nomination__honour__rank", "nomination_id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["session", "nomination"], name="agenda_item_unique")
        ]

    def __str__(self):
        return str(self.nomination)

    @property
    def ballots(self):
        return self.approve + self.disapprove + self.abstain

    @property
    def arithmetic(self):
        from awards.arithmetic import describe

        return describe(self.calculation)


class Participation(models.Model):
    """That a member cast their ballot in a session — and nothing else. A random key, no time
    and no order: the row cannot be linked to the counters it incremented."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        CouncilSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    member = models.ForeignKey(
        "records.CouncilMember",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["session", "member__person__full_name", "member_id"]
        verbose_name = _("ballot participation")
        verbose_name_plural = _("ballot participations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"], name="participation_one_ballot_per_member"
            )
        ]

    def __str__(self):
        return str(self.member)


# --- Decisions and proposals --------------------------------------------------------------------


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class NumberCounter(models.Model):
    """The last number given in a series (decisions, proposals) of an issuing unit for a year;
    locked while the next number is taken, so concurrent issues get distinct numbers."""

    issuer_unit = models.ForeignKey("records.Unit", on_delete=models.CASCADE, related_name="+")
    year = YearField()
    series = models.CharField(max_length=16)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["issuer_unit", "year", "series"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_unit", "year", "series"], name="number_counter_unique"
            )
        ]

    def __str__(self):
        return f"{self.issuer_unit_id}/{self.year}/{self.series}: {self.last}"


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        unit_ids = user.visible_unit_ids
        if unit_ids is None:
            return self
        return self.filter(issuer_unit_id__in=unit_ids)

    def for_list(self):
        return (
            self.select_related("issuer_unit")
            .annotate(item_count=models.Count("nominations", distinct=True))
            .order_by(*self.model._meta.ordering)
        )


class OfficialDocument(models.Model):
    """What a decision and a proposal share: a numbered document of an issuing unit."""

    issuer_unit = models.ForeignKey(
        "records.Unit", verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = YearField(_("year"))
    number_seq = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    symbol = models.CharField(_("symbol"), max_length=32)
    date = models.DateField(_("date"), null=True, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    signer = models.CharField(_("signer"), max_length=255)
    signer_position = models.CharField(_("signer's position"), max_length=255)
    subject = models.CharField(_("subject"), max_length=500)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=DocumentStatus.choices,
        default=DocumentStatus.DRAFT,
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.number or self.subject

    def get_absolute_url(self):
        return reverse(f"awards:{self._meta.model_name}", args=[self.pk])

    @property
    def number(self):
        return f"{self.number_seq}/{self.symbol}" if self.number_seq else ""


class DecisionKind(models.TextChoices):
    AWARD = "award", _("Award")
    CORRECTION = "correction", _("Correction (revokes or amends)")


class Decision(OfficialDocument):
    """A decision of this agency (quyết định khen thưởng). Issued decisions never change; a
    correction is a new decision that revokes conferrals of earlier ones (the ledger keeps both)."""

    SERIES = "QD"

    kind = models.CharField(
        _("kind"), max_length=16, choices=DecisionKind.choices, default=DecisionKind.AWARD
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )

    class Meta:
        ordering = ["-year", "-number_seq", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_unit", "year", "number_seq"], name="decision_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(status=DocumentStatus.DRAFT) | Q(number_seq__isnull=False),
                name="decision_issued_has_number",
            ),
        ]


class Proposal(OfficialDocument):
    """A proposal to a higher authority (tờ trình đề nghị cấp trên khen thưởng); the outcome of
    each nomination arrives later as the higher authority's decision or a refusal."""

    SERIES = "TTr"

    addressee = models.CharField(_("addressed to"), max_length=255)

    class Meta:
        ordering = ["-year", "-number_seq", "-id"]
        verbose_name = _("proposal to the higher authority")
        verbose_name_plural = _("proposals to the higher authority")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_unit", "year", "number_seq"], name="proposal_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(status=DocumentStatus.DRAFT) | Q(number_seq__isnull=False),
                name="proposal_issued_has_number",
            ),
        ]


class Revocation(models.Model):
    """A ledger entry revoked by a correction decision. The conferral stays in the ledger (the
    history keeps both); reports exclude revoked rows through `awards.ledger`."""

    conferral = models.OneToOneField(
        "records.Conferral",
        verbose_name=_("revoked ledger entry"),
        on_delete=models.PROTECT,
        related_name="revocation",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("correction decision"),
        on_delete=models.PROTECT,
        related_name="revocations",
    )
    reason = models.TextField(_("reason"))
    # An amendment: the entry is replaced by one with these values (blank: unchanged).
    new_honour = models.ForeignKey(
        "records.Honour",
        verbose_name=_("amended honour"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    new_method = models.CharField(
        _("amended method"), max_length=16, choices=Method.choices, blank=True
    )
    new_campaign = models.CharField(_("amended campaign"), max_length=255, blank=True)
    replacement = models.OneToOneField(
        "records.Conferral",
        verbose_name=_("replacing ledger entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
        editable=False,
    )

    class Meta:
        ordering = ["decision", "id"]
        verbose_name = _("revocation")
        verbose_name_plural = _("revocations")

    def __str__(self):
        return f"{self.conferral} — {self.decision}"

    @property
    def amends(self):
        return bool(self.new_honour_id or self.new_method or self.new_campaign)


class CertificateCalibration(models.Model):
    """Where the printer puts each text on the pre-printed blank (phôi) of one certificate type:
    offsets in millimetres from the sheet's top-left corner, saved once by the clerk."""

    honour = models.OneToOneField(
        "records.Honour",
        verbose_name=_("certificate type"),
        on_delete=models.CASCADE,
        related_name="calibration",
    )
    landscape = models.BooleanField(_("landscape sheet"), default=True)
    font_size = models.DecimalField(_("font size (pt)"), max_digits=4, decimal_places=1, default=16)
    name_x = models.DecimalField(_("name: from the left (mm)"), max_digits=5, decimal_places=1)
    name_y = models.DecimalField(_("name: from the top (mm)"), max_digits=5, decimal_places=1)
    unit_x = models.DecimalField(_("unit: from the left (mm)"), max_digits=5, decimal_places=1)
    unit_y = models.DecimalField(_("unit: from the top (mm)"), max_digits=5, decimal_places=1)
    text_x = models.DecimalField(
        _("achievement text: from the left (mm)"), max_digits=5, decimal_places=1
    )
    text_y = models.DecimalField(
        _("achievement text: from the top (mm)"), max_digits=5, decimal_places=1
    )
    decision_x = models.DecimalField(
        _("decision line: from the left (mm)"), max_digits=5, decimal_places=1
    )
    decision_y = models.DecimalField(
        _("decision line: from the top (mm)"), max_digits=5, decimal_places=1
    )
    updated_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        ordering = ["honour__rank", "honour__code"]
        verbose_name = _("certificate calibration")
        verbose_name_plural = _("certificate calibrations")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    name_x__gte=0,
                    name_y__gte=0,
                    unit_x__gte=0,
                    unit_y__gte=0,
                    text_x__gte=0,
                    text_y__gte=0,
                    decision_x__gte=0,
                    decision_y__gte=0,
                    font_size__gt=0,
                ),
                name="certificate_calibration_positive",
            )
        ]

    def __str__(self):
        return str(self.honour)
