"""Sector-sized data for load tests (`manage.py generate_sector`): the Supreme Procuracy with its
departments, provinces with departments, regional units, people, years of ratings, discipline and
a ledger of conferrals, registrations, initiatives with authors and recognitions, and in every
province a council that decided last year's nominations and has this year's on an open online
session. Deterministic: the same sizes and seed give the same rows. The bulk goes in through
`records.bulk.insert` (COPY on PostgreSQL); the workflow part goes through the awards services so
that it is as real as the product's own. It refuses to run a second time (the supreme unit exists):
load tests want one known data set, and appending would change the sizes measured."""

import random
from dataclasses import dataclass, fields, replace
from datetime import date

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction

from awards import services
from awards.demo import approve_on_paper
from awards.models import BallotMode, Nomination
from emulation.models import Registration, RegistrationPeriod, RegistrationSheet, SheetStatus
from initiatives.models import Author, Initiative, Level, Recognition, Status
from records import roles
from records.bulk import insert
from records.demo import GIVEN, MIDDLE, SURNAMES
from records.models import (
    AuditEvent,
    Conferral,
    ConferralSource,
    Council,
    CouncilKind,
    CouncilMember,
    CouncilRole,
    Discipline,
    DisciplineLevel,
    Honour,
    Leadership,
    Method,
    Person,
    Rating,
    RatingLevel,
    RecipientType,
    Unit,
    UnitKind,
    User,
)
from records.text import fold

SUPREME = "S-TC"
LAST_YEAR = 2025
PASSWORD = "bench12345"
DEPARTMENTS_PER_PROVINCE = 6
LEADERS_PER_PROVINCE = 5
AGENDA_SIZE = 12
CAMPAIGNS = ["Phong trào thi đua Vì công lý", "Phong trào thi đua Dân vận khéo"]
# Honours of a person-year in the order they are handed out: the first k are conferred.
INDIVIDUAL_HONOURS = [
    ("LDTT", Method.REGULAR, ""),
    ("GK", Method.REGULAR, ""),
    ("CSTDCS", Method.REGULAR, ""),
    ("GK", Method.THEMATIC, CAMPAIGNS[0]),
    ("BKN", Method.REGULAR, ""),
    ("GK", Method.THEMATIC, CAMPAIGNS[1]),
]


class AlreadyGenerated(Exception):
    """The sector data is already in the database."""


@dataclass(frozen=True)
class Sizes:
    provinces: int = 34
    regional: int = 355
    people: int = 15000
    years: int = 10
    conferrals: int = 400000

    def scaled(self, factor):
        """Every size times `factor`, except the years of history."""
        scaled = {
            f.name: max(1, round(getattr(self, f.name) * factor))
            for f in fields(self)
            if f.name != "years"
        }
        return replace(self, **scaled)

    @property
    def year_range(self):
        return range(LAST_YEAR - self.years + 1, LAST_YEAR + 1)


def generate(sizes=Sizes(), seed=1, log=print):
    if Unit.objects.filter(code=SUPREME).exists():
        raise AlreadyGenerated(SUPREME)
    rng = random.Random(seed)
    honours = {honour.code: honour for honour in Honour.objects.all()}
    with transaction.atomic():
        units, provinces = _units(sizes)
        log(f"{len(units)} units")
        people, leaders = _people(rng, sizes, units, provinces)
        log(f"{len(people)} people")
        counts = {
            "ratings": _ratings(rng, sizes, units, people),
            "discipline": _discipline(rng, sizes, people),
            "conferrals": _conferrals(rng, sizes, units, people, honours),
            "registrations": _registrations(rng, units, people, honours),
            "initiatives": _initiatives(rng, sizes, people),
        }
        log(", ".join(f"{count} {name}" for name, count in counts.items()))
        AuditEvent.objects.bulk_create(
            AuditEvent(action="generated", object_type=name, details={"rows": count})
            for name, count in counts.items()
        )
        users = _accounts(units, provinces, leaders)
        nominations = _workflow(rng, provinces, leaders, people, users, honours)
        log(f"{len(users)} accounts, {nominations} nominations through council sessions")
    if connection.vendor == "postgresql":
        # Rows that arrive by COPY have no statistics yet: without them the planner expects a
        # handful of ratings and picks nested loops that take a second on the dashboard.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _units(sizes):
    supreme = Unit.objects.create(
        code=SUPREME, name="Viện kiểm sát nhân dân tối cao", kind=UnitKind.SUPREME
    )
    rows = [
        Unit(code=f"{SUPREME}-V{n}", name=f"Vụ {n}", kind=UnitKind.DEPARTMENT, parent=supreme)
        for n in range(1, 9)
    ]
    provinces = Unit.objects.bulk_create(
        Unit(
            code=f"S-P{p:02d}",
            name=f"Viện kiểm sát nhân dân tỉnh số {p}",
            kind=UnitKind.PROVINCE,
            parent=supreme,
        )
        for p in range(1, sizes.provinces + 1)
    )
    for province in provinces:
        rows += [
            Unit(
                code=f"{province.code}-D{n}",
                name=f"Phòng {n} — {province.name}",
                kind=UnitKind.DEPARTMENT,
                parent=province,
            )
            for n in range(1, DEPARTMENTS_PER_PROVINCE + 1)
        ]
    rows += [
        Unit(
            code=f"S-R{r:03d}",
            name=f"Viện kiểm sát nhân dân khu vực số {r}",
            kind=UnitKind.REGIONAL,
            parent=provinces[(r - 1) % len(provinces)],
        )
        for r in range(1, sizes.regional + 1)
    ]
    Unit.objects.bulk_create(rows)
    units = list(Unit.objects.filter(code__startswith="S-").order_by("code"))
    return units, [unit for unit in units if unit.kind == UnitKind.PROVINCE]


