"""Load test journeys for `make loadtest`: operators, liaisons and commanders on the demo
users, against the production stack (gunicorn behind a TLS-terminating balancer).

``LOADTEST_SIGNIN_BURST=1`` adds one more simulated user that, LOADTEST_BURST_AFTER
seconds (60) into the run, signs in 50 times within 10 s, each with a fresh session and
the full password check, and reports the p95 of the other users' pages while the burst
lasts (to LOADTEST_BURST_REPORT, printed by .ci/loadtest)."""

import http.cookiejar
import os
import random
import re
import time

import gevent
from gevent.lock import Semaphore
from locust import HttpUser, between, events, task
from locust.clients import HttpSession

PASSWORD = "sinergi-demo-2024"
# What the balancer adds; the app then treats the request as HTTPS.
BALANCER = {"X-Forwarded-Proto": "https"}
CATEGORIES = ["kurang_rawan", "rawan", "sangat_rawan"]
SIGN_IN = Semaphore()
SESSIONS: dict[str, dict] = {}


# Cookies are Secure in production and locust talks plain HTTP to gunicorn, as the
# balancer does. requests copies the session's cookies into a fresh jar for every request,
# so a policy set on the session's jar is lost: this load generator's process accepts
# Secure cookies over HTTP everywhere instead.
http.cookiejar.DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True


def referer(host: str, path: str) -> str:
    return f"{host.replace('http://', 'https://', 1)}{path}"


def sign_in(client, host: str, username: str, name: str = "masuk") -> None:
    page = client.get("/masuk/", name=f"{name} (form)")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    with client.post(
        "/masuk/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": referer(host, "/masuk/")},
        name=name,
        catch_response=True,
    ) as response:
        # A refused sign-in answers 200 with the form again: a failure all the same.
        if response.url.endswith("/masuk/"):
            response.failure("sign-in refused")


class Journey(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self):
        self.client.headers.update(BALANCER)
        # One sign-in per role, shared by that role's simulated users: people are signed in
        # already during the day, and fifty PBKDF2 sign-ins at once would measure the
        # password hasher instead of the pages.
        with SIGN_IN:
            cookies = SESSIONS.get(self.username)
            if cookies is None:
                cookies = SESSIONS[self.username] = self.sign_in()
        for name, value in cookies.items():
            self.client.cookies.set(name, value)

    def sign_in(self) -> dict:
        sign_in(self.client, self.host, self.username)
        return self.client.cookies.get_dict()

    def referer(self, path: str) -> str:
        return referer(self.host, path)

    def post_form(self, path: str, data: dict, name: str, form_path: str | None = None):
        page = self.client.get(form_path or path, name=f"{name} (form)")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if token is None:
            return page
        return self.client.post(
            path,
            {**data, "csrfmiddlewaretoken": token.group(1)},
            headers={"Referer": self.referer(form_path or path)},
            name=name,
        )

    def ids(self, path: str, pattern: str, name: str) -> list[str]:
        return re.findall(pattern, self.client.get(path, name=name).text)


class Operator(Journey):
    weight = 3
    username = os.environ.get("LOADTEST_OPERATOR", "operator.pasbar")

    @task(3)
    def home(self):
        self.client.get("/", name="beranda")

    @task(3)
    def meetings(self):
        ids = self.ids("/rapat/", r'href="/rapat/(\d+)/"', "rapat: daftar")
        if ids:
            meeting = random.choice(ids)
            self.client.get(f"/rapat/{meeting}/", name="rapat: halaman")
            self.client.get(f"/rapat/{meeting}/ubah/", name="rapat: editor")

    @task(3)
    def polling_stations(self):
        ids = self.ids("/tps/", r'href="/tps/(\d+)/"', "tps: daftar")
        if ids:
            self.client.get(f"/tps/{random.choice(ids)}/", name="tps: halaman")

    @task(1)
    def set_a_category(self):
        ids = self.ids("/tps/", r'href="/tps/(\d+)/"', "tps: daftar")
        if ids:
            tps = random.choice(ids)
            self.post_form(
                f"/tps/{tps}/kategori/",
                {"category": random.choice(CATEGORIES), "reason": "Uji beban: hasil patroli"},
                "tps: tetapkan kategori",
                form_path=f"/tps/{tps}/",
            )

    @task(1)
    def summary_and_map(self):
        self.client.get("/tps/ringkasan/", name="tps: ringkasan")
        self.client.get("/tps/peta/data.json", name="tps: data peta")


