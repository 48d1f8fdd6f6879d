"""Answers that carry member snapshots, in the shape the terminal asked for: older terminals refuse
fields they do not know, so only those asking for ``snapshot=2`` (or later) get the second shape's."""

from typing import Annotated

from fastapi import Query
from fastapi.responses import Response
from pydantic import BaseModel

SnapshotShape = Annotated[int, Query(ge=1, description="2 or more: with growth_days, coupons_used and earning_sales")]
_SECOND_SHAPE = {"growth_days", "coupons_used", "earning_sales"}


def with_snapshots(answer: BaseModel, shape: int) -> Response:
    """Serialized here: returned as a model, it would be checked against its own type again first."""
    exclude = None if shape >= 2 else (
        {"members": {"__all__": _SECOND_SHAPE}} if "members" in type(answer).model_fields else {"member": _SECOND_SHAPE})
    return Response(answer.model_dump_json(exclude=exclude), media_type="application/json")
