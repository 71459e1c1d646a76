"""Demo data: the provincial procuracy of the source article (Sơn La) as it was in 2023, with its
departments, 12 district units, about 250 invented people, its two councils, ratings and some
history for 2019–2022, and one login per role. Deterministic and idempotent."""

import random
from datetime import date

from django.contrib.auth.models import Group

from records import roles
from records.models import (
    Conferral,
    ConferralSource,
    Council,
    CouncilKind,
    CouncilMember,
    CouncilRole,
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

PROVINCE = "SONLA"
DEMO_PASSWORD = "demo12345"
HISTORY_YEARS = range(2019, 2023)
ISSUER = "Viện trưởng VKSND tỉnh Sơn La"

DEPARTMENTS = [
    ("SL-VP", "Văn phòng"),
    ("SL-P1", "Phòng Thực hành quyền công tố và kiểm sát điều tra án trật tự xã hội"),
    ("SL-P2", "Phòng Thực hành quyền công tố và kiểm sát điều tra án ma túy"),
    ("SL-P3", "Phòng Thực hành quyền công tố và kiểm sát điều tra án kinh tế, tham nhũng"),
    ("SL-P7", "Phòng Kiểm sát xét xử hình sự"),
    ("SL-P8", "Phòng Kiểm sát tạm giữ, tạm giam và thi hành án hình sự"),
    ("SL-P9", "Phòng Kiểm sát việc giải quyết các vụ, việc dân sự, hôn nhân và gia đình"),
    ("SL-TTRA", "Thanh tra"),
]
DISTRICTS = [
    ("SL-TP", "thành phố Sơn La"),
    ("SL-QN", "huyện Quỳnh Nhai"),
    ("SL-TC", "huyện Thuận Châu"),
    ("SL-ML", "huyện Mường La"),
    ("SL-BY", "huyện Bắc Yên"),
    ("SL-PY", "huyện Phù Yên"),
    ("SL-MC", "huyện Mộc Châu"),
    ("SL-YC", "huyện Yên Châu"),
    ("SL-MS", "huyện Mai Sơn"),
    ("SL-SM", "huyện Sông Mã"),
    ("SL-SC", "huyện Sốp Cộp"),
    ("SL-VH", "huyện Vân Hồ"),
]
SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Lò",
    "Cầm",
    "Quàng",
    "Lường",
    "Hà",
    "Đinh",
    "Tòng",
    "Mùa",
    "Sòi",
]
MIDDLE = {
    "male": ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công"],
    "female": ["Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng"],
}
GIVEN = {
    "male": [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Hải",
        "Hùng",
        "Khánh",
        "Long",
        "Nam",
        "Phong",
        "Quân",
        "Sơn",
        "Thắng",
        "Tiến",
        "Tuấn",
        "Việt",
    ],
    "female": [
        "Anh",
        "Chi",
        "Dung",
        "Giang",
        "Hà",
        "Hạnh",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Mai",
        "Nga",
        "Phương",
        "Thảo",
        "Trang",
        "Yến",
    ],
}

# username, role, staff code of the person behind the account (None: no person), unit code
LOGINS = [
    ("quantri", roles.ADMINISTRATOR, None, PROVINCE),
    ("vanphong", roles.CLERK, "SL0005", PROVINCE),
    ("chutich", roles.COUNCIL_CHAIR, "SL0001", PROVINCE),
    ("hoidong", roles.COUNCIL_MEMBER, "SL0002", PROVINCE),
    ("sangkien", roles.INITIATIVE_MEMBER, "SL0003", PROVINCE),
    ("thidua.mocchau", roles.UNIT_OFFICER, None, "SL-MC"),
    ("canbo.mocchau", roles.STAFF, None, "SL-MC"),
]


def seed(stdout):
    if Unit.objects.filter(code=PROVINCE).exists():
        return
    rng = random.Random(2023)
    units = _units()
    people = _people(rng, units)
    _councils(units, people)
    _ratings(rng, units, people)
    _history(units, people)
    _logins(units, people)
    stdout.write(f"Demo province {PROVINCE}: {len(units)} units, {len(people)} people.")


