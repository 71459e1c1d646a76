"""The awards app's dashboard panels."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.models import (
    AttendanceStatus,
    CouncilSession,
    Nomination,
    NominationStatus,
    SessionStatus,
)
from records import roles
from records.dashboard import Panel, register


def _nomination_items(queryset):
    return [
        {
            "text": f"{n.honour.code} {n.year} — {n.recipient}",
            "note": n.get_status_display(),
            "url": reverse("awards:nomination", args=[n.pk]),
        }
        for n in queryset.for_list()[:10]
    ]


def sessions_to_vote(user):
    if not user.person_id:
        return []
    sessions = (
        CouncilSession.objects.filter(
            status=SessionStatus.OPEN,
            attendance__member__person_id=user.person_id,
            attendance__status__in=[AttendanceStatus.PRESENT, AttendanceStatus.WRITTEN],
        )
        .exclude(participations__member__person_id=user.person_id)
        .select_related("council")
    )
    return [
        {
            "text": str(session),
            "note": session.place,
            "url": reverse("awards:session", args=[session.pk]),
        }
        for session in sessions[:10]
    ]


def to_screen(user):
    return _nomination_items(
        Nomination.objects.visible_to(user).filter(status=NominationStatus.SUBMITTED)
    )


def approved_without_decision(user):
    return _nomination_items(
        Nomination.objects.visible_to(user).filter(
            status=NominationStatus.APPROVED, decision__isnull=True, proposal__isnull=True
        )
    )


def my_unit_nominations(user):
    return _nomination_items(
        Nomination.objects.visible_to(user).exclude(
            status__in=[NominationStatus.CONFERRED, NominationStatus.WITHDRAWN]
        )
    )


def register_panels():
    register(
        Panel(
            "sessions_to_vote",
            _("Sessions waiting for your vote"),
            _("No session waits for your vote."),
            (roles.COUNCIL_MEMBER, roles.COUNCIL_CHAIR),
            sessions_to_vote,
            order=10,
        )
    )
    register(
        Panel(
            "nominations_to_screen",
            _("Nominations to screen"),
            _("No nomination waits for screening."),
            (roles.CLERK,),
            to_screen,
            order=11,
        )
    )
    register(
        Panel(
            "approved_without_decision",
            _("Approved items without a decision"),
            _("Every approved item is in a decision or a proposal."),
            (roles.CLERK,),
            approved_without_decision,
            order=12,
        )
    )
    register(
        Panel(
            "unit_nominations",
            _("My unit's nominations"),
            _("Your unit has no open nomination."),
            (roles.UNIT_OFFICER,),
            my_unit_nominations,
            order=13,
        )
    )
