from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    # --- operations side (meetings-ops) ---
    path("", views.meeting_list, name="list"),
    # --- end of operations side ---
]
