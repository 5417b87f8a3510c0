"""Meeting pages: the police side (list, page, editor, outcome, attachments, PDFs),
what is shared with partner agencies (Agenda bersama, RSVP, follow-ups, calendar) and
reminders with in-app notifications. Reads come from ``selectors``, writes go through
``services``; every view states who may use it with ``@allow``.
"""

import datetime
import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.access import ADMIN, AUTHENTICATED, COMMANDER, LIAISON, OPERATOR, PUBLIC, allow
from config.storage import STORAGE_UNAVAILABLE

from . import calendar as ics
from . import forms as meeting_forms
from . import history, pdf, selectors, services
from .filters import ActionItemFilter, MeetingFilter, SharedAgendaFilter
from .forms import ActionItemUpdateForm, ReminderOffsetsForm, RsvpForm, offset_label
from .models import ActionItem, Attachment, Invitation, Meeting

logger = logging.getLogger(__name__)

# --- Meetings: list, page, editor, outcome, attachments, PDFs ---------------------------

MEETINGS_PER_PAGE = 25


@allow(OPERATOR, COMMANDER, ADMIN)
def meeting_list(request):
    """Police users' meeting list; partner liaisons use Agenda bersama instead."""
    meeting_filter = MeetingFilter(
        request.GET or None,
        queryset=selectors.meeting_list(user=request.user),
        user=request.user,
    )
    page = Paginator(meeting_filter.qs, MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_invited_counts(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/meeting_list.html",
        {"filter": meeting_filter, "page": page, "query": query.urlencode()},
    )


@allow(AUTHENTICATED)
def meeting_detail(request, pk):
    page = selectors.meeting_page(user=request.user, pk=pk)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "page": page,
            "meeting": page.meeting,
            "upload_form": meeting_forms.AttachmentForm() if page.can_edit else None,
            "can_cancel": page.can_edit and not page.meeting.is_cancelled,
        },
    )


def _conflict(error: services.MeetingConflict) -> dict:
    """What the second of two editors is told: nothing was saved, and why."""
    return {
        "message": _(
            "Rapat ini telah diubah pengguna lain sejak Anda membukanya. Perubahan Anda "
            "belum disimpan dan isian Anda tetap di formulir; periksa perubahan mereka di "
            "bawah, lalu simpan lagi bila isian Anda memang harus menggantikannya."
        ),
        "changes": history.changes_since_version(
            meeting=error.meeting, version=error.since_version
        ),
    }


def _with_version(data, version: int):
    """The editor's own input, now based on the version they have been shown."""
    data = data.copy()
    data["version"] = str(version)
    return data


def _meeting_editor(request, meeting: Meeting | None):
    instance = meeting or Meeting()
    presenters = selectors.presenters_for(user=request.user, meeting=meeting)
    data = request.POST if request.method == "POST" else None
    form = meeting_forms.MeetingForm(data, instance=instance, user=request.user)
    agenda = meeting_forms.AgendaFormSet(
        data, instance=instance, prefix="agenda", presenters=presenters
    )
    conflict = None
    if data is not None and form.is_valid() and agenda.is_valid():
        try:
            if meeting is None:
                saved = services.create_meeting(
                    user=request.user,
                    **form.detail_data,
                    invited_agencies=form.cleaned_data["invited_agencies"],
                    agenda=agenda.agenda_rows(),
                )
                messages.success(request, _("Rapat “%(title)s” dibuat.") % {"title": saved})
            else:
                saved = services.update_meeting(
                    meeting=meeting,
                    user=request.user,
                    version=form.cleaned_data["version"],
                    data=form.detail_data,
                    invited_agencies=form.cleaned_data["invited_agencies"],
                    agenda=agenda.agenda_rows(),
                )
                messages.success(request, _("Perubahan rapat disimpan."))
            return redirect("meetings:detail", pk=saved.pk)
        except services.MeetingConflict as error:
            conflict = _conflict(error)
            data = _with_version(request.POST, error.meeting.version)
            form = meeting_forms.MeetingForm(data, instance=instance, user=request.user)
            form.is_valid()
            agenda = meeting_forms.AgendaFormSet(
                data, instance=instance, prefix="agenda", presenters=presenters
            )
            agenda.is_valid()
    cancel_form = None
    if meeting is not None and not meeting.is_cancelled:
        # Cancelling lives on the same page, as its own small form with its own version.
        cancel_form = meeting_forms.CancelMeetingForm(initial={"version": meeting.version})
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "agenda": agenda,
            "meeting": meeting,
            "conflict": conflict,
            "cancel_form": cancel_form,
        },
    )


