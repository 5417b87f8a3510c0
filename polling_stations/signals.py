"""Writes that change what a field officer's requests read: their cached context is dropped."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from operations.models import Operation

from .models import PlottingAssignment, PlottingGroup
from .models.election_day import FieldAccount, IncidentType
from .selectors.field import forget_field_contexts


def _forget(sender, using="default", **kwargs) -> None:
    forget_field_contexts(using=using)


def _forget_on_elections(sender, action, using="default", **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        forget_field_contexts(using=using)


def connect() -> None:
    for model in (FieldAccount, PlottingGroup, IncidentType):
        post_save.connect(_forget, sender=model, dispatch_uid=f"field-context-save-{model}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"field-context-delete-{model}")
    # Assignments are deleted with their group (whose deletion is heard) or in bulk by the
    # plotting services, which forget themselves: a delete receiver here would make Django
    # load every assignment of a replotted Polda instead of deleting them in one statement.
    post_save.connect(_forget, sender=PlottingAssignment, dispatch_uid="field-context-assignment")
    m2m_changed.connect(
        _forget_on_elections,
        sender=Operation.elections.through,
        dispatch_uid="field-context-elections",
    )
