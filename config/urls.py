from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from agencies.forms import LoginForm
from operations import views as operation_views

urlpatterns = [
    path("", operation_views.home, name="home"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tps/", include("polling_stations.urls")),
    path("admin/", admin.site.urls),
    path("rapat/", include("meetings.urls")),
    path("", include("polling_stations.election_day_urls")),
    path("", include("operations.urls")),
]
