"""The TPS list, detail and map pages' reads."""

import hashlib
from collections.abc import Iterable, Iterator, Sequence

from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404

from agencies.choice_lists import CHOICE_LISTS, cached_list
from agencies.models import Agency, Region
from agencies.roles import access_for
from config.versioned_cache import VersionedCache
from operations.models import Election

from ..models import (
    CategoryOverride,
    IndicatorReport,
    PollingStation,
    RiskIndicator,
)
from ..models.risk import in_active_language


def elections() -> list[Election]:
    """Every election, the latest first: the TPS pages' choice (kept among the choice
    lists, made stale by every write to an election)."""
    return cached_list("elections", lambda: list(Election.objects.order_by("-voting_day")))


def region_names(codes: Iterable[str]) -> dict[str, str]:
    """``{code: name}`` of the given regions, kept among the choice lists (every write to
    a region makes them stale): the summary's and the map's rows name their areas."""
    ordered = sorted(codes)
    if not ordered:
        return {}
    digest = hashlib.sha256(",".join(ordered).encode()).hexdigest()
    return cached_list(
        f"region-names:{digest}",
        lambda: dict(Region.objects.filter(code__in=ordered).values_list("code", "name")),
    )


def polling_station_list(*, user: User, election: Election) -> QuerySet[PollingStation]:
    """The election's TPS a user may see, with their village, kecamatan and Polsek."""
    return (
        PollingStation.objects.visible_to(user)
        .filter(election=election)
        .select_related("village__parent", "polsek")
    )


# Every TPS write (saved, deleted, or changed in bulk: ``stations_changed``) replaces this
# version: what is kept of the TPS themselves (the list's rows, the map's points) is kept
# under it.
STATIONS = VersionedCache("tps-writes", seconds=600)


def forget_stations(*, using: str = "default") -> None:
    """Makes everything kept of the TPS stale once the current transaction commits."""
    STATIONS.replace_on_commit(using=using)


class PageRows(Sequence):
    """The TPS of a page of the list, read (with their regions and Polsek) only when
    something goes through them: a page whose rows come drawn from the cache needs only
    their ids."""

    def __init__(self, ids: list[int]):
        self.ids = ids
        self._rows: list[PollingStation] | None = None

    def _loaded(self) -> list[PollingStation]:
        if self._rows is None:
            rows = (
                PollingStation.objects.filter(pk__in=self.ids)
                .select_related("village__parent", "polsek")
                .only(*LIST_ROW_FIELDS)
            )
            by_id = {station.pk: station for station in rows}
            self._rows = [by_id[pk] for pk in self.ids]
        return self._rows

    def __len__(self) -> int:
        return len(self.ids)

    def __bool__(self) -> bool:
        return bool(self.ids)

    def __iter__(self) -> Iterator[PollingStation]:
        return iter(self._loaded())

    def __getitem__(self, index):  # type: ignore[no-untyped-def]  # Sequence's overloads
        return self._loaded()[index]


def paginate_stations(
    stations: QuerySet[PollingStation], number: str | int | None, per_page: int = 50
) -> Page:
    """A page of TPS, chosen on ids first and then loaded with their regions and Polsek
    when first gone through (``PageRows``).

    The page's ids come from the covering prefix index (no table rows touched), so only
    the 50 rows shown are read and joined, not every TPS of the unit.
    """

    paginator = Paginator(stations.values_list("pk", flat=True), per_page)
    # Paginated on ids, shown as stations: the page holds a different type once loaded.
    page: Page = paginator.get_page(number)
    page.object_list = PageRows(list(page.object_list))
    return page


# What a row of the TPS list shows, and nothing more (the list never reads coordinates,
# addresses or the suggested category).
LIST_ROW_FIELDS = (
    "id",
    "number",
    "village_id",
    "registered_voters",
    "kind",
    "special_location",
    "category",
    "category_overridden",
    "village__code",
    "village__name",
    "village__parent__code",
    "village__parent__name",
    "polsek__id",
    "polsek__short_name",
)


def list_rows_key(rows: PageRows) -> str:
    """The key of a page's rows' cached fragment: their ids under the current versions of
    the TPS (every TPS write replaces it) and of the choice lists (every region or unit
    write: village, kecamatan and Polsek names), so any change to a shown value renders
    the rows again and an unchanged page is neither read nor rendered twice. Without a
    cache, a digest of every value shown."""
    try:
        found = cache.get_many([STATIONS.version_key, CHOICE_LISTS.version_key])
    except Exception:
        found = {}
    stations_version = found.get(STATIONS.version_key) or STATIONS.version()
    choices_version = found.get(CHOICE_LISTS.version_key) or CHOICE_LISTS.version()
    values: list[object]
    if stations_version is None or choices_version is None:
        values = [
            (
                station.pk,
                station.number,
                station.village_id,
                station.registered_voters,
                station.kind,
                station.special_location,
                station.category,
                station.category_overridden,
                station.village.name,
                station.village.parent.name if station.village.parent else "",
                station.polsek.short_name if station.polsek else "",
            )
            for station in rows
        ]
    else:
        values = [stations_version, choices_version, *rows.ids]
    return hashlib.sha256(repr(values).encode()).hexdigest()


