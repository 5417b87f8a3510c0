from django.contrib import admin

from config.documents import DOCUMENT_READONLY_FIELDS

from .models import (
    Election,
    ElectionStage,
    Operation,
    OperationPhase,
    ReadinessReport,
)


class ElectionStageInline(admin.TabularInline):
    model = ElectionStage
    extra = 0


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "voting_day"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ElectionStageInline]


class OperationPhaseInline(admin.TabularInline):
    model = OperationPhase
    extra = 0


@admin.register(Operation)
class OperationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commanding_unit", "parent", "starts_on", "ends_on"]
    list_filter = ["kind", "elections"]
    search_fields = ["name", "slug", "commanding_unit__short_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["commanding_unit", "parent"]
    filter_horizontal = ["elections"]
    list_select_related = ["commanding_unit", "parent"]
    date_hierarchy = "starts_on"
    inlines = [OperationPhaseInline]


@admin.register(ReadinessReport)
class ReadinessReportAdmin(admin.ModelAdmin):
    list_display = ["operation", "unit", "status", "progress", "finished_at", "sha256"]
    list_filter = ["status"]
    raw_id_fields = ["operation", "unit", "requested_by"]
    readonly_fields = DOCUMENT_READONLY_FIELDS
