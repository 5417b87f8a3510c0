"""Writes for polling stations, one module per concern, re-exported for callers."""

from .patterns import NATIONAL_DEFAULT, PRESETS, apply_pattern_preset, set_security_pattern
from .personnel import set_personnel_policy, set_unit_strength
from .plotting import (
    groups_needed,
    move_station_to_group,
    propose_plotting,
    propose_plotting_for_unit,
    update_plotting_group,
)
from .plotting_documents import (
    build_plotting_document,
    plotting_sections,
    render_plotting_pdf,
    request_plotting_document,
)
from .risk import (
    ADOPTED_REASON,
    INDICATORS_FILE,
    SECURITY_VARIABLE,
    VARIABLE_NAMES,
    Category,
    import_indicators,
    lift_category_override,
    override_category,
    recompute_categories,
    remove_indicator_report,
    report_indicator,
    rule_for,
    suggest_category,
    suggested_category_expression,
)
from .tps_import import BULK_BATCH, STAGING_TABLE_SQL, RowCheck, TpsImportResult, import_tps
from .tps_uploads import create_tps_import, run_tps_import

__all__ = [
    "RowCheck",
    "BULK_BATCH",
    "TpsImportResult",
    "import_tps",
    "STAGING_TABLE_SQL",
    "create_tps_import",
    "run_tps_import",
    "Category",
    "INDICATORS_FILE",
    "VARIABLE_NAMES",
    "SECURITY_VARIABLE",
    "import_indicators",
    "report_indicator",
    "remove_indicator_report",
    "rule_for",
    "suggested_category_expression",
    "suggest_category",
    "ADOPTED_REASON",
    "recompute_categories",
    "override_category",
    "lift_category_override",
    "PRESETS",
    "NATIONAL_DEFAULT",
    "set_security_pattern",
    "apply_pattern_preset",
    "set_unit_strength",
    "set_personnel_policy",
    "propose_plotting",
    "propose_plotting_for_unit",
    "update_plotting_group",
    "move_station_to_group",
    "groups_needed",
    "plotting_sections",
    "render_plotting_pdf",
    "build_plotting_document",
    "request_plotting_document",
]
