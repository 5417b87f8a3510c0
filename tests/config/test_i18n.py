"""English is a complete second UI language: the catalog is fully translated, the
committed .mo matches the .po, and switching language actually changes the pages."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
PO_PATH = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

# %(name)s / %(secs).1f / %s / %d, and str.format-style {name}.
PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]|%[sdifrx]|\{[A-Za-z_][A-Za-z0-9_]*\}"
)


def _entries():
    return [entry for entry in polib.pofile(str(PO_PATH)) if not entry.obsolete]


def _translations(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _label(entry):
    return f"{entry.msgid!r} ({', '.join(f'{f}:{n}' for f, n in entry.occurrences[:2])})"


def test_english_catalog_exists_and_is_configured():
    assert "en" in dict(settings.LANGUAGES)
    assert ROOT / "locale" in [Path(p) for p in settings.LOCALE_PATHS]
    assert PO_PATH.is_file()
    assert MO_PATH.is_file(), "run manage.py compilemessages and commit the .mo"


def test_every_entry_is_translated_and_not_fuzzy():
    po = polib.pofile(str(PO_PATH))
    assert not po.metadata_is_fuzzy, "the .po header is marked fuzzy"
    assert po.metadata.get("Language") == "en"
    entries = _entries()
    assert len(entries) > 100

    fuzzy = [_label(e) for e in entries if "fuzzy" in e.flags]
    untranslated = [_label(e) for e in entries if not all(s.strip() for s in _translations(e))]
    assert not fuzzy, "fuzzy entries:\n" + "\n".join(fuzzy)
    assert not untranslated, "untranslated entries:\n" + "\n".join(untranslated)


def test_plural_entries_have_both_forms():
    po = polib.pofile(str(PO_PATH))
    assert po.metadata.get("Plural-Forms", "").startswith("nplurals=2;")
    for entry in _entries():
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1], _label(entry)


def test_placeholders_match():
    problems = []
    for entry in _entries():
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        for index, text in enumerate(_translations(entry)):
            source = sources[min(index, len(sources) - 1)]
            want = sorted(PLACEHOLDER.findall(source))
            got = sorted(PLACEHOLDER.findall(text))
            if want != got:
                problems.append(f"{_label(entry)}: expected {want}, got {got}")
    assert not problems, "placeholder mismatches:\n" + "\n".join(problems)


def test_no_msgid_carries_a_python_unicode_escape():
    # xgettext keeps "\u201c" in a Python literal as six characters, while gettext() looks
    # up the real character at run time, so such a string is never translated.
    escaped = [_label(e) for e in _entries() if re.search(r"\\[uUN]", e.msgid + e.msgid_plural)]
    assert not escaped, (
        "write the character itself (“ ” – …), not a \\u escape, in translatable strings:\n"
        + "\n".join(escaped)
    )


def _catalog(entries):
    catalog = {}
    for entry in entries:
        if not entry.msgid:
            continue
        key = (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")
        catalog[key] = tuple(_translations(entry))
    return catalog


def test_committed_mo_is_compiled_from_the_current_po():
    po = polib.pofile(str(PO_PATH))
    mo = polib.mofile(str(MO_PATH))

    expected = _catalog(e for e in po if not e.obsolete and "fuzzy" not in e.flags)
    compiled = _catalog(mo)
    stale = sorted(k[1] for k in expected.keys() ^ compiled.keys())
    assert not stale, "the .mo is out of date; run compilemessages. Differing msgids: " + repr(
        stale[:20]
    )
    changed = sorted(k[1] for k in expected if expected[k] != compiled[k])
    assert not changed, "the .mo has old translations; run compilemessages: " + repr(changed[:20])
    assert mo.metadata.get("Plural-Forms") == po.metadata.get("Plural-Forms")


def test_django_loads_the_english_catalog():
    with translation.override("en"):
        assert translation.gettext("Masuk ke Sinergi") == "Sign in to Sinergi"
        assert translation.gettext("Tindak lanjut") == "Follow-ups"
        assert translation.ngettext("%(counter)s rapat", "%(counter)s rapat", 1) == (
            "%(counter)s meeting"
        )
        assert translation.ngettext("%(counter)s rapat", "%(counter)s rapat", 3) == (
            "%(counter)s meetings"
        )
    with translation.override("id"):
        assert translation.gettext("Masuk ke Sinergi") == "Masuk ke Sinergi"


@pytest.mark.django_db
def test_login_page_renders_in_bahasa_indonesia_by_default(client):
    response = client.get("/masuk/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Masuk ke Sinergi" in html
    assert "Sign in to Sinergi" not in html


@pytest.mark.django_db
def test_set_language_switches_the_ui_to_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/masuk/"})
    assert response.status_code == 302
    assert response["Location"] == "/masuk/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    html = client.get("/masuk/").content.decode()
    assert '<html lang="en">' in html
    assert "Sign in to Sinergi" in html
    assert "Cross-sector election security coordination." in html
    assert "Masuk ke Sinergi" not in html

    client.post(reverse("set_language"), {"language": "id", "next": "/masuk/"})
    html = client.get("/masuk/").content.decode()
    assert '<html lang="id">' in html
    assert "Masuk ke Sinergi" in html
