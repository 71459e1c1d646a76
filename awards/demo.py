"""The year 2023 of the source article, played through the awards services: nominations, the
standing office's screening, a council session with paper ballots, the province's decisions,
proposals to the higher authorities and their outcomes. The flag (line 7) is nominated from the
departments' bloc ranking of the emulation demo; the titles registered for 2023 become draft
nominations (open, outside the ledger). Afterwards the 2023 ledger of the province
holds exactly the article's lines 1–7 (DOMAIN §9); the BKN for the campaign review and the TTLDXS
proposed through the cluster stay open. Deterministic and idempotent."""

from datetime import date

from awards import services
from awards.models import BallotMode, Nomination
from emulation.models import ClusterScore
from records.demo import PROVINCE
from records.models import Council, CouncilKind, Honour, Method, Person, Unit, User

YEAR = 2023
SESSION_DAY = date(2023, 12, 15)
DECISION_DAY = date(2023, 12, 20)
CAMPAIGN_SECTOR = "Các phong trào thi đua do ngành Kiểm sát nhân dân phát động"
CAMPAIGN_PROSECUTION = (
    "Thực hành quyền công tố, kiểm sát điều tra, kiểm sát xét xử sơ thẩm xuất sắc"
)
CAMPAIGN_POVERTY = "Vì người nghèo – Không để ai bị bỏ lại phía sau (sơ kết 3 năm 2021–2025)"
ISSUING_BODY = "Viện kiểm sát nhân dân tỉnh Sơn La"
SIGNER_POSITION = "Viện trưởng"
SECTOR = "Viện trưởng Viện kiểm sát nhân dân tối cao"
PRESIDENT = "Chủ tịch nước (qua Viện trưởng Viện kiểm sát nhân dân tối cao)"
PROVINCE_CHAIR = "Chủ tịch Ủy ban nhân dân tỉnh Sơn La"

# The demo's history holds few earlier years: where the engine finds a recipient not eligible or
# a quota passed, the standing office writes why it still screens the nomination.
SCREENING_NOTE = "Thành tích đã được Hội đồng cấp cơ sở xác nhận; hồ sơ lịch sử đang được bổ sung."
# The article's lines: honour, method, campaign, collectives, individuals.
LINES = [
    ("HCLD3", Method.REGULAR, "", 0, 1),
    ("KNC", Method.TENURE, "", 0, 8),
    ("BKN", Method.REGULAR, "", 17, 38),
    ("BKT", Method.REGULAR, "", 0, 1),
    ("GK", Method.THEMATIC, CAMPAIGN_SECTOR, 19, 72),
    ("GK", Method.THEMATIC, CAMPAIGN_PROSECUTION, 2, 17),
    ("CTDN", Method.REGULAR, "", 1, 0),
]
# Outcomes of the higher authorities: honour → (decision number, date, issued by).
OUTCOMES = {
    "HCLD3": ("1835/QĐ-CTN", date(2023, 11, 30), "Chủ tịch nước"),
    "KNC": ("412/QĐ-VKSTC", date(2023, 7, 20), SECTOR),
    "BKN": ("5120/QĐ-VKSTC", date(2023, 12, 28), SECTOR),
    "CTDN": ("5121/QĐ-VKSTC", date(2023, 12, 28), SECTOR),
    "BKT": ("2987/QĐ-UBND", date(2023, 12, 26), PROVINCE_CHAIR),
}


def seed(stdout):
    province = Unit.objects.filter(code=PROVINCE).first()
    if province is None or Nomination.objects.filter(year=YEAR, unit=province).exists():
        return
    clerk = User.objects.get(username="vanphong")
    chair = User.objects.get(username="chutich")
    honours = {honour.code: honour for honour in Honour.objects.all()}
    entries = _entries(province, honours)
    # Line 7: the Office leads the departments' bloc; its flag comes from that ranking.
    flag = services.create_flag_nomination(
        clerk, ClusterScore.objects.flag_proposals(YEAR).get(unit__code="SL-VP")
    )
    nominations = services.create_nominations(clerk, entries) + [flag]
    services.submit(clerk, nominations)
    council = Council.objects.get(unit=province, kind=CouncilKind.EMULATION)
    session = services.create_session(
        clerk, council, YEAR, SESSION_DAY, "Hội trường Viện KSND tỉnh Sơn La", BallotMode.PAPER
    )
    services.put_on_agenda(clerk, session, nominations, SCREENING_NOTE)
    session = services.open_session(chair, session)
    approve_on_paper(clerk, session)
    services.close_session(chair, session)
    by_line = {}
    for nomination in Nomination.objects.filter(pk__in=[n.pk for n in nominations]):
        by_line.setdefault((nomination.honour.code, nomination.campaign), []).append(nomination)
    _decisions(clerk, province, by_line)
    _proposals(clerk, province, by_line)
    _waiting_work(clerk, chair, council, honours)
    # The year's titles registered by every unit (LDTT, CSTDCS, TTLDTT...) become drafts for the
    # units to complete: open nominations, so the 2023 ledger still holds only lines 1–7.
    counts = services.create_from_registrations(clerk, YEAR)
    stdout.write(f"Awards {YEAR}: {counts['created']} draft nominations from the registrations.")
    stdout.write(f"Awards {YEAR}: {len(nominations)} nominations through one council session.")


