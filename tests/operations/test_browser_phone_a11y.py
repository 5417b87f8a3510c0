"""Each role's key pages on a 390 px phone: no sideways scroll, and no critical or
serious axe-core violation (axe-core from npm, injected only here)."""

from pathlib import Path

import pytest
from django.conf import settings

from operations.demo import load_demo
from tests.conftest import JOURNEY_CONTEXT, sign_in

AXE = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
PASBAR_RAKOR = "Rakor lintas sektoral kesiapan Operasi Mantap Praja Singgalang 2024"

FIND_SERIOUS = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => `${v.id} (${v.impact}): ` +
      v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
}"""
SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > window.innerWidth"


def _open(browser, live_server, username):
    context = browser.new_context(**JOURNEY_CONTEXT, viewport={"width": 390, "height": 844})
    context.set_default_timeout(20_000)
    return context, sign_in(context.new_page(), live_server.url, username)


def _check(page, name, problems):
    # "load", not "networkidle": some pages poll (import progress, report status).
    page.wait_for_load_state("load")
    if page.evaluate(SCROLLS_SIDEWAYS):
        width = page.evaluate("() => document.documentElement.scrollWidth")
        problems.append(f"{name}: scrolls sideways ({width} px > 390 px)")
    calendar = page.get_by_test_id("calendar-grid")
    if calendar.count() and calendar.is_visible():
        problems.append(f"{name}: shows the seven-column calendar instead of an agenda list")
    if "week" in name and not page.get_by_test_id("calendar-agenda-meeting").count():
        problems.append(f"{name}: its agenda list shows no meeting")
    page.add_script_tag(path=str(AXE))
    for violation in page.evaluate(FIND_SERIOUS):
        problems.append(f"{name}: {violation}")


def _operator_pages(page, base):
    yield "operator: meeting list", f"{base}/rapat/"
    page.goto(f"{base}/rapat/")
    href = page.get_by_role("link", name=PASBAR_RAKOR).first.get_attribute("href")
    yield "operator: meeting page", f"{base}{href}"
    yield "operator: meeting editor", f"{base}{href}ubah/"
    yield "operator: TPS list", f"{base}/tps/"


def _liaison_pages(page, base):
    yield "liaison: Agenda bersama month", f"{base}/rapat/agenda-bersama/?tampilan=bulan"
    # The week of Pasaman Barat's rakor, so the agenda list has a meeting to show.
    yield (
        "liaison: Agenda bersama week",
        f"{base}/rapat/agenda-bersama/?tampilan=minggu&tanggal=2024-08-15",
    )
    yield "liaison: Tindak lanjut", f"{base}/rapat/tindak-lanjut/"


def _commander_pages(page, base):
    for name, index in (("commander: dashboard", "dasbor"), ("commander: readiness", "laporan")):
        page.goto(f"{base}/{index}/")
        href = page.locator("main a[href*='/operasi/']").first.get_attribute("href")
        yield name, f"{base}{href}"


ROLES = {
    "operator.pasbar": _operator_pages,
    "kpu.pasbar": _liaison_pages,
    "pimpinan.sumbar": _commander_pages,
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_each_roles_key_pages_fit_a_phone_and_pass_axe(regions, browser, live_server):
    # One test for every role: a transactional test flushes the database, and the
    # regions plus the demo take most of a minute to load.
    load_demo()
    problems: list[str] = []

    for username, pages in ROLES.items():
        context, page = _open(browser, live_server, username)
        for name, url in list(pages(page, live_server.url)):
            page.goto(url)
            _check(page, name, problems)
        context.close()

    assert problems == [], "\n".join(problems)
