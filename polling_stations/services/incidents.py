"""Handling an incident: posko alerts, escalation to the Polda, steps, Gakkumdu hand-over."""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.models import Agency, Membership
from config.jobs import QueueUnavailable
from config.jobs import enqueue as enqueue_job

from ..models.election_day import Incident, IncidentStep, PostAlert, StationStatus

logger = logging.getLogger(__name__)

ALERT_MIN_SEVERITY = 2
Kind = IncidentStep.Kind
State = Incident.State


def escalation_minutes() -> int:
    return getattr(settings, "ELECTION_DAY_ESCALATION_MINUTES", 15)


def _ancestors(unit: Agency) -> list[Agency]:
    ids = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    return list(Agency.objects.filter(pk__in=ids))


def _posts(incident: Incident, kinds: tuple[str, ...]) -> list[Agency]:
    """The units of ``kinds`` in the chain above the incident's Polsek (itself included)."""
    if incident.polsek is None:
        return []
    return [unit for unit in _ancestors(incident.polsek) if unit.kind in kinds]


def _alert(
    *, incident: Incident, units: list[Agency], reason: str, step: str, note: str
) -> list[PostAlert]:
    now = timezone.now()
    alerts = PostAlert.objects.bulk_create(
        [PostAlert(incident=incident, unit=unit, reason=reason, created_at=now) for unit in units],
        ignore_conflicts=True,
    )
    if not alerts:
        return []
    IncidentStep.objects.create(incident=incident, kind=step, at=now, note=note)
    ids = list(
        PostAlert.objects.filter(
            incident=incident, unit__in=units, emailed_at__isnull=True
        ).values_list("pk", flat=True)
    )

    def enqueue() -> None:
        from ..tasks import send_post_alert_emails

        try:
            enqueue_job(send_post_alert_emails, args=[ids])
        except QueueUnavailable:
            # The alert is in the app already; the periodic task e-mails it later.
            logger.warning(
                "posko alert e-mails for incident %s left to the periodic task", incident.pk
            )

    transaction.on_commit(enqueue)
    return alerts


def alert_posts_for_new_incident(*, incident: Incident) -> list[PostAlert]:
    """Severity 2 or more goes at once to the Polsek and Polres posko."""
    if incident.severity < ALERT_MIN_SEVERITY:
        return []
    units = _posts(incident, (Agency.Kind.POLSEK, Agency.Kind.POLRES))
    return _alert(
        incident=incident,
        units=units,
        reason=PostAlert.Reason.SEVERITY,
        step=Kind.ALERTED,
        note=", ".join(unit.short_name for unit in units),
    )


def escalate_unacknowledged_incidents(*, now: datetime.datetime | None = None) -> int:
    """Sends to the Polda posko every incident of severity 2 or more still unacknowledged
    after the set number of minutes; each once, also with overlapping runs."""
    now = now or timezone.now()
    deadline = now - datetime.timedelta(minutes=escalation_minutes())
    escalated = 0
    with transaction.atomic():
        due = (
            Incident.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                state=State.OPEN,
                escalated_at__isnull=True,
                severity__gte=ALERT_MIN_SEVERITY,
                report__received_at__lte=deadline,
            )
            .select_related("polsek")
        )
        for incident in due:
            units = _posts(incident, (Agency.Kind.POLDA,))
            _alert(
                incident=incident,
                units=units,
                reason=PostAlert.Reason.UNACKNOWLEDGED,
                step=Kind.ESCALATED,
                note=_("Belum diterima posko setelah %(minutes)d menit.")
                % {"minutes": escalation_minutes()},
            )
            incident.escalated_at = now
            incident.save(update_fields=["escalated_at"])
            escalated += 1
    return escalated


def unsent_alert_ids(
    *, older_than: datetime.timedelta = datetime.timedelta(minutes=1)
) -> list[int]:
    """Alerts whose e-mail job never ran (the broker was down when they were made)."""
    return list(
        PostAlert.objects.filter(
            emailed_at__isnull=True, created_at__lte=timezone.now() - older_than
        ).values_list("pk", flat=True)[:500]
    )


def send_post_alert_emails(*, alert_ids: list[int]) -> int:
    """E-mails each alert once to its posko (the unit's address and its police users)."""
    sent = 0
    User = get_user_model()
    for alert_id in alert_ids:
        with transaction.atomic():
            alert = (
                PostAlert.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related(
                    "unit", "incident__incident_type", "incident__polling_station__village"
                )
                .filter(pk=alert_id, emailed_at__isnull=True)
                .first()
            )
            if alert is None:
                continue
            recipients = set(
                User.objects.filter(
                    is_active=True,
                    memberships__agency=alert.unit,
                    memberships__role__in=[Membership.Role.OPERATOR, Membership.Role.COMMANDER],
                )
                .exclude(email="")
                .values_list("email", flat=True)
            )
            if alert.unit.email:
                recipients.add(alert.unit.email)
            if recipients:
                _send_alert(alert, sorted(recipients))
                sent += 1
            alert.emailed_at = timezone.now()
            alert.save(update_fields=["emailed_at"])
    return sent


