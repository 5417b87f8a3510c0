from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from agencies.forms import LoginForm
from operations import views as operation_views

# Bad input answers 400 with what was wrong (config.errors.InvalidInput).
handler400 = "config.errors.bad_request"

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
    path("satuan/", include("agencies.urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("rapat/", include("meetings.urls")),
    path("", include("polling_stations.election_day_urls")),
    path("akun/", include("agencies.accounts.urls")),
    path("jejak-akses/", include("agencies.audit.urls")),
    path("", include("operations.urls")),
]

# Rendered without context processors, so they work while the database is down.
handler500 = "config.views.server_error"
