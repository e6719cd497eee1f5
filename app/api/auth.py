"""The manager secret: sent as a header by scripts, kept in a signed, expiring cookie by the admin pages."""

import hashlib
import hmac
import time
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request

from app.api.deps import SettingsDep
from app.api.errors import AppError
from app.api.rate_limit import client_of, too_many

COOKIE = "oc_manager"
HEADER = "x-manager-secret"
COOKIE_LIFETIME_SECONDS = 12 * 3600
FAILED_LOGINS = "credential failures"


def manager_cookie_value(secret: str, *, now: float | None = None) -> str:
    """`<expiry>.<mac>`: derived from the secret, so the secret itself never sits in the browser."""
    expires = int((now if now is not None else time.time()) + COOKIE_LIFETIME_SECONDS)
    return f"{expires}.{_cookie_mac(secret, expires)}"


def _cookie_mac(secret: str, expires: int) -> str:
    return hmac.new(secret.encode(), f"objection-coach manager until {expires}".encode(), hashlib.sha256).hexdigest()


def same_secret(given: str, secret: str) -> bool:
    """Constant-time comparison that never accepts an empty credential."""
    return bool(given) and bool(secret) and hmac.compare_digest(given.encode(), secret.encode())


def valid_cookie(value: str, secret: str, *, now: float | None = None) -> bool:
    expires_text, _, mac = value.partition(".")
    if not expires_text.isdigit() or not mac.isascii():
        return False
    expires = int(expires_text)
    if expires <= (now if now is not None else time.time()):
        return False
    return same_secret(mac, _cookie_mac(secret, expires))


def is_manager(request: Request, secret: str) -> bool:
    header = request.headers.get(HEADER)
    if header is not None:
        return same_secret(header, secret)
    cookie = request.cookies.get(COOKIE)
    return cookie is not None and valid_cookie(cookie, secret)


def check_secret(request: Request, secret: str) -> bool:
    """`is_manager`, counted: a client that keeps failing gets 429 before its next guess is even checked."""
    limiter = request.app.state.rate_limiter
    client = client_of(request)
    wait = limiter.retry_after("auth_failures", client)
    if wait:
        raise too_many(wait, FAILED_LOGINS)
    if is_manager(request, secret):
        return True
    if request.headers.get(HEADER) is not None:  # a wrong secret; a cookie's 256-bit MAC is no guess
        limiter.record("auth_failures", client)
    return False


SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def from_own_site(request: Request, public_url: str | None) -> bool:
    """Whether a browser request came from this app's own pages (the CSRF check).

    Browsers name the page's origin on every cross-site POST; scripts send none and carry the
    secret as a header, which a cross-site form cannot set.
    """
    origin = request.headers.get("origin")
    fetch_site = request.headers.get("sec-fetch-site")
    if origin is None:
        return fetch_site in (None, "same-origin", "none")
    if origin == "null":
        # What browsers send for a form posted from a page whose Referrer-Policy is no-referrer,
        # as ours are (the login and logout forms); Sec-Fetch-Site still tells where it came from.
        return fetch_site == "same-origin"
    if public_url:
        return origin.rstrip("/") == public_url.rstrip("/")
    return urlsplit(origin).netloc == request.headers.get("host", "")


def require_own_site(request: Request, public_url: str | None) -> None:
    if request.method not in SAFE_METHODS and not from_own_site(request, public_url):
        raise AppError(403, "this request came from another site; make changes from the app's own pages")


async def require_manager(request: Request, settings: SettingsDep) -> None:
    require_own_site(request, settings.public_origin)
    if not check_secret(request, settings.manager_secret):
        raise AppError(401, "this needs the manager secret (X-Manager-Secret header, or log in at /admin/login)")


ManagerDep = Annotated[None, Depends(require_manager)]
