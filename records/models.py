"""The shared schema: organisation, people, ratings, discipline, councils, the honours catalogue
with its rule sets, and the ledger of conferred honours that every process reads."""

import hashlib
import json
from datetime import UTC
from functools import cached_property
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import connections, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from records import roles
from records.fields import YearField
from records.text import fold


class Bilingual(models.Model):
    """A catalogue entry named in Vietnamese (the official name) with an English name."""

    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.label

    @property
    def label(self):
        if (get_language() or "vi").startswith("en") and self.name_en:
            return self.name_en
        return self.name


# --- Organisation ---------------------------------------------------------------------------


class UnitKind(models.TextChoices):
    SUPREME = "supreme", _("Supreme People's Procuracy")
    PROVINCE = "province", _("Provincial procuracy")
    DISTRICT = "district", _("District procuracy")
    REGIONAL = "regional", _("Regional procuracy")
    DEPARTMENT = "department", _("Department / office")


class UnitQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("parent", "merged_into")

    def visible_to(self, user):
        """The units whose records `user` may see (`User.visible_unit_ids`)."""
        unit_ids = user.visible_unit_ids
        return self if unit_ids is None else self.filter(id__in=unit_ids)

    def subtree_ids(self, roots):
        """Ids of `roots` (units or ids), every unit below them, and every unit merged into one of
        them, transitively: so history recorded under an old unit rolls up to its successor.
        One recursive query, whatever the depth; UNION (not UNION ALL) stops at units seen."""
        ids = [getattr(root, "pk", root) for root in roots]
        roots_in = f"id IN ({', '.join(['%s'] * len(ids))})" if ids else "1 = 0"
        connection = connections[self.db]
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""WITH RECURSIVE tree(id) AS (
                    SELECT id FROM {table} WHERE {roots_in}
                    UNION
                    SELECT unit.id FROM {table} unit JOIN tree
                    ON unit.parent_id = tree.id OR unit.merged_into_id = tree.id
                ) SELECT id FROM tree""",
                ids,
            )
            return {unit_id for (unit_id,) in cursor.fetchall()}


class Unit(models.Model):
    """An organisational unit (đơn vị): a node of the agency tree. Units have a validity period
    and can be merged into a successor, whose reports then include the old unit's history."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_units",
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_period_ordered",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="unit_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.valid_to is None or self.valid_to >= timezone.localdate()


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Leadership(models.TextChoices):
    """Recipient categories of the official statistics forms."""

    MINISTRY = "ministry", _("Leader at ministry / province level")
    DEPARTMENT = "department", _("Leader at department level")
    DIVISION = "division", _("Other leader (deputy head of division and above)")
    STAFF = "staff", _("Staff")


class PersonQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("unit")

    def visible_to(self, user):
        """The people of the units `user` may see, and always the user's own person."""
        unit_ids = user.visible_unit_ids
        if unit_ids is None:
            return self
        scope = Q(unit_id__in=unit_ids)
        if user.person_id:
            scope |= Q(pk=user.person_id)
        return self.filter(scope)

    def search(self, text):
        """Match every word of `text` in the name or staff code, ignoring case and diacritics."""
        queryset = self
        for word in fold(text).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset


