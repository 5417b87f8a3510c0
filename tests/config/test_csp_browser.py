"""Each role's pages load in Chromium under the Content-Security-Policy without a violation."""

import contextlib
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from operations.demo import load_demo
from tests.conftest import sign_in

USERS = ("operator.pasbar", "pimpinan.sumbar", "kpu.pasbar", "admin")
PAGES_PER_USER = 20
# Files, not pages: the browser would download them instead of rendering.
DOWNLOAD_SUFFIXES = (".csv", ".xlsx", ".pdf", ".ics", ".json")
# Pages an admin opens that the menus do not link to.
ADMIN_PAGES = ("/admin/", "/admin/accounts/signin/", "/admin/audit/accessrecord/")
# The page reports every violation on the console, whatever the directive; the init
# script runs outside the page's policy.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
});
"""


def settle(page):
    """Lets scripts run (the map fetches its data); pages that poll never go idle."""
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_load_state("networkidle", timeout=3_000)


def same_site_links(page, base):
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    links = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != base or parts.path.endswith(DOWNLOAD_SUFFIXES):
            continue
        if parts.path.startswith(("/keluar/", "/admin/")) or "webcal" in href:
            continue
        links.append(f"{base}{parts.path}" + (f"?{parts.query}" if parts.query else ""))
    return links


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_each_role_browses_its_pages_without_a_content_security_policy_violation(
    regions, browser, live_server
):
    load_demo()
    violations, visited = [], {}

    for username in USERS:
        context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
        context.set_default_timeout(15_000)
        context.add_init_script(REPORT_VIOLATIONS)
        # The tile server is outside; its absence must not stall the map page.
        context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
        page = context.new_page()
        current = {"url": ""}

        def on_console(message, who=username, where=current):
            if "Content Security Policy" in message.text or "CSP violation" in message.text:
                violations.append(f"{who} {where['url']}: {message.text}")

        page.on("console", on_console)
        sign_in(page, live_server.url, username)

        queue = [f"{live_server.url}/"]
        if username == "admin":
            queue += [f"{live_server.url}{path}" for path in ADMIN_PAGES]
        seen: set[str] = set()
        while queue and len(seen) < PAGES_PER_USER:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            current["url"] = url
            response = page.goto(url, wait_until="load")
            settle(page)
            assert response.status < 500, f"{username} {url}: {response.status}"
            queue += [link for link in same_site_links(page, live_server.url) if link not in seen]
        visited[username] = seen
        context.close()

    assert not violations, "\n".join(violations)
    # The walk reached the pages that carry scripts: map, meeting editor, calendar.
    operator_paths = {urlsplit(url).path for url in visited["operator.pasbar"]}
    assert {"/tps/peta/", "/rapat/baru/", "/rapat/kalender/"} <= operator_paths, operator_paths
    assert len(visited["admin"]) >= len(ADMIN_PAGES)
