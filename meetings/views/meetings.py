"""Police meeting pages: list, page, editor, cancel, outcome, attachments, PDFs."""

import logging
from contextlib import suppress

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.access import ADMIN, AUTHENTICATED, COMMANDER, OPERATOR, allow
from config.pagination import page_of
from config.pdf import render_pdf
from config.storage import STORAGE_UNAVAILABLE

from .. import forms as meeting_forms
from .. import history, selectors, services
from ..files import download_name
from ..filters import MeetingFilter
from ..models import Meeting

logger = logging.getLogger(__name__)

MEETINGS_PER_PAGE = 25


@allow(OPERATOR, COMMANDER, ADMIN)
def meeting_list(request):
    """Police users' meeting list; partner liaisons use Agenda bersama instead."""
    meeting_filter = MeetingFilter(
        request.GET or None,
        queryset=selectors.meeting_list(user=request.user),
        user=request.user,
    )
    page = page_of(meeting_filter.qs, request.GET.get("page"), MEETINGS_PER_PAGE)
    page.object_list = selectors.with_invited_counts(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/meeting_list.html",
        {"filter": meeting_filter, "page": page, "query": query.urlencode()},
        # A filter it cannot use (a 2,000-word search) is shown with its message.
        status=400 if meeting_filter.is_bound and meeting_filter.errors else 200,
    )


@allow(AUTHENTICATED)
def agency_choices(request, choices):
    """The agencies matching ``q`` that the user may pick in the filter ``choices``: what
    the filter forms' search widget asks for as the user types."""
    agencies = selectors.search_agencies(
        user=request.user,
        choices=choices,
        term=request.GET.get("q", ""),
        host=request.GET.get("penyelenggara"),
    )
    return JsonResponse(
        {"results": [{"value": str(agency.pk), "text": agency.short_name} for agency in agencies]}
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
            "upload_form": meeting_forms.empty_attachment_form() if page.can_edit else None,
            "can_cancel": page.can_edit and not page.meeting.is_cancelled,
        },
    )


@allow(OPERATOR, COMMANDER, ADMIN)
def meeting_changes(request, pk):
    """Riwayat perubahan: one page of the meeting's stored changes, asked for by the
    meeting page (htmx) when the reader opens it, or on its own without JavaScript."""
    meeting, page = selectors.meeting_change_page(
        user=request.user, pk=pk, number=request.GET.get("halaman")
    )
    template = "meetings/_history.html" if request.htmx else "meetings/meeting_history.html"
    return render(request, template, {"meeting": meeting, "page": page})


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


def _presenters(form, meeting: Meeting | None):
    return selectors.presenters_for(
        host_pk=form.chosen_host_pk, agency_pks=form.chosen_agency_pks, meeting=meeting
    )


def _meeting_editor(request, meeting: Meeting | None):
    instance = meeting or Meeting()
    data = request.POST if request.method == "POST" else None
    form = meeting_forms.MeetingForm(data, instance=instance, user=request.user)
    presenters = _presenters(form, meeting)
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
        except ValidationError as error:
            # A rule only the service can check (the invited agencies of an internal
            # meeting); nothing was written.
            form.add_error(None, error)
        except services.MeetingConflict as error:
            conflict = _conflict(error)
            data = _with_version(request.POST, error.meeting.version)
            form = meeting_forms.MeetingForm(data, instance=instance, user=request.user)
            form.is_valid()
            presenters = _presenters(form, meeting)
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
def speaker_options(request):
    """The officials the editor offers as speakers for the host and agencies picked so
    far (``?penyelenggara=<pk>&instansi=<pk>...``), grouped by agency, so that the
    agenda follows the invitations before they are saved."""
    host_pk, agency_pks = None, []
    with suppress(ValueError):
        host_pk = int(request.GET.get("penyelenggara", ""))
    for value in request.GET.getlist("instansi"):
        with suppress(ValueError):
            agency_pks.append(int(value))
    officials = selectors.presenters_for(host_pk=host_pk, agency_pks=agency_pks[:500])
    return JsonResponse({"groups": meeting_forms.official_choices(officials)})


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


def _officials_url(parties) -> str:
    """Where the outcome's official pickers ask for the officials of the meeting's
    parties (the speakers' endpoint: the same officials, the same order)."""
    query = urlencode({"instansi": [agency.pk for agency in parties]}, doseq=True)
    return f"{reverse('meetings:speakers')}?{query}"


