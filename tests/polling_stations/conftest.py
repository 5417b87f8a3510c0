"""Fixtures of the TPS import tests: a Polres holding 13.12, its operator, an election."""

import pytest

from agencies.models import Agency, Membership
from tests.factories import AgencyFactory, ElectionFactory, MembershipFactory, region_chain


@pytest.fixture
def eager_tasks():
    """Celery as ``make run`` has it without Redis: the task runs in the request."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def polres(db):
    for code in ("13.12.01.2001", "13.12.01.2002", "13.71.01.1001"):
        region_chain(code)
    polda = AgencyFactory(kind=Agency.Kind.POLDA, short_name="Polda Sumbar")
    polres = AgencyFactory(kind=Agency.Kind.POLRES, short_name="Polres Pasaman Barat", parent=polda)
    polres.regions.add("13.12")
    return polres


@pytest.fixture
def election(db):
    return ElectionFactory()


@pytest.fixture
def operator(polres):
    return MembershipFactory(agency=polres, role=Membership.Role.OPERATOR).user
