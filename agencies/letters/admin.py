"""Admin of the letter register: per-unit settings and the numbers issued (read-only)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from config.admin import ReadOnlyAdmin

from .models import IssuedNumber, LetterRegister


@admin.register(LetterRegister)
class LetterRegisterAdmin(admin.ModelAdmin):
    list_display = ["unit", "archive_code", "section", "signatory", "kopstuk_preview"]
    search_fields = ["unit__short_name", "unit__name", "archive_code", "section"]
    autocomplete_fields = ["unit", "signatory"]
    list_select_related = ["unit__parent__parent", "signatory"]

    @admin.display(description=_("kopstuk"))
    def kopstuk_preview(self, obj):
        return " / ".join(obj.kopstuk_lines)


@admin.register(IssuedNumber)
class IssuedNumberAdmin(ReadOnlyAdmin):
    """Numbers are given by printing a document; a number once given is never edited or
    deleted, so the admin only lists them."""

    list_display = ["reference", "unit", "issued_on", "kind", "subject", "issued_by"]
    list_filter = ["year", "classification", "kind"]
    search_fields = ["reference", "subject", "unit__short_name"]
    date_hierarchy = "issued_on"
    list_select_related = ["unit", "issued_by"]
