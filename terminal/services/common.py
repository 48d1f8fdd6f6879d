"""Helpers shared by the services: writing a journal entry for this shop."""

from typing import Any

from sqlalchemy.orm import Session

from terminal import journal
from terminal.journal import Who, Written
from terminal.shop import Shop


def record(session: Session, shop: Shop, kind: str, who: Who, payload: dict[str, Any], points_delta: int = 0) -> Written:
    return journal.append(
        session,
        terminal_id=shop.terminal_id,
        kind=kind,
        now=shop.now(),
        business_date=shop.today().isoformat(),
        who=who,
        payload=payload,
        points_delta=points_delta,
    )
