"""Pages shared with partner agencies: Agenda bersama, RSVP, follow-ups, .ics and calendar feeds."""

import datetime

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.access import AUTHENTICATED, LIAISON, PUBLIC, allow
from config.errors import InvalidInput
from config.pagination import page_of

from .. import calendar as ics
from .. import selectors, services
from ..filters import ActionItemFilter, SharedAgendaFilter
from ..forms import ActionItemUpdateForm, RsvpForm
from ..models import ActionItem, Invitation, Meeting

SHARED_PAGE_SIZE = 25
FEED_TOKEN_SESSION_KEY = "meetings.new_calendar_feed_token"
ICS_CACHE_SECONDS = 24 * 60 * 60


def _page(request, queryset, per_page=SHARED_PAGE_SIZE):
    return page_of(queryset, request.GET.get("halaman"), per_page)


def _querystring_without(request, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


# The calendar steps a month or a week either side of its anchor; Python's dates
# end at year 9999, and no meeting is planned centuries away.
ANCHOR_YEARS = range(1900, 3000)


def _parse_anchor(value: str | None, today: datetime.date) -> datetime.date:
    try:
        anchor = datetime.date.fromisoformat(value) if value else today
    except ValueError:
        return today
    if anchor.year not in ANCHOR_YEARS:
        raise InvalidInput(
            _("Tanggal kalender %(value)s di luar rentang tahun %(first)d–%(last)d.")
            % {"value": value, "first": ANCHOR_YEARS.start, "last": ANCHOR_YEARS.stop - 1}
        )
    return anchor


@allow(AUTHENTICATED)
def shared_agenda(request):
    """Agenda bersama: the meetings shared with the user's agency, as a list (upcoming
    first) or as a month/week calendar in the user's own zone."""
    zone = selectors.viewer_zone(user=request.user)
    mode = request.GET.get("tampilan", "daftar")
    calendar = mode in ("bulan", "minggu")
    filterset = SharedAgendaFilter(
        request.GET or None,
        # The calendar orders its own days: the list's upcoming-first order is not built.
        queryset=selectors.shared_meetings(user=request.user)
        if calendar
        else selectors.shared_agenda(user=request.user),
        request=request,
        zone_name=zone.tz_name,
    )
    meetings = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    # A filter it cannot use (a 2,000-word search) is shown with its message.
    status = 400 if filterset.is_bound and filterset.errors else 200
    context = {
        "filter": filterset,
        "mode": mode,
        "zone": zone,
        "filter_query": _querystring_without(request, "halaman", "tampilan", "tanggal"),
    }
    if calendar:
        today = timezone.now().astimezone(zone.tzinfo).date()
        context["grid"] = selectors.calendar_grid(
            meetings=meetings,
            mode="week" if mode == "minggu" else "month",
            anchor=_parse_anchor(request.GET.get("tanggal"), today),
            zone=zone,
            today=today,
        )
        return render(request, "meetings/shared/agenda_calendar.html", context, status=status)
    page = _page(request, selectors.shared_agenda_rows(meetings=meetings))
    if page.object_list and "count" not in page.paginator.__dict__:
        # Paginator.count is a cached property: the rows' window total answers it.
        page.paginator.__dict__["count"] = page.object_list[0].listed
    context["page"] = page
    context["rows"] = selectors.AgendaRows(meetings=page.object_list, user=request.user)
    return render(request, "meetings/shared/agenda_list.html", context, status=status)


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
    page = selectors.rsvp_page(invitation=invitation, user=request.user)
    return render(
        request,
        "meetings/shared/rsvp.html",
        {"page": page, "meeting": meeting, "invitation": invitation, "form": form},
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
    updatable = selectors.updatable_visible_action_item_ids(
        user=request.user, action_items=page.object_list
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
        status=400 if filterset.is_bound and filterset.errors else 200,
    )


@allow(AUTHENTICATED)
def action_item_detail(request, pk):
    """One follow-up: its comments and status history; its owner agency's liaison and
    the host unit's operators update it here."""
    try:
        page = selectors.action_item_page(user=request.user, pk=pk)
    except ActionItem.DoesNotExist:
        raise Http404 from None
    item, can_update = page.item, page.can_update
    form = None
    if request.method == "POST":
        if not can_update:
            raise Http404
        form = ActionItemUpdateForm(request.POST)
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
        form = ActionItemUpdateForm(initial={"status": item.status})
    return render(
        request,
        "meetings/shared/action_item_detail.html",
        {
            "item": item,
            "meeting": item.meeting,
            "form": form,
            "comments": page.comments,
            "status_history": page.status_history,
            "decision": page.decision,
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
    try:
        meeting = selectors.calendar_meeting(user=request.user, pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None
    viewer, base_url = selectors.Viewer.of(request.user), request.build_absolute_uri("/")
    # Liaisons download each meeting's file again and again; it changes only with the
    # meeting (``meeting_ics_key``).
    key = ics.meeting_ics_key(meeting, viewer=viewer, base_url=base_url)
    content = cache.get(key)
    if content is None:
        selectors.with_event_agenda(meeting)
        content = ics.meeting_ics(meeting, viewer=viewer, base_url=base_url)
        cache.set(key, content, ICS_CACHE_SECONDS)
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
