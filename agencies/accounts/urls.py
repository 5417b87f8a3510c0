from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("dua-langkah/", views.second_factor_verify, name="second_factor_verify"),
    path("dua-langkah/daftar/", views.second_factor_setup, name="second_factor_setup"),
]
