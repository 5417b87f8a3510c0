"""What every demo loader shares: its error, the idempotent upsert and the constants."""

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Membership

DEMO_PASSWORD = "sinergi-demo-2024"
UNITS_CSV = Path(settings.BASE_DIR) / "agencies" / "data" / "polda_sumbar_polres_polsek.csv"
PASAMAN_BARAT = "13.12"
PASAMAN_BARAT_TPS = 893
MISSING_REGIONS_MESSAGE = _(
    "Data wilayah belum ada (kode %(code)s tidak ditemukan). "
    "Jalankan `python manage.py import_regions` terlebih dahulu."
)

Kind = Agency.Kind
Level = Agency.Level
Role = Membership.Role


class DemoDataError(Exception):
    """The demo cannot be loaded here; the message says why, in Bahasa Indonesia."""


def _differs(obj: models.Model, name: str, value) -> bool:
    model_field = obj._meta.get_field(name)
    if model_field.many_to_one or model_field.one_to_one:
        current = getattr(obj, model_field.attname)
        return current != (value.pk if isinstance(value, models.Model) else value)
    return getattr(obj, name) != value


_NOT_LOOKED_UP = object()


def upsert(model: type[models.Model], *, lookup: dict, values: dict, existing=_NOT_LOOKED_UP):
    """Create the row found by ``lookup``, or update it only if a value differs.

    ``update_or_create`` would save every time, bumping ``auto_now`` fields and adding a
    history record per run; the demo must be a fixed point. ``existing`` passes a row
    already fetched (or None for none) to save the lookup query.
    """
    obj = model.objects.filter(**lookup).first() if existing is _NOT_LOOKED_UP else existing
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if _differs(obj, name, value)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj
