"""Security patterns, strengths and personnel needs of a unit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.access import COMMANDER, OPERATOR, allow
from agencies.models import Agency
from operations.access import operation_and_unit_or_404
from operations.models import Operation

from .. import forms, selectors, services
from ..models import PollingStation
from .risk import _summary_units


@allow(OPERATOR, COMMANDER)
def personnel_index(request):
    operations = list(Operation.objects.visible_to(request.user).order_by("-starts_on")[:20])
    units = _summary_units(request)
    if request.access.is_admin and not request.access.police_units:
        units = [u for u in units if u.kind in (Agency.Kind.MABES_POLRI, Agency.Kind.POLDA)]
    return render(
        request,
        "polling_stations/personnel_index.html",
        {"operations": operations, "units": sorted(units, key=lambda u: u.path)},
    )


@allow(OPERATOR, COMMANDER)
def personnel(request, operation_slug, unit_slug):
    operation, unit = operation_and_unit_or_404(
        request, operation_slug=operation_slug, unit_slug=unit_slug
    )
    requirement = selectors.personnel_requirement(operation=operation, unit=unit)
    can_edit = request.access.can_operate(unit)
    return render(
        request,
        "polling_stations/personnel.html",
        {
            "operation": operation,
            "unit": unit,
            "req": requirement,
            "can_edit": can_edit,
            "can_edit_pattern": can_edit and unit.kind in (Agency.Kind.POLDA, Agency.Kind.POLRES),
            "pattern_form": forms.SecurityPatternForm(),
            "strength_form": forms.UnitStrengthForm(
                initial={"personnel": requirement.totals.strength}
            ),
            "policy_form": forms.PersonnelPolicyForm(
                initial={
                    "reserve_platoons_per_polsek": requirement.reserve_platoons_per_polsek,
                    "reserve_platoon_size": requirement.reserve_platoon_size,
                }
            ),
        },
    )


def _operated(request, operation_slug, unit_slug):
    operation, unit = operation_and_unit_or_404(
        request, operation_slug=operation_slug, unit_slug=unit_slug
    )
    if not request.access.can_operate(unit):
        raise Http404
    return operation, unit


@allow(OPERATOR)
@require_POST
def personnel_pattern(request, operation_slug, unit_slug):
    operation, unit = _operated(request, operation_slug, unit_slug)
    if unit.kind not in (Agency.Kind.POLDA, Agency.Kind.POLRES):
        raise Http404
    form = forms.SecurityPatternForm(request.POST)
    if form.is_valid():
        try:
            services.set_security_pattern(
                operation=operation,
                unit=unit,
                category=form.cleaned_data["category"],
                police_per_group=form.cleaned_data["police_per_group"],
                tps_per_group=form.cleaned_data["tps_per_group"],
                linmas_per_group=form.cleaned_data["linmas_per_group"],
                source=form.cleaned_data["source"],
            )
            messages.success(request, _("Pola pengamanan %(unit)s disimpan.") % {"unit": unit})
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
    else:
        messages.error(request, _("Pola tidak disimpan: %(errors)s") % {"errors": _errors(form)})
    return redirect(
        "polling_stations:personnel", operation_slug=operation.slug, unit_slug=unit.slug
    )


@allow(OPERATOR)
@require_POST
def personnel_strength(request, operation_slug, unit_slug):
    operation, unit = _operated(request, operation_slug, unit_slug)
    form = forms.UnitStrengthForm(request.POST)
    if form.is_valid():
        services.set_unit_strength(
            operation=operation,
            unit=unit,
            personnel=form.cleaned_data["personnel"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Kekuatan personel disimpan."))
    else:
        messages.error(
            request, _("Kekuatan tidak disimpan: %(errors)s") % {"errors": _errors(form)}
        )
    return redirect(
        "polling_stations:personnel", operation_slug=operation.slug, unit_slug=unit.slug
    )


@allow(OPERATOR)
@require_POST
def personnel_policy(request, operation_slug, unit_slug):
    operation, unit = _operated(request, operation_slug, unit_slug)
    if not request.access.can_operate(operation.commanding_unit):
        raise Http404
    form = forms.PersonnelPolicyForm(request.POST)
    if form.is_valid():
        services.set_personnel_policy(operation=operation, **form.cleaned_data)
        messages.success(request, _("Ketentuan peleton cadangan disimpan."))
    else:
        messages.error(
            request, _("Ketentuan tidak disimpan: %(errors)s") % {"errors": _errors(form)}
        )
    return redirect(
        "polling_stations:personnel", operation_slug=operation.slug, unit_slug=unit.slug
    )


@allow(OPERATOR)
@require_POST
def personnel_recompute(request, operation_slug, unit_slug):
    operation, unit = _operated(request, operation_slug, unit_slug)
    stations = PollingStation.objects.filter(election__in=operation.elections.all()).in_area_of(
        unit
    )
    count = services.recompute_categories(operation=operation, stations=stations)
    messages.success(request, _("Kategori usulan %(count)s TPS dihitung ulang.") % {"count": count})
    return redirect(
        "polling_stations:personnel", operation_slug=operation.slug, unit_slug=unit.slug
    )


def _errors(form) -> str:
    return "; ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".lstrip(": ")
        for name, errors in form.errors.items()
    )
