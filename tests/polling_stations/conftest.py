"""Fixtures of the TPS import tests: the world's Polres and operator, an election."""

import pytest

from tests.factories import ElectionFactory, region_chain


@pytest.fixture
def eager_tasks():
    """Celery as ``make run`` has it without Redis: the task runs in the request."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def polres(world):
    """The world's Polres Pasaman Barat, with the villages the import files name."""
    for code in ("13.12.01.2001", "13.12.01.2002", "13.71.01.1001"):
        region_chain(code)
    return world.polres


@pytest.fixture
def election(db):
    return ElectionFactory()


@pytest.fixture
def operator(world, polres):
    return world.operator
