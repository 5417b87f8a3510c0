"""Bad input from a request: the exception views raise and the 400 page that says why."""

from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _


class InvalidInput(BadRequest):
    """A request parameter the view cannot use; its message (Bahasa Indonesia, naming
    the parameter and what is wrong with it) is shown on the 400 page."""


def bad_request(request, exception=None):
    if isinstance(exception, InvalidInput) and exception.args:
        message = str(exception.args[0])
    else:
        message = _("Permintaan tidak dapat dibaca. Periksa alamat atau isian, lalu coba lagi.")
    return render(request, "400.html", {"message": message}, status=400)
