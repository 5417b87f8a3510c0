import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Agency, Membership
from tests.factories import PASSWORD, AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db

VERIFY = reverse("accounts:second_factor_verify")
SETUP = reverse("accounts:second_factor_setup")


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now, computed from the device's key."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


@pytest.fixture
def polres():
    """A Polres under a Polda that requires a second factor."""
    polda = AgencyFactory(kind=Agency.Kind.POLDA, requires_second_factor=True)
    return AgencyFactory(kind=Agency.Kind.POLRES, parent=polda)


def member(agency, role):
    return MembershipFactory(agency=agency, role=role).user


def sign_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_a_commander_of_a_unit_below_a_requiring_unit_is_sent_to_enrol(client, polres):
    commander = member(polres, Membership.Role.COMMANDER)
    sign_in(client, commander)

    home = client.get(reverse("home"))
    verify = client.get(VERIFY)

    assert home.status_code == 302 and home["Location"] == VERIFY
    assert verify.status_code == 302 and verify["Location"] == SETUP


def test_every_other_page_redirects_until_verified(client, polres):
    sign_in(client, member(polres, Membership.Role.ADMIN))

    for url in (reverse("meetings:list"), reverse("polling_stations:list"), "/admin/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, VERIFY), url


def test_enrolling_with_a_real_code_opens_the_pages(client, polres):
    commander = member(polres, Membership.Role.COMMANDER)
    sign_in(client, commander)

    page = client.get(SETUP)
    device = TOTPDevice.objects.get(user=commander, confirmed=False)
    response = client.post(SETUP, {"token": current_code(device)})

    assert "<svg" in page.text and "otpauth" not in page.text
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=commander).confirmed
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_is_refused_with_a_message(client, polres):
    sign_in(client, member(polres, Membership.Role.COMMANDER))
    client.get(SETUP)

    response = client.post(SETUP, {"token": "000000"})

    assert response.status_code == 200
    assert "Kode salah atau sudah kedaluwarsa" in response.text
    assert client.get(reverse("home")).status_code == 302


def test_an_enrolled_user_signs_in_with_password_then_code(client, polres):
    commander = member(polres, Membership.Role.COMMANDER)
    device = TOTPDevice.objects.create(user=commander, name="Sinergi", confirmed=True)
    sign_in(client, commander)

    blocked = client.get(reverse("home"))
    response = client.post(VERIFY, {"token": current_code(device)})

    assert blocked["Location"] == VERIFY
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_an_operator_of_the_same_unit_is_not_asked(client, polres):
    sign_in(client, member(polres, Membership.Role.OPERATOR))

    assert client.get(reverse("home")).status_code == 200


def test_a_commander_of_a_unit_without_the_requirement_is_not_asked(client):
    sign_in(client, member(AgencyFactory(), Membership.Role.COMMANDER))

    assert client.get(reverse("home")).status_code == 200


def test_a_user_who_chose_a_second_factor_is_asked_for_it(client):
    operator = member(AgencyFactory(), Membership.Role.OPERATOR)
    TOTPDevice.objects.create(user=operator, name="Sinergi", confirmed=True)
    sign_in(client, operator)

    assert client.get(reverse("home"))["Location"] == VERIFY


def test_signing_out_stays_possible_before_verifying(client, polres):
    sign_in(client, member(polres, Membership.Role.COMMANDER))

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
