"""The emulation year: campaigns (phong trào thi đua), registrations of titles (đăng ký thi đua),
emulation clusters and blocs (cụm, khối thi đua) with their pledges (giao ước) and year-end scores.

What other apps read (awards, reports):
- `ClusterScore.objects.flag_proposals(year)`: units proposed for the sector flag (CTDN) by their
  cluster's ranking; `emulation.services.mark_flag_nominated(score, user)` once nominated.
- `Registration.objects.warning_for(honour, year, person=… | unit=…)`: the warning to show when
  a nominee did not register the title (Law 2022 Điều 7: a warning, never a block).
- `Campaign.objects.statistics_0601(year)`: campaigns by organising level, scope and duration
  bucket, for statistics form 0601.N.
"""

from collections import Counter
from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from records.fields import DateField, YearField
from records.models import HonourFamily, RecipientType, recipient_constraints

# --- Campaigns ------------------------------------------------------------------------------


class CampaignForm(models.TextChoices):
    REGULAR = "regular", _("Regular (yearly)")
    THEMATIC = "thematic", _("Thematic")


class OrganisingLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    SECTOR = "sector", _("Sector")
    AGENCY = "agency", _("Agency")
    UNIT = "unit", _("Unit")


class CampaignScope(models.TextChoices):
    NATIONAL = "national", _("National")
    SECTOR = "sector", _("Sector or locality")
    CLUSTER = "cluster", _("Cluster or bloc")
    UNIT = "unit", _("Unit")


class CampaignPhase(models.TextChoices):
    LAUNCHED = "launched", _("Launched")
    PRELIMINARY = "preliminary", _("Preliminary review")
    FINAL = "final", _("Final review")
    CLOSED = "closed", _("Closed")


# Each phase and the one that follows it: a campaign only moves forward.
NEXT_PHASE = {
    CampaignPhase.LAUNCHED: CampaignPhase.PRELIMINARY,
    CampaignPhase.PRELIMINARY: CampaignPhase.FINAL,
    CampaignPhase.FINAL: CampaignPhase.CLOSED,
}


class Duration(models.TextChoices):
    """The duration columns of statistics form 0601.N."""

    UNDER_ONE = "under_1", _("Under 1 year")
    ONE = "1", _("1 year")
    ONE_TO_THREE = "1_3", _("Over 1 to 3 years")
    THREE_TO_FIVE = "3_5", _("Over 3 to 5 years")
    OVER_FIVE = "5_plus", _("Over 5 years")


def duration_bucket(start, end):
    """The 0601.N column of a campaign running from `start` to `end` (both days included):
    2021-01-01 to 2025-12-31 is exactly 60 months, so "over 3 to 5 years"."""
    if end.year - start.year > 5:  # from 1 January of the sixth year on: over five years
        return Duration.OVER_FIVE  # (and no day after 31/12/9999 to compute)
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if after.day < start.day:
        months -= 1
    # A period that is not a whole number of months counts as longer than its whole months.
    spare = after.day != start.day
    if months < 12:
        return Duration.UNDER_ONE
    if months == 12 and not spare:
        return Duration.ONE
    if months < 36 or (months == 36 and not spare):
        return Duration.ONE_TO_THREE
    if months < 60 or (months == 60 and not spare):
        return Duration.THREE_TO_FIVE
    return Duration.OVER_FIVE


def ancestor_ids(unit_id):
    """`unit_id` and every unit above it (one query)."""
    from records.models import Unit

    parents = dict(Unit.objects.values_list("id", "parent_id"))
    found = []
    while unit_id is not None and unit_id not in found:
        found.append(unit_id)
        unit_id = parents.get(unit_id)
    return found


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Central and sector campaigns (they concern every unit), and campaigns launched by a
        unit the user sees or by a unit above the user's own unit."""
        if user.visible_unit_ids is None:
            return self
        return self.filter(
            Q(level__in=(OrganisingLevel.CENTRAL, OrganisingLevel.SECTOR))
            | Q(launching_unit_id__in=set(user.visible_unit_ids) | set(ancestor_ids(user.unit_id)))
        )

    def for_list(self):
        return self.select_related("launching_unit")

    def running_in(self, year):
        """Campaigns whose period overlaps `year`."""
        return self.filter(start_date__year__lte=year, end_date__year__gte=year)

    def statistics_0601(self, year):
        """Form 0601.N: campaigns launched in `year`, counted by organising level, scope and
        duration bucket. Returns a Counter keyed by (level, scope, duration); one query."""
        rows = self.filter(start_date__year=year).values_list(
            "level", "scope", "start_date", "end_date"
        )
        return Counter(
            (level, scope, duration_bucket(start, end)) for level, scope, start, end in rows
        )


