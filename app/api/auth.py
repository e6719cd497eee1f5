"""The manager secret: sent as a header by scripts, kept in a signed cookie by the admin pages."""

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, Request

from app.api.deps import SettingsDep
from app.api.errors import AppError

COOKIE = "oc_manager"
HEADER = "x-manager-secret"


def manager_cookie_value(secret: str) -> str:
    """A token derived from the secret, so the secret itself never sits in the browser."""
    return hmac.new(secret.encode(), b"objection-coach manager", hashlib.sha256).hexdigest()


def is_manager(request: Request, secret: str) -> bool:
    header = request.headers.get(HEADER)
    if header is not None:
        return hmac.compare_digest(header.encode(), secret.encode())
    cookie = request.cookies.get(COOKIE)
    return cookie is not None and hmac.compare_digest(cookie, manager_cookie_value(secret))


async def require_manager(request: Request, settings: SettingsDep) -> None:
    if not is_manager(request, settings.manager_secret):
        raise AppError(401, "this needs the manager secret (X-Manager-Secret header, or log in at /admin/login)")


ManagerDep = Annotated[None, Depends(require_manager)]
