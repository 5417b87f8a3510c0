from django.urls import path

from . import views

app_name = "polling_stations"

urlpatterns = [
    # --- TPS import (issue 4) ---
    path("impor/", views.tps_import_create, name="tps_import"),
    path("impor/<int:import_pk>/", views.tps_import_detail, name="tps_import_detail"),
    path("impor/<int:import_pk>/progres/", views.tps_import_progress, name="tps_import_progress"),
    path("impor/<int:import_pk>/ditolak.csv", views.tps_import_rejects, name="tps_import_rejects"),
]
