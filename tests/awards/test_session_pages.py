import pytest
from django.urls import reverse

from awards import services
from awards.models import AgendaItem, CouncilSession, SessionStatus
from awards.models import NominationStatus as S
from tests.awards.conftest import DAY, YEAR
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def url(name, session):
    return reverse(f"awards:{name}", args=[session.pk])


def test_clerk_plans_a_session_and_fills_the_agenda(awards, client_as):
    nomination = awards.nominate("CSTDCS")
    services.submit(awards.p.clerk, [nomination])
    create = reverse("awards:session_create")
    assert client_as(awards.p.council_member).get(create).status_code == 403
    client = client_as(awards.p.clerk)
    data = {"council": awards.council.pk, "year": YEAR, "date": DAY, "place": "Hội trường"}
    response = client.post(create, {**data, "ballot_mode": "online"})
    session = CouncilSession.objects.get()
    assert response.url == session.get_absolute_url()
    assert session.attendance.count() == 11
    agenda = url("session_agenda", session)
    assert client.get(agenda).status_code == 405
    assert client_as(awards.p.officer_b).post(agenda).status_code == 404
    assert client_as(awards.p.council_member).post(agenda, {}).status_code == 403
    client_as(awards.p.clerk).post(agenda, {"nominations": [nomination.pk]})
    nomination.refresh_from_db()
    assert nomination.status == S.SCREENED
    client_as(awards.p.clerk).post(agenda, {"nominations": [nomination.pk]})
    assert session.items.count() == 1


def test_open_vote_close_and_minutes_through_the_pages(awards, client_as):
    nomination = awards.nominate("CSTDCS")
    session = awards.on_agenda([nomination])
    open_url = url("session_open", session)
    assert client_as(awards.p.clerk).get(open_url).status_code == 405
    assert client_as(awards.p.officer_b).post(open_url).status_code == 404
    assert client_as(awards.p.council_member).post(open_url).status_code == 403
    client_as(awards.p.chair).post(open_url)
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN
    item = session.items.get()
    vote = url("session_vote", session)
    member = client_as(awards.p.council_member)
    page = member.get(session.get_absolute_url()).content.decode()
    assert f'name="item-{item.pk}"' in page
    assert member.get(vote).status_code == 405
    assert client_as(awards.p.clerk).post(vote, {f"item-{item.pk}": "approve"}).status_code == 403
    member = client_as(awards.p.council_member)
    member.post(vote, {f"item-{item.pk}": "disapprove"})
    member.post(vote, {f"item-{item.pk}": "approve"})
    item.refresh_from_db()
    assert (item.approve, item.disapprove) == (0, 1)
    # While the vote runs, nobody sees the totals.
    page = client_as(awards.p.clerk).get(session.get_absolute_url()).content.decode()
    assert "Không đồng ý</th>" not in page
    close = url("session_close", session)
    assert client_as(awards.p.council_member).post(close).status_code == 403
    client_as(awards.p.clerk).post(close)
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    nomination.refresh_from_db()
    assert nomination.status == S.NOT_APPROVED
    minutes = client_as(awards.p.clerk).get(url("session_minutes", session))
    text = pdf_text(minutes)
    assert "BIÊN BẢN" in text.upper()
    assert session.digest in text.replace("\n", "")
    assert "0 / 11" in text
    assert client_as(awards.p.officer_b).get(url("session_minutes", session)).status_code == 404


def test_paper_tally_page(awards, client_as):
    session = awards.open([awards.nominate("CSTDCS")], mode="paper")
    item = session.items.get()
    tally = url("session_tally", session)
    data = {f"approve-{item.pk}": 9, f"disapprove-{item.pk}": 1, f"abstain-{item.pk}": 1}
    assert client_as(awards.p.clerk).get(tally).status_code == 405
    assert client_as(awards.p.officer_b).post(tally, data).status_code == 404
    assert client_as(awards.p.council_member).post(tally, data).status_code == 403
    client_as(awards.p.clerk).post(tally, {**data, f"approve-{item.pk}": "x"})
    item.refresh_from_db()
    assert item.ballots == 0
    client_as(awards.p.clerk).post(tally, data)
    item.refresh_from_db()
    assert (item.approve, item.disapprove, item.abstain) == (9, 1, 1)


def test_attendance_page(awards, client_as):
    session = awards.session()
    row = session.attendance.first()
    attendance = url("session_attendance", session)
    data = {f"attendance-{row.pk}": "written"}
    assert client_as(awards.p.clerk).get(attendance).status_code == 405
    assert client_as(awards.p.officer_b).post(attendance, data).status_code == 404
    assert client_as(awards.p.council_member).post(attendance, data).status_code == 403
    client_as(awards.p.clerk).post(attendance, data)
    row.refresh_from_db()
    assert row.status == "written"
    # Keys that name no row are ignored, not a server error.
    junk = {"attendance-abc": "present", "attendance-" + "9" * 30: "present"}
    assert client_as(awards.p.clerk).post(attendance, {**junk, **data}).status_code == 302


def test_no_page_reveals_a_members_choice(awards, client_as):
    """After the vote, the session page, the minutes and the admin show totals and who took
    part; nothing names the member who disapproved."""
    session = awards.open([awards.nominate("CSTDCS")])
    item = session.items.get()
    client_as(awards.p.council_member).post(
        url("session_vote", session), {f"item-{item.pk}": "disapprove"}
    )
    services.close_session(awards.p.clerk, session)
    admin = client_as(awards.p.admin)
    pages = [
        admin.get(session.get_absolute_url()).content.decode(),
        admin.get(
            reverse("admin:awards_councilsession_change", args=[session.pk])
        ).content.decode(),
        admin.get(reverse("admin:awards_participation_changelist")).content.decode(),
        pdf_text(admin.get(url("session_minutes", session)), lines=True),
    ]
    name = awards.p.member_person.full_name
    for page in pages:
        for line in page.splitlines():
            if name in line:
                assert "disapprove" not in line.lower() and "không đồng ý" not in line.lower()
    assert AgendaItem.objects.get().disapprove == 1


@pytest.mark.parametrize("rows", [5, 50])
def test_session_list_queries(awards, client_as, django_assert_num_queries, rows):
    for _ in range(rows):
        CouncilSession.objects.create(council=awards.council, year=YEAR, date=DAY, place="P")
    client = client_as(awards.p.clerk)
    # session, user, groups, units (scope), count, page of
    # sessions with their item counts
    with django_assert_num_queries(6):
        response = client.get(reverse("awards:sessions"))
    assert response.content.decode().count('data-status="planned"') == rows


def test_recusals_are_shown_on_the_session_page(awards, client_as):
    own = awards.nominate("CSTDCS", person=awards.p.member_person)
    session = awards.on_agenda([own])
    page = client_as(awards.p.clerk).get(session.get_absolute_url()).content.decode()
    assert f"Không biểu quyết (tránh xung đột lợi ích): {awards.p.member_person.full_name}" in page


def test_ids_longer_than_any_number_are_ignored_not_a_server_error(awards, client_as):
    session = services.create_session(awards.p.clerk, awards.council, YEAR, DAY, "Hội trường")
    nomination = awards.nominate("CSTDCS")
    services.submit(awards.p.clerk, [nomination])
    huge = "9" * 5000  # more digits than Python's int() reads
    response = client_as(awards.p.clerk).post(
        url("session_agenda", session), {"nominations": [huge, nomination.pk]}
    )
    assert response.status_code == 302
    assert list(session.items.values_list("nomination", flat=True)) == [nomination.pk]