class Person(models.Model):
    """A member of staff (cán bộ, công chức, người lao động) who can receive individual honours."""

    staff_code = models.CharField(_("staff code"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=255)
    # The name and code folded to lower case without diacritics: what search matches against.
    search_text = models.CharField(max_length=300, editable=False, db_index=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people"
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    leadership = models.CharField(
        _("leadership category"),
        max_length=16,
        choices=Leadership.choices,
        default=Leadership.STAFF,
    )
    sector_start_date = models.DateField(_("date of joining the sector"), null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["unit__code", "staff_code"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.full_name} {self.staff_code}")
        super().save(*args, **kwargs)


class RecipientType(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")


class RatingLevel(models.TextChoices):
    EXCELLENT = "excellent", _("Excellently completed duties")
    GOOD = "good", _("Well completed duties")
    COMPLETED = "completed", _("Completed duties")
    NOT_COMPLETED = "not_completed", _("Did not complete duties")


def recipient_constraints(prefix):
    """An individual row names a person (and may name their unit at the time); a collective row
    names a unit and no person."""
    return [
        models.CheckConstraint(
            condition=(
                Q(recipient_type=RecipientType.INDIVIDUAL, person__isnull=False)
                | Q(
                    recipient_type=RecipientType.COLLECTIVE, person__isnull=True, unit__isnull=False
                )
            ),
            name=f"{prefix}_person_xor_unit",
        ),
    ]


class Rating(models.Model):
    """The yearly performance rating (xếp loại chất lượng) of a person or a unit."""

    year = YearField(_("year"))
    recipient_type = models.CharField(
        _("recipient type"), max_length=16, choices=RecipientType.choices
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    rating = models.CharField(_("rating"), max_length=16, choices=RatingLevel.choices)

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            *recipient_constraints("rating"),
            models.UniqueConstraint(
                fields=["year", "person"],
                condition=Q(recipient_type=RecipientType.INDIVIDUAL),
                name="rating_one_per_person_year",
            ),
            models.UniqueConstraint(
                fields=["year", "unit"],
                condition=Q(recipient_type=RecipientType.COLLECTIVE),
                name="rating_one_per_unit_year",
            ),
        ]
        indexes = [models.Index(fields=["year", "rating"])]

    def __str__(self):
        return f"{self.year}: {self.get_rating_display()}"


class DisciplineLevel(models.TextChoices):
    REPRIMAND = "reprimand", _("Reprimand")
    WARNING = "warning", _("Warning")
    DEMOTION = "demotion", _("Demotion")
    DISMISSAL = "dismissal", _("Dismissal")


class Discipline(models.Model):
    """A disciplinary measure (kỷ luật) against a person; in force until `end_date`."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="discipline"
    )
    level = models.CharField(_("level"), max_length=16, choices=DisciplineLevel.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64)

    class Meta:
        ordering = ["-start_date", "id"]
        verbose_name = _("disciplinary record")
        verbose_name_plural = _("disciplinary records")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="discipline_period_ordered",
            ),
            models.UniqueConstraint(
                fields=["person", "decision_number", "level", "start_date"],
                name="discipline_unique_decision",
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()} ({self.decision_number})"


# --- Councils -------------------------------------------------------------------------------


class CouncilKind(models.TextChoices):
    EMULATION = "emulation", _("Emulation and Commendation Council")
    INITIATIVE = "initiative", _("Initiative Council")


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    STANDING = "standing", _("Standing member")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class Council(models.Model):
    """A council of an agency: the emulation-commendation council or the initiative council."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="councils"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CouncilKind.choices)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        ordering = ["unit__code", "kind"]
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind"], name="council_one_kind_per_unit")
        ]

    def __str__(self):
        return self.name

    def members_on(self, day):
        return self.memberships.filter(
            Q(term_end__isnull=True) | Q(term_end__gte=day), term_start__lte=day
        ).select_related("person", "person__unit")


class CouncilMember(models.Model):
    """A person's seat on a council, with a role and a term."""

    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="council_seats"
    )
    role = models.CharField(_("role"), max_length=16, choices=CouncilRole.choices)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)

    class Meta:
        ordering = ["council", "role", "person__full_name"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "person", "term_start"], name="council_member_unique_term"
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="council_member_term_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}"


# --- Honours catalogue and rule sets -------------------------------------------------------


class HonourFamily(models.TextChoices):
    TITLE = "title", _("Emulation title")
    COMMENDATION = "commendation", _("Form of commendation")


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individuals")
    COLLECTIVE = "collective", _("Collectives")
    BOTH = "both", _("Individuals and collectives")


class ConferringLevel(models.TextChoices):
    """Whether this agency's head confers the honour (its council decides) or a higher authority
    does (its council only proposes)."""

    AGENCY = "agency", _("Head of the agency")
    HIGHER = "higher", _("Higher authority")


class Honour(Bilingual):
    """An entry of the honours catalogue: an emulation title or a form of commendation."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    family = models.CharField(_("family"), max_length=16, choices=HonourFamily.choices)
    recipient_kind = models.CharField(_("awarded to"), max_length=16, choices=RecipientKind.choices)
    conferred_by = models.CharField(_("conferred by"), max_length=255)
    conferring_level = models.CharField(
        _("conferring level"), max_length=16, choices=ConferringLevel.choices
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=0, help_text=_("Higher honours first in lists and reports.")
    )

    class Meta:
        ordering = ["rank", "code"]
        verbose_name = _("honour")
        verbose_name_plural = _("honours")

    def accepts(self, recipient_type):
        return self.recipient_kind in (RecipientKind.BOTH, recipient_type)


class RuleSetQuerySet(models.QuerySet):
    def for_year(self, year):
        """The rule set in force for the assessed `year` (the latest one that started by then)."""
        return (
            self.filter(Q(last_year__isnull=True) | Q(last_year__gte=year), first_year__lte=year)
            .order_by("-first_year")
            .first()
        )


class RuleSet(models.Model):
    """A dated set of rules, citing the documents they come from. The year being assessed selects
    the rule set; its per-honour parameters are editable data, never code."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    first_year = YearField(_("first year assessed"))
    last_year = YearField(_("last year assessed"), null=True, blank=True)
    sources = models.TextField(_("legal sources"))

    objects = RuleSetQuerySet.as_manager()

    class Meta:
        ordering = ["first_year"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=models.F("first_year")),
                name="rule_set_years_ordered",
            )
        ]

    def __str__(self):
        return self.name


