"""The readiness dashboard's TPS and personnel figures, kept in the cache until a write
changes what they count.

A Polda's figures group every TPS of its area by Polsek, region and category and work out
the personnel each Polsek needs: the costliest read of the dashboard, which commanders
open again and again while the figures change only when a TPS, a pattern, a strength or
an operation does. Entries are stored under two versions: the choice lists' (replaced by
every write to units, their regions and the regions, ``agencies.choice_lists``) and this
module's, which ``forget_readiness_figures`` replaces once such a write commits, and
the versions of the provinces of the unit's area (``areas``), which a write to one of
their TPS replaces. Writes that send no model signals announce themselves, with the
provinces they touched if they know them (``polling_stations.changes``).
"""

from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

from agencies.choice_lists import current_version
from agencies.models import Agency
from config.versioned_cache import VersionedCache
from polling_stations.changes import stations_changed
from polling_stations.models import (
    PersonnelPolicy,
    PollingStation,
    SecurityPattern,
    UnitStrength,
)

from ..models import Election, Operation
from . import areas
from .report import Personnel, tps_and_personnel

# What no write announces is read again after ten minutes at most.
READINESS_FIGURES = VersionedCache("readiness-figures", seconds=600)


def dashboard_figures(
    *, operation: Operation, election: Election | None, unit: Agency
) -> tuple[str, list, Personnel]:
    """``selectors.tps_and_personnel``, from the cache while nothing it counts changed."""
    units_version = current_version()
    area_versions = areas.area_versions(unit) if units_version is not None else None
    if units_version is None or area_versions is None:
        return tps_and_personnel(operation=operation, election=election, unit=unit)
    # The labels (group heading, "Tanpa Polsek") are written in the reader's language.
    key = (
        f"{units_version}:{area_versions}:{translation.get_language()}:{operation.pk}:"
        f"{election.pk if election is not None else '-'}:{unit.pk}"
    )

    def read() -> tuple[str, list, Personnel]:
        label, rows, personnel = tps_and_personnel(
            operation=operation, election=election, unit=unit
        )
        # Kept in the reader's language (the key says which) as plain text: a lazy label
        # would be rebuilt, class and all, by every reader that unpickles it.
        for need in personnel.categories:
            need.label = str(need.label)
        return label, rows, personnel

    return READINESS_FIGURES.get(key, read)


def forget_readiness_figures(using: str = DEFAULT_DB_ALIAS) -> None:
    """Every unit's figures are read again once the current transaction commits."""
    READINESS_FIGURES.replace_on_commit(using=using)


def _forget(sender: object, using: str = DEFAULT_DB_ALIAS, **kwargs: object) -> None:
    forget_readiness_figures(using=using)


def _forget_station(
    sender: object,
    instance: PollingStation,
    using: str = DEFAULT_DB_ALIAS,
    created: bool = True,
    update_fields: frozenset[str] | None = None,
    **kwargs: object,
) -> None:
    # A new, deleted or partly saved TPS stays in its village's province; one saved whole
    # may have left another village, which nothing here still knows.
    if created or (update_fields is not None and "village" not in update_fields):
        areas.replace_areas_on_commit([areas.province_of(instance.village_id)], using=using)
    else:
        forget_readiness_figures(using=using)


def _forget_stations(
    sender: object,
    using: str = DEFAULT_DB_ALIAS,
    provinces: list[str] | None = None,
    **kwargs: object,
) -> None:
    if provinces is None:
        forget_readiness_figures(using=using)
    else:
        areas.replace_areas_on_commit(provinces, using=using)


def _forget_on_elections(
    sender: object, action: str, using: str = DEFAULT_DB_ALIAS, **kwargs: object
) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        forget_readiness_figures(using=using)


def connect() -> None:
    # TPS (their category, Polsek, village: per province), the patterns, policies and strengths the
    # personnel is worked out from, and the operations and elections they belong to.
    post_save.connect(
        _forget_station, sender=PollingStation, dispatch_uid="readiness-figures-save-tps"
    )
    post_delete.connect(
        _forget_station, sender=PollingStation, dispatch_uid="readiness-figures-delete-tps"
    )
    for model in (
        SecurityPattern,
        PersonnelPolicy,
        UnitStrength,
        Operation,
        Election,
    ):
        label = model._meta.label_lower
        post_save.connect(_forget, sender=model, dispatch_uid=f"readiness-figures-save-{label}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"readiness-figures-delete-{label}")
    m2m_changed.connect(
        _forget_on_elections,
        sender=Operation.elections.through,
        dispatch_uid="readiness-figures-elections",
    )
    stations_changed.connect(_forget_stations, dispatch_uid="readiness-figures-stations")
