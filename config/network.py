"""The client's address: REMOTE_ADDR unless the deployment says how many proxies to trust."""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address of whoever sent ``request``.

    X-Forwarded-For is written by the client as much as by proxies, so it is read only
    when ``TRUSTED_PROXY_COUNT`` says how many proxies in front of the app append to it:
    the address is then the one the outermost trusted proxy saw, counting from the right.
    With no trusted proxy, or a header shorter than the chain, REMOTE_ADDR is the answer.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]