def _send_alert(alert: PostAlert, recipients: list[str]) -> None:
    incident = alert.incident
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "alert": alert,
            "incident": incident,
            "zone": alert.unit.zone,
            "url": settings.SITE_URL.rstrip("/")
            + reverse("election_day:incident", kwargs={"incident_pk": incident.pk}),
        }
        subject = _("[Posko] Insiden tingkat %(severity)d di %(tps)s, %(village)s") % {
            "severity": incident.severity,
            "tps": incident.polling_station.label,
            "village": incident.polling_station.village.name,
        }
        body = render_to_string("polling_stations/election_day/email/alert.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


# --- Steps taken by the posko ------------------------------------------------------------

# Which states each step may follow. Dispatching, handling or closing an incident nobody
# acknowledged yet acknowledges it first, on the same person's behalf.
ALLOWED_FROM: dict[str, set[str]] = {
    Kind.ACKNOWLEDGED: {State.OPEN},
    Kind.DISPATCHED: {State.OPEN, State.ACKNOWLEDGED, State.DISPATCHED},
    Kind.HANDLED: {State.OPEN, State.ACKNOWLEDGED, State.DISPATCHED},
    Kind.CLOSED: {State.OPEN, State.ACKNOWLEDGED, State.DISPATCHED, State.HANDLED},
    Kind.GAKKUMDU: {State.OPEN, State.ACKNOWLEDGED, State.DISPATCHED, State.HANDLED},
}
NEW_STATE: dict[str, str] = {
    Kind.ACKNOWLEDGED: State.ACKNOWLEDGED,
    Kind.DISPATCHED: State.DISPATCHED,
    Kind.HANDLED: State.HANDLED,
    Kind.CLOSED: State.CLOSED,
}
STEPS_BY_POSKO = tuple(ALLOWED_FROM)


@transaction.atomic
def record_incident_step(
    *, incident: Incident, kind: str, user: Any, note: str = ""
) -> IncidentStep:
    """Records a posko's step on an incident and moves its state; a step that does not
    fit the incident's state is refused with the reason."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    note = (note or "").strip()
    if kind not in ALLOWED_FROM:
        raise ValidationError({"kind": _("Langkah “%(kind)s” tidak dikenal.") % {"kind": kind}})
    if incident.state not in ALLOWED_FROM[kind]:
        raise ValidationError(
            {
                "kind": _("Insiden berstatus “%(state)s”: langkah “%(step)s” tidak dapat dicatat.")
                % {"state": incident.get_state_display(), "step": Kind(kind).label}
            }
        )
    if kind == Kind.CLOSED and not note:
        raise ValidationError({"note": _("Penutupan insiden wajib disertai catatan.")})
    if kind == Kind.GAKKUMDU and incident.gakkumdu:
        raise ValidationError({"kind": _("Insiden ini sudah diteruskan ke Gakkumdu.")})
    now = timezone.now()
    fields = []
    if incident.acknowledged_at is None and kind != Kind.GAKKUMDU:
        incident.acknowledged_at = now
        fields.append("acknowledged_at")
        if kind != Kind.ACKNOWLEDGED:
            IncidentStep.objects.create(incident=incident, kind=Kind.ACKNOWLEDGED, by=user, at=now)
    if kind in NEW_STATE:
        incident.state = NEW_STATE[kind]
        fields.append("state")
    if kind == Kind.CLOSED:
        incident.closed_at = now
        fields.append("closed_at")
    if kind == Kind.GAKKUMDU:
        incident.gakkumdu = True
        fields.append("gakkumdu")
    incident.save(update_fields=fields)
    step = IncidentStep.objects.create(incident=incident, kind=kind, by=user, at=now, note=note)
    if kind == Kind.CLOSED:
        _refresh_open_incidents(incident)
    return step


def _refresh_open_incidents(incident: Incident) -> None:
    """A closed incident no longer counts against its TPS."""
    still_open = Incident.objects.filter(
        operation_id=incident.operation_id, polling_station_id=incident.polling_station_id
    ).open()
    summary = still_open.aggregate(count=models.Count("pk"), worst=models.Max("severity"))
    StationStatus.objects.filter(
        operation_id=incident.operation_id, polling_station_id=incident.polling_station_id
    ).update(open_incidents=summary["count"], max_open_severity=summary["worst"] or 0)
