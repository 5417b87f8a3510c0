"""Factories shared by every app's tests. App-specific ones live beside their tests."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from agencies.models import Agency, Membership, Official, Region
from meetings.models import ActionItem, AgendaItem, Attendee, Decision, Invitation, Meeting
from operations.models import Election, Operation
from polling_stations.models import PollingStation

PASSWORD = "sinergi-demo-2024"


class RegionFactory(factory.django.DjangoModelFactory):
    """A province by default; pass ``parent`` for a lower level."""

    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{11 + n % 80:02d}")
    name = factory.Sequence(lambda n: f"Wilayah {n}")
    level = Region.Level.PROVINCE
    kind = Region.Kind.PROVINCE
    parent = None


def region_chain(village_code: str = "13.12.01.2001") -> Region:
    """Province, kabupaten, kecamatan and desa for a dotted village code."""
    parts = village_code.split(".")
    levels = [
        (Region.Level.PROVINCE, Region.Kind.PROVINCE),
        (Region.Level.REGENCY, Region.Kind.KABUPATEN),
        (Region.Level.DISTRICT, Region.Kind.KECAMATAN),
        (Region.Level.VILLAGE, Region.Kind.DESA),
    ]
    parent = None
    for depth, (level, kind) in enumerate(levels[: len(parts)], start=1):
        code = ".".join(parts[:depth])
        parent, _ = Region.objects.get_or_create(
            code=code,
            defaults={"name": f"Wilayah {code}", "level": level, "kind": kind, "parent": parent},
        )
    return parent


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    kind = Agency.Kind.POLRES
    short_name = factory.Sequence(lambda n: f"Polres Uji {n}")
    name = factory.LazyAttribute(lambda o: o.short_name)
    slug = factory.Sequence(lambda n: f"instansi-uji-{n}")
    parent = None
    seat = None


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Faker("name", locale="id_ID")
    rank = "AKBP"
    position = factory.Sequence(lambda n: f"Jabatan {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Membership.Role.OPERATOR


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election
        django_get_or_create = ["slug"]

    name = "Pilkada 2024"
    slug = "pilkada-2024"
    kind = Election.Kind.PILKADA
    voting_day = datetime.date(2024, 11, 27)


class OperationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operation

    name = factory.Sequence(lambda n: f"Operasi Mantap Praja Uji {n}")
    slug = factory.Sequence(lambda n: f"operasi-uji-{n}")
    kind = Operation.Kind.MANTAP_PRAJA
    commanding_unit = factory.SubFactory(AgencyFactory, kind=Agency.Kind.POLDA)
    starts_on = datetime.date(2024, 8, 27)
    ends_on = datetime.date(2024, 12, 17)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    host = factory.SubFactory(AgencyFactory)
    operation = None
    kind = Meeting.Kind.RAKOR
    title = factory.Sequence(lambda n: f"Rakor lintas sektoral {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    venue = "Aula Polres"
    visibility = Meeting.Visibility.SHARED


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    meeting = factory.SubFactory(MeetingFactory)
    agency = factory.SubFactory(AgencyFactory, kind=Agency.Kind.KPU)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Paparan {n}")
    duration_minutes = 20


class AttendeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendee

    meeting = factory.SubFactory(MeetingFactory)
    agency = factory.SubFactory(AgencyFactory)
    name = factory.Faker("name", locale="id_ID")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Keputusan {n}")


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Tindak lanjut {n}")
    owner_agency = factory.SubFactory(AgencyFactory, kind=Agency.Kind.KPU)
    due_date = factory.LazyAttribute(lambda o: o.meeting.starts_at.date() + datetime.timedelta(7))


class PollingStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PollingStation

    election = factory.SubFactory(ElectionFactory)
    village = factory.LazyFunction(region_chain)
    number = factory.Sequence(lambda n: n % 9000 + 1)
    registered_voters = 250