@allow(OPERATOR)
def meeting_create(request):
    return _meeting_editor(request, None)


@allow(OPERATOR)
def meeting_edit(request, pk):
    return _meeting_editor(request, selectors.editable_meeting(user=request.user, pk=pk))


@allow(OPERATOR)
def meeting_cancel(request, pk):
    meeting = selectors.editable_meeting(user=request.user, pk=pk)
    form = meeting_forms.CancelMeetingForm(
        request.POST or None, initial={"version": meeting.version}
    )
    conflict = None
    if meeting.is_cancelled:
        messages.info(request, _("Rapat ini sudah dibatalkan."))
        return redirect("meetings:detail", pk=meeting.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(
                meeting=meeting,
                user=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Rapat dibatalkan; datanya tetap tersimpan."))
            return redirect("meetings:detail", pk=meeting.pk)
        except services.MeetingConflict as error:
            conflict = _conflict(error)
            form = meeting_forms.CancelMeetingForm(
                _with_version(request.POST, error.meeting.version)
            )
    return render(
        request,
        "meetings/meeting_cancel.html",
        {"meeting": meeting, "form": form, "conflict": conflict},
    )


def _outcome_forms(meeting, data):
    parties = selectors.meeting_parties(meeting=meeting)
    officials = selectors.officials_of(agencies=parties)
    querysets = selectors.outcome_querysets(meeting=meeting)
    agenda_items = list(querysets["agenda_items"])
    rows = {"agencies": parties, "officials": officials, "agenda_items": agenda_items}
    return {
        "form": meeting_forms.OutcomeForm(data, instance=meeting, officials=officials),
        "presence": meeting_forms.PresenceFormSet(
            data, queryset=querysets["invitations"], prefix="presence"
        ),
        "minutes": meeting_forms.MinutesFormSet(
            data, queryset=querysets["agenda_items"], prefix="minutes"
        ),
        "attendees": meeting_forms.AttendeeFormSet(
            data, instance=meeting, prefix="attendees", **rows
        ),
        "decisions": meeting_forms.DecisionFormSet(
            data, instance=meeting, prefix="decisions", **rows
        ),
        "actions": meeting_forms.ActionItemFormSet(
            data, instance=meeting, prefix="actions", **rows
        ),
        "risks": meeting_forms.MeetingRiskFormSet(data, instance=meeting, prefix="risks", **rows),
    }


@allow(OPERATOR)
def meeting_outcome(request, pk):
    """After the meeting: attendance, chair, minutes, decisions, follow-ups and risks."""
    meeting = selectors.editable_meeting(user=request.user, pk=pk)
    data = request.POST if request.method == "POST" else None
    bound = _outcome_forms(meeting, data)
    conflict = None
    if data is not None and all(part.is_valid() for part in bound.values()):
        form = bound["form"]
        try:
            services.record_outcome(
                meeting=meeting,
                user=request.user,
                version=form.cleaned_data["version"],
                chair=form.cleaned_data["chair"],
                chair_on_behalf_of=form.cleaned_data["chair_on_behalf_of"],
                summary=form.cleaned_data["summary"],
                minutes_shared=form.cleaned_data["minutes_shared"],
                mark_held=form.cleaned_data["mark_held"],
                presence={f.instance.pk: f.cleaned_data["present"] for f in bound["presence"]},
                minutes={f.instance.pk: f.cleaned_data["minutes"] for f in bound["minutes"]},
                attendees=bound["attendees"].row_changes(),
                decisions=bound["decisions"].row_changes(),
                action_items=bound["actions"].row_changes(),
                risks=bound["risks"].row_changes(),
            )
            messages.success(request, _("Hasil rapat disimpan."))
            return redirect("meetings:detail", pk=meeting.pk)
        except services.MeetingConflict as error:
            conflict = _conflict(error)
            meeting = selectors.editable_meeting(user=request.user, pk=pk)
            bound = _outcome_forms(meeting, _with_version(request.POST, error.meeting.version))
            for part in bound.values():
                part.is_valid()
    return render(
        request,
        "meetings/meeting_outcome.html",
        {"meeting": meeting, "conflict": conflict, **bound},
    )


@allow(OPERATOR)
def attachment_upload(request, pk):
    meeting = selectors.editable_meeting(user=request.user, pk=pk)
    form = meeting_forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            attachment = services.add_attachment(
                meeting=meeting,
                user=request.user,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                is_internal=form.cleaned_data["is_internal"],
            )
        except OSError:
            # A full or read-only volume: the storage left no partial file, the row rolled back.
            logger.exception("attachment of meeting %s could not be stored", meeting.pk)
            form.add_error("file", STORAGE_UNAVAILABLE)
            return render(
                request,
                "meetings/attachment_form.html",
                {"meeting": meeting, "form": form},
                status=507,
            )
        messages.success(request, _("Lampiran “%(name)s” diunggah.") % {"name": attachment})
        return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/attachment_form.html", {"meeting": meeting, "form": form})


@allow(AUTHENTICATED)
def attachment_download(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.visible_to(request.user).select_related("meeting"), pk=pk
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("Berkas lampiran tidak ditemukan di penyimpanan.")) from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@allow(OPERATOR)
def attachment_delete(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.filter(
            meeting__in=Meeting.objects.editable_by(request.user).values("pk")
        ),
        pk=pk,
    )
    meeting_pk = attachment.meeting_id
    services.delete_attachment(attachment=attachment)
    messages.success(request, _("Lampiran dihapus."))
    return redirect("meetings:detail", pk=meeting_pk)


def _pdf_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@allow(AUTHENTICATED)
def meeting_invitation_pdf(request, pk):
    """Undangan: the invitation letter with the agenda, as the user may see it."""
    page = selectors.meeting_page(user=request.user, pk=pk, with_history=False)
    content = pdf.render_pdf(
        template_name="meetings/pdf/undangan.html",
        context={"page": page, "meeting": page.meeting},
        request=request,
    )
    return _pdf_response(content, filename=f"undangan-{slugify(page.meeting.title)[:60]}.pdf")


@allow(AUTHENTICATED)
def meeting_minutes_pdf(request, pk):
    """Notulen; a liaison gets it only if the minutes were shared with the partners."""
    page = selectors.meeting_page(user=request.user, pk=pk, with_history=False)
    if not page.show_minutes:
        raise Http404(_("Notulen rapat ini tidak dibagikan."))
    content = pdf.render_pdf(
        template_name="meetings/pdf/notulen.html",
        context={"page": page, "meeting": page.meeting},
        request=request,
    )
    return _pdf_response(content, filename=f"notulen-{slugify(page.meeting.title)[:60]}.pdf")


# --- Shared with partner agencies: Agenda bersama, RSVP, follow-ups, calendar --------
# Agenda bersama, RSVP, follow-ups (tindak lanjut), .ics and personal calendar feeds.

SHARED_PAGE_SIZE = 25
FEED_TOKEN_SESSION_KEY = "meetings.new_calendar_feed_token"


def _page(request, queryset, per_page=SHARED_PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("halaman"))


def _querystring_without(request, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def _parse_anchor(value: str | None, today: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else today
    except ValueError:
        return today


@allow(AUTHENTICATED)
def shared_agenda(request):
    """Agenda bersama: the meetings shared with the user's agency, as a list (upcoming
    first) or as a month/week calendar in the user's own zone."""
    zone = selectors.viewer_zone(user=request.user)
    mode = request.GET.get("tampilan", "daftar")
    filterset = SharedAgendaFilter(
        request.GET or None,
        queryset=selectors.shared_agenda(user=request.user),
        request=request,
        zone_name=zone.tz_name,
    )
    meetings = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    context = {
        "filter": filterset,
        "mode": mode,
        "zone": zone,
        "filter_query": _querystring_without(request, "halaman", "tampilan", "tanggal"),
    }
    if mode in ("bulan", "minggu"):
        today = timezone.now().astimezone(zone.tzinfo).date()
        context["grid"] = selectors.calendar_grid(
            meetings=meetings,
            mode="week" if mode == "minggu" else "month",
            anchor=_parse_anchor(request.GET.get("tanggal"), today),
            zone=zone,
            today=today,
        )
        return render(request, "meetings/shared/agenda_calendar.html", context)
    page = _page(request, meetings)
    for meeting in page.object_list:
        meeting.mine = selectors.my_invitations(meeting=meeting, user=request.user)
    context["page"] = page
    return render(request, "meetings/shared/agenda_list.html", context)


@allow(LIAISON)
def meeting_rsvp(request, pk):
    """A liaison answers its agency's invitation (hadir / diwakilkan / tidak hadir)."""
    agency_pk = request.GET.get("instansi") or request.POST.get("instansi")
    try:
        invitation = selectors.invitation_for_rsvp(
            meeting_pk=pk,
            user=request.user,
            agency_pk=int(agency_pk) if agency_pk and agency_pk.isdigit() else None,
        )
    except Invitation.DoesNotExist:
        raise Http404 from None
    meeting = invitation.meeting
    if request.method == "POST":
        form = RsvpForm(request.POST)
        if form.is_valid():
            try:
                services.respond_to_invitation(
                    invitation=invitation,
                    user=request.user,
                    rsvp=form.cleaned_data["rsvp"],
                    delegate=form.cleaned_data["rsvp_delegate"],
                    note=form.cleaned_data["rsvp_note"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Konfirmasi %(agency)s untuk rapat ini tersimpan.")
                    % {"agency": invitation.agency},
                )
                return redirect("meetings:detail", pk=meeting.pk)
    else:
        form = RsvpForm(
            initial={
                "rsvp": invitation.rsvp if invitation.rsvp != Invitation.Rsvp.PENDING else None,
                "rsvp_delegate": invitation.rsvp_delegate,
                "rsvp_note": invitation.rsvp_note,
            }
        )
    return render(
        request,
        "meetings/shared/rsvp.html",
        {
            "meeting": meeting,
            "invitation": invitation,
            "form": form,
            "view": selectors.meeting_for_viewer(meeting, request.user),
            "rsvp_open": selectors.rsvp_open(meeting),
        },
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field_name, field_errors in error.error_dict.items():
            form.add_error(field_name if field_name in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


@allow(AUTHENTICATED)
def action_item_list(request):
    """Tindak lanjut: the follow-ups the user may see, overdue ones marked."""
    filterset = ActionItemFilter(
        request.GET or None,
        queryset=selectors.action_item_list(user=request.user),
        request=request,
    )
    items = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    page = _page(request, items)
    updatable = set(
        ActionItem.objects.updatable_by(request.user)
        .filter(pk__in=[item.pk for item in page.object_list])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "meetings/shared/action_item_list.html",
        {
            "filter": filterset,
            "page": page,
            "updatable": updatable,
            "filter_query": _querystring_without(request, "halaman"),
        },
    )


@allow(AUTHENTICATED)
def action_item_detail(request, pk):
    """One follow-up: its comments and status history; its owner agency's liaison and
    the host unit's operators update it here."""
    try:
        item = selectors.action_item_detail(user=request.user, pk=pk)
    except ActionItem.DoesNotExist:
        raise Http404 from None
    can_update = ActionItem.objects.updatable_by(request.user).filter(pk=item.pk).exists()
    form = None
    if request.method == "POST":
        if not can_update:
            raise Http404
        form = ActionItemUpdateForm(request.POST, current_status=item.status)
        if form.is_valid():
            try:
                services.update_action_item(
                    action_item=item,
                    user=request.user,
                    status=form.cleaned_data["status"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Tindak lanjut diperbarui."))
                return redirect("meetings:action_item", pk=item.pk)
    elif can_update:
        form = ActionItemUpdateForm(initial={"status": item.status}, current_status=item.status)
    return render(
        request,
        "meetings/shared/action_item_detail.html",
        {
            "item": item,
            "meeting": item.meeting,
            "form": form,
            "comments": selectors.action_item_comments(action_item=item),
            "status_history": selectors.action_item_status_history(action_item=item),
            "decision": selectors.decision_for_viewer(action_item=item, user=request.user),
        },
    )


def _ics_response(content: bytes, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    return response


@allow(AUTHENTICATED)
def meeting_calendar_file(request, pk):
    """One meeting as an .ics file, for whoever may see the meeting."""
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related(*selectors.MEETING_ROW_RELATED),
        pk=pk,
    )
    content = ics.meeting_ics(
        meeting,
        agenda_items=selectors.meeting_agenda_for_calendar(meeting=meeting),
        user=request.user,
        base_url=request.build_absolute_uri("/"),
    )
    return _ics_response(content, filename=f"rapat-{meeting.pk}.ics")


@allow(AUTHENTICATED)
def calendar_feed_settings(request):
    """Shows the user's personal feed (the URL only once, right after it is made)."""
    token = request.session.pop(FEED_TOKEN_SESSION_KEY, None)
    feed_url = None
    if token:
        feed_url = request.build_absolute_uri(reverse("meetings:calendar_feed", args=[token]))
    return render(
        request,
        "meetings/shared/calendar_feed.html",
        {
            "feed": selectors.active_calendar_feed(user=request.user),
            "zone": selectors.viewer_zone(user=request.user),
            "feed_url": feed_url,
            "webcal_url": feed_url.replace("https://", "webcal://", 1).replace(
                "http://", "webcal://", 1
            )
            if feed_url
            else None,
        },
    )


@allow(AUTHENTICATED)
@require_POST
def calendar_feed_issue(request):
    _feed, token = services.issue_calendar_feed(user=request.user)
    request.session[FEED_TOKEN_SESSION_KEY] = token
    messages.success(
        request,
        _("URL kalender baru dibuat. URL lama, jika ada, tidak berlaku lagi."),
    )
    return redirect("meetings:calendar_settings")


@allow(AUTHENTICATED)
@require_POST
def calendar_feed_revoke(request):
    if services.revoke_calendar_feed(user=request.user):
        messages.success(
            request, _("URL kalender dicabut; aplikasi kalender tidak lagi menerima rapat.")
        )
    else:
        messages.info(request, _("Anda belum memiliki URL kalender yang aktif."))
    return redirect("meetings:calendar_settings")


@allow(PUBLIC)
def calendar_feed(request, token):
    """The secret subscription feed: no session (calendar clients cannot log in), the
    token stands for its user; a revoked or unknown token is 404."""
    feed = selectors.calendar_feed_for_token(token=token)
    if feed is None:
        raise Http404
    services.record_calendar_feed_use(feed=feed)
    content = ics.feed_ics(
        selectors.calendar_feed_meetings(user=feed.user),
        user=feed.user,
        base_url=request.build_absolute_uri("/"),
    )
    return _ics_response(content)


# --- Reminders and in-app notifications ----------------------------------------------


@allow(AUTHENTICATED)
def notification_list(request):
    return render(
        request,
        "meetings/notifications.html",
        {"notifications": selectors.notifications_for(user=request.user)},
    )


@allow(AUTHENTICATED)
@require_POST
def notifications_mark_read(request):
    services.mark_notifications_read(user=request.user)
    return redirect("meetings:notifications")


@allow(OPERATOR)
def meeting_reminders(request, pk):
    """The meeting's reminders (offsets before its start), editable by its operators."""
    meeting = selectors.editable_meeting(user=request.user, pk=pk)
    current = list(meeting.reminders.order_by("-offset"))
    form = ReminderOffsetsForm(
        request.POST or None,
        initial={"offsets": ", ".join(offset_label(r.offset) for r in current)},
    )
    if request.method == "POST" and form.is_valid():
        services.set_meeting_reminders(meeting=meeting, offsets=form.cleaned_data["offsets"])
        messages.success(request, _("Pengingat rapat disimpan."))
        return redirect("meetings:reminders", pk=meeting.pk)
    return render(
        request,
        "meetings/reminders.html",
        {"meeting": meeting, "reminders": current, "form": form},
    )
