"""`load_demo`: the five seed meetings, their units and partners, and the demo users."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, Max
from django.template import Context, Template
from django.utils import translation

from agencies.models import Agency, Official, Region
from meetings.models import ActionItem, Attendee, Meeting
from operations.demo import load_demo
from operations.demo.tps import tps_per_village
from operations.demo.units import normalise_unit_name, read_sumbar_units, regency_for_polres
from operations.models import Operation
from polling_stations.models import PollingStation

pytestmark = pytest.mark.django_db

User = get_user_model()


def snapshot() -> dict[str, object]:
    """Row counts of every model (history tables included) and the latest timestamps."""
    state: dict[str, object] = {
        model._meta.label: model._default_manager.count() for model in apps.get_models()
    }
    state["meeting.updated_at"] = Meeting.objects.aggregate(m=Max("updated_at"))["m"]
    state["action.updated_at"] = ActionItem.objects.aggregate(m=Max("updated_at"))["m"]
    state["passwords"] = sorted(User.objects.values_list("password", flat=True))
    state["tps"] = list(
        PollingStation.objects.order_by("pk").values_list(
            "pk", "village", "number", "category", "special_location", "polsek", "registered_voters"
        )
    )
    return state


def render(source: str, **context) -> str:
    with translation.override("id"):
        return Template("{% load sinergi %}" + source).render(Context(context))


def seed_meeting(title_start: str) -> Meeting:
    return Meeting.objects.select_related("host__parent", "host__seat").get(
        title__startswith=title_start
    )


def test_a_second_run_changes_nothing(demo):
    before = snapshot()

    load_demo()

    assert snapshot() == before


def test_the_kalsel_rakor_is_shown_at_0830_wita_on_thursday_19_october_2023(demo):
    rakor = seed_meeting("Rakor lintas sektoral kesiapan Operasi Mantap Brata Intan")

    assert render("{{ m.starts_at|local_time:m }}", m=rakor) == "08.30 WITA"
    assert render("{{ m.starts_at|local_date:m }}", m=rakor) == "Kamis, 19 Oktober 2023"
    assert rakor.venue == "Hotel Kindai Banjarmasin"


@pytest.mark.parametrize(
    ("slug", "label"),
    [
        ("polda-kalsel", "WITA"),
        ("polda-banten", "WIB"),
        ("polresta-tangerang", "WIB"),
        ("polda-sumbar", "WIB"),
        ("polda-papua", "WIT"),
    ],
)
def test_each_unit_takes_the_zone_of_its_seat(demo, slug, label):
    assert Agency.objects.get(slug=slug).zone.label == label


@pytest.mark.parametrize(
    ("title_start", "host", "chair", "on_behalf_of"),
    [
        (
            "Rakor lintas sektoral persiapan Operasi Mantap Brata",
            "Polresta Tangerang",
            "AKBP Indra Mardiana",
            "Kombes Pol Sigit Dany Setiyono",
        ),
        (
            "Rakor lintas sektoral antisipasi kerawanan Pemilu 2024",
            "Polres Metro Tangerang Kota",
            "Kombes Pol Zain Dwi Nugroho",
            None,
        ),
        (
            "Rakor lintas sektoral kesiapan Operasi Mantap Brata Intan",
            "Polda Kalsel",
            "Kombes Pol Nurhandono, S.I.K., M.H.",
            "Irjen Pol Andi Rian Djajadi, S.I.K., M.H.",
        ),
        (
            "Rakor lintas sektoral kesiapan Operasi Mantap Praja Singgalang",
            "Polres Pasaman Barat",
            "AKBP Agung Tribawanto, S.I.K.",
            None,
        ),
        (
            "Rapat kunjungan kerja Komisi II DPR RI",
            "Pemkot Tangsel",
            "Drs. H. Benyamin Davnie",
            None,
        ),
    ],
    ids=["000-tangerang", "001-metro-tangerang-kota", "002-kalsel", "003-pasbar", "004-tangsel"],
)
def test_the_five_seed_meetings_have_their_chairs(demo, title_start, host, chair, on_behalf_of):
    meeting = seed_meeting(title_start)

    assert meeting.host.short_name == host
    assert meeting.chair.display_name == chair
    assert (meeting.chair_on_behalf_of and meeting.chair_on_behalf_of.display_name) == (
        on_behalf_of
    )
    assert meeting.status == Meeting.Status.HELD


def test_the_seed_meetings_belong_to_their_operations(demo):
    held = Meeting.objects.filter(status=Meeting.Status.HELD)
    operations = dict(held.values_list("host__slug", "operation__slug"))

    assert operations == {
        "polresta-tangerang": "mantap-brata-2023-2024",
        "polres-metro-tangerang-kota": "mantap-brata-jaya-2023-2024",
        "polda-kalsel": "mantap-brata-intan-2023-2024",
        "polres-pasaman-barat": "mantap-praja-singgalang-2024",
        "pemkot-tangerang-selatan": "mantap-brata-jaya-2023-2024",
    }


def test_the_operations_have_their_reported_spans(demo):
    spans = {
        op.slug: (op.commanding_unit.slug, op.duration_days, op.parent and op.parent.slug)
        for op in Operation.objects.select_related("commanding_unit", "parent")
    }

    assert spans == {
        "mantap-brata-2023-2024": ("mabes-polri", 222, None),
        "mantap-brata-jaya-2023-2024": ("polda-metro-jaya", 368, "mantap-brata-2023-2024"),
        "mantap-brata-intan-2023-2024": ("polda-kalsel", 368, "mantap-brata-2023-2024"),
        "mantap-praja-singgalang-2024": ("polda-sumbar", 113, None),
    }
    assert Operation.objects.get(slug="mantap-brata-2023-2024").personnel_strength == 434_197


def test_the_pabung_represents_the_dandim_at_the_pasaman_barat_rakor(demo):
    attendee = Attendee.objects.select_related("official", "represents").get(
        official__name="Sumidi, S."
    )

    assert attendee.official.display_name == "Mayor Kav. Sumidi, S."
    assert attendee.official.position == "Pabung Kodim 0305/Pasaman"
    assert attendee.represents.position == "Komandan Kodim 0305/Pasaman"


def test_kpu_and_bawaslu_attended_the_pasaman_barat_rakor(demo):
    rakor = seed_meeting("Rakor lintas sektoral kesiapan Operasi Mantap Praja Singgalang")
    present = dict(rakor.invitations.values_list("agency__slug", "present"))

    assert present["kpu-pasaman-barat"] is True
    assert present["bawaslu-pasaman-barat"] is True


def test_the_pasaman_barat_rakor_has_its_four_presenters(demo):
    rakor = seed_meeting("Rakor lintas sektoral kesiapan Operasi Mantap Praja Singgalang")
    labels = [item.presenter_label for item in rakor.agenda_items.select_related("presenter")]

    assert "Kabag Ops Polres Pasaman Barat" in labels
    assert "KBO Sat Intelkam Polres Pasaman Barat" in labels
    assert any("Hafizul Pahmi" in label for label in labels)
    assert any("Wanhar" in label for label in labels)


def test_follow_ups_are_owned_by_an_official_of_their_agency(demo):
    items = ActionItem.objects.select_related("owner_official")
    named = [item for item in items if item.owner_official_id]

    assert named, "the demo names no official for any follow-up"
    assert [i.pk for i in named if i.owner_official.agency_id != i.owner_agency_id] == []


def test_follow_ups_pass_their_own_validation(demo):
    items = list(ActionItem.objects.select_related("meeting__host__seat", "owner_official"))
    for item in items:
        item.full_clean()  # raises ValidationError on a due date before the meeting, etc.

    assert items, "the demo has no follow-ups to validate"


def test_pasaman_barat_has_893_tps_across_its_90_villages(demo):
    tps = PollingStation.objects.filter(
        election__slug="pilkada-2024", village__code__startswith="13.12."
    )

    assert tps.count() == 893
    assert tps.values("village").distinct().count() == 90


def test_every_demo_tps_shows_on_the_map_at_an_approximate_position(demo, client):
    client.force_login(User.objects.get(username="operator.pasbar"))
    election = PollingStation.objects.filter(election__slug="pilkada-2024").first().election

    data = client.get("/tps/peta/data.json", {"election": election.pk}).json()

    assert data["count"] == 893
    assert (len(data["points"]), data["unplaced"], data["approximate"]) == (893, 0, 893)
    # None has coordinates; none stacks on another either.
    assert len({(point[1], point[2]) for point in data["points"]}) == 893


def test_every_tps_is_kept_by_the_polsek_of_its_kecamatan(demo):
    pairs = set(
        PollingStation.objects.values_list("village__parent_id", "polsek__short_name").distinct()
    )
    kecamatan_of_polsek = {
        polsek.short_name: set(polsek.regions.values_list("code", flat=True))
        for polsek in Agency.objects.filter(parent__slug="polres-pasaman-barat")
    }

    assert len(pairs) == 11
    assert all(kecamatan in kecamatan_of_polsek[polsek] for kecamatan, polsek in pairs)
    assert len({polsek for _, polsek in pairs}) == 7


def test_most_tps_are_kurang_rawan_with_81_rawan(demo):
    counts = dict(PollingStation.objects.values_list("category").annotate(n=Count("id")).order_by())

    assert counts == {"kurang_rawan": 801, "rawan": 81, "sangat_rawan": 6, "khusus": 5}
    assert not PollingStation.objects.filter(category="khusus", special_location="").exists()


def test_the_polda_sumbar_tree_has_19_polres_and_130_polsek(demo):
    polda = Agency.objects.get(slug="polda-sumbar")
    tree = Agency.objects.subtree_of(polda)

    assert tree.filter(kind=Agency.Kind.POLRES).count() == 19
    assert tree.filter(kind=Agency.Kind.POLSEK).count() == 130
    assert Agency.objects.get(slug="polsek-kinali").parent.slug == "polres-pasaman-barat"


def test_every_sumbar_polres_sits_in_a_kabupaten_or_kota_of_sumbar(demo):
    polres = Agency.objects.filter(parent__slug="polda-sumbar", kind=Agency.Kind.POLRES)

    assert not polres.filter(seat=None).exists()
    assert all(unit.seat_id.startswith("13.") for unit in polres)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Polres Pasaman Barat", "13.12"),
        ("Polres Bukit Tinggi", "13.75"),
        ("Polres Solok", "13.02"),
        ("Polres Solok Kota", "13.72"),
        ("Polres 50 Kota", "13.07"),
        ("Polres Mentawai", "13.09"),
        ("Polresta Padang", "13.71"),
        ("Polres Pariaman", "13.77"),
    ],
)
def test_a_polres_name_finds_its_kabupaten_or_kota(regions, name, code):
    regencies = list(Region.objects.filter(code__startswith="13.", level=Region.Level.REGENCY))

    assert regency_for_polres(name, regencies).code == code


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("POLSEK KINALI", "Polsek Kinali"),
        ("POlSEK SUNGAI BERMAS", "Polsek Sungai Bermas"),
        ("Polsek padang utara", "Polsek Padang Utara"),
        ("Polsek Vll KOTO SUNGAI SARIK", "Polsek VII Koto Sungai Sarik"),
        ("Polsek IX koto sei lasi", "Polsek IX Koto Sei Lasi"),
        ("POLSEK KPGD (KOTO PARIK GADANG DIATEH)", "Polsek KPGD (Koto Parik Gadang Diateh)"),
        ("Polsek 2x11 Enam LINGKUNG", "Polsek 2x11 Enam Lingkung"),
    ],
)
def test_unit_names_are_normalised(raw, name):
    assert normalise_unit_name(raw) == name


def test_the_shipped_unit_file_has_the_whole_polda_sumbar():
    levels = [row["level"] for row in read_sumbar_units()]

    assert (levels.count("POLDA"), levels.count("POLRES"), levels.count("POLSEK")) == (1, 19, 130)


def test_tps_are_spread_over_every_village_deterministically(regions):
    villages = list(Region.objects.filter(code__startswith="13.12.", level=Region.Level.VILLAGE))

    counts = tps_per_village(villages, total=893)

    assert sum(counts.values()) == 893
    assert min(counts.values()) >= 1
    assert counts == tps_per_village(villages, total=893)


@pytest.mark.parametrize(
    ("username", "role", "agency"),
    [
        ("operator.pasbar", "operator", "polres-pasaman-barat"),
        ("pimpinan.sumbar", "commander", "polda-sumbar"),
        ("kpu.pasbar", "liaison", "kpu-pasaman-barat"),
        ("bawaslu.pasbar", "liaison", "bawaslu-pasaman-barat"),
        ("admin", "admin", "mabes-polri"),
    ],
)
def test_each_demo_user_has_the_demo_password_and_its_role(demo, username, role, agency):
    user = User.objects.get(username=username)

    assert user.check_password("sinergi-demo-2024")
    assert list(user.memberships.values_list("role", "agency__slug")) == [(role, agency)]
    assert user.get_full_name()


def test_the_admin_is_a_superuser(demo):
    assert User.objects.get(username="admin").is_superuser


def titles_visible_to(username: str) -> set[str]:
    user = User.objects.get(username=username)
    return set(Meeting.objects.visible_to(user).values_list("title", flat=True))


PASBAR_RAKOR = "Rakor lintas sektoral kesiapan Operasi Mantap Praja Singgalang 2024"
KPU_ONLY = "Koordinasi pemutakhiran data lokasi TPS bersama KPU Pasaman Barat"
INTERNAL = "Anev internal kesiapan personel pengamanan TPS"
POLDA_SHARED = "Rakor lintas sektoral evaluasi pengamanan pemilihan di Sumatera Barat"
KALSEL_RAKOR = "Rakor lintas sektoral kesiapan Operasi Mantap Brata Intan 2023-2024"


def test_the_operator_sees_the_meetings_of_polres_pasaman_barat_only(demo):
    assert titles_visible_to("operator.pasbar") == {PASBAR_RAKOR, KPU_ONLY, INTERNAL}


def test_the_commander_sees_every_meeting_in_polda_sumbar(demo):
    assert titles_visible_to("pimpinan.sumbar") == {
        PASBAR_RAKOR,
        KPU_ONLY,
        INTERNAL,
        POLDA_SHARED,
    }


def test_the_kpu_liaison_sees_the_meetings_shared_with_kpu(demo):
    assert titles_visible_to("kpu.pasbar") == {PASBAR_RAKOR, KPU_ONLY, POLDA_SHARED}


def test_the_bawaslu_liaison_does_not_see_the_meeting_shared_with_kpu_only(demo):
    assert titles_visible_to("bawaslu.pasbar") == {PASBAR_RAKOR, POLDA_SHARED}


def test_the_admin_sees_all_eight_meetings(demo):
    assert len(titles_visible_to("admin")) == 8


def test_demo_logins_prints_each_user_and_the_password(demo, capsys):
    call_command("demo_logins")
    output = capsys.readouterr().out

    for username in ("operator.pasbar", "pimpinan.sumbar", "kpu.pasbar", "bawaslu.pasbar"):
        assert username in output
    assert "| admin " in output
    assert "KPU Kab. Pasaman Barat" in output
    assert "sinergi-demo-2024" in output


def test_officials_are_unique_by_agency_name_and_position(demo):
    # 30 named in the seed reports + 481 in the invented Pasaman Barat roster.
    assert Official.objects.count() == 30 + 481


@pytest.mark.parametrize(
    "username", ["operator.pasbar", "pimpinan.sumbar", "kpu.pasbar", "bawaslu.pasbar", "admin"]
)
def test_each_demo_users_home_page_takes_a_bounded_number_of_queries(
    demo, client, django_assert_max_num_queries, username
):
    client.force_login(User.objects.get(username=username))

    # Savepoint, user, memberships, meetings to come and past (one query), operations and
    # their elections, release; the session comes from the cache. (Signing in wrote the user, so
    # this test's transaction keeps the access cache from storing: outside tests a page
    # also reads the memberships from the cache.)
    with django_assert_max_num_queries(7):
        response = client.get("/")

    assert response.status_code == 200


def test_the_pasaman_barat_polsek_hold_less_than_the_pattern_needs(demo):
    from polling_stations.selectors import personnel_requirement

    need = personnel_requirement(
        operation=Operation.objects.get(slug="mantap-praja-singgalang-2024"),
        unit=Agency.objects.get(slug="polres-pasaman-barat"),
    ).totals

    # 112 + 148 + 68 + 84 + 121 + 64 + 58 illustrative personnel over the seven Polsek.
    assert need.strength == 655
    assert need.police + need.reserve_personnel > need.strength
