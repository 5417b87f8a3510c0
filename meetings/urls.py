from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    # Meetings: list, page, editor, outcome, attachments, PDFs
    path("", views.meeting_list, name="list"),
    path("baru/", views.meeting_create, name="create"),
    path("pilihan-instansi/<slug:choices>/", views.agency_choices, name="agency_choices"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/riwayat/", views.meeting_changes, name="history"),
    path("<int:pk>/ubah/", views.meeting_edit, name="edit"),
    path("narasumber.json", views.speaker_options, name="speakers"),
    path("<int:pk>/batal/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/hasil/", views.meeting_outcome, name="outcome"),
    path("<int:pk>/undangan.pdf", views.meeting_invitation_pdf, name="invitation_pdf"),
    path("<int:pk>/notulen.pdf", views.meeting_minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/notulen/setujui/", views.minutes_approve, name="minutes_approve"),
    path("<int:pk>/lampiran/", views.attachment_upload, name="attachment_upload"),
    path("lampiran/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("lampiran/<int:pk>/hapus/", views.attachment_delete, name="attachment_delete"),
    # Shared with partner agencies: Agenda bersama, RSVP, follow-ups, calendar
    path("agenda-bersama/", views.shared_agenda, name="shared_agenda"),
    path("<int:pk>/konfirmasi/", views.meeting_rsvp, name="rsvp"),
    path("<int:pk>/kalender.ics", views.meeting_calendar_file, name="meeting_ics"),
    path("tindak-lanjut/", views.action_item_list, name="action_items"),
    path("tindak-lanjut/<int:pk>/", views.action_item_detail, name="action_item"),
    path("kalender/", views.calendar_feed_settings, name="calendar_settings"),
    path("kalender/buat/", views.calendar_feed_issue, name="calendar_feed_issue"),
    path("kalender/cabut/", views.calendar_feed_revoke, name="calendar_feed_revoke"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    # Reminders and notifications
    path("notifikasi/", views.notification_list, name="notifications"),
    path(
        "notifikasi/dibaca/",
        views.notifications_mark_read,
        name="notifications_mark_read",
    ),
    path("<int:pk>/pengingat/", views.meeting_reminders, name="reminders"),
]
