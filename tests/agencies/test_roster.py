import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import Membership, Official
from agencies.roster import import_roster
from tests.factories import MembershipFactory, OfficialFactory, UserFactory

from .factories import sumbar_units

pytestmark = pytest.mark.django_db

ROSTER = (
    "nrp;nama;pangkat;jabatan;satuan\n"
    "86010101;Rahmat Hidayat;Aipda;Bhabinkamtibmas;Polsek Kinali\n"
    "90020202;Dedi Saputra;Brigpol;Anggota Samapta;Polsek Kinali\n"
    "75060512;Afrizal;Kompol;Kabag Ops;\n"
)


def csv_file(text: str, name: str = "personel.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


@pytest.fixture
def units():
    return sumbar_units()


def test_it_creates_the_officials_of_the_unit_and_its_polsek(units):
    Official.objects.filter(nrp="75060512").update(nrp="")

    result = import_roster(upload=csv_file(ROSTER), unit=units.polres)

    assert (result.new, result.updated, result.unchanged, result.errors) == (2, 1, 0, [])
    kinali = Official.objects.filter(agency=units.polsek).order_by("nrp")
    assert [(o.rank, o.name, o.nrp) for o in kinali] == [
        ("Aipda", "Rahmat Hidayat", "86010101"),
        ("Brigpol", "Dedi Saputra", "90020202"),
    ]


def test_an_official_entered_by_hand_gets_the_nrp_instead_of_a_double(units):
    Official.objects.filter(pk=units.kabag_ops.pk).update(nrp="")

    import_roster(upload=csv_file(ROSTER), unit=units.polres)

    units.kabag_ops.refresh_from_db()
    assert units.kabag_ops.nrp == "75060512"
    assert Official.objects.filter(name="Afrizal").count() == 1


def test_importing_the_same_roster_again_changes_nothing(units):
    import_roster(upload=csv_file(ROSTER), unit=units.polres)

    again = import_roster(upload=csv_file(ROSTER), unit=units.polres)

    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)


def test_a_bad_row_is_named_by_line_and_nothing_is_written(units):
    roster = ROSTER + "12.34;Tanpa Pangkat;;Anggota;Polsek Tidak Ada\n"

    result = import_roster(upload=csv_file(roster), unit=units.polres)

    assert result.errors == [
        "Baris 5: kolom pangkat kosong; NRP 12.34 harus 5 sampai 18 angka tanpa spasi atau "
        "titik; satuan Polsek Tidak Ada tidak ada di bawah Polres Pasaman Barat."
    ]
    assert not Official.objects.filter(agency=units.polsek).exists()


def test_a_missing_column_is_named(units):
    result = import_roster(upload=csv_file("nrp,nama\n86010101,Rahmat\n"), unit=units.polres)

    assert result.errors == ["Kolom wajib tidak ada: pangkat, jabatan."]


def test_an_nrp_of_another_units_officer_is_refused(units):
    OfficialFactory(agency=units.polda, nrp="86010101", position="Banum")

    result = import_roster(upload=csv_file(ROSTER), unit=units.polres)

    assert result.errors == ["Baris 2: NRP 86010101 sudah tercatat di Polda Sumbar."]
    assert not Official.objects.filter(agency=units.polsek).exists()


def test_the_page_imports_for_an_operator_and_reports_the_counts(client, units):
    user = UserFactory()
    MembershipFactory(user=user, agency=units.polres, role=Membership.Role.OPERATOR)
    client.force_login(user)

    response = client.post(
        reverse("agencies:roster_import"),
        {"unit": units.polres.pk, "file": csv_file(ROSTER)},
        follow=True,
    )

    assert "2 baru, 0 diperbarui, 1 tidak berubah" in response.content.decode()
    assert Official.objects.filter(agency=units.polsek).count() == 2


def test_the_page_refuses_a_unit_the_operator_does_not_run(client, units):
    user = UserFactory()
    MembershipFactory(user=user, agency=units.polsek, role=Membership.Role.OPERATOR)
    client.force_login(user)

    response = client.post(
        reverse("agencies:roster_import"), {"unit": units.polda.pk, "file": csv_file(ROSTER)}
    )

    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Official.objects.filter(agency=units.polsek).exists()
