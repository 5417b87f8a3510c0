"""The one way a view records that someone viewed or exported sensitive data."""

import re

from django.http import HttpRequest, QueryDict

from agencies.models import Agency
from agencies.roles import access_for
from config.network import client_address

from .models import AccessRecord

# Query parameters that only page or sort a list say nothing about what was seen.
NOT_FILTERS = {"page", "urut", "sort"}
# The trail keeps what was asked, even odd input the page itself refused; PostgreSQL's
# jsonb cannot hold NUL, so control characters are kept visibly as U+FFFD.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _kept(value: object) -> object:
    if isinstance(value, list):
        return [_kept(item) for item in value]
    return CONTROL.sub("\ufffd", value) if isinstance(value, str) else value


def record_access(
    request: HttpRequest,
    *,
    kind: str,
    unit: Agency | None = None,
    subject: str = "",
    filters: QueryDict | dict | None = None,
) -> AccessRecord:
    """Writes who (``request.user``), when, what (``kind``, ``unit``, ``subject`` and the
    filters of the request) and from which address.

    ``unit`` is the unit whose data was seen; lists scoped to the user (TPS list, exports,
    map data) leave it out and are filed under the user's own police unit, so the
    commanders above that unit read the row.
    """
    params = request.GET if filters is None else filters
    if isinstance(params, QueryDict):
        params = {
            _kept(key): _kept(values if len(values) > 1 else values[0])
            for key, values in params.lists()
            if key not in NOT_FILTERS and any(values)
        }
    user = request.user if request.user.is_authenticated else None
    if unit is None and user is not None:
        own_units = access_for(user).police_units
        unit = own_units[0] if own_units else None
    return AccessRecord.objects.create(
        user=user,
        username=user.get_username() if user else "",
        kind=kind,
        unit=unit,
        subject=subject[:255],
        filters=params,
        address=client_address(request) or None,
    )
