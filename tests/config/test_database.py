import pytest
from django.db import connection


@pytest.mark.django_db
def test_it_turns_postgresqls_jit_off_for_the_apps_short_queries():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
