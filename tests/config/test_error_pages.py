"""The 500 and 503 pages render with no database and no request context."""

from django.db import InterfaceError, OperationalError

from config.views import server_error


def _handled(rf, exception):
    # handler500 runs inside Django's except block, where sys.exc_info() is the error.
    try:
        raise exception
    except Exception:
        return server_error(rf.get("/rapat/"))


def test_it_answers_500_with_sinergis_page(rf):
    response = _handled(rf, ValueError("boom"))

    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in response.content.decode()


def test_it_answers_503_with_a_retry_hint_when_the_database_is_unreachable(rf):
    response = _handled(rf, OperationalError("connection refused"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Basis data sementara tidak dapat dihubungi" in response.content.decode()


def test_it_treats_a_dropped_connection_as_an_outage_too(rf):
    response = _handled(rf, InterfaceError("connection already closed"))

    assert response.status_code == 503
