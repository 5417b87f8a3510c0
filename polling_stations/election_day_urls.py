"""URLs of voting day: the situation room (/situasi/), incidents, Gakkumdu cases, the field page."""

from django.urls import path

from .views import election_day as views
from .views import election_day_report as reports
from .views import field

app_name = "election_day"

room = "situasi/<slug:operation_slug>/<slug:unit_slug>/"

urlpatterns = [
    path("situasi/", views.situation_index, name="index"),
    path(room, views.situation_room, name="room"),
    path(f"{room}ringkasan/", views.situation_summary, name="summary"),
    path(f"{room}ringkasan.json", views.situation_summary_json, name="summary_json"),
    path(f"{room}insiden/", views.situation_incidents, name="incidents"),
    path(f"{room}peta.json", views.situation_map_data, name="map_data"),
    path(f"{room}batas-wilayah.json", views.situation_map_boundaries, name="map_boundaries"),
    path(f"{room}akun-lapangan/", views.field_accounts, name="field_accounts"),
    path(f"{room}laporan-hasil/", reports.report_panel, name="report_panel"),
    path(f"{room}laporan-hasil/minta/", reports.report_request, name="report_request"),
    path(
        f"{room}laporan-hasil/<int:report_pk>/status/", reports.report_status, name="report_status"
    ),
    path(
        f"{room}laporan-hasil/<int:report_pk>/unduh/",
        reports.report_download,
        name="report_download",
    ),
    path("insiden/<int:incident_pk>/", views.incident_page, name="incident"),
    path("insiden/<int:incident_pk>/langkah/", views.incident_step, name="incident_step"),
    path("insiden/<int:incident_pk>/foto.jpg", views.incident_photo, name="incident_photo"),
    path("gakkumdu/", views.gakkumdu_cases, name="gakkumdu"),
    path("gakkumdu/<int:incident_pk>/", views.gakkumdu_case, name="gakkumdu_case"),
    path("lapangan/", field.field_page, name="field"),
    path("lapangan/lapor/", field.field_report, name="field_report"),
]
