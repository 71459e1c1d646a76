"""The administrators' back office for initiatives: batches and scoring criteria are edited here;
initiatives are only read (their workflow runs through the services)."""

from django.contrib import admin

from initiatives.models import Author, Batch, Criterion, Initiative, Recognition


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["year", "level", "number", "opens_on", "closes_on"]
    list_filter = ["level", "year"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "max_points", "position", "active"]
    list_editable = ["position", "active"]


class AuthorInline(admin.TabularInline):
    model = Author
    extra = 0
    readonly_fields = ["person", "share", "position"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "unit", "year", "requested_level", "status"]
    list_filter = ["status", "requested_level", "year"]
    list_select_related = ["unit"]
    search_fields = ["code", "title", "authors__person__full_name", "authors__person__staff_code"]
    inlines = [AuthorInline]


@admin.register(Recognition)
class RecognitionAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "level", "year", "decision_number", "decision_date"]
    list_filter = ["level", "year"]
    list_select_related = ["initiative"]
    search_fields = ["initiative__code", "initiative__title", "decision_number"]