def approve_on_paper(clerk, session):
    """The counting group records that every member who may vote on an item approved it."""
    attendance = list(session.attendance.select_related("member__person"))
    rules = services.rules_for_year(session.year)
    items = list(session.items.select_related("nomination__honour", "nomination__person"))
    services.record_paper_tally(
        clerk,
        session,
        {
            item.pk: (services.eligible_voters(session, item, attendance, rules), 0, 0)
            for item in items
        },
    )
    return items


def _entries(province, honours):
    people = list(Person.objects.filter(unit_id__in=Unit.objects.subtree_ids([province])))
    people.sort(key=lambda person: person.staff_code)
    long_served = [p for p in people if p.sector_start_date and p.sector_start_date.year <= 2008]
    units = list(Unit.objects.filter(parent=province).order_by("code"))
    knc = long_served[-8:]
    others = [person for person in people if person not in knc]
    leader = others.pop(0)  # the chief procurator
    pool = iter(others)
    entries = []

    def add(code, method, campaign, person=None, unit=None):
        entries.append(
            services.NominationData(
                honour=honours[code],
                year=YEAR,
                method=method,
                campaign=campaign,
                person=person,
                unit=unit,
                proposing_unit=person.unit if person else unit,
                summary="Hoàn thành xuất sắc nhiệm vụ năm 2023",
            )
        )

    add("HCLD3", Method.REGULAR, "", person=leader)
    for person in knc:
        add("KNC", Method.TENURE, "", person=person)
    for code, method, campaign, collectives, individuals in LINES[2:6]:
        for unit in units[:collectives]:
            add(code, method, campaign, unit=unit)
        for _index in range(individuals):
            add(code, method, campaign, person=next(pool))
    add("BKN", Method.THEMATIC, CAMPAIGN_POVERTY, unit=province)
    add("TTLDXS", Method.REGULAR, "", unit=province)
    return entries


def _header(province, symbol, subject):
    return {
        "issuer_unit": province,
        "year": YEAR,
        "symbol": symbol,
        "date": DECISION_DAY,
        "issuing_body": ISSUING_BODY,
        "signer": Person.objects.get(staff_code="SL0001").full_name,
        "signer_position": SIGNER_POSITION,
        "subject": subject,
    }


def _decisions(clerk, province, by_line):
    """One decision of the province per campaign (the same person may appear in both)."""
    for campaign in (CAMPAIGN_SECTOR, CAMPAIGN_PROSECUTION):
        decision = services.draft_decision(
            clerk,
            by_line[("GK", campaign)],
            **_header(province, "QĐ-VKS", f"Về việc tặng Giấy khen — {campaign}"),
        )
        services.issue_decision(clerk, decision)


def _proposals(clerk, province, by_line):
    plans = [
        (SECTOR, ["KNC"], "Đề nghị tặng Kỷ niệm chương “Vì sự nghiệp Kiểm sát”"),
        (SECTOR, ["BKN", "CTDN"], "Đề nghị khen thưởng tổng kết công tác năm 2023"),
        (PRESIDENT, ["HCLD3"], "Đề nghị tặng Huân chương Lao động hạng Ba"),
        (PROVINCE_CHAIR, ["BKT"], "Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh"),
    ]
    for addressee, codes, subject in plans:
        nominations = [n for code in codes for n in by_line[(code, "")]]
        proposal = services.draft_proposal(
            clerk, nominations, addressee, **_header(province, "TTr-VKS", subject)
        )
        services.issue_proposal(clerk, proposal)
        for code in codes:
            number, day, issuer = OUTCOMES[code]
            services.record_outcome(clerk, proposal, by_line[(code, "")], True, number, day, issuer)
    # Through Cụm thi đua số 3: the campaign review and the TTLDXS wait for next year's answer.
    pending = by_line[("BKN", CAMPAIGN_POVERTY)] + by_line[("TTLDXS", "")]
    proposal = services.draft_proposal(
        clerk,
        pending,
        f"{SECTOR} (qua Cụm thi đua số 3)",
        **_header(
            province, "TTr-VKS", "Đề nghị tặng Bằng khen và công nhận Tập thể lao động xuất sắc"
        ),
    )
    services.issue_proposal(clerk, proposal)


def _waiting_work(clerk, chair, council, honours):
    """Something for each demo login to do: Mộc Châu's nominations for the next year, one on an
    open online session (the council logins vote), one waiting for screening."""
    year = YEAR + 1
    officer = User.objects.get(username="thidua.mocchau")
    unit = officer.unit
    people = list(unit.people.order_by("staff_code")[:3])
    entries = [
        services.NominationData(
            honour=honours[code],
            year=year,
            method=Method.REGULAR,
            proposing_unit=unit,
            person=person,
            unit=None if person else unit,
            summary="Hoàn thành xuất sắc nhiệm vụ năm 2024",
        )
        for code, person in [("CSTDCS", people[1]), ("CSTDCS", people[2]), ("TTLDTT", None)]
    ]
    first, second, third = services.create_nominations(officer, entries)
    services.submit(officer, [first, second, third])
    session = services.create_session(
        clerk, council, year, date(year, 12, 10), "Phòng họp trực tuyến", BallotMode.ONLINE
    )
    services.put_on_agenda(clerk, session, [first, second], SCREENING_NOTE)
    services.open_session(chair, session)
