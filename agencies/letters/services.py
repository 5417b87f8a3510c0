"""Issuing Nomor: the one write path into the letter register."""

import datetime
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from .kopstuk import roman_month
from .models import Classification, IssuedNumber, LetterCounter, LetterRegister

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from agencies.models import Agency


def format_reference(
    *, classification: str, number: int, issued_on: datetime.date, register: LetterRegister | None
) -> str:
    """ "B/123/XI/KKA/2026/Bag Ops"; a part the register leaves empty is left out."""
    parts = [
        classification,
        str(number),
        roman_month(issued_on.month),
        register.archive_code if register else "",
        str(issued_on.year),
        register.section if register else "",
    ]
    return "/".join(part for part in parts if part)


def issue_number(
    *,
    unit: "Agency",
    document: models.Model,
    kind: str,
    classification: str = Classification.BIASA,
    subject: str = "",
    issued_by: "User | None" = None,
    now: datetime.datetime | None = None,
) -> IssuedNumber:
    """The Nomor of ``document`` as ``kind`` (undangan, notulen, ...), given on first issue.

    The unit's yearly counter row is locked (SELECT ... FOR UPDATE) while the next number
    is taken, so concurrent requests queue and never share or skip a number; the document
    is checked again under the lock, so two first prints of the same document get one
    number. The year and month are those of the unit's own date.
    """
    existing = IssuedNumber.objects.for_document(document, kind=kind, unit=unit).first()
    if existing is not None:
        return existing
    issued_on = timezone.localdate(now or timezone.now(), unit.tzinfo)
    with transaction.atomic():
        # INSERT ... ON CONFLICT DO NOTHING: the first number of a year does not race.
        LetterCounter.objects.bulk_create(
            [LetterCounter(unit=unit, year=issued_on.year)], ignore_conflicts=True
        )
        counter = LetterCounter.objects.select_for_update().get(unit=unit, year=issued_on.year)
        existing = IssuedNumber.objects.for_document(document, kind=kind, unit=unit).first()
        if existing is not None:
            return existing
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
        register = LetterRegister.objects.filter(unit=unit).first()
        return IssuedNumber.objects.create(
            unit=unit,
            year=issued_on.year,
            number=counter.last_number,
            classification=classification,
            reference=format_reference(
                classification=classification,
                number=counter.last_number,
                issued_on=issued_on,
                register=register,
            ),
            issued_on=issued_on,
            kind=kind,
            subject=subject,
            content_type=ContentType.objects.get_for_model(document),
            object_id=document.pk,
            issued_by=issued_by,
        )


def issue_report_number(report: models.Model, *, kind: str) -> IssuedNumber:
    """The Nomor of a unit's TERBATAS report on an operation (readiness, voting-day
    results): issued by the unit, on the operation's name, by whoever asked for it.

    ``report`` is a generated document with ``unit``, ``operation`` and ``requested_by``.
    """
    return issue_number(
        unit=report.unit,  # type: ignore[attr-defined]
        document=report,
        kind=kind,
        classification=Classification.TERBATAS,
        subject=report.operation.name,  # type: ignore[attr-defined]
        issued_by=report.requested_by,  # type: ignore[attr-defined]
    )