def _units():
    province = Unit.objects.create(
        code=PROVINCE, name="Viện kiểm sát nhân dân tỉnh Sơn La", kind=UnitKind.PROVINCE
    )
    units = [province]
    for code, name in DEPARTMENTS:
        units.append(Unit(code=code, name=name, kind=UnitKind.DEPARTMENT, parent=province))
    for code, name in DISTRICTS:
        units.append(
            Unit(
                code=code,
                name=f"Viện kiểm sát nhân dân {name}",
                kind=UnitKind.DISTRICT,
                parent=province,
            )
        )
    Unit.objects.bulk_create(units[1:])
    return {unit.code: unit for unit in Unit.objects.all()}


def _people(rng, units):
    """Leaders of the province first (SL0001 chief procurator, SL0002-4 deputies, SL0005 office
    chief), then every department and district unit with a head, a deputy and staff."""
    plan = [
        (PROVINCE, "Viện trưởng", Leadership.MINISTRY),
        (PROVINCE, "Phó Viện trưởng", Leadership.MINISTRY),
        (PROVINCE, "Phó Viện trưởng", Leadership.MINISTRY),
        (PROVINCE, "Phó Viện trưởng", Leadership.MINISTRY),
        ("SL-VP", "Chánh Văn phòng", Leadership.DEPARTMENT),
    ]
    for code, _name in DEPARTMENTS:
        head = "Phó Chánh Văn phòng" if code == "SL-VP" else "Trưởng phòng"
        plan.append((code, head, Leadership.DEPARTMENT if code != "SL-VP" else Leadership.DIVISION))
        plan.append((code, "Phó trưởng phòng", Leadership.DIVISION))
        plan += [
            (code, rng.choice(["Kiểm sát viên", "Kiểm tra viên", "Chuyên viên"]), Leadership.STAFF)
            for _ in range(7)
        ]
    for code, _name in DISTRICTS:
        plan.append((code, "Viện trưởng", Leadership.DIVISION))
        plan.append((code, "Phó Viện trưởng", Leadership.DIVISION))
        plan += [
            (code, rng.choice(["Kiểm sát viên", "Kiểm tra viên", "Chuyên viên"]), Leadership.STAFF)
            for _ in range(rng.randint(12, 14))
        ]
    people = []
    for number, (unit_code, position, leadership) in enumerate(plan, start=1):
        gender = rng.choice(["male", "female"])
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
        staff_code = f"SL{number:04d}"
        joined = date(rng.randint(1990, 2021), rng.randint(1, 12), rng.randint(1, 28))
        people.append(
            Person(
                staff_code=staff_code,
                full_name=name,
                search_text=fold(f"{name} {staff_code}"),
                gender=gender,
                unit=units[unit_code],
                position=position,
                leadership=leadership,
                birth_date=date(
                    joined.year - rng.randint(23, 30), rng.randint(1, 12), rng.randint(1, 28)
                ),
                sector_start_date=joined,
            )
        )
    Person.objects.bulk_create(people)
    return {person.staff_code: person for person in Person.objects.select_related("unit")}


def _councils(units, people):
    province = units[PROVINCE]
    emulation = Council.objects.create(
        unit=province,
        kind=CouncilKind.EMULATION,
        name="Hội đồng Thi đua – Khen thưởng VKSND tỉnh Sơn La",
    )
    initiative = Council.objects.create(
        unit=province, kind=CouncilKind.INITIATIVE, name="Hội đồng sáng kiến VKSND tỉnh Sơn La"
    )
    start = date(2021, 1, 1)
    heads = [p for p in people.values() if p.position == "Trưởng phòng"]
    district_heads = [
        p
        for p in people.values()
        if p.position == "Viện trưởng" and p.unit.kind == UnitKind.DISTRICT
    ]
    seats = [
        (emulation, people["SL0001"], CouncilRole.CHAIR),
        (emulation, people["SL0002"], CouncilRole.VICE_CHAIR),
        (emulation, people["SL0003"], CouncilRole.VICE_CHAIR),
        (emulation, people["SL0005"], CouncilRole.STANDING),
        (emulation, people["SL0006"], CouncilRole.SECRETARY),
        *[(emulation, person, CouncilRole.MEMBER) for person in heads[:4] + district_heads[:2]],
        (initiative, people["SL0002"], CouncilRole.CHAIR),
        (initiative, people["SL0003"], CouncilRole.VICE_CHAIR),
        (initiative, people["SL0006"], CouncilRole.SECRETARY),
        *[(initiative, person, CouncilRole.MEMBER) for person in heads[4:7] + district_heads[2:3]],
    ]
    CouncilMember.objects.bulk_create(
        CouncilMember(council=council, person=person, role=role, term_start=start)
        for council, person, role in seats
    )


