"""Answers that carry member snapshots, in the shape the terminal asked for: older terminals refuse
fields they do not know, so a field reaches only terminals asking for its shape (``snapshot=2``, ``3``) or later."""

from typing import Annotated

from fastapi import Query
from fastapi.responses import Response
from pydantic import BaseModel

SnapshotShape = Annotated[int, Query(ge=1, description="2: with growth_days and coupons_used; 3 or more: and earning_sales")]
_FIELDS_SINCE = {2: {"growth_days", "coupons_used"}, 3: {"earning_sales"}}


def with_snapshots(answer: BaseModel, shape: int) -> Response:
    """Serialized here: returned as a model, it would be checked against its own type again first."""
    unknown = {field for since, fields in _FIELDS_SINCE.items() if shape < since for field in fields}
    exclude = None if not unknown else (
        {"members": {"__all__": unknown}} if "members" in type(answer).model_fields else {"member": unknown})
    return Response(answer.model_dump_json(exclude=exclude), media_type="application/json")
