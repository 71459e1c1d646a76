"""The back office: every record is visible, status is read-only, and the transitions are admin
actions that call the same services as the pages. Ballot totals appear only once a session is
closed, and no screen links a member to a choice."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from awards import services
from awards.models import (
    AgendaItem,
    Attendance,
    CertificateCalibration,
    CouncilSession,
    Decision,
    DossierFile,
    Nomination,
    Participation,
    Proposal,
    Revocation,
    SessionStatus,
)

BACK_OFFICE_REASON = _("Withdrawn in the back office")


def service_action(function, description, per_object=True, name=None):
    """An admin action that runs a service on the selected rows and reports each refusal."""

    def action(modeladmin, request, queryset):
        targets = list(queryset) if per_object else [list(queryset)]
        done = 0
        for target in targets:
            try:
                function(request.user, target)
            except (services.TransitionError, PermissionDenied) as error:
                modeladmin.message_user(request, f"{target}: {error}", messages.ERROR)
            else:
                done += 1
        if done:
            modeladmin.message_user(request, gettext("Done: %(count)s.") % {"count": done})

    action.short_description = description
    action.__name__ = f"action_{name or function.__name__}"
    return action


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never edited here: every change goes through a service (the actions, the pages)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DossierFileInline(admin.TabularInline):
    model = DossierFile
    extra = 0
    fields = ["kind", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "year", "honour", "method", "proposing_unit", "status"]
    list_filter = ["status", "year", "honour", "method"]
    list_select_related = ["honour", "person", "unit", "proposing_unit"]
    search_fields = ["person__full_name", "person__staff_code", "unit__name", "campaign"]
    raw_id_fields = ["person", "unit", "proposing_unit"]
    readonly_fields = [
        "status",
        "status_reason",
        "decision",
        "proposal",
        "higher_decision_number",
        "higher_decision_date",
        "conferral",
        "created_by",
        "created_at",
    ]
    inlines = [DossierFileInline]
    actions = [
        service_action(services.submit, _("Submit"), False),
        service_action(
            lambda user, rows: services.withdraw(
                user, rows, gettext("Withdrawn in the back office")
            ),
            _("Withdraw"),
            False,
            "withdraw",
        ),
    ]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["member", "status"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["nomination", "totals", "outcome", "arithmetic"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("approve / disapprove / abstain"))
    def totals(self, item):
        # While the vote runs, totals that move after each ballot would tell who chose what.
        if item.session.status != SessionStatus.CLOSED:
            return "—"
        return f"{item.approve} / {item.disapprove} / {item.abstain}"


@admin.register(CouncilSession)
class CouncilSessionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "year", "ballot_mode", "status"]
    list_filter = ["status", "year", "ballot_mode"]
    list_select_related = ["council"]
    readonly_fields = ["status", "digest", "closed_at"]
    inlines = [AttendanceInline, AgendaItemInline]
    actions = [
        service_action(services.open_session, _("Open the vote")),
        service_action(services.close_session, _("Close the session")),
    ]


@admin.register(Participation)
class ParticipationAdmin(ReadOnlyAdmin):
    """Who took part: nothing else exists to show."""

    list_display = ["member", "session"]
    list_select_related = ["member__person", "session__council"]
    list_filter = ["session"]


class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "year", "date", "subject", "issuer_unit", "status"]
    list_filter = ["status", "year"]
    list_select_related = ["issuer_unit"]
    search_fields = ["subject", "symbol", "signer"]
    readonly_fields = ["status", "number_seq", "created_by", "created_at"]


@admin.register(Decision)
class DecisionAdmin(DocumentAdmin):
    actions = [service_action(services.issue_decision, _("Issue the decision"))]


@admin.register(Proposal)
class ProposalAdmin(DocumentAdmin):
    actions = [service_action(services.issue_proposal, _("Send the proposal"))]


@admin.register(Revocation)
class RevocationAdmin(ReadOnlyAdmin):
    list_display = ["conferral", "decision", "reason"]
    list_select_related = ["conferral__honour", "conferral__person", "conferral__unit", "decision"]


@admin.register(CertificateCalibration)
class CertificateCalibrationAdmin(admin.ModelAdmin):
    """Printing positions per certificate type; clerks set them on the calibration page."""

    list_display = ["honour", "landscape", "font_size"]
    list_select_related = ["honour"]
    autocomplete_fields = ["honour"]