def _people(rng, sizes, units, provinces):
    """Each province's leaders first (they sit on its council), then everyone else in turn over
    every unit."""
    plan = [(province, Leadership.MINISTRY) for province in provinces] * LEADERS_PER_PROVINCE
    plan.sort(key=lambda entry: entry[0].code)
    plan += [
        (units[n % len(units)], Leadership.STAFF) for n in range(max(0, sizes.people - len(plan)))
    ]
    people = []
    for number, (unit, leadership) in enumerate(plan, start=1):
        gender = rng.choice(["male", "female"])
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
        staff_code = f"S{number:06d}"
        joined = date(rng.randint(1990, LAST_YEAR - 1), rng.randint(1, 12), rng.randint(1, 28))
        people.append(
            Person(
                staff_code=staff_code,
                full_name=name,
                search_text=fold(f"{name} {staff_code}"),
                gender=gender,
                unit=unit,
                position="Viện trưởng" if leadership == Leadership.MINISTRY else "Kiểm sát viên",
                leadership=leadership,
                birth_date=date(joined.year - rng.randint(23, 30), 1, 1),
                sector_start_date=joined,
            )
        )
    people = Person.objects.bulk_create(people, batch_size=2000)
    leaders = {}
    for person in people:
        if person.leadership == Leadership.MINISTRY:
            leaders.setdefault(person.unit_id, []).append(person)
    return people, leaders


def _ratings(rng, sizes, units, people):
    fields_ = ["year", "recipient_type", "person_id", "unit_id", "rating"]
    levels = [RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.COMPLETED]
    rows = []
    for year in sizes.year_range:
        for person in people:
            level = rng.choices(levels, weights=[20, 72, 8])[0]
            rows.append((year, RecipientType.INDIVIDUAL, person.pk, person.unit_id, level))
        for unit in units:
            level = RatingLevel.EXCELLENT if rng.random() < 0.4 else RatingLevel.GOOD
            rows.append((year, RecipientType.COLLECTIVE, None, unit.pk, level))
    return insert(Rating, fields_, rows, {})


