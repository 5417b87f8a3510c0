from django.urls import path

from . import views

app_name = "polling_stations"

urlpatterns = [
    # --- TPS import ---------------------------------------------------------------------------
    path("impor/", views.tps_import_create, name="tps_import"),
    path("impor/<int:import_pk>/", views.tps_import_detail, name="tps_import_detail"),
    path("impor/<int:import_pk>/progres/", views.tps_import_progress, name="tps_import_progress"),
    path("impor/<int:import_pk>/ditolak.csv", views.tps_import_rejects, name="tps_import_rejects"),
    # --- Risk, security pattern, personnel and plotting ----------------------------------------
    path("", views.tps_list, name="list"),
    path("ekspor.csv", views.export_csv, name="export_csv"),
    path("ekspor.xlsx", views.export_xlsx, name="export_xlsx"),
    path("peta/", views.tps_map, name="map"),
    path("peta/data.json", views.tps_map_data, name="map_data"),
    path("peta/batas.json", views.tps_map_boundaries, name="map_boundaries"),
    path("ringkasan/", views.summary, name="summary"),
    path("indikator/", views.indicator_summary, name="indicator_summary"),
    path("<int:tps_pk>/", views.tps_detail, name="detail"),
    path("<int:tps_pk>/kategori/", views.tps_category, name="category"),
    path("<int:tps_pk>/indikator/", views.tps_indicator, name="indicator"),
    path("personel/", views.personnel_index, name="personnel_index"),
    path("personel/<slug:operation_slug>/<slug:unit_slug>/", views.personnel, name="personnel"),
    path(
        "personel/<slug:operation_slug>/<slug:unit_slug>/pola/",
        views.personnel_pattern,
        name="personnel_pattern",
    ),
    path(
        "personel/<slug:operation_slug>/<slug:unit_slug>/kekuatan/",
        views.personnel_strength,
        name="personnel_strength",
    ),
    path(
        "personel/<slug:operation_slug>/<slug:unit_slug>/cadangan/",
        views.personnel_policy,
        name="personnel_policy",
    ),
    path(
        "personel/<slug:operation_slug>/<slug:unit_slug>/hitung-ulang/",
        views.personnel_recompute,
        name="personnel_recompute",
    ),
    path("plotting/<slug:operation_slug>/<slug:unit_slug>/", views.plotting, name="plotting"),
    path(
        "plotting/<slug:operation_slug>/<slug:unit_slug>/usulkan/",
        views.plotting_propose,
        name="plotting_propose",
    ),
    path(
        "plotting/<slug:operation_slug>/<slug:unit_slug>/daftar-plotting/",
        views.plotting_document_request,
        name="plotting_document_request",
    ),
    path(
        "plotting/<slug:operation_slug>/<slug:unit_slug>/daftar-plotting/<int:document_pk>/status/",
        views.plotting_document_status,
        name="plotting_document_status",
    ),
    path(
        "plotting/<slug:operation_slug>/<slug:unit_slug>/daftar-plotting/<int:document_pk>/"
        "daftar-plotting.pdf",
        views.plotting_document_download,
        name="plotting_document_download",
    ),
    path(
        "plotting/<slug:operation_slug>/kelompok/<int:group_pk>/",
        views.plotting_group,
        name="plotting_group",
    ),
]
