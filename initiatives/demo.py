"""Demo data: the initiatives of the Sơn La province in 2023 (DOMAIN §9), entered and recognised
through this app's services: 31 grassroots initiatives by 46 authors and co-authors, 4 of which
went on to the sector's batch 2 and were recognised there (12 authors and co-authors); and two
initiatives of this year waiting for the council. Deterministic and idempotent."""

import random
from datetime import date

from django.apps import apps as django_apps
from django.utils import timezone

from initiatives import reference, services
from initiatives.models import Batch, Criterion, Form, Initiative, Level
from records.models import CouncilMember, Person, User

YEAR = 2023
TOPICS = [
    "kiểm sát việc tiếp nhận, giải quyết tố giác, tin báo về tội phạm",
    "thực hành quyền công tố trong giai đoạn điều tra án ma túy",
    "kiểm sát điều tra các vụ án tham nhũng, chức vụ",
    "xây dựng bản luận tội và tranh luận tại phiên tòa hình sự",
    "kiểm sát việc tạm giữ, tạm giam tại nhà tạm giữ công an huyện",
    "kiểm sát thi hành án dân sự về tín dụng ngân hàng",
    "kiểm sát giải quyết các vụ án hôn nhân và gia đình",
    "phát hiện vi phạm qua kiểm sát bản án sơ thẩm",
    "ứng dụng công nghệ thông tin trong quản lý án hình sự",
    "số hóa hồ sơ kiểm sát và lưu trữ điện tử",
    "tổ chức phiên tòa rút kinh nghiệm trực tuyến",
    "kiểm sát việc áp dụng biện pháp xử lý hành chính",
    "phối hợp với cơ quan điều tra trong án xâm hại trẻ em",
    "kiểm sát giải quyết khiếu nại, tố cáo trong hoạt động tư pháp",
    "thống kê tội phạm và công nghệ thông tin",
    "kiểm sát việc thi hành án treo và cải tạo không giam giữ",
    "kiểm sát án hành chính về đất đai",
    "nâng cao kỹ năng hỏi cung bị can của kiểm sát viên",
    "kiểm sát việc trả hồ sơ để điều tra bổ sung",
    "đấu tranh phòng chống tội phạm mua bán người vùng biên giới",
    "kiểm sát hoạt động tư pháp tại các huyện vùng cao",
    "kiến nghị phòng ngừa vi phạm pháp luật trong lĩnh vực lâm nghiệp",
    "kiểm sát án kinh doanh thương mại",
    "kiểm sát việc giải quyết án lao động",
    "bồi dưỡng kỹ năng viết cáo trạng",
    "tổ chức hội nghị trực tuyến trong ngành",
    "quản lý văn bản và hồ sơ công việc trên môi trường mạng",
    "kiểm sát việc thi hành án tử hình",
    "công tác văn phòng, tổng hợp báo cáo định kỳ",
    "kiểm sát việc cưỡng chế thi hành án dân sự",
    "tuyên truyền pháp luật cho đồng bào dân tộc thiểu số",
]
# (number of initiatives, authors each): 4 with 3 authors (the later sector ones), 7 with 2 and
# 20 with 1 make 31 initiatives by 4*3 + 7*2 + 20 = 46 distinct people.
PLAN = [(4, 3), (7, 2), (20, 1)]
SHARES = {1: [100], 2: [60, 40], 3: [50, 30, 20]}
GRASSROOTS_DECISION = ("112/QĐ-VKS", date(YEAR, 8, 15))
SECTOR_DECISION = ("1520/QĐ-VKSTC", date(YEAR, 12, 12))


def seed(stdout):
    # Transactional tests empty every table, data migrations' rows included: put them back.
    reference.load(django_apps)
    if Initiative.objects.filter(year=YEAR).exists() or not Person.objects.exists():
        return
    rng = random.Random(YEAR)
    clerk = User.objects.get(username="vanphong")
    member = User.objects.get(username="sangkien")
    batches = _batches()
    authors = _authors()
    entered = []
    for count, size in PLAN:
        for _n in range(count):
            entered.append([(authors.pop(0), share) for share in SHARES[size]])
    initiatives = []
    for number, (topic, team) in enumerate(zip(TOPICS, entered, strict=True), start=1):
        initiative = _enter(clerk, topic, team, number, batches[Level.GRASSROOTS])
        services.submit(clerk, initiative, on=date(YEAR, 5, 10))
        _score(member, initiative, rng, date(YEAR, 7, 20))
        number_, day = GRASSROOTS_DECISION
        services.record_outcome(
            clerk, initiative, services.Outcome.RECOGNISED, Level.GRASSROOTS, number_, day
        )
        initiatives.append(initiative)
    for initiative in initiatives[:4]:
        services.request_higher_level(
            clerk, initiative, batches[Level.SECTOR], on=date(YEAR, 10, 5)
        )
        _score(member, initiative, rng, date(YEAR, 10, 25))
        number_, day = SECTOR_DECISION
        services.record_outcome(
            clerk, initiative, services.Outcome.RECOGNISED, Level.SECTOR, number_, day
        )
    _waiting(clerk, initiatives[0])
    stdout.write(f"Initiatives {YEAR}: {len(initiatives)} grassroots, 4 at sector level (batch 2).")


