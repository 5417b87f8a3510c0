"""The traffic light tag: a dot for the eye, a word for screen readers."""

from django.template import Context, Template
from django.utils import translation


def render(source: str, **context) -> str:
    return Template("{% load lights %}" + source).render(Context(context))


def test_it_names_a_red_light_for_screen_readers():
    html = render("{% traffic_light light %}", light="merah")

    assert 'data-light="merah"' in html
    assert '<span class="visually-hidden">Merah</span>' in html


def test_it_names_a_light_without_data_as_such():
    html = render("{% traffic_light light %}", light="abu")

    assert 'class="traffic-light light-abu' in html
    assert '<span class="visually-hidden">Belum ada data</span>' in html


def test_it_leaves_a_decorative_light_unnamed():
    html = render("{% traffic_light light decorative=True %}", light="hijau")

    assert 'data-light="hijau"' in html
    assert "visually-hidden" not in html


def test_it_names_the_light_in_english_when_the_page_is_in_english():
    with translation.override("en"):
        html = render("{% traffic_light light %}", light="kuning")

    assert '<span class="visually-hidden">Yellow</span>' in html
