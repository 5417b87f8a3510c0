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

from ..models import (
    ActionItem,
    ActionItemComment,
    Decision,
)
from .privacy import decision_for_viewer


def action_item_list(*, user: User, today: datetime.date | None = None) -> QuerySet[ActionItem]:
    """Follow-ups the user may see, open and overdue ones first, then by due date."""
    today = today or timezone.localdate()
    closed = [ActionItem.Status.DONE, ActionItem.Status.CANCELLED]
    return (
        ActionItem.objects.visible_to(user)
        .select_related("meeting__host__parent__parent", "owner_agency", "owner_official")
        .annotate(
            closed_rank=Case(
                When(status__in=closed, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("closed_rank", "due_date", "pk")
    )


def action_item_owner_agencies(*, user: User) -> QuerySet[Agency]:
    return Agency.objects.filter(
        pk__in=ActionItem.objects.visible_to(user).values("owner_agency_id")
    ).order_by("path")


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
        can_update=item.pk in updatable_action_item_ids(user=user, action_items=[item]),
        decision=decision_for_viewer(action_item=item, user=user),
        comments=list(action_item_comments(action_item=item)),
        status_history=action_item_status_history(action_item=item),
    )
