import pytest
from django.urls import reverse

from tests.factories import (
    AgendaItemFactory,
    DecisionFactory,
    InvitationFactory,
    MembershipFactory,
    RegionFactory,
)
from tests.pdf import pdf_words
from tests.worlds import rakor

pytestmark = pytest.mark.django_db


@pytest.fixture
def kalsel_meeting(world):
    """Polda Kalsel's rakor at Hotel Kindai, Thursday 19 October 2023, 08.30 WITA."""
    import datetime

    from agencies.models import Agency, Membership
    from tests.factories import AgencyFactory

    RegionFactory(code="63", name="Kalimantan Selatan")
    polda = AgencyFactory(
        kind=Agency.Kind.POLDA,
        short_name="Polda Kalsel",
        name="Polda Kalimantan Selatan",
        seat_id="63",
    )
    start = datetime.datetime(2023, 10, 19, 0, 30, tzinfo=datetime.UTC)
    meeting = rakor(
        world,
        host=polda,
        title="Rakor Operasi Mantap Brata Intan",
        venue="Hotel Kindai Banjarmasin",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
    )
    InvitationFactory(meeting=meeting, agency=world.partners["KPU Pasaman Barat"])
    AgendaItemFactory(
        meeting=meeting, order=1, title="Pembukaan oleh Karo Ops", duration_minutes=15
    )
    AgendaItemFactory(meeting=meeting, order=2, title="Paparan kerawanan", duration_minutes=30)
    AgendaItemFactory(meeting=meeting, order=3, title="Strategi internal", is_internal=True)
    DecisionFactory(meeting=meeting, text="Pengamanan pemungutan suara oleh gabungan TNI-Polri")
    DecisionFactory(meeting=meeting, text="Rencana penindakan tertutup", is_internal=True)
    operator = MembershipFactory(agency=polda, role=Membership.Role.OPERATOR).user
    return meeting, operator


def test_the_minutes_pdf_holds_the_decisions_and_the_hosts_zone(client, kalsel_meeting):
    meeting, operator = kalsel_meeting
    client.force_login(operator)

    response = client.get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    text = pdf_words(response.content)

    assert response["Content-Type"] == "application/pdf"
    assert "NOTULEN RAPAT" in text
    assert "Pengamanan pemungutan suara oleh gabungan TNI-Polri" in text
    assert "Rencana penindakan tertutup" in text
    assert "Kamis, 19 Oktober 2023" in text
    assert "08.30 WITA" in text
    assert "Halaman 1 dari 1" in text


def test_the_invitation_pdf_computes_the_agenda_times_in_the_hosts_zone(client, kalsel_meeting):
    meeting, operator = kalsel_meeting
    client.force_login(operator)

    text = pdf_words(client.get(reverse("meetings:invitation_pdf", args=[meeting.pk])).content)

    assert "UNDANGAN" in text
    assert "POLDA KALIMANTAN SELATAN" in text
    assert "08.30 WITA – 08.45 WITA" in text
    assert "08.45 WITA – 09.15 WITA" in text
    assert "KPU Pasaman Barat" in text


def test_a_liaison_gets_minutes_without_internal_items(client, world, kalsel_meeting):
    meeting, _operator = kalsel_meeting
    client.force_login(world.kpu_liaison)

    text = pdf_words(client.get(reverse("meetings:minutes_pdf", args=[meeting.pk])).content)

    assert "Pengamanan pemungutan suara oleh gabungan TNI-Polri" in text
    assert "Rencana penindakan tertutup" not in text
    assert "Strategi internal" not in text


def test_an_uninvited_liaison_gets_404_for_the_pdfs(client, world, kalsel_meeting):
    meeting, _operator = kalsel_meeting
    client.force_login(world.bawaslu_liaison)

    assert client.get(reverse("meetings:minutes_pdf", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:invitation_pdf", args=[meeting.pk])).status_code == 404
