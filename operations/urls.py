from django.urls import path

from . import views

app_name = "operations"

urlpatterns = [
    path("laporan/", views.readiness_index, {"target": "report"}, name="readiness_index"),
    path("dasbor/", views.readiness_index, {"target": "dashboard"}, name="dashboard_index"),
    path(
        "operasi/<slug:operation_slug>/laporan/", views.readiness_reports, name="readiness_reports"
    ),
    path(
        "operasi/<slug:operation_slug>/laporan/<int:report_pk>/status/",
        views.readiness_report_status,
        name="readiness_report_status",
    ),
    path(
        "operasi/<slug:operation_slug>/laporan/<int:report_pk>/unduh/",
        views.readiness_report_download,
        name="readiness_report_download",
    ),
    path(
        "operasi/<slug:operation_slug>/dasbor/<slug:unit_slug>/",
        views.commander_dashboard,
        name="dashboard",
    ),
]
