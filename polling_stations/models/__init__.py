"""The polling-station models, one module per concern; imported here for Django."""

from .election_day import (
    FieldAccount,
    FieldReport,
    Incident,
    IncidentStep,
    IncidentType,
    Phase,
    PostAlert,
    StationStatus,
)
from .election_day_report import ElectionDayReport
from .imports import TpsImport, _import_upload_to
from .personnel import PersonnelPolicy, SecurityPattern, UnitStrength
from .plotting import PlottingAssignment, PlottingDocument, PlottingGroup
from .risk import (
    CategoryOverride,
    CategoryRule,
    IndicatorReport,
    IndicatorSet,
    RiskIndicator,
    RiskVariable,
)
from .situation import AreaReportCount
from .tps import DistrictCount, PollingStation, PollingStationQuerySet, area_q

__all__ = [
    "PollingStationQuerySet",
    "PollingStation",
    "DistrictCount",
    "area_q",
    "_import_upload_to",
    "TpsImport",
    "IndicatorSet",
    "RiskVariable",
    "RiskIndicator",
    "IndicatorReport",
    "CategoryRule",
    "CategoryOverride",
    "SecurityPattern",
    "PersonnelPolicy",
    "UnitStrength",
    "PlottingGroup",
    "PlottingAssignment",
    "PlottingDocument",
    "Phase",
    "IncidentType",
    "FieldReport",
    "StationStatus",
    "AreaReportCount",
    "Incident",
    "IncidentStep",
    "PostAlert",
    "FieldAccount",
    "ElectionDayReport",
]
