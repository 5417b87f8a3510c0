"""The audit trail page: who viewed or exported the data of the commander's units."""

from urllib.parse import urlencode

from django.shortcuts import render

from agencies.access import COMMANDER, allow

from .models import AccessRecord
from .selectors import access_records_page


@allow(COMMANDER)
def access_records(request):
    kind = request.GET.get("jenis", "")
    page = access_records_page(user=request.user, kind=kind, number=request.GET.get("halaman"))
    return render(
        request,
        "audit/access_records.html",
        {
            "page": page,
            "kind": kind,
            "kinds": AccessRecord.Kind.choices,
            "query": urlencode({"jenis": kind}) if kind else "",
        },
    )
