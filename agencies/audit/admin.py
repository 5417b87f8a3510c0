"""Admin of the audit trail of who viewed or exported sensitive data."""

from django.contrib import admin

from config.admin import ReadOnlyAdmin

from .models import AccessRecord


@admin.register(AccessRecord)
class AccessRecordAdmin(ReadOnlyAdmin):
    """Read-only: an audit trail an admin could edit would prove nothing."""

    list_display = ["at", "username", "kind", "unit", "subject", "address"]
    list_filter = ["kind", "at"]
    search_fields = ["username", "subject", "unit__short_name", "address"]
    date_hierarchy = "at"
    list_select_related = ["unit"]
