"""What readiness figures mean: the countdown, the moment they describe, the traffic light."""

import datetime
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext, pgettext

from .models import Election, Operation, OperationPhase

GREEN, YELLOW, RED, GREY = "hijau", "kuning", "merah", "abu"


@dataclass
class Countdown:
    """Where the operation stands on ``today``: H-n before voting; on and after voting
    day the operation's phase (or that it has ended) with the voting date."""

    today: datetime.date
    operation: Operation
    election: Election | None
    phase: OperationPhase | None

    @property
    def days_to_voting(self) -> int | None:
        return (self.election.voting_day - self.today).days if self.election else None

    @property
    def before_voting(self) -> bool:
        return self.days_to_voting is not None and self.days_to_voting > 0

    @property
    def operation_ended(self) -> bool:
        return self.today > self.operation.ends_on

    @property
    def headline(self) -> str:
        days = self.days_to_voting
        if days is None:
            return "–"
        if days > 0:
            return f"H-{days}"
        if days == 0:
            return gettext("Hari H")
        if self.operation_ended:
            return gettext("Operasi selesai")
        if self.phase is not None:
            return self.phase.get_kind_display()
        return gettext("Sesudah hari H")

    @property
    def detail(self) -> str:
        """The voting date, and for an ended operation the day it ended."""
        if self.election is None:
            return gettext("Operasi ini belum terkait pemilihan.")
        voting = formats.date_format(self.election.voting_day, "l, j F Y")
        text = gettext("%(election)s, pemungutan suara %(date)s") % {
            "election": self.election.name,
            "date": voting,
        }
        if self.operation_ended:
            text += "; " + gettext("operasi berakhir %(date)s") % {
                "date": formats.date_format(self.operation.ends_on, "l, j F Y")
            }
        return text


def countdown(
    *, operation: Operation, election: Election | None, today: datetime.date
) -> Countdown:
    return Countdown(
        today=today, operation=operation, election=election, phase=operation.phase_on(today)
    )


@dataclass
class LegendEntry:
    light: str
    label: str
    rule: str


def legend(operation: Operation) -> list[LegendEntry]:
    """The traffic light's rules with this operation's thresholds, as shown beside it."""
    values = {
        "red": operation.light_red_coverage,
        "yellow": operation.light_yellow_coverage,
        "overdue": operation.light_red_overdue,
        "days": operation.light_meeting_days,
    }
    return [
        LegendEntry(
            RED,
            pgettext("traffic light", "Merah"),
            gettext(
                "%(overdue)d atau lebih tindak lanjut lewat tenggat, personel di bawah "
                "%(red)d%% kebutuhan, atau ada tindak lanjut lewat tenggat tanpa rapat "
                "koordinasi %(days)d hari terakhir"
            )
            % values,
        ),
        LegendEntry(
            YELLOW,
            pgettext("traffic light", "Kuning"),
            gettext(
                "ada tindak lanjut lewat tenggat, tidak ada rapat koordinasi %(days)d hari "
                "terakhir, atau personel di bawah %(yellow)d%% kebutuhan"
            )
            % values,
        ),
        LegendEntry(GREEN, pgettext("traffic light", "Hijau"), gettext("tidak ada yang di atas")),
        LegendEntry(
            GREY,
            pgettext("traffic light", "Belum ada data"),
            gettext("belum ada TPS, rapat, tindak lanjut, maupun kekuatan personel yang tercatat"),
        ),
    ]


@dataclass
class UnitSignals:
    """What is known of one unit below, judged by ``judge``."""

    tps: int = 0
    meetings: int = 0
    meetings_ever: int = 0
    overdue: int = 0
    open_follow_ups: int = 0
    strength: int | None = None
    coverage_percent: int | None = None
    light: str = GREEN
    reasons: list[str] = field(default_factory=list)


def judge(signals: UnitSignals, *, operation: Operation) -> None:
    """Sets ``light`` and ``reasons`` from the operation's thresholds.

    A unit with nothing recorded (no TPS, no meeting of the operation, no follow-up, no
    strength) is grey, "belum ada data": the light speaks only of what is known.
    """
    signals.reasons = []
    if not (
        signals.tps
        or signals.meetings_ever
        or signals.overdue
        or signals.open_follow_ups
        or signals.strength is not None
    ):
        signals.light = GREY
        signals.reasons.append(gettext("belum ada data"))
        return
    coverage = signals.coverage_percent
    quiet = not signals.meetings
    if signals.overdue:
        signals.reasons.append(
            gettext("%(n)d tindak lanjut lewat tenggat") % {"n": signals.overdue}
        )
    if quiet:
        signals.reasons.append(
            gettext("tidak ada rapat koordinasi %(days)d hari terakhir")
            % {"days": operation.light_meeting_days}
        )
    if coverage is not None and coverage < operation.light_yellow_coverage:
        signals.reasons.append(gettext("personel %(p)d%% dari kebutuhan") % {"p": coverage})
    if (
        signals.overdue >= operation.light_red_overdue
        or (coverage is not None and coverage < operation.light_red_coverage)
        or (signals.overdue and quiet)
    ):
        signals.light = RED
    elif signals.reasons:
        signals.light = YELLOW
    else:
        signals.light = GREEN
