"""Admin of the sign-in log."""

from django.contrib import admin

from config.admin import ReadOnlyAdmin

from .models import SignIn


@admin.register(SignIn)
class SignInAdmin(ReadOnlyAdmin):
    """Read-only: a log an admin could edit would prove nothing."""

    list_display = ["at", "username", "succeeded", "address", "user_agent"]
    list_filter = ["succeeded", "at"]
    search_fields = ["username", "address"]
    date_hierarchy = "at"
    list_select_related = ["user"]