class VoteBase(models.TextChoices):
    ALL_MEMBERS = "all", _("all council members")
    PRESENT = "present", _("members present")


class HonourRule(models.Model):
    """The parameters of one honour under one rule set: the council vote it needs, and the
    eligibility parameters (`criteria`, read by the eligibility checks)."""

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), on_delete=models.CASCADE, related_name="rules"
    )
    honour = models.ForeignKey(
        Honour, verbose_name=_("honour"), on_delete=models.PROTECT, related_name="rules"
    )
    vote_threshold = models.DecimalField(
        _("approval threshold (%)"), max_digits=5, decimal_places=2
    )
    vote_base = models.CharField(_("threshold base"), max_length=8, choices=VoteBase.choices)
    quorum = models.DecimalField(
        _("quorum (percent of all members)"), max_digits=5, decimal_places=2
    )
    secret_ballot = models.BooleanField(_("secret ballot"), default=True)
    quota_percent = models.DecimalField(
        _("quota (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    criteria = models.JSONField(_("eligibility parameters"), default=dict, blank=True)
    source = models.CharField(_("legal source"), max_length=255, blank=True)

    class Meta:
        ordering = ["rule_set", "honour"]
        verbose_name = _("honour rule")
        verbose_name_plural = _("honour rules")
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "honour"], name="honour_rule_unique"),
            models.CheckConstraint(
                condition=Q(vote_threshold__gte=0, vote_threshold__lte=100),
                name="honour_rule_threshold_percent",
            ),
            models.CheckConstraint(
                condition=Q(quorum__gte=0, quorum__lte=100), name="honour_rule_quorum_percent"
            ),
        ]

    def __str__(self):
        return f"{self.honour.code} — {self.rule_set}"


# --- The ledger -----------------------------------------------------------------------------


class Method(models.TextChoices):
    REGULAR = "regular", _("Regular (yearly results)")
    THEMATIC = "thematic", _("Thematic (campaign)")
    AD_HOC = "ad_hoc", _("Ad hoc")
    SERVICE = "service", _("Service (dedication)")
    TENURE = "tenure", _("Tenure")
    FOREIGN = "foreign", _("Foreign relations")
    RESISTANCE = "resistance", _("Resistance")


class ConferralSource(models.TextChoices):
    DECISION = "decision", _("Decision issued in this product")
    IMPORT = "import", _("Imported history")


class ConferralQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("honour", "person", "unit")

    def in_units(self, unit_ids):
        return self.filter(unit_id__in=unit_ids)


class Conferral(models.Model):
    """One row of the ledger of conferred honours: who received which honour, for which year,
    by which decision. Written by decisions of this product and by imports of history."""

    year = YearField(_("year"))
    recipient_type = models.CharField(
        _("recipient type"), max_length=16, choices=RecipientType.choices
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conferrals",
    )
    # For an individual, the unit they belonged to at the time; for a collective, the recipient.
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conferrals",
    )
    honour = models.ForeignKey(
        Honour, verbose_name=_("honour"), on_delete=models.PROTECT, related_name="conferrals"
    )
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    campaign = models.CharField(_("campaign"), max_length=255, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=ConferralSource.choices)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ConferralQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "honour__rank", "id"]
        verbose_name = _("conferred honour")
        verbose_name_plural = _("ledger of conferred honours")
        constraints = [
            *recipient_constraints("conferral"),
            models.UniqueConstraint(
                fields=["person", "honour", "year", "decision_number"],
                condition=Q(recipient_type=RecipientType.INDIVIDUAL),
                name="conferral_unique_individual",
            ),
            models.UniqueConstraint(
                fields=["unit", "honour", "year", "decision_number"],
                condition=Q(recipient_type=RecipientType.COLLECTIVE),
                name="conferral_unique_collective",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "honour"]),
            models.Index(fields=["unit", "year"]),
        ]

    def __str__(self):
        return f"{self.year} {self.honour.code} — {self.recipient}"

    @property
    def recipient(self):
        return self.person if self.recipient_type == RecipientType.INDIVIDUAL else self.unit