def _discipline(rng, sizes, people):
    fields_ = ["person_id", "level", "start_date", "end_date", "decision_number"]
    rows = []
    for year in sizes.year_range:
        for person in rng.sample(people, max(1, len(people) // 100)):
            start = date(year, rng.randint(1, 12), rng.randint(1, 28))
            rows.append(
                (
                    person.pk,
                    rng.choice(DisciplineLevel.values),
                    start,
                    date(year + 1, start.month, start.day),
                    f"{len(rows) + 1}/QĐ-KL",
                )
            )
    return insert(Discipline, fields_, rows, {})


def _conferrals(rng, sizes, units, people, honours):
    """One TTLDTT per unit and year, and about `sizes.conferrals` in all: each person-year gets
    the first k honours of INDIVIDUAL_HONOURS, k drawn around the mean that gives the total."""
    fields_ = [
        "year",
        "recipient_type",
        "person_id",
        "unit_id",
        "honour_id",
        "method",
        "campaign",
        "decision_number",
        "decision_date",
        "issuer",
    ]
    extra = {"source": ConferralSource.IMPORT}
    rows = []
    for year in sizes.year_range:
        day = date(year, 12, 20)
        for unit in units:
            rows.append(
                (
                    year,
                    RecipientType.COLLECTIVE,
                    None,
                    unit.pk,
                    honours["TTLDTT"].pk,
                    Method.REGULAR,
                    "",
                    f"T{year % 100}/QĐ-VKS",
                    day,
                    "Viện trưởng",
                )
            )
    person_years = len(people) * sizes.years
    mean = min(len(INDIVIDUAL_HONOURS), max(0, sizes.conferrals - len(rows)) / person_years)
    whole, fraction = int(mean), mean - int(mean)
    for year in sizes.year_range:
        day = date(year, 12, 20)
        for person in people:
            count = min(len(INDIVIDUAL_HONOURS), whole + (rng.random() < fraction))
            for index, (code, method, campaign) in enumerate(INDIVIDUAL_HONOURS[:count]):
                rows.append(
                    (
                        year,
                        RecipientType.INDIVIDUAL,
                        person.pk,
                        person.unit_id,
                        honours[code].pk,
                        method,
                        campaign,
                        f"{index + 1}{year % 100}/QĐ-VKS",
                        day,
                        "Viện trưởng",
                    )
                )
    return insert(Conferral, fields_, rows, extra)


def _registrations(rng, units, people, honours):
    RegistrationPeriod.objects.create(year=LAST_YEAR, deadline=date(LAST_YEAR, 3, 15))
    sheets = RegistrationSheet.objects.bulk_create(
        RegistrationSheet(unit=unit, year=LAST_YEAR, status=SheetStatus.SUBMITTED) for unit in units
    )
    sheet_of = {sheet.unit_id: sheet.pk for sheet in sheets}
    rows = []
    for person in people:
        code = "CSTDCS" if rng.random() < 0.2 else "LDTT"
        rows.append(
            (
                sheet_of[person.unit_id],
                LAST_YEAR,
                RecipientType.INDIVIDUAL,
                person.pk,
                None,
                honours[code].pk,
            )
        )
    for unit in units:
        rows.append(
            (
                sheet_of[unit.pk],
                LAST_YEAR,
                RecipientType.COLLECTIVE,
                None,
                unit.pk,
                honours["TTLDTT"].pk,
            )
        )
    fields_ = ["sheet_id", "year", "recipient_type", "person_id", "unit_id", "honour_id"]
    return insert(Registration, fields_, rows, {})


def _initiatives(rng, sizes, people):
    """About one person in fifty writes an initiative a year, alone or with a co-author; most are
    recognised at grassroots level. Authors are added while drafts, then the status moves on (the
    database checks the shares)."""
    initiatives, pairs = [], []
    for year in sizes.year_range:
        for number, author in enumerate(rng.sample(people, max(1, len(people) // 50)), start=1):
            title = f"Giải pháp nâng cao chất lượng kiểm sát số {number} năm {year}"
            summary = f"Sáng kiến của {author.full_name} về nghiệp vụ kiểm sát"
            initiatives.append(
                Initiative(
                    code=f"SK-{year}-{number:05d}",
                    title=title,
                    summary=summary,
                    search_text=fold(f"{title} {summary}"),
                    unit_id=author.unit_id,
                    year=year,
                    first_applied_on=date(year, 3, 1),
                )
            )
            co_author = rng.choice(people) if rng.random() < 0.4 else None
            pairs.append((author, None if co_author is author else co_author))
    initiatives = Initiative.objects.bulk_create(initiatives, batch_size=2000)
    authors = []
    for initiative, (author, co_author) in zip(initiatives, pairs, strict=True):
        authors.append((initiative.pk, author.pk, 60 if co_author else 100, 1))
        if co_author:
            authors.append((initiative.pk, co_author.pk, 40, 2))
    insert(Author, ["initiative_id", "person_id", "share", "position"], authors, {})
    recognised = [i for i in initiatives if rng.random() < 0.7]
    Initiative.objects.filter(pk__in=[i.pk for i in recognised]).update(status=Status.RECOGNISED)
    rows = [
        (i.pk, Level.GRASSROOTS, i.year, f"SK{i.year % 100}/QĐ-VKS", date(i.year, 11, 30))
        for i in recognised
    ]
    insert(
        Recognition,
        ["initiative_id", "level", "year", "decision_number", "decision_date"],
        rows,
        {},
    )
    return len(initiatives)


# Accounts of each province: its clerk (the fifth leader), its chair (the first) and three
# members; `S-P01` accounts are the bench personas. One password hash for all (hashing is slow).
PROVINCE_ACCOUNTS = [
    ("chutich", roles.COUNCIL_CHAIR, 0, CouncilRole.CHAIR),
    ("hoidong1", roles.COUNCIL_MEMBER, 1, CouncilRole.VICE_CHAIR),
    ("hoidong2", roles.COUNCIL_MEMBER, 2, CouncilRole.MEMBER),
    ("hoidong3", roles.COUNCIL_MEMBER, 3, CouncilRole.MEMBER),
    ("vanphong", roles.CLERK, 4, CouncilRole.SECRETARY),
]


def account_name(province_code, name):
    return f"{province_code.lower()}.{name}"


def _accounts(units, provinces, leaders):
    password = make_password(PASSWORD)
    groups = {group.name: group for group in Group.objects.all()}
    supreme = next(unit for unit in units if unit.code == SUPREME)
    plan = [("s.quantri", roles.ADMINISTRATOR, supreme, None)]
    seats = []
    for province in provinces:
        council = Council.objects.create(
            unit=province, kind=CouncilKind.EMULATION, name=f"Hội đồng TĐKT — {province.name}"
        )
        for name, role, index, seat in PROVINCE_ACCOUNTS:
            person = leaders[province.pk][index]
            plan.append((account_name(province.code, name), role, province, person))
            seats.append(
                CouncilMember(
                    council=council, person=person, role=seat, term_start=date(LAST_YEAR - 2, 1, 1)
                )
            )
    CouncilMember.objects.bulk_create(seats)
    users = User.objects.bulk_create(
        User(
            username=username,
            password=password,
            unit=unit,
            person=person,
            first_name=person.full_name if person else "",
            is_staff=role == roles.ADMINISTRATOR,
            is_superuser=role == roles.ADMINISTRATOR,
        )
        for username, role, unit, person in plan
    )
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=groups[role].pk)
        for user, (_username, role, _unit, _person) in zip(users, plan, strict=True)
    )
    return {user.username: user for user in User.objects.filter(pk__in=[u.pk for u in users])}


def _workflow(rng, provinces, leaders, people, users, honours):
    """Per province: last year's certificates decided through a paper session and a decision,
    and this year's on an open online session where all but the last member have voted."""
    staff = {}
    for person in people:
        if person.leadership == Leadership.STAFF:
            staff.setdefault(person.unit_id, []).append(person)
    subtree = {p.pk: [p.pk] for p in provinces}
    for unit in Unit.objects.filter(parent__in=provinces).order_by("code"):
        subtree[unit.parent_id].append(unit.pk)
    total = 0
    for province in provinces:
        pool = [person for unit_id in subtree[province.pk] for person in staff.get(unit_id, [])]
        pool = rng.sample(pool, min(len(pool), 2 * AGENDA_SIZE))
        clerk = users[account_name(province.code, "vanphong")]
        chair = users[account_name(province.code, "chutich")]
        council = Council.objects.get(unit=province, kind=CouncilKind.EMULATION)
        for year, chosen in ((LAST_YEAR - 1, pool[:AGENDA_SIZE]), (LAST_YEAR, pool[AGENDA_SIZE:])):
            if not chosen:
                continue
            nominations = services.create_nominations(
                clerk,
                [
                    services.NominationData(
                        honour=honours["GK"],
                        year=year,
                        method=Method.REGULAR,
                        proposing_unit=person.unit,
                        person=person,
                        summary=f"Hoàn thành xuất sắc nhiệm vụ năm {year}",
                    )
                    for person in chosen
                ],
            )
            total += len(nominations)
            services.submit(clerk, nominations)
            mode = BallotMode.PAPER if year < LAST_YEAR else BallotMode.ONLINE
            session = services.create_session(
                clerk, council, year, date(year, 12, 10), "Hội trường", mode
            )
            services.put_on_agenda(clerk, session, nominations)
            session = services.open_session(chair, session)
            if year < LAST_YEAR:
                _decide(clerk, chair, session, province, year, leaders)
            else:
                for name in ("chutich", "hoidong1", "hoidong2"):
                    _vote(users[account_name(province.code, name)], session)
    return total


def _vote(voter, session):
    attendance = services.voter_attendance(voter, session)
    allowed, _recused = services.ballot_items(session, attendance)
    services.cast_ballot(voter, session, {item.pk: "approve" for item in allowed})


def _decide(clerk, chair, session, province, year, leaders):
    items = approve_on_paper(clerk, session)
    services.close_session(chair, session)
    decision = services.draft_decision(
        clerk,
        list(Nomination.objects.filter(pk__in=[item.nomination_id for item in items])),
        issuer_unit=province,
        year=year,
        symbol="QĐ-VKS",
        date=date(year, 12, 20),
        issuing_body=province.name,
        signer=leaders[province.pk][0].full_name,
        signer_position="Viện trưởng",
        subject=f"Về việc tặng Giấy khen năm {year}",
    )
    services.issue_decision(clerk, decision)
