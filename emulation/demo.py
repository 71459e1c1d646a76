"""Demo data for the emulation year 2023 of the Sơn La province (see records/demo.py): the
campaigns, the accepted registrations of every unit, the province's own clusters with signed
pledges, the departments' bloc ranked with the Office proposed for the sector flag, and the
sector's Cụm thi đua số 3 with Sơn La as a signing member. Deterministic and idempotent."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from emulation.models import (
    Campaign,
    CampaignForm,
    CampaignPhase,
    CampaignScope,
    Cluster,
    ClusterKind,
    ClusterMember,
    CriterionPoints,
    MemberRole,
    OrganisingLevel,
    Pledge,
    PledgeCriterion,
    PledgeStatus,
    Registration,
    RegistrationPeriod,
    RegistrationSheet,
    SheetStatus,
)
from emulation.services import record_ranking
from records.models import (
    Conferral,
    ConferralSource,
    Honour,
    Method,
    Person,
    Rating,
    RatingLevel,
    RecipientType,
    Unit,
    UnitKind,
)

YEAR = 2023
PROVINCE = "SONLA"
SUPREME = "VKSTC"
POOR_CAMPAIGN = "Vì người nghèo – Không để ai bị bỏ lại phía sau"
EXCELLENCE_CAMPAIGN = (
    "Thi đua thực hành quyền công tố, kiểm sát điều tra và kiểm sát xét xử sơ thẩm giỏi"
)
YEARLY_CAMPAIGN = "Phong trào thi đua yêu nước năm 2023 của VKSND tỉnh Sơn La"
SECTOR_CLUSTER = "Cụm thi đua số 3"
# The other provinces of the sector's cluster 3; the first leads it.
CLUSTER_3_PROVINCES = [
    ("DIENBIEN", "Viện kiểm sát nhân dân tỉnh Điện Biên"),
    ("LAICHAU", "Viện kiểm sát nhân dân tỉnh Lai Châu"),
    ("LAOCAI", "Viện kiểm sát nhân dân tỉnh Lào Cai"),
    ("YENBAI", "Viện kiểm sát nhân dân tỉnh Yên Bái"),
    ("HOABINH", "Viện kiểm sát nhân dân tỉnh Hòa Bình"),
]
# name, kind, leader, deputy, other members
PROVINCE_CLUSTERS = [
    (
        "Khối các phòng nghiệp vụ và Văn phòng",
        ClusterKind.BLOC,
        "SL-VP",
        "SL-P1",
        ["SL-P2", "SL-P3", "SL-P7", "SL-P8", "SL-P9", "SL-TTRA"],
    ),
    (
        "Cụm thi đua số 1 (các huyện phía Đông)",
        ClusterKind.CLUSTER,
        "SL-TP",
        "SL-MC",
        ["SL-MS", "SL-YC", "SL-VH", "SL-PY"],
    ),
    (
        "Cụm thi đua số 2 (các huyện phía Tây)",
        ClusterKind.CLUSTER,
        "SL-TC",
        "SL-SM",
        ["SL-QN", "SL-ML", "SL-BY", "SL-SC"],
    ),
]
CRITERIA = [
    ("Thực hiện các chỉ tiêu nghiệp vụ cơ bản theo Nghị quyết của Quốc hội", Decimal(40)),
    ("Công tác xây dựng ngành, cải cách tư pháp và chuyển đổi số", Decimal(20)),
    ("Thực hiện phong trào thi đua và công tác khen thưởng", Decimal(15)),
    ("Công tác tổ chức cán bộ, kỷ cương, kỷ luật nghiệp vụ", Decimal(15)),
    ("Công tác văn phòng, tài chính, thống kê, báo cáo", Decimal(10)),
]
DEADLINE = date(YEAR, 2, 15)
# A district that handed its sheet in after the deadline: flagged, still accepted.
LATE_UNIT = "SL-SC"


def seed(stdout):
    if not Unit.objects.filter(code=PROVINCE).exists():
        return
    if Campaign.objects.filter(name=POOR_CAMPAIGN).exists():
        return
    supreme = _sector_units()
    units = {unit.code: unit for unit in Unit.objects.all()}
    _campaigns(units, supreme)
    sheets = _registrations(units)
    clusters = _clusters(units, supreme)
    stdout.write(
        f"Emulation {YEAR}: 3 campaigns, {sheets} registration sheets, {clusters} clusters."
    )


def _sector_units():
    supreme, _created = Unit.objects.get_or_create(
        code=SUPREME,
        defaults={"name": "Viện kiểm sát nhân dân tối cao", "kind": UnitKind.SUPREME},
    )
    for code, name in CLUSTER_3_PROVINCES:
        Unit.objects.get_or_create(
            code=code, defaults={"name": name, "kind": UnitKind.PROVINCE, "parent": supreme}
        )
    # The leader of cluster 3 held an emulation title the year before (imported history).
    leader = Unit.objects.get(code=CLUSTER_3_PROVINCES[0][0])
    Conferral.objects.get_or_create(
        year=YEAR - 1,
        recipient_type=RecipientType.COLLECTIVE,
        unit=leader,
        honour=Honour.objects.get(code="TTLDXS"),
        decision_number="1250/QĐ-VKSTC",
        defaults={
            "method": Method.REGULAR,
            "decision_date": date(YEAR - 1, 12, 28),
            "issuer": "Viện trưởng VKSND tối cao",
            "source": ConferralSource.IMPORT,
        },
    )
    return supreme


def _campaigns(units, supreme):
    Campaign.objects.bulk_create(
        [
            Campaign(
                name=POOR_CAMPAIGN,
                form=CampaignForm.THEMATIC,
                level=OrganisingLevel.CENTRAL,
                scope=CampaignScope.NATIONAL,
                launching_unit=supreme,
                start_date=date(2021, 1, 1),
                end_date=date(2025, 12, 31),
                preliminary_review_on=date(2023, 12, 31),
                targets="Chung tay giảm nghèo bền vững; hỗ trợ các xã đặc biệt khó khăn.",
                description="Phong trào do Thủ tướng Chính phủ phát động, ngành Kiểm sát hưởng "
                "ứng; sơ kết 3 năm vào cuối năm 2023.",
                documents="Quyết định số 1258/QĐ-TTg ngày 21/7/2021",
                phase=CampaignPhase.PRELIMINARY,
            ),
            Campaign(
                name=EXCELLENCE_CAMPAIGN,
                form=CampaignForm.THEMATIC,
                level=OrganisingLevel.SECTOR,
                scope=CampaignScope.SECTOR,
                launching_unit=supreme,
                start_date=date(YEAR, 3, 1),
                end_date=date(YEAR, 11, 30),
                targets="Nâng cao chất lượng tranh tụng, không để xảy ra oan, sai.",
                description="Phong trào thi đua chuyên đề của ngành Kiểm sát nhân dân năm 2023.",
                documents="Kế hoạch của Viện trưởng VKSND tối cao năm 2023",
                phase=CampaignPhase.FINAL,
            ),
            Campaign(
                name=YEARLY_CAMPAIGN,
                form=CampaignForm.REGULAR,
                level=OrganisingLevel.AGENCY,
                scope=CampaignScope.SECTOR,
                launching_unit=units[PROVINCE],
                start_date=date(YEAR, 1, 1),
                end_date=date(YEAR, 12, 31),
                targets="Hoàn thành xuất sắc các chỉ tiêu nghiệp vụ năm 2023.",
                description="Phong trào thi đua thường xuyên năm 2023.",
                documents="Kế hoạch số 05/KH-VKS ngày 10/01/2023",
                phase=CampaignPhase.FINAL,
            ),
        ]
    )


def _registrations(units):
    """An accepted sheet for every unit of the province: everyone LDTT, CSTDCS for those rated
    excellent the year before; the units' own collective titles."""
    RegistrationPeriod.objects.get_or_create(year=YEAR, defaults={"deadline": DEADLINE})
    honours = {honour.code: honour for honour in Honour.objects.all()}
    province = units[PROVINCE]
    members = [unit for unit in units.values() if unit == province or unit.parent_id == province.pk]
    on_time = timezone.make_aware(datetime(YEAR, 2, 10, 9, 0))
    late = timezone.make_aware(datetime(YEAR, 2, 20, 9, 0))
    RegistrationSheet.objects.bulk_create(
        RegistrationSheet(
            unit=unit,
            year=YEAR,
            status=SheetStatus.ACCEPTED,
            submitted_at=late if unit.code == LATE_UNIT else on_time,
            is_late=unit.code == LATE_UNIT,
        )
        for unit in members
    )
    sheets = {s.unit_id: s for s in RegistrationSheet.objects.filter(year=YEAR)}
    excellent = set(
        Rating.objects.filter(
            year=YEAR - 1, recipient_type=RecipientType.INDIVIDUAL, rating=RatingLevel.EXCELLENT
        ).values_list("person_id", flat=True)
    )
    unit_titles = {PROVINCE: "TTLDXS", "SL-VP": "CTDN"}
    lines = []
    for person in Person.objects.filter(unit__in=members):
        lines.append(
            Registration(
                sheet=sheets[person.unit_id],
                year=YEAR,
                recipient_type=RecipientType.INDIVIDUAL,
                person=person,
                unit_id=person.unit_id,
                honour=honours["CSTDCS" if person.pk in excellent else "LDTT"],
            )
        )
    for unit in members:
        lines.append(
            Registration(
                sheet=sheets[unit.pk],
                year=YEAR,
                recipient_type=RecipientType.COLLECTIVE,
                unit=unit,
                honour=honours[unit_titles.get(unit.code, "TTLDTT")],
            )
        )
    Registration.objects.bulk_create(lines)
    return len(members)


