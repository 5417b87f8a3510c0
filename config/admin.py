"""Admin pieces shared by the apps: a read-only admin for logs and registers."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lists and shows records that nobody adds, edits or deletes by hand: a log or a
    register an admin could change would prove nothing."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