class Liaison(Journey):
    weight = 2
    username = os.environ.get("LOADTEST_LIAISON", "kpu.pasbar")

    @task(3)
    def shared_agenda(self):
        ids = self.ids("/rapat/agenda-bersama/", r'href="/rapat/(\d+)/"', "agenda bersama: daftar")
        if ids:
            meeting = random.choice(ids)
            self.client.get(f"/rapat/{meeting}/", name="rapat: halaman (mitra)")
            self.client.get(f"/rapat/{meeting}/kalender.ics", name="rapat: .ics")

    @task(1)
    def month(self):
        self.client.get("/rapat/agenda-bersama/?tampilan=bulan", name="agenda bersama: bulan")

    @task(1)
    def follow_ups(self):
        self.client.get("/rapat/tindak-lanjut/", name="tindak lanjut")


class Commander(Journey):
    weight = 1
    username = os.environ.get("LOADTEST_COMMANDER", "pimpinan.sumbar")

    @task(3)
    def dashboard(self):
        links = self.ids("/dasbor/", r'href="(/operasi/[^"]+/dasbor/[^"]+/)"', "dasbor: indeks")
        if links:
            self.client.get(random.choice(links), name="dasbor")

    @task(1)
    def request_a_report(self):
        links = self.ids(
            "/laporan/", r'href="(/operasi/[^"]+/laporan/\?unit=[^"]+)"', "laporan: indeks"
        )
        if links:
            link = random.choice(links).replace("&amp;", "&")
            path, unit = link.split("?unit=")
            self.post_form(path, {"unit": unit}, "laporan: minta", form_path=link)


# --- A burst of sign-ins (LOADTEST_SIGNIN_BURST=1) ----------------------------------------

BURST = os.environ.get("LOADTEST_SIGNIN_BURST", "0") not in {"", "0", "false"}
BURST_AFTER = float(os.environ.get("LOADTEST_BURST_AFTER", "60"))
BURST_SIGNINS, BURST_SECONDS = 50, 10.0
BURST_NAMES = ("masuk (burst)", "masuk (burst) (form)")
# (start, name, milliseconds) of every request, to cut out those made during the burst.
REQUESTS: list[tuple[float, str, float]] = []
BURST_WINDOW: list[float] = []


@events.request.add_listener
def _remember(request_type, name, response_time, start_time=None, **_kwargs):
    if BURST:
        REQUESTS.append((start_time or time.time() - response_time / 1000, name, response_time))


def _p(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


@events.quitting.add_listener
def _report_burst(environment, **_kwargs):
    if not BURST or len(BURST_WINDOW) < 2:
        return
    started, ended = BURST_WINDOW[0], BURST_WINDOW[-1]
    pages = [ms for at, name, ms in REQUESTS if started <= at <= ended and "masuk" not in name]
    signins = [ms for _at, name, ms in REQUESTS if name == "masuk (burst)"]
    lines = [
        f"sign-in burst: {len(signins)} sign-ins started within {BURST_SECONDS:.0f} s; "
        f"the burst lasted {ended - started:.1f} s until the last one was answered",
        f"sign-in (burst): p50 {_p(signins, 0.5):.0f} ms, p95 {_p(signins, 0.95):.0f} ms, "
        f"max {max(signins, default=0):.0f} ms",
        f"pages during the burst: {len(pages)} requests, p50 {_p(pages, 0.5):.0f} ms, "
        f"p95 {_p(pages, 0.95):.0f} ms (target p95 under 1000 ms)",
    ]
    report = os.environ.get("LOADTEST_BURST_REPORT")
    if report:
        with open(report, "w") as out:
            out.write("\n".join(lines) + "\n")
    print("\n".join(lines))


class SignInBurst(HttpUser):
    """Fifty people signing in within ten seconds, each with the full password check."""

    abstract = not BURST
    fixed_count = 1
    wait_time = between(3600, 3600)
    usernames = (Operator.username, Commander.username, Liaison.username)

    def one_sign_in(self, delay: float, username: str) -> None:
        gevent.sleep(delay)
        session = HttpSession(
            base_url=self.host, request_event=self.environment.events.request, user=self
        )
        session.headers.update(BALANCER)
        sign_in(session, self.host, username, name="masuk (burst)")

    @task
    def burst(self):
        gevent.sleep(BURST_AFTER)
        BURST_WINDOW.append(time.time())
        delays = sorted(random.uniform(0, BURST_SECONDS) for _ in range(BURST_SIGNINS))
        workers = [
            gevent.spawn(self.one_sign_in, delay, self.usernames[n % len(self.usernames)])
            for n, delay in enumerate(delays)
        ]
        gevent.joinall(workers)
        BURST_WINDOW.append(time.time())
