"""Writes that change what cached reads show: a field officer's context, the TPS filter's
choice lists, what is kept of the TPS (the list's rows, the map's points)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from agencies.choice_lists import replace_version
from agencies.models import Agency, Region
from operations.models import Election, Operation

from .changes import stations_changed
from .models import (
    IndicatorSet,
    PlottingAssignment,
    PlottingGroup,
    PollingStation,
    RiskIndicator,
)
from .models.election_day import FieldAccount, IncidentType
from .selectors.field import forget_field_contexts
from .selectors.tps import forget_stations


def _forget(sender, using="default", **kwargs) -> None:
    forget_field_contexts(using=using)


def _forget_on_elections(sender, action, using="default", **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        forget_field_contexts(using=using)


def _stale_stations(sender, using="default", **kwargs) -> None:
    forget_stations(using=using)


def _stale_choices(sender, using="default", **kwargs) -> None:
    replace_version(using=using)


def _stale_choices_on_regions(sender, action, using="default", **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        replace_version(using=using)


def connect() -> None:
    # What is kept of the TPS (list rows, map points): any TPS saved, deleted or changed in bulk.
    post_save.connect(_stale_stations, sender=PollingStation, dispatch_uid="tps-writes-save")
    post_delete.connect(_stale_stations, sender=PollingStation, dispatch_uid="tps-writes-delete")
    stations_changed.connect(_stale_stations, dispatch_uid="tps-writes-bulk")
    # Regions, units, elections and indicators are the TPS filter's choices (the regions'
    # bulk import replaces the version itself); the units' regions, their areas.
    for model in (Region, Agency, Election, IndicatorSet, RiskIndicator):
        post_save.connect(_stale_choices, sender=model, dispatch_uid=f"choices-save-{model}")
        post_delete.connect(_stale_choices, sender=model, dispatch_uid=f"choices-delete-{model}")
    m2m_changed.connect(
        _stale_choices_on_regions,
        sender=Agency.regions.through,
        dispatch_uid="choices-agency-regions",
    )
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
