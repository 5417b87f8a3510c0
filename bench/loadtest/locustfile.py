"""Load test journeys for `make loadtest`: operators, liaisons and commanders on the demo
users, against the production stack (gunicorn behind a TLS-terminating balancer)."""

import http.cookiejar
import random
import re

from gevent.lock import Semaphore
from locust import HttpUser, between, task

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
        page = self.client.get("/masuk/", name="masuk (form)")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        with self.client.post(
            "/masuk/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.referer("/masuk/")},
            name="masuk",
            catch_response=True,
        ) as response:
            # A refused sign-in answers 200 with the form again: a failure all the same.
            if response.url.endswith("/masuk/"):
                response.failure("sign-in refused")
        return self.client.cookies.get_dict()

    def referer(self, path: str) -> str:
        return f"{self.host.replace('http://', 'https://', 1)}{path}"

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
    username = "operator.pasbar"

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
    username = "kpu.pasbar"

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
    username = "pimpinan.sumbar"

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
