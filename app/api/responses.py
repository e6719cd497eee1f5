"""JSON responses for bodies that are already validated response models."""

from pydantic import BaseModel
from starlette.responses import Response


class ModelResponse(Response):
    """Sends a response model as it is.

    Given a model, FastAPI validates it against `response_model` a second time and encodes it
    through `jsonable_encoder`, far slower than pydantic's own `model_dump_json`. Routes
    that build their model (which validates it) return it through this; `response_model` still
    documents them.
    """

    media_type = "application/json"

    def __init__(self, body: BaseModel, status_code: int = 200):
        super().__init__(content=body.model_dump_json(), status_code=status_code)
