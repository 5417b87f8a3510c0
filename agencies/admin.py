from django.contrib import admin

from .models import Agency, Membership, Official, Region


class OfficialInline(admin.TabularInline):
    model = Official
    extra = 0
    fields = ["rank", "name", "position", "phone", "email", "is_active"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["short_name", "kind", "level", "parent", "seat", "zone_label"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["parent", "seat", "regions"]
    list_select_related = ["parent", "seat"]
    inlines = [OfficialInline]

    @admin.display(description="Zona")
    def zone_label(self, obj):
        return obj.zone.label


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["name", "rank", "position", "agency", "is_active"]
    list_filter = ["is_active", "agency__kind"]
    search_fields = ["name", "rank", "position", "agency__short_name"]
    autocomplete_fields = ["agency", "user"]
    list_select_related = ["agency"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency"]
    list_filter = ["role", "agency__kind"]
    search_fields = ["user__username", "user__first_name", "agency__short_name"]
    autocomplete_fields = ["user", "agency"]
    list_select_related = ["user", "agency"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "parent"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    list_select_related = ["parent"]
    show_full_result_count = False