def polling_station_detail(*, user: User, pk: int) -> PollingStation:
    """A TPS the user may see, with its regions, election and Polsek; its indicator
    reports and category history are read only when it has some (``has_reports``,
    ``has_overrides``): most TPS have neither, and two queries cost more than the test."""
    station = get_object_or_404(
        PollingStation.objects.visible_to(user)
        .select_related("village__parent__parent__parent", "election", "polsek")
        .annotate(
            has_reports=Exists(IndicatorReport.objects.filter(polling_station=OuterRef("pk"))),
            has_overrides=Exists(CategoryOverride.objects.filter(polling_station=OuterRef("pk"))),
        ),
        pk=pk,
    )
    histories: list[Prefetch] = []
    if station.has_reports:
        histories.append(
            Prefetch(
                "indicator_reports",
                IndicatorReport.objects.select_related(
                    "indicator__variable", "reported_by", "source_agency"
                ),
            )
        )
    if station.has_overrides:
        histories.append(
            Prefetch(
                "category_overrides",
                CategoryOverride.objects.select_related("changed_by").order_by("-changed_at"),
            )
        )
    prefetch_related_objects([station], *histories)
    return station


def is_editable(*, user: User, station: PollingStation) -> bool:
    """Whether a user may change a TPS they can see (``polling_station_detail``)."""
    access = access_for(user)
    if access.is_admin:
        return True
    if not access.operated:
        return False
    # The TPS a user sees lie in the area of the units they operate or command; when each
    # unit they command lies under one they operate, that is the operated units' area.
    if all(access.can_operate(unit) for unit in access.commanded):
        return True
    return PollingStation.objects.editable_by(user).filter(pk=station.pk).exists()


def region_options(*, selected: str) -> dict[str, list[tuple[str, str]]]:
    """Choices for the province / kabupaten / kecamatan / desa selects of the filter:
    the provinces (kept in the cache), and the children of each selected level (at most
    three queries)."""
    parts = selected.split(".") if selected else []
    options = {
        "provinsi": cached_list(
            "provinces",
            lambda: list(Region.objects.provinces().values_list("code", "name")),
        )
    }
    for depth, level in enumerate(("kabupaten", "kecamatan", "desa"), start=1):
        if len(parts) >= depth:
            parent = ".".join(parts[:depth])
            options[level] = list(
                Region.objects.filter(parent_id=parent).values_list("code", "name")
            )
        else:
            options[level] = []
    return options


def police_units_for(*, user: User) -> QuerySet[Agency]:
    """Police units a user may look at reports for: their units and everything below."""

    access = access_for(user)
    units = Agency.objects.police()
    if access.is_admin:
        return units
    return units.subtrees_of(access.police_units)


def partner_choices() -> list[tuple[int, str]]:
    """``(pk, short name)`` of every partner agency (not police), by name: the source a
    Bawaslu indicator report names."""
    return cached_list(
        "partners",
        lambda: list(
            Agency.objects.exclude(kind__in=Agency.POLICE_KINDS)
            .order_by("short_name")
            .values_list("pk", "short_name")
        ),
    )


def unit_scope(*, user: User) -> str:
    """What the TPS a user may see depend on: "all" for admins, else the paths of their
    police units (users of the same units share cached choices)."""
    access = access_for(user)
    if access.is_admin:
        return "all"
    return hashlib.sha256(
        ",".join(sorted(u.path for u in access.police_units)).encode()
    ).hexdigest()


def polsek_choices(*, user: User, region: str) -> list[tuple[str, str]]:
    """``(pk, short name)`` of the Polsek a user may filter the TPS by, under the chosen
    kabupaten if any. Admins are offered none until a kabupaten is chosen (thousands of
    Polsek nationwide). Kept in the cache per unit scope, not per user."""
    access = access_for(user)
    kabupaten = region[:5] if len(region) >= 5 else ""
    if access.is_admin and not kabupaten:
        return []
    scope = unit_scope(user=user)

    def read() -> list[tuple[str, str]]:
        polseks = police_units_for(user=user).filter(kind=Agency.Kind.POLSEK)
        if kabupaten:
            polseks = polseks.filter(regions__code__startswith=kabupaten).distinct()
        # Pairs, not model instances: a Polda has hundreds of Polsek.
        return [
            (str(pk), name)
            for pk, name in polseks.order_by("short_name").values_list("pk", "short_name")
        ]

    digest = hashlib.sha256(f"{scope}|{kabupaten}".encode()).hexdigest()
    return cached_list(f"polsek:{digest}", read)


def active_indicator_rows(*, election: Election) -> list[tuple[int, int, str, str]]:
    """``(pk, number, text, English text)`` of the election's active indicators, in order,
    kept in the cache."""

    def read() -> list[tuple[int, int, str, str]]:
        return list(
            RiskIndicator.objects.filter(
                indicator_set__election=election, indicator_set__is_active=True
            )
            .order_by("number")
            .values_list("pk", "number", "text", "text_en")
        )

    return cached_list(f"indicators:{election.pk}", read)


def indicator_choices(*, election: Election) -> list[tuple[str, str]]:
    """``(pk, "number. text")`` of the election's active indicators, in the active
    language."""
    return [
        (str(pk), f"{number}. {in_active_language(text, text_en)}")
        for pk, number, text, text_en in active_indicator_rows(election=election)
    ]
