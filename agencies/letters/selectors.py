"""What a printed letter shows: letterhead, Nomor, addressees and signature block."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext as _

from .models import Classification, IssuedNumber, LetterRegister
from .titles import head_title

if TYPE_CHECKING:
    from agencies.models import Agency, Official

# The marking printed at the top and bottom of every page, by classification.
_MARKINGS: dict[str, str] = {
    Classification.TERBATAS: "TERBATAS",
    Classification.RAHASIA: "RAHASIA",
    Classification.SANGAT_RAHASIA: "SANGAT RAHASIA",
}


@dataclass(frozen=True)
class SignatureBlock:
    """ "a.n. KEPALA ... / KABAG OPS / (signature) / NAME / RANK NRP ..."."""

    on_behalf_of: str
    position: str
    name: str
    rank: str
    nrp: str

    @property
    def rank_and_nrp(self) -> str:
        nrp = f"NRP {self.nrp}" if self.nrp else ""
        return " ".join(part for part in (self.rank.upper(), nrp) if part)


@dataclass(frozen=True)
class Letter:
    """One naskah dinas as the shared templates under templates/documents/ print it."""

    kopstuk: list[str]
    place: str
    date: datetime.date | None
    reference: str
    classification: str
    subject: str
    attachment: str = "-"
    addressees: list[str] = field(default_factory=list)
    addressee_place: str = ""
    signature: SignatureBlock | None = None
    copies: list[str] = field(default_factory=list)

    @property
    def classification_label(self) -> str:
        return Classification(self.classification).label.upper()

    @property
    def marking(self) -> str:
        return _MARKINGS.get(self.classification, "")


def register_for(*, unit: "Agency") -> LetterRegister:
    """The unit's register, or an unsaved one with the derived defaults."""
    register = LetterRegister.objects.select_related("signatory").filter(
        unit=unit
    ).first() or LetterRegister(unit=unit)
    register.unit = unit  # keeps the caller's already loaded parents for derive_kopstuk
    return register


def issued_number(*, unit: "Agency", document: models.Model, kind: str) -> IssuedNumber | None:
    """The Nomor a document of ``unit`` already carries, if it was issued."""
    return IssuedNumber.objects.for_document(document, kind=kind, unit=unit).first()


def place_of(*, unit: "Agency", register: LetterRegister) -> str:
    """Where letters are signed: the register's place, else the unit's seat by name."""
    if register.place:
        return register.place
    walker: Agency | None = unit
    while walker is not None and walker.seat is None:
        walker = walker.parent
    if walker is None or walker.seat is None:
        return ""
    return re.sub(r"^(Kabupaten|Kota|Provinsi)\s+", "", walker.seat.name).title()


def is_head(official: "Official") -> bool:
    """Whether an official heads their unit (Kapolres, Kapolda, Kapolsek, Kapolresta)."""
    return official.position.lower().startswith("kapol")


def signature_for(
    *, unit: "Agency", register: LetterRegister, official: "Official | None" = None
) -> SignatureBlock:
    """The block for ``official`` (default: the register's signatory), a.n. the head
    unless the official is the head."""
    official = official or register.signatory
    on_behalf_of = register.head_title or head_title(unit)
    if official is None:
        # Lines left to fill in by hand: who signs is not on record.
        return SignatureBlock(
            on_behalf_of=f"a.n. {on_behalf_of}", position="", name="", rank="", nrp=""
        )
    if is_head(official):
        return SignatureBlock(
            on_behalf_of="",
            position=on_behalf_of,
            name=official.name.upper(),
            rank=official.rank,
            nrp=official.nrp,
        )
    return SignatureBlock(
        on_behalf_of=f"a.n. {on_behalf_of}",
        position=official.position.upper(),
        name=official.name.upper(),
        rank=official.rank,
        nrp=official.nrp,
    )


def letter_for(
    *,
    unit: "Agency",
    subject: str,
    number: IssuedNumber | None = None,
    classification: str = Classification.BIASA,
    addressees: Iterable[str] = (),
    addressee_place: str = "",
    copies: Iterable[str] = (),
    attachment: str = "",
    signatory: "Official | None" = None,
    date: datetime.date | None = None,
) -> Letter:
    """Everything the shared letter templates print for one document of ``unit``.

    ``number`` is the document's IssuedNumber: its Nomor, date and classification win, so
    a reprint shows what the first print showed. Without one the Nomor stays blank for
    a draft.
    """
    register = register_for(unit=unit)
    return Letter(
        kopstuk=register.kopstuk_lines,
        place=place_of(unit=unit, register=register),
        date=number.issued_on if number else date,
        reference=number.reference if number else "",
        classification=number.classification if number else classification,
        subject=subject,
        attachment=attachment or "-",
        addressees=list(addressees),
        addressee_place=addressee_place or _("Tempat"),
        signature=signature_for(unit=unit, register=register, official=signatory),
        copies=list(copies),
    )