class Campaign(models.Model):
    """An emulation campaign (phong trào thi đua): launched by a unit for a period, reviewed
    part-way (sơ kết) and at the end (tổng kết), then closed."""

    name = models.CharField(_("name"), max_length=255)
    form = models.CharField(_("form"), max_length=16, choices=CampaignForm.choices)
    level = models.CharField(_("organising level"), max_length=16, choices=OrganisingLevel.choices)
    scope = models.CharField(_("scope"), max_length=16, choices=CampaignScope.choices)
    launching_unit = models.ForeignKey(
        "records.Unit",
        verbose_name=_("launching unit"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    start_date = DateField(_("start date"))
    end_date = DateField(_("end date"))
    preliminary_review_on = DateField(_("preliminary review due"), null=True, blank=True)
    targets = models.TextField(_("targets"), blank=True)
    description = models.TextField(_("description"), blank=True)
    documents = models.TextField(
        _("documents"), blank=True, help_text=_("Launching documents: number, date and title.")
    )
    phase = models.CharField(
        _("phase"),
        max_length=16,
        choices=CampaignPhase.choices,
        default=CampaignPhase.LAUNCHED,
        editable=False,
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name", "id"]
        verbose_name = _("emulation campaign")
        verbose_name_plural = _("emulation campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="campaign_period_ordered"
            )
        ]
        indexes = [models.Index(fields=["start_date", "end_date"])]

    def __str__(self):
        return self.name

    @property
    def duration(self):
        return Duration(duration_bucket(self.start_date, self.end_date))

    @property
    def next_phase(self):
        return NEXT_PHASE.get(self.phase)


# --- Registrations --------------------------------------------------------------------------


class RegistrationPeriod(models.Model):
    """The deadline, set by the standing office, for the registration sheets of one year."""

    year = YearField(_("year"), unique=True)
    deadline = DateField(_("deadline"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("registration period")
        verbose_name_plural = _("registration periods")

    def __str__(self):
        return f"{self.year}: {self.deadline:%d/%m/%Y}"


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


EDITABLE_SHEET_STATUSES = (SheetStatus.DRAFT, SheetStatus.RETURNED)


class SheetQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.visible_unit_ids is None:
            return self
        return self.filter(unit_id__in=user.visible_unit_ids)

    def for_list(self):
        return self.select_related("unit")


class RegistrationSheet(models.Model):
    """A unit's registration of emulation titles for one year: the titles its people and the
    unit itself aim at. Drafted by the unit's officer, submitted, then accepted or returned by
    the standing office. A late submission is flagged, never refused."""

    unit = models.ForeignKey(
        "records.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="registration_sheets",
    )
    year = YearField(_("year"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SheetStatus.choices,
        default=SheetStatus.DRAFT,
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    is_late = models.BooleanField(_("late"), default=False, editable=False)
    return_reason = models.TextField(_("reason for return"), blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SheetQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "unit__code"]
        verbose_name = _("registration sheet")
        verbose_name_plural = _("registration sheets")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="sheet_one_per_unit_year")
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self):
        return f"{self.year} — {self.unit}"

    @property
    def is_editable(self):
        return self.status in EDITABLE_SHEET_STATUSES


class RegistrationQuerySet(models.QuerySet):
    def counts_by_title(self, year, unit_ids=None):
        """{(unit_id, honour code): count} of registrations in `year`; one query."""
        rows = self.filter(year=year)
        if unit_ids is not None:
            rows = rows.filter(sheet__unit_id__in=unit_ids)
        rows = rows.values_list("sheet__unit_id", "honour__code").annotate(n=models.Count("id"))
        return {(unit_id, code): n for unit_id, code, n in rows}

    def warning_for(self, honour, year, person=None, unit=None):
        """Law 2022 Điều 7: registration is collected but is not a precondition. Returns a
        warning text when the recipient did not register `honour` (or a higher title) in a
        submitted or accepted sheet for `year`, otherwise None. Callers show it; they never
        refuse a nomination because of it."""
        registered = self.filter(
            year=year,
            honour__rank__lte=honour.rank,
            honour__family=HonourFamily.TITLE,
            sheet__status__in=(SheetStatus.SUBMITTED, SheetStatus.ACCEPTED),
        )
        if person is not None:
            registered = registered.filter(person=person)
        else:
            registered = registered.filter(unit=unit, recipient_type=RecipientType.COLLECTIVE)
        if honour.family != HonourFamily.TITLE or registered.exists():
            return None
        return _("%(recipient)s did not register %(honour)s for %(year)s.") % {
            "recipient": person or unit,
            "honour": honour.label,
            "year": year,
        }


class Registration(models.Model):
    """One line of a registration sheet: a person (or the unit itself) and the title aimed at."""

    sheet = models.ForeignKey(
        RegistrationSheet,
        verbose_name=_("registration sheet"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    # The sheet's year again, so that the database can keep one registration per recipient per
    # title per year.
    year = YearField(_("year"))
    recipient_type = models.CharField(
        _("recipient type"), max_length=16, choices=RecipientType.choices
    )
    person = models.ForeignKey(
        "records.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    unit = models.ForeignKey(
        "records.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    honour = models.ForeignKey(
        "records.Honour",
        verbose_name=_("registered title"),
        on_delete=models.PROTECT,
        related_name="registrations",
        limit_choices_to={"family": HonourFamily.TITLE},
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["sheet", "recipient_type", "person__staff_code", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            *recipient_constraints("registration"),
            models.UniqueConstraint(
                fields=["person", "honour", "year"],
                condition=Q(recipient_type=RecipientType.INDIVIDUAL),
                name="registration_one_per_person_title_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "honour", "year"],
                condition=Q(recipient_type=RecipientType.COLLECTIVE),
                name="registration_one_per_unit_title_year",
            ),
        ]
        indexes = [models.Index(fields=["year", "honour"])]

    def __str__(self):
        return f"{self.year} {self.honour.code} — {self.person or self.unit}"


# --- Clusters, pledges and scoring ----------------------------------------------------------


class ClusterKind(models.TextChoices):
    CLUSTER = "cluster", _("Emulation cluster")
    BLOC = "bloc", _("Emulation bloc")


class ClusterQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Clusters organised by a unit the user sees, or with a member the user sees."""
        if user.visible_unit_ids is None:
            return self
        ids = user.visible_unit_ids
        return self.filter(
            Q(organiser_id__in=ids)
            | Q(pk__in=ClusterMember.objects.filter(unit_id__in=ids).values("cluster_id"))
        )

    def for_list(self):
        """With organiser, members and their units, and the unit proposed for the flag (in
        `flag_scores`, a list of at most one)."""
        flagged = ClusterScore.objects.exclude(flag_proposal=FlagProposal.NONE).select_related(
            "unit"
        )
        return self.select_related("organiser").prefetch_related(
            "members__unit", models.Prefetch("scores", queryset=flagged, to_attr="flag_scores")
        )


class Cluster(models.Model):
    """An emulation cluster or bloc (cụm, khối thi đua) for one year: peer units organised by a
    higher unit, led by one member with one deputy, bound by a pledge and scored at year end."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(
        _("kind"), max_length=16, choices=ClusterKind.choices, default=ClusterKind.CLUSTER
    )
    year = YearField(_("year"))
    organiser = models.ForeignKey(
        "records.Unit",
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="organised_clusters",
    )
    ranked_at = models.DateTimeField(_("ranked at"), null=True, blank=True, editable=False)

    objects = ClusterQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "organiser__code", "name"]
        verbose_name = _("emulation cluster")
        verbose_name_plural = _("emulation clusters")
        constraints = [
            models.UniqueConstraint(
                fields=["organiser", "year", "name"], name="cluster_unique_name_year"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"

    def member_with_role(self, role):
        return next((m for m in self.members.all() if m.role == role), None)

    @property
    def leader(self):
        return self.member_with_role(MemberRole.LEADER)

    @property
    def deputy(self):
        return self.member_with_role(MemberRole.DEPUTY)


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    DEPUTY = "deputy", _("Deputy leader")
    MEMBER = "member", pgettext_lazy("cluster role", "Member")


class ClusterMember(models.Model):
    """A unit's membership of a cluster in its year, with its role (leader, deputy, member)."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="members"
    )
    unit = models.ForeignKey(
        "records.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="cluster_memberships",
    )
    role = models.CharField(
        _("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER
    )

    class Meta:
        ordering = ["cluster", "unit__code"]
        verbose_name = _("cluster member")
        verbose_name_plural = _("cluster members")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "unit"], name="cluster_member_unique"),
            models.UniqueConstraint(
                fields=["cluster"],
                condition=Q(role=MemberRole.LEADER),
                name="cluster_one_leader",
            ),
            models.UniqueConstraint(
                fields=["cluster"],
                condition=Q(role=MemberRole.DEPUTY),
                name="cluster_one_deputy",
            ),
        ]

    def __str__(self):
        return f"{self.unit} — {self.get_role_display()}"


class PledgeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")


class Pledge(models.Model):
    """The emulation pledge (giao ước thi đua) that a cluster's members sign at the start of the
    year: criteria with their maximum points."""

    cluster = models.OneToOneField(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="pledge"
    )
    title = models.CharField(_("title"), max_length=255)
    content = models.TextField(_("content"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PledgeStatus.choices,
        default=PledgeStatus.DRAFT,
        editable=False,
    )
    signed_on = models.DateField(_("signing date"), null=True, blank=True, editable=False)
    place = models.CharField(_("place of signing"), max_length=255, blank=True)
    signatories = models.ManyToManyField(
        "records.Unit", verbose_name=_("signatory units"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["cluster"]
        verbose_name = _("emulation pledge")
        verbose_name_plural = _("emulation pledges")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=PledgeStatus.DRAFT) | Q(signed_on__isnull=False),
                name="pledge_signed_has_date",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def max_total(self):
        return sum(criterion.max_points for criterion in self.criteria.all())


class PledgeCriterion(models.Model):
    """One criterion of a pledge and the most points a member can score on it."""

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="criteria"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("criterion"))
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["pledge", "number"]
        verbose_name = _("pledge criterion")
        verbose_name_plural = _("pledge criteria")
        constraints = [
            models.UniqueConstraint(fields=["pledge", "number"], name="criterion_unique_number"),
            models.CheckConstraint(
                condition=Q(max_points__gt=0), name="pledge_criterion_max_positive"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class CriterionPoints(models.Model):
    """The points a cluster member scored on one criterion of the pledge at year end."""

    member = models.ForeignKey(
        ClusterMember, verbose_name=_("member"), on_delete=models.CASCADE, related_name="points"
    )
    criterion = models.ForeignKey(
        PledgeCriterion,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="points",
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["member", "criterion"]
        verbose_name = _("criterion points")
        verbose_name_plural = _("criterion points")
        constraints = [
            models.UniqueConstraint(fields=["member", "criterion"], name="points_unique"),
            models.CheckConstraint(condition=Q(points__gte=0), name="points_not_negative"),
        ]

    def __str__(self):
        return f"{self.member.unit}: {self.points}"


class FlagProposal(models.TextChoices):
    NONE = "", _("—")
    PROPOSED = "proposed", _("Proposed for the sector flag")
    NOMINATED = "nominated", _("Nominated for the sector flag")


class ClusterScoreQuerySet(models.QuerySet):
    def flag_proposals(self, year):
        """The units that lead their cluster's ranking for `year` and are proposed for the sector
        emulation flag (CTDN), one per ranked cluster, still waiting for a nomination. The awards
        app reads this and, when it nominates, calls `emulation.services.mark_flag_nominated`."""
        return self.filter(cluster__year=year, flag_proposal=FlagProposal.PROPOSED).select_related(
            "cluster", "unit"
        )

    def for_list(self):
        return self.select_related("unit")


class ClusterScore(models.Model):
    """A member's year-end result in its cluster: total points and rank, written when the
    cluster is ranked. The first-ranked member is proposed for the sector emulation flag (CTDN):
    `flag_proposal` is "proposed" until the awards work nominates it ("nominated").

    Ranking rule: higher total first; equal totals are separated by the points on criterion 1,
    then criterion 2, and so on; still equal, by unit code."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="scores"
    )
    unit = models.ForeignKey(
        "records.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    total = models.DecimalField(_("total points"), max_digits=8, decimal_places=2)
    rank = models.PositiveSmallIntegerField(_("rank"))
    flag_proposal = models.CharField(
        _("sector flag"), max_length=16, choices=FlagProposal.choices, default="", blank=True
    )

    objects = ClusterScoreQuerySet.as_manager()

    class Meta:
        ordering = ["cluster", "rank"]
        verbose_name = _("cluster result")
        verbose_name_plural = _("cluster results")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "unit"], name="score_one_per_member"),
            models.UniqueConstraint(fields=["cluster", "rank"], name="score_unique_rank"),
            models.UniqueConstraint(
                fields=["cluster"], condition=~Q(flag_proposal=""), name="score_one_flag_proposal"
            ),
        ]

    def __str__(self):
        return f"{self.cluster}: {self.rank}. {self.unit}"
