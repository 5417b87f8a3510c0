"""Polling-station pages, one module per concern, re-exported for the URLconf."""

from .imports import tps_import_create, tps_import_detail, tps_import_progress, tps_import_rejects
from .map import tps_map, tps_map_data
from .personnel import (
    personnel,
    personnel_index,
    personnel_pattern,
    personnel_policy,
    personnel_recompute,
    personnel_strength,
)
from .plotting import (
    plotting,
    plotting_document_download,
    plotting_document_request,
    plotting_document_status,
    plotting_group,
    plotting_propose,
)
from .risk import INDICATOR_LEVELS, SUMMARY_GROUPS, indicator_summary, summary
from .tps import (
    EXPORT_COLUMNS,
    PAGE_SIZE,
    export_csv,
    export_xlsx,
    tps_category,
    tps_detail,
    tps_indicator,
    tps_list,
)

__all__ = [
    "tps_import_create",
    "tps_import_detail",
    "tps_import_progress",
    "tps_import_rejects",
    "PAGE_SIZE",
    "EXPORT_COLUMNS",
    "tps_list",
    "export_csv",
    "export_xlsx",
    "tps_detail",
    "tps_category",
    "tps_indicator",
    "tps_map",
    "tps_map_data",
    "SUMMARY_GROUPS",
    "summary",
    "INDICATOR_LEVELS",
    "indicator_summary",
    "personnel_index",
    "personnel",
    "personnel_pattern",
    "personnel_strength",
    "personnel_policy",
    "personnel_recompute",
    "plotting",
    "plotting_propose",
    "plotting_document_request",
    "plotting_document_status",
    "plotting_document_download",
    "plotting_group",
]
