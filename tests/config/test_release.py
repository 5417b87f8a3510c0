"""The release digest that prefixes shared cache keys (config.release)."""

import os

from config.release import code_digest


def _tree(base):
    (base / "meetings").mkdir()
    (base / "meetings" / "views.py").write_text("def page(): ...\n")
    (base / "templates").mkdir()
    (base / "templates" / "page.html").write_text("<p>{{ meeting }}</p>\n")
    return base


def test_it_changes_when_a_template_changes(tmp_path):
    base = _tree(tmp_path)
    before = code_digest(base)

    (base / "templates" / "page.html").write_text("<p class='x'>{{ meeting }}</p>\n")

    assert code_digest(base) != before


def test_it_is_the_same_for_the_same_code_whatever_the_file_times(tmp_path):
    base = _tree(tmp_path)
    before = code_digest(base)

    os.utime(base / "meetings" / "views.py", (0, 0))

    assert code_digest(base) == before


def test_it_ignores_what_is_written_at_run_time(tmp_path):
    base = _tree(tmp_path)
    before = code_digest(base)

    for folder in ("var", "media", ".venv", "__pycache__"):
        (base / folder).mkdir()
        (base / folder / "x.json").write_text("{}")

    assert code_digest(base) == before


def test_the_shared_cache_keys_carry_the_release(settings):
    assert settings.CACHES["default"]["KEY_PREFIX"]
