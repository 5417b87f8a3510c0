from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from config.documents import DOCUMENT_READONLY_FIELDS

from .models import (
    CategoryOverride,
    CategoryRule,
    ElectionDayReport,
    FieldAccount,
    FieldReport,
    Incident,
    IncidentStep,
    IncidentType,
    IndicatorReport,
    IndicatorSet,
    PersonnelPolicy,
    PlottingAssignment,
    PlottingDocument,
    PlottingGroup,
    PollingStation,
    RiskIndicator,
    RiskVariable,
    SecurityPattern,
    TpsImport,
    UnitStrength,
)


@admin.register(PollingStation)
class PollingStationAdmin(admin.ModelAdmin):
    list_display = [
        "label",
        "village",
        "election",
        "kind",
        "category",
        "registered_voters",
        "polsek",
    ]
    list_filter = ["election", "category", "kind", "special_location"]
    search_fields = ["village__name", "village__code", "address"]
    raw_id_fields = ["village"]
    autocomplete_fields = ["polsek"]
    list_select_related = ["village", "election", "polsek"]
    show_full_result_count = False


@admin.register(TpsImport)
class TpsImportAdmin(admin.ModelAdmin):
    list_display = [
        "original_name",
        "election",
        "unit",
        "status",
        "rows_total",
        "created_count",
        "updated_count",
        "rejected_count",
        "created_at",
    ]
    list_filter = ["status", "election"]
    list_select_related = ["election", "unit"]
    raw_id_fields = ["unit", "uploaded_by"]
    readonly_fields = ["created_at", "started_at", "finished_at"]


# --- Risk, security pattern, personnel and plotting ----------------------------------------


class RiskVariableInline(admin.TabularInline):
    model = RiskVariable
    extra = 0


class RiskIndicatorInline(admin.TabularInline):
    model = RiskIndicator
    extra = 0
    fields = [
        "number",
        "variable",
        "text",
        "text_en",
        "is_security",
        "frequency",
        "national_tps_count",
    ]


@admin.register(IndicatorSet)
class IndicatorSetAdmin(admin.ModelAdmin):
    list_display = ["name", "election", "version", "effective_on", "is_active"]
    list_filter = ["election", "is_active"]
    inlines = [RiskVariableInline, RiskIndicatorInline]


@admin.register(RiskIndicator)
class RiskIndicatorAdmin(admin.ModelAdmin):
    list_display = ["number", "text", "variable", "is_security", "indicator_set"]
    list_filter = ["indicator_set", "is_security", "variable__code"]
    search_fields = ["text"]
    list_select_related = ["variable", "indicator_set"]


@admin.register(IndicatorReport)
class IndicatorReportAdmin(SimpleHistoryAdmin):
    list_display = ["polling_station", "indicator", "source_agency", "reported_on", "reported_by"]
    list_filter = ["indicator__indicator_set", "reported_on"]
    raw_id_fields = ["polling_station", "indicator", "reported_by"]
    autocomplete_fields = ["source_agency"]
    list_select_related = ["polling_station__village", "indicator", "source_agency", "reported_by"]
    show_full_result_count = False


@admin.register(CategoryRule)
class CategoryRuleAdmin(admin.ModelAdmin):
    list_display = [
        "operation",
        "special_location_is_khusus",
        "security_indicator_is_very_high",
        "very_high_min_indicators",
        "high_min_indicators",
    ]


@admin.register(CategoryOverride)
class CategoryOverrideAdmin(admin.ModelAdmin):
    list_display = ["polling_station", "previous_category", "category", "changed_by", "changed_at"]
    raw_id_fields = ["polling_station", "changed_by"]
    list_select_related = ["polling_station__village", "changed_by"]
    readonly_fields = ["changed_at"]


@admin.register(SecurityPattern)
class SecurityPatternAdmin(admin.ModelAdmin):
    list_display = [
        "category",
        "operation",
        "unit",
        "police_per_group",
        "tps_per_group",
        "linmas_per_group",
        "source",
    ]
    list_filter = ["category", "operation"]
    autocomplete_fields = ["unit"]
    list_select_related = ["operation", "unit"]


@admin.register(PersonnelPolicy)
class PersonnelPolicyAdmin(admin.ModelAdmin):
    list_display = ["operation", "reserve_platoons_per_polsek", "reserve_platoon_size"]


@admin.register(UnitStrength)
class UnitStrengthAdmin(admin.ModelAdmin):
    list_display = ["unit", "operation", "personnel", "note"]
    list_filter = ["operation"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit", "operation"]


class PlottingAssignmentInline(admin.TabularInline):
    model = PlottingAssignment
    extra = 0
    raw_id_fields = ["polling_station"]


@admin.register(PlottingGroup)
class PlottingGroupAdmin(admin.ModelAdmin):
    list_display = ["__str__", "polsek", "operation", "category", "officer_count"]
    list_filter = ["operation", "category"]
    autocomplete_fields = ["polsek"]
    filter_horizontal = ["officers"]
    inlines = [PlottingAssignmentInline]
    list_select_related = ["polsek", "operation"]


@admin.register(PlottingDocument)
class PlottingDocumentAdmin(admin.ModelAdmin):
    list_display = ["operation", "unit", "status", "progress", "finished_at", "sha256"]
    list_filter = ["status"]
    raw_id_fields = ["operation", "unit", "requested_by"]
    readonly_fields = DOCUMENT_READONLY_FIELDS


# --- Voting day ---------------------------------------------------------------------------


@admin.register(IncidentType)
class IncidentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "default_severity", "suggests_gakkumdu", "order", "is_active"]
    list_editable = ["order", "is_active"]
    prepopulated_fields = {"code": ["name"]}


class IncidentStepInline(admin.TabularInline):
    model = IncidentStep
    extra = 0
    raw_id_fields = ["by"]
    readonly_fields = ["kind", "by", "at", "note"]
    can_delete = False


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = [
        "incident_type",
        "severity",
        "polling_station",
        "state",
        "gakkumdu",
        "is_exercise",
        "reported_at",
    ]
    list_filter = ["state", "severity", "gakkumdu", "is_exercise", "incident_type"]
    raw_id_fields = ["report", "operation", "polling_station", "village", "polsek"]
    list_select_related = ["incident_type", "polling_station__village"]
    inlines = [IncidentStepInline]
    show_full_result_count = False


@admin.register(FieldReport)
class FieldReportAdmin(admin.ModelAdmin):
    list_display = [
        "polling_station",
        "phase",
        "status",
        "reported_at",
        "received_at",
        "is_exercise",
    ]
    list_filter = ["phase", "status", "is_exercise"]
    raw_id_fields = ["operation", "polling_station", "reporter"]
    list_select_related = ["polling_station__village"]
    show_full_result_count = False


@admin.register(FieldAccount)
class FieldAccountAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "created_at"]
    raw_id_fields = ["user", "group"]


@admin.register(ElectionDayReport)
class ElectionDayReportAdmin(admin.ModelAdmin):
    list_display = ["operation", "unit", "is_exercise", "status", "progress", "finished_at"]
    list_filter = ["status", "is_exercise"]
    raw_id_fields = ["operation", "unit", "requested_by"]
    readonly_fields = DOCUMENT_READONLY_FIELDS
