from django.urls import path

from . import views

app_name = "agencies"

urlpatterns = [
    path("personel/impor/", views.roster_import, name="roster_import"),
]
