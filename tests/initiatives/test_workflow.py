"""The workflow through the views: submit, score, record the outcome, return, request a higher
level; for each state-changing view the normal case, GET → 405, outsider → 404, wrong role →
403 and a repeated transition that changes nothing."""

from datetime import date

import pytest
from django.urls import reverse

from initiatives import services
from initiatives.models import Criterion, Initiative, Level, Recognition, Review, Status
from records.models import AuditEvent
from tests.initiatives.factories import make_initiative, people, sector_batch

pytestmark = pytest.mark.django_db


def url(name, initiative):
    return reverse(f"initiatives:{name}", args=[initiative.pk])


def status_of(initiative):
    return Initiative.objects.get(pk=initiative.pk).status


def points_data(**extra):
    data = {f"criterion_{c.pk}": c.max_points - 5 for c in Criterion.objects.all()}
    return {**data, "comment": "Có tính mới.", **extra}


RECOGNISE = {
    "outcome": "recognised",
    "level": "grassroots",
    "decision_number": "15/QĐ-VKS",
    "decision_date": "2023-08-15",
}


def test_the_author_submits_and_the_audit_trail_records_it(personas, client_as, draft):
    response = client_as(personas.staff).post(url("submit", draft))
    assert response.status_code == 302
    assert status_of(draft) == Status.SUBMITTED
    event = AuditEvent.objects.get(action="initiative.submit")
    assert (event.actor, event.from_state, event.to_state) == (personas.staff, "draft", "submitted")
    # Repeated: refused with a message, nothing changes.
    page = client_as(personas.staff).post(url("submit", draft), follow=True)
    assert "không thể" in page.content.decode()
    assert AuditEvent.objects.filter(action="initiative.submit").count() == 1


def test_submit_permissions(personas, client_as, draft):
    assert client_as(personas.staff).get(url("submit", draft)).status_code == 405
    assert client_as(personas.officer_b).post(url("submit", draft)).status_code == 404
    assert client_as(personas.initiative_member).post(url("submit", draft)).status_code == 403
    assert client_as(None).post(url("submit", draft)).status_code == 302
    assert status_of(draft) == Status.DRAFT
    # The officer of the initiative's unit may submit it.
    assert client_as(personas.officer_a).post(url("submit", draft)).status_code == 302
    assert status_of(draft) == Status.SUBMITTED


def test_a_late_request_is_flagged_not_blocked(personas, client_as):
    initiative = make_initiative(
        personas.staff,
        personas.unit_a,
        [(personas.person_a, 100)],
        first_applied_on=date(2020, 1, 1),
    )
    page = client_as(personas.staff).post(url("submit", initiative), follow=True)
    assert status_of(initiative) == Status.SUBMITTED
    assert "hơn một năm" in page.content.decode()
    detail = client_as(personas.clerk).get(url("detail", initiative)).content.decode()
    assert 'id="late-request"' in detail


def test_a_council_member_scores(personas, client_as, seat, submitted):
    client = client_as(personas.initiative_member)
    assert client.get(url("score", submitted)).status_code == 200
    assert client.post(url("score", submitted), points_data()).status_code == 302
    review = Review.objects.get()
    assert review.total == sum(c.max_points - 5 for c in Criterion.objects.all())
    assert review.scores.count() == 3
    detail = client.get(url("detail", submitted)).content.decode()
    assert f"điểm trung bình cấp cơ sở: {review.total}" in detail
    # Scoring twice changes nothing.
    page = client.post(url("score", submitted), points_data(comment="Lần hai"), follow=True)
    assert "đã chấm" in page.content.decode()
    assert Review.objects.get().comment == "Có tính mới."


def test_points_above_the_maximum_are_refused(personas, client_as, seat, submitted):
    data = points_data()
    first = Criterion.objects.first()
    data[f"criterion_{first.pk}"] = first.max_points + 1
    page = client_as(personas.initiative_member).post(url("score", submitted), data)
    assert page.status_code == 200
    assert not Review.objects.exists()


def test_a_member_cannot_score_their_own_initiative(personas, client_as, seat):
    mine = make_initiative(
        personas.clerk,
        personas.unit_a,
        [(seat.person, 50), (personas.person_a, 50)],
        submit=True,
    )
    response = client_as(personas.initiative_member).post(url("score", mine), points_data())
    assert response.status_code == 403
    assert "không chấm điểm sáng kiến của chính mình" in response.content.decode()
    assert not Review.objects.exists()
    with pytest.raises(services.PermissionDenied):
        services.score(personas.initiative_member, mine, {})


def test_score_permissions(personas, client_as, seat, submitted):
    assert client_as(personas.officer_b).get(url("score", submitted)).status_code == 404
    assert client_as(personas.clerk).post(url("score", submitted), points_data()).status_code == 403
    assert not Review.objects.exists()


