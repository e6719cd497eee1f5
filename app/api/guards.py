"""Checks and headers that every request and response gets, as one plain ASGI middleware.

Pages carry share-link tokens in their address, so nothing is cached, framed, or sent on as a
referrer; a path or query with a control character is refused before any route sees it.
"""

from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.errors import error_body
from app.text_rules import control_character

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
_ALWAYS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
]
_NO_STORE = (b"cache-control", b"no-store")


class RequestGuards:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        bad = _bad_character(scope)
        if bad:
            body = error_body("invalid_input", f"the address contains a control character ({bad})")
            await send({"type": "http.response.start", "status": 422,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(body)).encode()), *_ALWAYS, _NO_STORE]})
            return await send({"type": "http.response.body", "body": body})
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), *_ALWAYS]
                if not static:
                    headers.append(_NO_STORE)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _bad_character(scope: Scope) -> str | None:
    query = unquote_to_bytes(scope.get("query_string", b"")).decode("utf-8", "replace")
    return control_character(scope["path"]) or control_character(query)
