from django.contrib import admin

from .models import SignIn


@admin.register(SignIn)
class SignInAdmin(admin.ModelAdmin):
    """Read-only: a log an admin could edit would prove nothing."""

    list_display = ["at", "username", "succeeded", "address", "user_agent"]
    list_filter = ["succeeded", "at"]
    search_fields = ["username", "address"]
    date_hierarchy = "at"
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
