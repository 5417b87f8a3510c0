"""A signed-in HTTP client over urllib for tests that drive a running server process."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass


@dataclass
class Page:
    status: int
    url: str
    text: str
    headers: dict


class _AnyCookiePolicy(http.cookiejar.DefaultCookiePolicy):
    # Behind a TLS-terminating balancer the app marks cookies Secure; the test talks
    # plain HTTP to the app server as the balancer does.
    def return_ok_secure(self, cookie, request):
        return True


class Browser:
    def __init__(self, base_url: str, *, headers: dict | None = None, timeout: float = 60):
        self.base_url = base_url.rstrip("/")
        self.headers = headers or {}
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar(_AnyCookiePolicy()))
        )

    def request(self, path: str, data: dict | None = None, *, headers: dict | None = None) -> Page:
        url = path if path.startswith("http") else f"{self.base_url}{path}"
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(
            url, data=body, headers={**self.headers, **(headers or {})}
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return Page(
                    response.status, response.url, _text(response.read()), dict(response.headers)
                )
        except urllib.error.HTTPError as error:
            return Page(error.code, url, _text(error.read()), dict(error.headers))

    def get(self, path: str, **kwargs) -> Page:
        return self.request(path, **kwargs)

    def post(
        self, path: str, data: dict, *, referer_path: str | None = None, token: str | None = None
    ) -> Page:
        """POSTs ``data`` with the CSRF token of the page at ``referer_path`` (fetched
        first, unless ``token`` is given)."""
        token = token or self.csrf_token(referer_path or path)
        referer = f"{self.base_url}{referer_path or path}"
        if self.headers.get("X-Forwarded-Proto") == "https":
            referer = referer.replace("http://", "https://", 1)
        return self.request(
            path, {**data, "csrfmiddlewaretoken": token}, headers={"Referer": referer}
        )

    def csrf_token(self, path: str) -> str:
        page = self.get(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match, f"no CSRF token on {path} ({page.status})"
        return match.group(1)

    def log_in(self, username: str, password: str = "sinergi-demo-2024") -> Page:
        return self.post("/masuk/", {"username": username, "password": password})


def _text(body: bytes) -> str:
    return body.decode("utf-8", errors="replace")
