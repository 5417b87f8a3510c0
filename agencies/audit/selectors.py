"""Reads of the audit trail for the commander's page."""

from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator

from .models import AccessRecord

RECORDS_PER_PAGE = 50


def access_records_page(*, user: User, kind: str = "", number: int | str | None = None) -> Page:
    records = AccessRecord.objects.visible_to(user).select_related("unit", "unit__parent")
    if kind in AccessRecord.Kind.values:
        records = records.filter(kind=kind)
    return Paginator(records, RECORDS_PER_PAGE).get_page(number)
