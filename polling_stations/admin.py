from django.contrib import admin

from .models import PollingStation, Region, TpsImport


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "parent"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    list_select_related = ["parent"]
    show_full_result_count = False


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