def _batches():
    Batch.objects.get_or_create(
        year=YEAR,
        level=Level.SECTOR,
        number=1,
        defaults={"opens_on": date(YEAR, 5, 1), "closes_on": date(YEAR, 7, 15)},
    )
    grassroots, _created = Batch.objects.get_or_create(
        year=YEAR,
        level=Level.GRASSROOTS,
        number=1,
        defaults={"opens_on": date(YEAR, 3, 1), "closes_on": date(YEAR, 6, 30)},
    )
    sector, _created = Batch.objects.get_or_create(
        year=YEAR,
        level=Level.SECTOR,
        number=2,
        defaults={"opens_on": date(YEAR, 9, 15), "closes_on": date(YEAR, 11, 15)},
    )
    return {Level.GRASSROOTS: grassroots, Level.SECTOR: sector}


def _authors():
    """46 people who sit on no initiative council, spread over the units; the staff login's
    person among them."""
    seated = set(CouncilMember.objects.values_list("person_id", flat=True))
    people = [p for p in Person.objects.select_related("unit").order_by("staff_code")]
    staff_person = User.objects.get(username="canbo.mocchau").person
    chosen = [staff_person]
    for person in people[5::5]:
        if person.pk not in seated and person not in chosen:
            chosen.append(person)
    return chosen[:46]


def _enter(clerk, topic, team, number, batch):
    first = team[0][0]
    data = {
        "title": f"Giải pháp nâng cao chất lượng {topic}",
        "summary": f"Sáng kiến đề xuất cách làm mới trong {topic} tại {first.unit.name}.",
        "content": f"Nội dung giải pháp về {topic}: quy trình, biểu mẫu và cách phối hợp.",
        "field": "Thực hành quyền công tố và kiểm sát hoạt động tư pháp",
        "form": [Form.SOLUTION, Form.SCHEME, Form.STUDY][number % 3],
        "unit": first.unit,
        "year": YEAR,
        "first_applied_on": date(YEAR - 1 if number % 10 == 0 else YEAR, 1 + number % 4, 10),
        "applied_where": first.unit.name,
        "effect": "Rút ngắn thời gian giải quyết, nâng cao chất lượng công tác kiểm sát.",
        "requested_level": Level.GRASSROOTS,
        "batch": batch,
    }
    return services.save_initiative(clerk, data, team)


def _score(member, initiative, rng, day):
    points = {c: rng.randint(c.max_points * 6 // 10, c.max_points) for c in Criterion.objects.all()}
    services.score(member, initiative, points, "Đồng ý đề nghị công nhận.", on=day)


def _waiting(clerk, earlier):
    """Two initiatives of this year waiting for the council, one close to an earlier one."""
    staff = User.objects.get(username="canbo.mocchau")
    today = timezone.localdate()
    near = services.save_initiative(
        clerk,
        {
            "title": earlier.title.replace("nâng cao chất lượng", "nâng cao hiệu quả"),
            "summary": earlier.summary,
            "unit": staff.person.unit,
            "year": today.year,
            "first_applied_on": date(today.year, 1, 15),
            "requested_level": Level.GRASSROOTS,
        },
        [(staff.person, 100)],
    )
    services.submit(clerk, near, on=today)
    other = services.save_initiative(
        clerk,
        {
            "title": "Ứng dụng trí tuệ nhân tạo hỗ trợ tra cứu văn bản pháp luật",
            "summary": "Xây dựng công cụ tra cứu nhanh các văn bản quy phạm pháp luật.",
            "unit": staff.person.unit,
            "year": today.year,
            "first_applied_on": date(today.year - 2, 6, 1),
            "requested_level": Level.GRASSROOTS,
        },
        [(staff.person, 70), (Person.objects.get(staff_code="SL0010"), 30)],
    )
    services.submit(clerk, other, on=today)
