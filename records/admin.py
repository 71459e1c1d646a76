"""The administrators' back office for the shared schema. It edits reference data; it is never a
way around a workflow: the audit trail is read-only, and ledger rows written by an issued decision
cannot be changed or deleted here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from records.models import (
    AuditChain,
    AuditEvent,
    Conferral,
    ConferralSource,
    Council,
    CouncilMember,
    Discipline,
    FormSubmission,
    Honour,
    HonourRule,
    Job,
    Person,
    Rating,
    RuleSet,
    Unit,
    User,
)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to", "merged_into"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    list_select_related = ["parent", "merged_into"]
    autocomplete_fields = ["parent", "merged_into"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["staff_code", "full_name", "gender", "unit", "position", "leadership"]
    list_filter = ["leadership", "gender"]
    search_fields = ["staff_code", "full_name", "search_text"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


class RecipientAdmin(admin.ModelAdmin):
    """Rows that name a person or a unit as their recipient."""

    list_filter = ["recipient_type", "year"]
    search_fields = ["person__full_name", "person__staff_code", "unit__code", "unit__name"]
    list_select_related = ["person", "unit"]
    autocomplete_fields = ["person", "unit"]


@admin.register(Rating)
class RatingAdmin(RecipientAdmin):
    list_display = ["year", "recipient_type", "person", "unit", "rating"]
    list_filter = [*RecipientAdmin.list_filter, "rating"]


@admin.register(Conferral)
class ConferralAdmin(RecipientAdmin):
    list_display = [
        "year",
        "honour",
        "recipient_type",
        "person",
        "unit",
        "method",
        "decision_number",
        "decision_date",
        "source",
    ]
    list_filter = [*RecipientAdmin.list_filter, "method", "source", "honour"]
    search_fields = [*RecipientAdmin.search_fields, "decision_number", "campaign"]
    list_select_related = ["honour", "person", "unit"]
    autocomplete_fields = [*RecipientAdmin.autocomplete_fields, "honour"]
    readonly_fields = ["created_at"]

    def issued_here(self, obj):
        return obj is not None and obj.source == ConferralSource.DECISION

    def has_change_permission(self, request, obj=None):
        return not self.issued_here(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self.issued_here(obj) and super().has_delete_permission(request, obj)


@admin.register(Discipline)
class DisciplineAdmin(admin.ModelAdmin):
    list_display = ["person", "level", "start_date", "end_date", "decision_number"]
    list_filter = ["level"]
    search_fields = ["person__full_name", "person__staff_code", "decision_number"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "unit__code", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    inlines = [CouncilMemberInline]


@admin.register(CouncilMember)
class CouncilMemberAdmin(admin.ModelAdmin):
    list_display = ["person", "council", "role", "term_start", "term_end"]
    list_filter = ["role", "council"]
    search_fields = ["person__full_name", "person__staff_code", "council__name"]
    list_select_related = ["person", "council"]
    autocomplete_fields = ["person", "council"]


@admin.register(Honour)
class HonourAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "family", "recipient_kind", "conferring_level", "rank"]
    list_filter = ["family", "recipient_kind", "conferring_level"]
    search_fields = ["code", "name", "name_en"]


class HonourRuleInline(admin.StackedInline):
    model = HonourRule
    extra = 0
    autocomplete_fields = ["honour"]


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "first_year", "last_year"]
    search_fields = ["code", "name"]
    inlines = [HonourRuleInline]


@admin.register(HonourRule)
class HonourRuleAdmin(admin.ModelAdmin):
    list_display = ["honour", "rule_set", "vote_threshold", "vote_base", "quorum", "quota_percent"]
    list_filter = ["rule_set", "vote_base"]
    search_fields = ["honour__code", "honour__name", "rule_set__code"]
    list_select_related = ["honour", "rule_set"]
    autocomplete_fields = ["honour", "rule_set"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "person", "unit", "is_active"]
    list_filter = ["is_active", "is_superuser", "groups"]
    search_fields = ["username", "first_name", "last_name", "email", "person__full_name"]
    list_select_related = ["person", "unit"]
    autocomplete_fields = ["person", "unit"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:2],
        (_("Organisation"), {"fields": ["person", "unit"]}),
        *DjangoUserAdmin.fieldsets[2:],
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Organisation and roles"), {"fields": ["person", "unit", "groups"]}),
    ]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Administrators read these records; nobody edits them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit trail is append-only."""

    list_display = ["created_at", "actor", "action", "object_type", "object_id", "to_state"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_type", "object_id", "action", "reason", "actor__username"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"
    exclude = ["previous_hash", "hash"]


@admin.register(AuditChain)
class AuditChainAdmin(ReadOnlyAdmin):
    """The head of the audit trail's hash chain, for `verify_integrity` to compare against."""

    list_display = ["length", "last_hash"]


@admin.register(FormSubmission)
class FormSubmissionAdmin(ReadOnlyAdmin):
    """The "new …" forms that have created their record (records.submissions)."""

    list_display = ["created_at", "user", "url"]
    search_fields = ["user__username", "url"]
    list_select_related = ["user"]


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """Background jobs (records.jobs): administrators see who asked for what and why one failed."""

    list_display = ["created_at", "owner", "title", "status", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "owner__username", "error"]
    list_select_related = ["owner"]
    exclude = ["result"]
