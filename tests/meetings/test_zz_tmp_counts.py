import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.meetings.test_shared_views import as_user, bulk_shared_meetings, world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_counts(client, world):  # noqa: F811
    bulk_shared_meetings(world, 300)
    for role in ["kpu_liaison", "operator", "commander"]:
        c = as_user(client, getattr(world, role))
        for url, params in [
            (reverse("meetings:shared_agenda"), {"halaman": "3"}),
            (reverse("meetings:shared_agenda"), {"tampilan": "bulan"}),
            (reverse("meetings:action_items"), {"halaman": "2"}),
            (reverse("meetings:meeting_ics", args=[world.meeting.pk]), {}),
        ]:
            c.get(url, params)
            with CaptureQueriesContext(connection) as ctx:
                r = c.get(url, params)
            print("COUNT", role, url, params, r.status_code, len(ctx.captured_queries))
            for q in ctx.captured_queries:
                print("   ", q["sql"][:150])
