"""Answers that carry member snapshots, in the shape the terminal asked for: older terminals refuse
fields they do not know, so a field reaches only terminals asking for its shape (``snapshot=2`` to ``4``) or later."""

from typing import Annotated, Any

from fastapi import Query
from fastapi.responses import Response
from pydantic import BaseModel

SnapshotShape = Annotated[int, Query(ge=1, description="2: with growth_days and coupons_used; 3: and earning_sales; "
                                                        "4 or more: and each lot's granted_by")]
_FIELDS_SINCE = {2: {"growth_days", "coupons_used"}, 3: {"earning_sales"}}
_LOT_FIELDS_SINCE = {4: {"granted_by"}}


def with_snapshots(answer: BaseModel, shape: int) -> Response:
    """Serialized here: returned as a model, it would be checked against its own type again first."""
    unknown: dict[str, Any] = {field: True for since, fields in _FIELDS_SINCE.items() if shape < since
                               for field in fields}
    of_lots = {field: True for since, fields in _LOT_FIELDS_SINCE.items() if shape < since for field in fields}
    if of_lots:
        unknown["lots"] = {"__all__": of_lots}
    exclude = None if not unknown else (
        {"members": {"__all__": unknown}} if "members" in type(answer).model_fields else {"member": unknown})
    return Response(answer.model_dump_json(exclude=exclude), media_type="application/json")
