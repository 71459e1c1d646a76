from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from emulation import services
from emulation.models import (
    Campaign,
    Cluster,
    ClusterMember,
    ClusterScore,
    Pledge,
    PledgeCriterion,
    Registration,
    RegistrationPeriod,
    RegistrationSheet,
)


def run_transition(modeladmin, request, queryset, step):
    """Apply a workflow step to each selected row through its service; report what moved."""
    done = 0
    for obj in queryset:
        try:
            step(obj, request.user)
            done += 1
        except services.TransitionError:
            continue
    modeladmin.message_user(
        request,
        _("%(done)s of %(total)s changed.") % {"done": done, "total": len(queryset)},
        messages.INFO,
    )


@admin.action(description=_("Move to the next phase"))
def advance_campaigns(modeladmin, request, queryset):
    run_transition(modeladmin, request, queryset, services.advance_campaign)


@admin.action(description=_("Accept the submitted sheets"))
def accept_sheets(modeladmin, request, queryset):
    run_transition(
        modeladmin,
        request,
        queryset,
        lambda sheet, user: services.review_sheet(sheet, user, accept=True),
    )


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "form", "level", "scope", "start_date", "end_date", "phase"]
    list_filter = ["form", "level", "scope", "phase"]
    list_select_related = ["launching_unit"]
    search_fields = ["name"]
    raw_id_fields = ["launching_unit"]
    actions = [advance_campaigns]


@admin.register(RegistrationPeriod)
class RegistrationPeriodAdmin(admin.ModelAdmin):
    list_display = ["year", "deadline"]


class ReadOnlyInline(admin.TabularInline):
    """Lines changed only through the workflow pages (which check the rules), shown here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RegistrationInline(ReadOnlyInline):
    model = Registration


@admin.register(RegistrationSheet)
class RegistrationSheetAdmin(admin.ModelAdmin):
    list_display = ["year", "unit", "status", "submitted_at", "is_late"]
    list_filter = ["year", "status", "is_late"]
    list_select_related = ["unit"]
    search_fields = ["unit__code", "unit__name"]
    raw_id_fields = ["unit"]
    readonly_fields = ["status", "submitted_at", "is_late", "return_reason"]
    actions = [accept_sheets]
    inlines = [RegistrationInline]


class MemberInline(ReadOnlyInline):
    model = ClusterMember


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "kind", "organiser"]
    list_filter = ["year", "kind"]
    list_select_related = ["organiser"]
    search_fields = ["name"]
    raw_id_fields = ["organiser"]
    inlines = [MemberInline]


class CriterionInline(admin.TabularInline):
    model = PledgeCriterion
    extra = 0


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["title", "cluster", "status", "signed_on"]
    list_select_related = ["cluster"]
    raw_id_fields = ["cluster"]
    filter_horizontal = ["signatories"]
    inlines = [CriterionInline]


@admin.register(ClusterScore)
class ClusterScoreAdmin(admin.ModelAdmin):
    list_display = ["cluster", "rank", "unit", "total", "flag_proposal"]
    list_filter = ["cluster__year", "flag_proposal"]
    list_select_related = ["cluster", "unit"]
    readonly_fields = ["cluster", "unit", "total", "rank", "flag_proposal"]

    def has_add_permission(self, request):
        # Results come from ranking a cluster, never from typing them in.
        return False
