"""Which operation and police unit a request may open: the lookup every per-unit page shares."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from agencies.models import Agency
from agencies.roles import access_for

from .models import Operation


def operation_and_unit_or_404(
    request: HttpRequest, *, operation_slug: str, unit_slug: str | None
) -> tuple[Operation, Agency]:
    """The operation the user may see and the police unit they command or operate (or one
    below). Anything else answers 404, so a page never tells what exists beyond a user's
    reach."""
    operation = get_object_or_404(
        Operation.objects.visible_to(request.user).select_related("commanding_unit"),
        slug=operation_slug,
    )
    unit = (
        Agency.objects.police().filter(slug=unit_slug).select_related("seat", "parent").first()
        if unit_slug
        else None
    )
    if unit is None or not access_for(request.user).can_read_unit(unit):
        raise Http404(_("Satuan tidak ditemukan atau bukan wewenang Anda."))
    return operation, unit
