import datetime

import pytest

from agencies.models import Agency, Membership
from meetings import services
from meetings.models import ActionItem, FollowUpDigest
from tests.factories import (
    ActionItemFactory,
    AgencyFactory,
    InvitationFactory,
    MeetingFactory,
    MembershipFactory,
    UserFactory,
    region_chain,
)

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
TODAY = datetime.date(2030, 10, 17)


def agency_in(province, prefix):
    agency = AgencyFactory(
        kind=Agency.Kind.KPU, short_name=f"KPU {prefix}", seat=region_chain(province)
    )
    user = UserFactory(email=f"{prefix}@example.id")
    MembershipFactory(user=user, agency=agency, role=Membership.Role.LIAISON)
    return agency


def follow_up(agency, due_date, **kwargs):
    meeting = MeetingFactory(
        starts_at=datetime.datetime(2030, 10, 1, 1, tzinfo=UTC),
        ends_at=datetime.datetime(2030, 10, 1, 3, tzinfo=UTC),
    )
    # An agency hears only of follow-ups of meetings it may open: it was invited.
    InvitationFactory(meeting=meeting, agency=agency)
    return ActionItemFactory(meeting=meeting, owner_agency=agency, due_date=due_date, **kwargs)


def test_the_digest_waits_for_seven_in_the_agencys_own_zone(mailoutbox):
    wita = agency_in("63", "kalsel")
    follow_up(wita, TODAY + datetime.timedelta(days=1))

    # 06.59 WITA on 17 October is 22.59 UTC on the 16th.
    services.run_follow_up_digests(now=datetime.datetime(2030, 10, 16, 22, 59, tzinfo=UTC))
    assert mailoutbox == []

    services.run_follow_up_digests(now=datetime.datetime(2030, 10, 16, 23, 0, tzinfo=UTC))
    assert [m.to for m in mailoutbox] == [["kalsel@example.id"]]
    assert "Kamis, 17 Oktober 2030" in mailoutbox[0].subject


def test_each_agency_gets_its_digest_at_its_own_seven(mailoutbox):
    wita = agency_in("63", "kalsel")
    wib = agency_in("13", "sumbar")
    follow_up(wita, TODAY)
    follow_up(wib, TODAY)

    services.run_follow_up_digests(now=datetime.datetime(2030, 10, 16, 23, 0, tzinfo=UTC))

    assert [m.to for m in mailoutbox] == [["kalsel@example.id"]]
    assert FollowUpDigest.objects.get().agency == wita


def test_the_digest_is_sent_once_a_day(mailoutbox):
    agency = agency_in("13", "sumbar")
    follow_up(agency, TODAY)

    for hour in (0, 1, 2):  # 07.00, 08.00, 09.00 WIB
        services.run_follow_up_digests(now=datetime.datetime(2030, 10, 17, hour, 0, tzinfo=UTC))

    assert len(mailoutbox) == 1


def test_the_digest_lists_overdue_and_soon_due_follow_ups(mailoutbox):
    agency = agency_in("13", "sumbar")
    follow_up(agency, TODAY - datetime.timedelta(days=2), text="Pemetaan TPS rawan")
    follow_up(agency, TODAY + datetime.timedelta(days=3), text="Distribusi logistik")
    follow_up(agency, TODAY + datetime.timedelta(days=4), text="Apel gelar pasukan")
    follow_up(agency, TODAY, text="Sudah beres", status=ActionItem.Status.DONE)

    services.run_follow_up_digests(now=datetime.datetime(2030, 10, 17, 0, 0, tzinfo=UTC))

    body = mailoutbox[0].body
    assert "LEWAT TENGGAT (1):\n- Pemetaan TPS rawan" in body
    assert "Jatuh tempo dalam 3 hari (1):\n- Distribusi logistik" in body
    assert "Apel gelar pasukan" not in body
    assert "Sudah beres" not in body


def test_nothing_is_sent_when_nothing_is_due_or_overdue(mailoutbox):
    agency = agency_in("13", "sumbar")
    follow_up(agency, TODAY + datetime.timedelta(days=10))
    follow_up(agency, TODAY - datetime.timedelta(days=1), status=ActionItem.Status.DONE)

    services.run_follow_up_digests(now=datetime.datetime(2030, 10, 17, 1, 0, tzinfo=UTC))

    assert mailoutbox == []
    assert not FollowUpDigest.objects.exists()
