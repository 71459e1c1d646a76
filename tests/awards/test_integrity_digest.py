"""Closed sessions' ballot digests are re-verified by verify_integrity; minutes and decisions
print the audit trail's head."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from awards import services
from awards.models import AgendaItem, CouncilSession
from records.integrity import chain_head, verify_all
from tests.pdf import pdf_text
from tests.world import HEADER

pytestmark = pytest.mark.django_db


def test_verify_integrity_rechecks_every_closed_sessions_digest(awards):
    nomination = awards.nominate("CSTDCS")
    session = awards.approved([nomination])
    assert verify_all() == []
    AgendaItem.objects.filter(session=session).update(approve=1)
    assert verify_all() == [
        f"Phiên họp {session.pk}: số phiếu đã ghi không khớp với mã băm của phiên."
    ]
    AgendaItem.objects.filter(session=session).update(approve=11)
    CouncilSession.objects.filter(pk=session.pk).update(digest="0" * 64)
    problems = verify_all()
    assert len(problems) == 2 and all(str(session.pk) in problem for problem in problems)
    with pytest.raises(CommandError, match="2"):
        call_command("verify_integrity")


def test_minutes_and_decisions_print_the_chain_head(awards, client_as):
    nomination = awards.nominate("LDTT")
    session = awards.approved([nomination])
    client = client_as(awards.p.clerk)
    minutes = pdf_text(client.get(reverse("awards:session_minutes", args=[session.pk])))
    head, _length = chain_head()
    assert head[:16] in minutes.replace("\n", "")
    decision = services.draft_decision(
        awards.p.clerk, [nomination], issuer_unit=awards.p.province, symbol="QĐ", **HEADER
    )
    services.issue_decision(awards.p.clerk, decision)
    text = pdf_text(client.get(reverse("awards:decision_pdf", args=[decision.pk])))
    assert chain_head()[0][:16] in text.replace("\n", "")