def _outcome_forms(meeting, data):
    parties = selectors.meeting_parties(meeting=meeting)
    # One read of the chosen officials' labels for the whole page.
    officials = meeting_forms.chosen_officials(selectors.officials_of(agencies=parties))
    querysets = selectors.outcome_querysets(meeting=meeting)
    agenda_items = list(querysets["agenda_items"])
    rows = {"agencies": parties, "officials": officials, "agenda_items": agenda_items}
    return parties, {
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
    if not meeting.accepts_outcome:
        messages.error(request, _("Rapat ini dibatalkan; hasil rapat tidak dapat dicatat."))
        return redirect("meetings:detail", pk=meeting.pk)
    data = request.POST if request.method == "POST" else None
    parties, bound = _outcome_forms(meeting, data)
    conflict = None
    if data is not None and all(part.is_valid() for part in bound.values()):
        form = bound["form"]
        was_approved = meeting.minutes_approved
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
                minutes_taker=form.cleaned_data["minutes_taker"],
                early_reason=form.cleaned_data.get("early_reason", ""),
                presence={f.instance.pk: f.cleaned_data["present"] for f in bound["presence"]},
                minutes={f.instance.pk: f.cleaned_data["minutes"] for f in bound["minutes"]},
                attendees=bound["attendees"].row_changes(),
                decisions=bound["decisions"].row_changes(),
                action_items=bound["actions"].row_changes(),
                risks=bound["risks"].row_changes(),
            )
            messages.success(request, _("Hasil rapat disimpan."))
            if was_approved:
                messages.warning(
                    request,
                    _(
                        "Persetujuan notulen oleh pimpinan rapat dicabut karena hasil rapat "
                        "diubah; catat persetujuannya lagi."
                    ),
                )
            return redirect("meetings:detail", pk=meeting.pk)
        except services.MeetingConflict as error:
            conflict = _conflict(error)
            meeting = selectors.editable_meeting(user=request.user, pk=pk)
            parties, bound = _outcome_forms(
                meeting, _with_version(request.POST, error.meeting.version)
            )
            for part in bound.values():
                part.is_valid()
    return render(
        request,
        "meetings/meeting_outcome.html",
        {
            "meeting": meeting,
            "conflict": conflict,
            "officials_url": _officials_url(parties),
            **bound,
        },
    )


@allow(OPERATOR)
@require_POST
def minutes_approve(request, pk):
    """Records that the chair approved the minutes as they stand."""
    meeting = selectors.editable_meeting(user=request.user, pk=pk)
    try:
        services.approve_minutes(meeting=meeting, user=request.user)
        messages.success(request, _("Persetujuan notulen oleh pimpinan rapat dicatat."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("meetings:detail", pk=meeting.pk)


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
    attachment = selectors.attachment_for_download(user=request.user, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("Berkas lampiran tidak ditemukan di penyimpanan.")) from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(attachment.original_name, attachment.content_type),
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@allow(OPERATOR)
def attachment_delete(request, pk):
    attachment = selectors.editable_attachment(user=request.user, pk=pk)
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
    """Undangan: the invitation letter with the agenda, as the user may see it.

    The host's operators issue it: their first print gives the Nomor, every print after
    shows it. Others see the issued letter, or a draft until it is issued."""
    page = selectors.meeting_page(user=request.user, pk=pk)
    meeting = page.meeting
    if page.can_edit and not meeting.is_cancelled:
        number = services.issue_meeting_document(
            meeting=meeting, kind=services.INVITATION, user=request.user
        )
    else:
        number = selectors.issued_meeting_number(meeting=meeting, kind=services.INVITATION)
    content = render_pdf(
        template_name="meetings/pdf/undangan.html",
        context={
            "page": page,
            "meeting": meeting,
            "letter": selectors.invitation_letter(page=page, number=number),
            "addressees": selectors.invitation_addressees(page=page),
        },
        request=request,
    )
    return _pdf_response(content, filename=f"undangan-{slugify(page.meeting.title)[:60]}.pdf")


@allow(AUTHENTICATED)
def meeting_minutes_pdf(request, pk):
    """Notulen; a liaison gets it only if the minutes were shared with the partners.

    Numbered at the first print by the host's operators once the meeting was held."""
    page = selectors.meeting_page(user=request.user, pk=pk)
    if not page.minutes_visible:
        raise Http404(_("Notulen rapat ini tidak dibagikan."))
    meeting = page.meeting
    if page.can_edit and meeting.status == meeting.Status.HELD:
        number = services.issue_meeting_document(
            meeting=meeting, kind=services.MINUTES, user=request.user
        )
    else:
        number = selectors.issued_meeting_number(meeting=meeting, kind=services.MINUTES)
    content = render_pdf(
        template_name="meetings/pdf/notulen.html",
        context={
            "page": page,
            "meeting": meeting,
            "letter": selectors.minutes_letter(page=page, number=number),
            "minutes_taker": selectors.official_signature(meeting.minutes_taker),
            "chair": selectors.official_signature(meeting.chair),
        },
        request=request,
    )
    return _pdf_response(content, filename=f"notulen-{slugify(page.meeting.title)[:60]}.pdf")
