from django.contrib import admin

from .models import AccessRecord


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """Read-only: an audit trail an admin could edit would prove nothing."""

    list_display = ["at", "username", "kind", "unit", "subject", "address"]
    list_filter = ["kind", "at"]
    search_fields = ["username", "subject", "unit__short_name", "address"]
    date_hierarchy = "at"
    list_select_related = ["unit"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
