"""Pages of the agencies app: a unit's personnel roster."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .access import OPERATOR, allow
from .forms import RosterImportForm
from .models import Official
from .roster import import_roster


@allow(OPERATOR)
def roster_import(request):
    """Upload the personnel of a unit (and the units below it) so plotting and letters
    can name them with rank and NRP."""
    form = RosterImportForm(
        request.POST or None, request.FILES or None, units=request.access.operated
    )
    result = None
    if request.method == "POST" and form.is_valid():
        result = import_roster(upload=form.cleaned_data["file"], unit=form.cleaned_data["unit"])
        if not result.errors:
            messages.success(
                request,
                _(
                    "Daftar personel diimpor: %(new)d baru, %(updated)d diperbarui, "
                    "%(unchanged)d tidak berubah."
                )
                % {"new": result.new, "updated": result.updated, "unchanged": result.unchanged},
            )
            return redirect("agencies:roster_import")
    officials = (
        Official.objects.filter(agency__in=form.fields["unit"].queryset.values("pk"))
        .exclude(nrp="")
        .select_related("agency")
        .order_by("agency__path", "name")[:200]
    )
    return render(
        request,
        "agencies/roster_import.html",
        {"form": form, "result": result, "officials": officials},
    )
