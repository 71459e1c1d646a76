"""The initiatives app's dashboard panels."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, Review, Status
from initiatives.services import council_seat
from records import roles
from records.dashboard import Panel, register


def _items(initiatives):
    return [
        {
            "text": f"{initiative.code} — {initiative.title}",
            "note": initiative.get_status_display(),
            "url": reverse("initiatives:detail", args=[initiative.pk]),
        }
        for initiative in initiatives
    ]


def waiting_for_score(user):
    if not council_seat(user):
        return []
    scored = Review.objects.filter(
        initiative=OuterRef("pk"), level=OuterRef("requested_level"), reviewer_id=user.person_id
    )
    initiatives = (
        Initiative.objects.visible_to(user)
        .filter(status=Status.SUBMITTED)
        .exclude(authors__person_id=user.person_id)
        .exclude(Exists(scored))
    )
    return _items(initiatives[:10])


def my_initiatives(user):
    if not user.person_id:
        return []
    return _items(Initiative.objects.filter(authors__person_id=user.person_id)[:10])


def register_panels():
    register(
        Panel(
            "initiatives_to_score",
            _("Initiatives waiting for your score"),
            _("No initiative waits for your score."),
            (roles.INITIATIVE_MEMBER,),
            waiting_for_score,
            order=30,
        )
    )
    register(
        Panel(
            "my_initiatives",
            _("My initiatives"),
            _("You have no initiatives yet."),
            (roles.STAFF,),
            my_initiatives,
            order=85,
        )
    )
