import pytest
from django.urls import reverse

from awards import services
from awards.models import NominationStatus as S
from awards.models import SessionStatus

pytestmark = pytest.mark.django_db


def test_admin_shows_everything_with_status_read_only(awards, client_as):
    nomination = awards.nominate("CSTDCS")
    session = awards.approved([nomination])
    admin = client_as(awards.p.admin)
    for name in ["nomination", "councilsession", "participation", "decision", "proposal"]:
        assert admin.get(reverse(f"admin:awards_{name}_changelist")).status_code == 200
    page = admin.get(reverse("admin:awards_nomination_change", args=[nomination.pk]))
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    page = admin.get(reverse("admin:awards_councilsession_change", args=[session.pk]))
    assert 'name="status"' not in page.content.decode()
    assert "11 / 0 / 0" in page.content.decode()


def test_admin_actions_call_the_services(awards, client_as):
    nomination = awards.nominate("CSTDCS")
    admin = client_as(awards.p.admin)
    url = reverse("admin:awards_nomination_changelist")
    admin.post(url, {"action": "action_submit", "_selected_action": [nomination.pk]})
    nomination.refresh_from_db()
    assert nomination.status == S.SUBMITTED
    assert services.timeline(nomination).last().actor == awards.p.admin
    # Repeated: refused with a message, nothing changes.
    page = admin.post(
        url, {"action": "action_submit", "_selected_action": [nomination.pk]}, follow=True
    )
    assert "Không có gì thay đổi" in page.content.decode()
    session = awards.session()
    services.put_on_agenda(awards.p.clerk, session, [nomination])
    sessions = reverse("admin:awards_councilsession_changelist")
    admin.post(sessions, {"action": "action_open_session", "_selected_action": [session.pk]})
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN
    # While the vote runs the admin shows no totals.
    page = admin.get(reverse("admin:awards_councilsession_change", args=[session.pk]))
    assert "0 / 0 / 0" not in page.content.decode()