def _ratings(rng, units, people):
    ratings = []
    for year in HISTORY_YEARS:
        for person in people.values():
            level = rng.choices(
                [RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.COMPLETED],
                weights=[20, 72, 8],
            )[0]
            ratings.append(
                Rating(
                    year=year,
                    recipient_type=RecipientType.INDIVIDUAL,
                    person=person,
                    unit=person.unit,
                    rating=level,
                )
            )
        for unit in units.values():
            level = RatingLevel.EXCELLENT if rng.random() < 0.4 else RatingLevel.GOOD
            ratings.append(
                Rating(year=year, recipient_type=RecipientType.COLLECTIVE, unit=unit, rating=level)
            )
    Rating.objects.bulk_create(ratings)


def _history(units, people):
    """The titles and certificates that the ratings of 2019–2022 earned, as imported history."""
    honours = {honour.code: honour for honour in Honour.objects.all()}
    ratings = Rating.objects.filter(year__in=HISTORY_YEARS).select_related("person__unit")
    rows = []
    for rating in ratings:
        number = f"{rating.year % 100:02d}/QĐ-VKS"
        common = {
            "year": rating.year,
            "method": Method.REGULAR,
            "issuer": ISSUER,
            "decision_date": date(rating.year, 12, 20),
            "source": ConferralSource.IMPORT,
        }
        if rating.recipient_type == RecipientType.INDIVIDUAL:
            person = rating.person
            if rating.rating in (RatingLevel.EXCELLENT, RatingLevel.GOOD):
                rows.append(
                    Conferral(
                        recipient_type=RecipientType.INDIVIDUAL,
                        person=person,
                        unit=person.unit,
                        honour=honours["LDTT"],
                        decision_number=f"1{number}",
                        **common,
                    )
                )
            if rating.rating == RatingLevel.EXCELLENT:
                rows.append(
                    Conferral(
                        recipient_type=RecipientType.INDIVIDUAL,
                        person=person,
                        unit=person.unit,
                        honour=honours["CSTDCS"],
                        decision_number=f"2{number}",
                        **common,
                    )
                )
        elif rating.unit.kind != UnitKind.PROVINCE:
            rows.append(
                Conferral(
                    recipient_type=RecipientType.COLLECTIVE,
                    unit=rating.unit,
                    honour=honours["TTLDTT"],
                    decision_number=f"3{number}",
                    **common,
                )
            )
    Conferral.objects.bulk_create(rows)


def _logins(units, people):
    groups = {group.name: group for group in Group.objects.all()}
    mocchau = [p for p in people.values() if p.unit.code == "SL-MC"]
    behind = {"thidua.mocchau": mocchau[2], "canbo.mocchau": mocchau[3]}
    for username, role, staff_code, unit_code in LOGINS:
        person = people[staff_code] if staff_code else behind.get(username)
        user = User(
            username=username,
            unit=units[unit_code],
            person=person,
            is_staff=role == roles.ADMINISTRATOR,
            is_superuser=role == roles.ADMINISTRATOR,
        )
        if person:
            user.first_name = person.full_name
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(groups[role])


def print_logins(stdout):
    stdout.write("")
    stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for username, role, _staff_code, unit_code in LOGINS:
        stdout.write(f"  {username:<16} {roles.LABELS[role]} — {unit_code}")
    stdout.write("")
