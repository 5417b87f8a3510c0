"""The traffic light's words follow the active language."""

from django.utils import translation

from agencies.models import Agency
from operations.selectors import ChildStatus


def test_it_names_the_light_in_english_when_the_page_is_in_english():
    status = ChildStatus(unit=Agency(name="Polres"), light="merah")

    with translation.override("en"):
        assert status.light_label == "red"


def test_it_names_the_light_in_bahasa_indonesia_by_default():
    status = ChildStatus(unit=Agency(name="Polres"), light="kuning")

    with translation.override("id"):
        assert status.light_label == "kuning"
