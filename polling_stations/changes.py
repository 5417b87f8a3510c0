"""What TPS writes that send no model signals (imports, bulk recomputations) announce."""

from django.dispatch import Signal

# Sent after TPS were created or changed in bulk (``using``: the database alias;
# ``provinces``: the province codes of the TPS touched, if known, else every province's
# are stale), so that figures kept elsewhere (the readiness dashboard's) are read again.
stations_changed = Signal()
