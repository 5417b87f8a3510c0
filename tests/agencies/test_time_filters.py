"""Times on pages read in the host unit's zone and the page's language, though each date and
time is formatted once per process."""

import datetime

from django.utils import translation

from agencies.templatetags.sinergi import local_date, local_datetime, local_time

# 01:30 UTC: already Thursday 08.30 in Jakarta, 09.30 in Makassar.
MOMENT = datetime.datetime(2023, 10, 19, 1, 30, tzinfo=datetime.UTC)


def test_it_writes_the_moment_in_the_zone_it_is_given():
    with translation.override("id"):
        assert local_datetime(MOMENT, "Asia/Jakarta") == "Kamis, 19 Oktober 2023 08.30 WIB"
        assert local_datetime(MOMENT, "Asia/Makassar") == "Kamis, 19 Oktober 2023 09.30 WITA"


def test_it_writes_a_date_seen_before_in_the_language_of_each_page():
    with translation.override("id"):
        indonesian = local_date(MOMENT, "Asia/Jakarta")
    with translation.override("en"):
        english = local_date(MOMENT, "Asia/Jakarta")
        english_time = local_time(MOMENT, "Asia/Jayapura")

    assert indonesian == "Kamis, 19 Oktober 2023"
    assert english == "Thursday, 19 October 2023"
    assert english_time == "10:30 WIT"


def test_it_writes_nothing_for_a_missing_moment():
    assert local_datetime(None, "Asia/Jakarta") == ""
