"""For the routes where every tenth of a millisecond shows: a plain route class, raw-body parsing
and a lean hand-off to worker threads (what each saves: docs/decisions.md).
"""

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError

Body = TypeVar("Body", bound=BaseModel)
Result = TypeVar("Result")

# As many threads as anyio's default pool: concurrent match requests wait in them while the
# batching encoder groups their texts, so fewer threads would mean smaller batches.
_workers = ThreadPoolExecutor(max_workers=40, thread_name_prefix="hot-path")


async def in_worker_thread(work: Callable[..., Result], *args: Any) -> Result:
    """Run blocking work off the event loop, quicker than `run_in_threadpool` (anyio yields to the
    loop twice first). Unlike anyio, this does not copy context variables; the hot routes use none.
    """
    return await asyncio.get_running_loop().run_in_executor(_workers, work, *args)


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
