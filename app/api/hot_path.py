"""For the routes where every tenth of a millisecond shows: a plain route class and raw-body parsing.

Measured on /api/match, taken in turns with a bare encode (`scripts/bench_match.py`):
FastAPI's dependency solving and body handling added 0.4-0.5 ms to each request, and
parsing the body with pydantic's own JSON parser a further 0.3-0.5 ms less than FastAPI's.
"""

from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError

Body = TypeVar("Body", bound=BaseModel)


class PlainRoute(APIRoute):
    """Calls the endpoint with the bare `Request`; no dependencies are solved, nothing is validated.

    The endpoint takes only the request and returns a `Response`. FastAPI still builds the API
    docs from `response_model` and `openapi_extra`, and errors raised in the endpoint still
    reach the app's exception handlers.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        return self.endpoint


async def parse_body(request: Request, model: type[Body]) -> Body:
    """Validate the raw JSON body with pydantic's own parser; errors take the usual 422 path.

    FastAPI's body handling (decode to Python objects, then validate them, then solve the
    body as a dependency) costs more than `model_validate_json` on the bytes.
    """
    raw = await request.body()
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False), body=raw) from None


def documented_body(model: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra` for a route that parses its own body, so the API docs still show it."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": model.model_json_schema()}}}}