def test_the_clerk_records_recognition(personas, client_as, submitted):
    response = client_as(personas.clerk).post(url("outcome", submitted), RECOGNISE)
    assert response.status_code == 302
    recognition = Recognition.objects.get()
    assert (recognition.level, recognition.year, recognition.decision_number) == (
        Level.GRASSROOTS,
        2023,
        "15/QĐ-VKS",
    )
    assert status_of(submitted) == Status.RECOGNISED
    # Repeated: nothing changes.
    client_as(personas.clerk).post(url("outcome", submitted), RECOGNISE)
    assert Recognition.objects.count() == 1


def test_outcome_permissions(personas, client_as, submitted):
    assert client_as(personas.clerk).get(url("outcome", submitted)).status_code == 405
    assert (
        client_as(personas.officer_b).post(url("outcome", submitted), RECOGNISE).status_code == 404
    )
    assert (
        client_as(personas.officer_a).post(url("outcome", submitted), RECOGNISE).status_code == 403
    )
    assert client_as(personas.staff).post(url("outcome", submitted), RECOGNISE).status_code == 403
    assert not Recognition.objects.exists()


def test_recognition_needs_the_decision(personas, client_as, submitted):
    data = {**RECOGNISE, "decision_number": ""}
    page = client_as(personas.clerk).post(url("outcome", submitted), data, follow=True)
    assert status_of(submitted) == Status.SUBMITTED
    assert "Cần nhập" in page.content.decode()


def test_returned_with_a_reason_then_changed_and_submitted_again(personas, client_as, submitted):
    data = {"outcome": "returned", "level": "grassroots", "reason": "Bổ sung minh chứng hiệu quả"}
    client_as(personas.clerk).post(url("outcome", submitted), data)
    initiative = Initiative.objects.get(pk=submitted.pk)
    assert (initiative.status, initiative.return_reason) == (
        Status.RETURNED,
        "Bổ sung minh chứng hiệu quả",
    )
    page = client_as(personas.staff).get(url("detail", initiative)).content.decode()
    assert "Bổ sung minh chứng hiệu quả" in page
    client_as(personas.staff).post(url("submit", initiative))
    assert status_of(initiative) == Status.SUBMITTED


def test_not_recognised(personas, client_as, submitted):
    data = {"outcome": "not_recognised", "level": "grassroots"}
    client_as(personas.clerk).post(url("outcome", submitted), data)
    assert status_of(submitted) == Status.NOT_RECOGNISED
    assert not Recognition.objects.exists()


def test_higher_level_keeps_the_lower_recognition(personas, client_as, submitted):
    client_as(personas.clerk).post(url("outcome", submitted), RECOGNISE)
    batch = sector_batch(2, date(2023, 9, 1), date(2023, 11, 30))
    services.request_higher_level(personas.staff, submitted, batch, on=date(2023, 10, 1))
    with pytest.raises(services.ValidationError):
        services.request_higher_level(personas.staff, submitted, batch, on=date(2023, 10, 1))
    services.record_outcome(
        personas.clerk,
        submitted,
        services.Outcome.RECOGNISED,
        Level.SECTOR,
        "1520/QĐ-VKSTC",
        date(2023, 12, 12),
    )
    assert list(submitted.recognitions.values_list("level", "batch", "year")) == [
        (Level.GRASSROOTS, None, 2023),
        (Level.SECTOR, batch.pk, 2023),
    ]
    facts = Recognition.objects.for_people([personas.person_a.pk])
    assert [tuple(f) for f in facts] == [
        (personas.person_a.pk, 2023, "grassroots"),
        (personas.person_a.pk, 2023, "sector"),
    ]
    assert [tuple(f) for f in facts.at_least(Level.SECTOR)] == [
        (personas.person_a.pk, 2023, "sector")
    ]


def test_a_batch_must_be_open_on_the_day_of_submission(personas):
    batch = sector_batch(1, date(2023, 5, 1), date(2023, 7, 15))
    initiative = make_initiative(
        personas.staff, personas.unit_a, [(personas.person_a, 100)], batch=batch
    )
    with pytest.raises(services.ValidationError):
        services.submit(personas.staff, initiative, on=date(2023, 8, 1))
    services.submit(personas.staff, initiative, on=date(2023, 6, 1))
    assert Initiative.objects.get(pk=initiative.pk).requested_level == Level.SECTOR


def test_facts_for_many_people_in_one_query(personas, django_assert_num_queries):
    authors = people(personas.unit_a, 6)
    for n in range(3):
        initiative = make_initiative(
            personas.staff,
            personas.unit_a,
            [(authors[2 * n], 50), (authors[2 * n + 1], 50)],
            submit=True,
        )
        services.record_outcome(
            personas.clerk,
            initiative,
            services.Outcome.RECOGNISED,
            Level.GRASSROOTS,
            "1/QĐ",
            date(2023, 8, 1),
        )
    with django_assert_num_queries(1):
        facts = list(Recognition.objects.for_people([p.pk for p in authors[:4]]))
    assert {f.person_id for f in facts} == {p.pk for p in authors[:4]}