def _cluster(name, kind, organiser, roles_by_code, units, signed_on, place):
    cluster = Cluster.objects.create(name=name, kind=kind, year=YEAR, organiser=organiser)
    ClusterMember.objects.bulk_create(
        ClusterMember(cluster=cluster, unit=units[code], role=role)
        for code, role in roles_by_code.items()
    )
    pledge = Pledge.objects.create(
        cluster=cluster,
        title=f"Giao ước thi đua năm {YEAR} — {name}",
        content="Các đơn vị thành viên cam kết thi đua hoàn thành xuất sắc nhiệm vụ năm 2023.",
        status=PledgeStatus.SIGNED,
        signed_on=signed_on,
        place=place,
    )
    PledgeCriterion.objects.bulk_create(
        PledgeCriterion(pledge=pledge, number=number, text=text, max_points=points)
        for number, (text, points) in enumerate(CRITERIA, start=1)
    )
    pledge.signatories.set([units[code] for code in roles_by_code])
    return cluster


def _roles(leader, deputy, others):
    return {leader: MemberRole.LEADER, deputy: MemberRole.DEPUTY} | {
        code: MemberRole.MEMBER for code in others
    }


def _clusters(units, supreme):
    province = units[PROVINCE]
    bloc = None
    for name, kind, leader, deputy, others in PROVINCE_CLUSTERS:
        cluster = _cluster(
            name,
            kind,
            province,
            _roles(leader, deputy, others),
            units,
            date(YEAR, 2, 6),
            "Sơn La",
        )
        bloc = bloc or cluster
    sector_codes = [code for code, _name in CLUSTER_3_PROVINCES]
    _cluster(
        "Cụm thi đua số 3",
        ClusterKind.CLUSTER,
        supreme,
        _roles(sector_codes[0], PROVINCE, sector_codes[1:]),
        units,
        date(YEAR, 3, 10),
        "Điện Biên Phủ",
    )
    _score_bloc(bloc)
    return len(PROVINCE_CLUSTERS) + 1


def _score_bloc(bloc):
    """Year-end points of the departments' bloc: the Office first, so it is proposed for the
    sector flag (CTDN, DOMAIN §9 line 7)."""
    criteria = list(bloc.pledge.criteria.all())
    members = list(bloc.members.select_related("unit").order_by("unit__code"))
    points = []
    for place, member in enumerate(sorted(members, key=lambda m: m.unit.code != "SL-VP")):
        for criterion in criteria:
            deduction = Decimal(place) * Decimal("0.25") * criterion.number / len(criteria)
            points.append(
                CriterionPoints(
                    member=member,
                    criterion=criterion,
                    points=max(criterion.max_points - deduction, Decimal(0)).quantize(
                        Decimal("0.01")
                    ),
                )
            )
    CriterionPoints.objects.bulk_create(points)
    record_ranking(bloc)
