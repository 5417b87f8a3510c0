"""A user's access comes from the shared cache between requests and is rebuilt after every
write it depends on. These tests commit (transaction=True): the cache stores nothing while
the connection holds uncommitted membership, unit or user writes, as every ordinary test's
does."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from agencies.models import Agency, Membership
from agencies.roles import access_for
from tests.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

User = get_user_model()


def fresh(user):
    """The user as the next request loads it: no access remembered on the object."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def operator():
    return MembershipFactory(role=Membership.Role.OPERATOR).user


def test_it_serves_the_next_requests_access_without_a_query(operator, django_assert_num_queries):
    built = access_for(fresh(operator))
    user = fresh(operator)

    with django_assert_num_queries(0):
        cached = access_for(user)

    assert cached == built
    assert [unit.pk for unit in cached.operated] == [unit.pk for unit in built.operated]


def test_it_shows_a_membership_added_since(operator):
    access_for(fresh(operator))
    partner = AgencyFactory(kind=Agency.Kind.KPU, short_name="KPU Uji")

    MembershipFactory(user=operator, agency=partner, role=Membership.Role.LIAISON)

    assert [agency.short_name for agency in access_for(fresh(operator)).liaised] == ["KPU Uji"]


def test_it_drops_a_membership_deleted_since(operator):
    assert access_for(fresh(operator)).is_operator

    Membership.objects.filter(user=operator).get().delete()

    assert not access_for(fresh(operator)).is_operator


def test_it_follows_a_unit_that_moved(operator):
    unit = operator.memberships.get().agency
    access_for(fresh(operator))
    polda = AgencyFactory(kind=Agency.Kind.POLDA, short_name="Polda Uji")

    unit.parent = polda
    unit.save()

    assert access_for(fresh(operator)).operated[0].path == f"/{polda.pk}/{unit.pk}/"


def test_it_follows_the_user_being_made_an_administrator(operator):
    assert not access_for(fresh(operator)).is_admin

    operator.is_superuser = True
    operator.save()

    assert access_for(fresh(operator)).is_admin


def test_it_keeps_one_users_change_from_rebuilding_everyone_elses(
    operator, django_assert_num_queries
):
    other = MembershipFactory(role=Membership.Role.COMMANDER).user
    access_for(fresh(other))

    operator.first_name = "Baru"
    operator.save()
    user = fresh(other)

    with django_assert_num_queries(0):
        assert access_for(user).is_commander


def test_it_never_stores_access_built_from_a_change_that_was_rolled_back(operator):
    partner = AgencyFactory(kind=Agency.Kind.KPU)

    with pytest.raises(RuntimeError), transaction.atomic():
        MembershipFactory(user=operator, agency=partner, role=Membership.Role.LIAISON)
        assert access_for(fresh(operator)).is_liaison
        raise RuntimeError("rolled back")

    assert not access_for(fresh(operator)).is_liaison


def test_it_reads_the_database_when_the_cache_cannot_be_reached(operator, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.RedisCache",
            # Nothing listens on port 1: every cache call fails at once.
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

    assert access_for(fresh(operator)).is_operator
