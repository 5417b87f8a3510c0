import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from meetings import services
from meetings.models import ActionItem, ActionItemComment, CalendarFeed, Invitation, Meeting
from tests.worlds import build_world

pytestmark = pytest.mark.django_db


def kpu_invitation(world) -> Invitation:
    return world.meeting.invitations.get(agency=world.kpu)


def test_a_liaison_answers_for_its_agency_and_is_recorded():
    world = build_world(shared_rakor=True)

    invitation = services.respond_to_invitation(
        invitation=kpu_invitation(world),
        user=world.kpu_liaison,
        rsvp=Invitation.Rsvp.REPRESENTED,
        delegate="Dedi Saputra, Komisioner KPU",
        note="Ketua sedang tugas di provinsi",
    )

    invitation.refresh_from_db()
    assert invitation.rsvp == Invitation.Rsvp.REPRESENTED
    assert invitation.rsvp_delegate == "Dedi Saputra, Komisioner KPU"
    assert invitation.responded_by == world.kpu_liaison
    assert invitation.responded_at is not None


def test_the_answer_is_kept_in_the_invitations_history_with_its_user():
    world = build_world(shared_rakor=True)

    services.respond_to_invitation(
        invitation=kpu_invitation(world),
        user=world.kpu_liaison,
        rsvp=Invitation.Rsvp.DECLINED,
    )

    latest = kpu_invitation(world).history.latest()
    assert latest.rsvp == Invitation.Rsvp.DECLINED
    assert latest.history_user == world.kpu_liaison


def test_it_asks_who_represents_the_agency():
    world = build_world(shared_rakor=True)

    with pytest.raises(ValidationError) as error:
        services.respond_to_invitation(
            invitation=kpu_invitation(world),
            user=world.kpu_liaison,
            rsvp=Invitation.Rsvp.REPRESENTED,
        )

    assert "mewakili" in error.value.message_dict["rsvp_delegate"][0]


def test_it_refuses_an_answer_for_another_agency():
    world = build_world(shared_rakor=True)

    with pytest.raises(PermissionDenied):
        services.respond_to_invitation(
            invitation=kpu_invitation(world),
            user=world.bawaslu_liaison,
            rsvp=Invitation.Rsvp.ATTENDING,
            delegate="Siapa saja",
        )


def test_it_refuses_an_answer_to_a_cancelled_meeting():
    world = build_world(shared_rakor=True)
    Meeting.objects.filter(pk=world.meeting.pk).update(status=Meeting.Status.CANCELLED)

    with pytest.raises(ValidationError) as error:
        services.respond_to_invitation(
            invitation=kpu_invitation(world),
            user=world.kpu_liaison,
            rsvp=Invitation.Rsvp.DECLINED,
        )

    assert "dibatalkan" in error.value.messages[0]


def test_it_refuses_an_answer_after_the_meeting():
    world = build_world(shared_rakor=True, starts_at=timezone.now() - datetime.timedelta(days=2))

    with pytest.raises(ValidationError) as error:
        services.respond_to_invitation(
            invitation=kpu_invitation(world),
            user=world.kpu_liaison,
            rsvp=Invitation.Rsvp.DECLINED,
        )

    assert "selesai" in error.value.messages[0]


def test_declining_clears_the_delegate():
    world = build_world(shared_rakor=True)
    invitation = kpu_invitation(world)
    services.respond_to_invitation(
        invitation=invitation, user=world.kpu_liaison, rsvp="attending", delegate="Ketua KPU"
    )

    invitation = services.respond_to_invitation(
        invitation=invitation, user=world.kpu_liaison, rsvp="declined", delegate="Ketua KPU"
    )

    assert invitation.rsvp_delegate == ""


def test_the_owner_liaison_sets_the_status_and_the_history_names_it():
    world = build_world(shared_rakor=True)

    services.update_action_item(
        action_item=world.kpu_item, user=world.kpu_liaison, status=ActionItem.Status.DONE
    )

    world.kpu_item.refresh_from_db()
    assert world.kpu_item.status == ActionItem.Status.DONE
    assert world.kpu_item.history.latest().history_user == world.kpu_liaison


def test_a_comment_records_its_author_agency_and_the_status_it_set():
    world = build_world(shared_rakor=True)

    services.update_action_item(
        action_item=world.kpu_item,
        user=world.kpu_liaison,
        status=ActionItem.Status.IN_PROGRESS,
        comment="Data 893 TPS sedang direkap.",
    )

    comment = ActionItemComment.objects.get(action_item=world.kpu_item)
    assert (comment.author, comment.author_agency, comment.status) == (
        world.kpu_liaison,
        world.kpu,
        ActionItem.Status.IN_PROGRESS,
    )


def test_a_comment_alone_leaves_the_status_and_its_history_alone():
    world = build_world(shared_rakor=True)
    records_before = world.kpu_item.history.count()

    services.update_action_item(
        action_item=world.kpu_item,
        user=world.kpu_liaison,
        status=world.kpu_item.status,
        comment="Menunggu data dari PPK.",
    )

    assert world.kpu_item.history.count() == records_before
    assert ActionItemComment.objects.get().status == ""


def test_it_refuses_an_update_that_changes_nothing():
    world = build_world(shared_rakor=True)

    with pytest.raises(ValidationError):
        services.update_action_item(
            action_item=world.kpu_item, user=world.kpu_liaison, status=world.kpu_item.status
        )


def test_a_liaison_may_not_update_another_agencys_item():
    world = build_world(shared_rakor=True)

    with pytest.raises(PermissionDenied):
        services.update_action_item(
            action_item=world.kodim_item, user=world.kpu_liaison, status="done"
        )


def test_the_host_operator_updates_any_item_of_its_meeting():
    world = build_world(shared_rakor=True)

    services.update_action_item(
        action_item=world.kodim_item, user=world.operator, status="done", comment="Sudah siap."
    )

    world.kodim_item.refresh_from_db()
    assert world.kodim_item.status == "done"
    assert ActionItemComment.objects.get().author_agency == world.polres


def test_an_operator_of_another_unit_may_not_update():
    world = build_world(shared_rakor=True)

    with pytest.raises(PermissionDenied):
        services.update_action_item(
            action_item=world.kodim_item, user=world.other_operator, status="done"
        )


def test_a_new_feed_replaces_the_active_one():
    world = build_world(shared_rakor=True)
    first, _ = services.issue_calendar_feed(user=world.kpu_liaison)

    second, _ = services.issue_calendar_feed(user=world.kpu_liaison)

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert list(CalendarFeed.objects.active().filter(user=world.kpu_liaison)) == [second]


def test_the_database_allows_one_active_feed_per_user():
    world = build_world(shared_rakor=True)
    CalendarFeed.objects.create(user=world.kpu_liaison, token_hash="a" * 64)

    with pytest.raises(IntegrityError):
        CalendarFeed.objects.create(user=world.kpu_liaison, token_hash="b" * 64)


def test_revoking_leaves_no_active_feed():
    world = build_world(shared_rakor=True)
    services.issue_calendar_feed(user=world.kpu_liaison)

    assert services.revoke_calendar_feed(user=world.kpu_liaison) == 1
    assert not CalendarFeed.objects.active().filter(user=world.kpu_liaison).exists()