# --- People who log in, and what they did ---------------------------------------------------


class Access(NamedTuple):
    """What a user may see: their role names, and the ids of the units whose records they see
    (None: every unit)."""

    roles: frozenset
    unit_ids: frozenset | None


class User(AbstractUser):
    """An account. Roles are groups (see `records.roles`); `unit` bounds what the user sees."""

    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def access(self):
        """The roles and the visible units, read together when first asked. A request's user is
        loaded afresh for that request (records.backends), so they are read once per request."""
        names = set(self.groups.values_list("name", flat=True))
        if self.is_superuser:
            names.add(roles.ADMINISTRATOR)
        if roles.ADMINISTRATOR in names:
            unit_ids = None
        elif self.unit_id and names.intersection(roles.UNIT_SCOPED):
            unit_ids = frozenset(Unit.objects.subtree_ids([self.unit_id]))
        else:
            unit_ids = frozenset()
        return Access(frozenset(names), unit_ids)

    @property
    def roles(self):
        return self.access.roles

    def has_role(self, *wanted):
        return bool(self.roles.intersection(wanted))

    @property
    def visible_unit_ids(self):
        """Units whose records this user may see: everything (None) for administrators, the
        subtree of their unit for officers, clerks and council members, nothing beyond
        themselves for staff."""
        return self.access.unit_ids


class FormSubmission(models.Model):
    """A "new …" form that has created its record (records.submissions): the token the form
    carried when it was shown, and where the record it created lives."""

    token = models.UUIDField()
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    url = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("form sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="form_sent_once_per_user")
        ]

    def __str__(self):
        return f"{self.token} → {self.url}"


class AuditChain(models.Model):
    """The head of the audit trail's hash chain: a single row, locked while events are appended,
    so that concurrent writers chain one after the other and never fork."""

    last_hash = models.CharField(max_length=64, blank=True)
    length = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self):
        return f"{self.length}: {self.last_hash[:12]}"

    @classmethod
    def head(cls):
        """The hash of the last event: it moves with every committed change of a record."""
        connection = connections[cls.objects.db]
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT last_hash FROM {table} WHERE id = 1")
            row = cursor.fetchone()
        return row[0] if row else ""


class AuditEventManager(models.Manager):
    """Appends events to the hash chain: every way of creating them goes through here."""

    def create(self, **fields):
        return self.bulk_create([self.model(**fields)])[0]

    def bulk_create(self, objs, **kwargs):
        events = list(objs)
        with transaction.atomic(using=self.db):
            head, _created = AuditChain.objects.select_for_update().get_or_create(pk=1)
            for event in events:
                event.previous_hash = head.last_hash
                event.hash = event.compute_hash()
                head.last_hash = event.hash
            head.length += len(events)
            head.save(update_fields=["last_hash", "length"])
            return super().bulk_create(events, **kwargs)


class AuditEvent(models.Model):
    """An entry of the audit trail: who did what to which record, and why. Append-only: each
    event carries the hash of the one before it (see `records.integrity`), and on PostgreSQL a
    trigger refuses UPDATE and DELETE."""

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    from_state = models.CharField(_("from"), max_length=32, blank=True)
    to_state = models.CharField(_("to"), max_length=32, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = AuditEventManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        """A new event is appended to the hash chain; a stored one never changes."""
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        type(self).objects.bulk_create([self])

    def compute_hash(self):
        content = {
            # Milliseconds: what a JSON backup keeps of a time, so restored events verify.
            "time": self.created_at.astimezone(UTC).isoformat(timespec="milliseconds"),
            "actor": self.actor_id,
            "action": self.action,
            "object": [self.object_type, str(self.object_id)],
            "states": [self.from_state, self.to_state],
            "reason": self.reason,
            "details": self.details,
        }
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(f"{self.previous_hash}|{canonical}".encode()).hexdigest()


class Job(models.Model):
    """A piece of long work done in the background (records.jobs): who asked for it, how far it
    is, and its result file or the message of its failure. The result is kept in the database so
    that any app server can hand out what any worker made."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    params = models.JSONField(default=dict)
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="jobs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    result = models.BinaryField(null=True, editable=False)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return min(100, 100 * self.done // self.total) if self.total else 0
