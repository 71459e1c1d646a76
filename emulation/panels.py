"""The emulation app's dashboard panels."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emulation.models import RegistrationSheet, SheetStatus
from records import roles
from records.dashboard import Panel, register


def own_sheet(user):
    """The officer's own unit's registration sheet for the current year, and its status."""
    if not user.unit_id:
        return []
    year = timezone.localdate().year
    sheet = RegistrationSheet.objects.filter(unit_id=user.unit_id, year=year).first()
    status = sheet.get_status_display() if sheet else _("not started")
    return [
        {
            "text": _("Registration sheet for %(year)s: %(status)s")
            % {"year": year, "status": status},
            "url": reverse("emulation:sheet", args=[year, user.unit.code]),
        }
    ]


def sheets_waiting(user):
    sheets = (
        RegistrationSheet.objects.visible_to(user)
        .filter(status=SheetStatus.SUBMITTED)
        .for_list()
        .order_by("submitted_at", "id")
    )
    return [
        {
            "text": f"{sheet.year} — {sheet.unit.name}",
            "note": _("late") if sheet.is_late else "",
            "url": reverse("emulation:sheet", args=[sheet.year, sheet.unit.code]),
        }
        for sheet in sheets[:10]
    ]


def register_panels():
    register(
        Panel(
            "registration_sheet",
            gettext_lazy("Registration of emulation titles"),
            gettext_lazy("Your account has no unit."),
            (roles.UNIT_OFFICER,),
            own_sheet,
            order=10,
        )
    )
    register(
        Panel(
            "sheets_waiting",
            gettext_lazy("Sheets waiting for acceptance"),
            gettext_lazy("No registration sheet waits for acceptance."),
            (roles.CLERK,),
            sheets_waiting,
            order=15,
        )
    )
