"""Follow-ups (tindak lanjut): the list, one follow-up, its comments and status history."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import (
    Case,
    IntegerField,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from agencies.models import Agency
from agencies.roles import access_for

from ..models import (
    ActionItem,
    ActionItemComment,
    Decision,
)
from .privacy import decision_for_viewer

# What a row of the list shows: the follow-up's own columns, its owners' names, its
# meeting's title, start and host (whose chain gives the zone and whose path who may
# update it). Fewer columns make the query cheaper to compile, not only to read.
ACTION_ITEM_ROW_FIELDS = (
    "text",
    "due_date",
    "status",
    "owner_agency__short_name",
    "owner_official__rank",
    "owner_official__name",
    "meeting__title",
    "meeting__starts_at",
    "meeting__host__short_name",
    "meeting__host__path",
    *Agency.zone_fields("meeting__host"),
)


def action_item_list(*, user: User, today: datetime.date | None = None) -> QuerySet[ActionItem]:
    """Follow-ups the user may see, open and overdue ones first, then by due date."""
    today = today or timezone.localdate()
    closed = [ActionItem.Status.DONE, ActionItem.Status.CANCELLED]
    closed_rank = Case(
        When(status__in=closed, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        ActionItem.objects.visible_to(user)
        .select_related("meeting__host__parent__parent", "owner_agency", "owner_official")
        .only(*ACTION_ITEM_ROW_FIELDS)
        .order_by(closed_rank, "due_date", "pk")
    )


def action_item_owner_agencies(*, user: User) -> QuerySet[Agency]:
    return owners_of(action_items=ActionItem.objects.visible_to(user))


def owners_of(*, action_items: QuerySet[ActionItem]) -> QuerySet[Agency]:
    """The agencies owning any of ``action_items`` (a subquery: nothing is read here)."""
    return Agency.objects.filter(pk__in=action_items.order_by().values("owner_agency_id")).order_by(
        "path"
    )


def action_item_detail(*, user: User, pk: int) -> ActionItem:
    """One follow-up the user may see (DoesNotExist otherwise), with its meeting."""
    return (
        ActionItem.objects.visible_to(user)
        .select_related(
            "meeting__host__parent__parent", "owner_agency", "owner_official", "decision"
        )
        .get(pk=pk)
    )


def action_item_comments(*, action_item: ActionItem) -> QuerySet[ActionItemComment]:
    return ActionItemComment.objects.filter(action_item=action_item).select_related(
        "author", "author_agency"
    )


def action_item_status_history(*, action_item: ActionItem) -> list[dict]:
    """Status changes of a follow-up (who, when, from, to), newest first, from its
    django-simple-history records."""
    records = list(
        ActionItem.history.filter(id=action_item.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    labels = dict(ActionItem.Status.choices)
    changes = []
    previous = None
    for record in records:
        if previous is None or record.status != previous.status:
            changes.append(
                {
                    "when": record.history_date,
                    "user": record.history_user,
                    "from": labels.get(previous.status) if previous else None,
                    "to": labels.get(record.status, record.status),
                }
            )
        previous = record
    changes.reverse()
    return changes


def updatable_action_item_ids(*, user: User, action_items: Iterable[ActionItem]) -> frozenset[int]:
    """Which of ``action_items`` the user may update (one query)."""
    return frozenset(
        ActionItem.objects.updatable_by(user)
        .filter(pk__in=[item.pk for item in action_items])
        .values_list("pk", flat=True)
    )


def updatable_visible_action_item_ids(
    *, user: User, action_items: Iterable[ActionItem]
) -> frozenset[int]:
    """Which of ``action_items``, all read through ``ActionItem.objects.visible_to(user)``
    with their meeting's host, the user may update: ``updatable_by``'s rule without a
    query, since their meetings are known to be visible to the user (a liaison updates its
    own agencies' follow-ups, an operator those of meetings its units host)."""
    access = access_for(user)
    if access.is_admin:
        return frozenset(item.pk for item in action_items)
    liaised = {agency.pk for agency in access.liaised}
    operated = [unit.path for unit in access.operated]
    return frozenset(
        item.pk
        for item in action_items
        if item.owner_agency_id in liaised
        or any(item.meeting.host.path.startswith(path) for path in operated)
    )


@dataclass
class ActionItemPage:
    item: ActionItem
    can_update: bool
    # None when there is none or the user may not read it (``Viewer.sees_decision``).
    decision: Decision | None
    comments: list[ActionItemComment]
    status_history: list[dict[str, Any]]


def action_item_page(*, user: User, pk: int) -> ActionItemPage:
    """One follow-up's page: the item (DoesNotExist if hidden from the user), its
    decision as the user may read it, comments and status history."""
    item = action_item_detail(user=user, pk=pk)
    return ActionItemPage(
        item=item,
        can_update=item.pk in updatable_visible_action_item_ids(user=user, action_items=[item]),
        decision=decision_for_viewer(action_item=item, user=user),
        comments=list(action_item_comments(action_item=item)),
        status_history=action_item_status_history(action_item=item),
    )
