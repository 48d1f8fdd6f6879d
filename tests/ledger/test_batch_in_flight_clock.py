"""Health counts a batch as waiting on the database from when its body has come whole: a big batch uploaded over a
slow line is not a lock, and must not make health say the ledger is busy."""

import asyncio
from typing import Any

from ledger.api import BatchesInFlight, Watch


def test_a_batch_counts_from_its_last_body_chunk_until_it_is_answered() -> None:
    batches, seen = BatchesInFlight(), []
    chunks = [{"type": "http.request", "body": b"{", "more_body": True},
              {"type": "http.request", "body": b"}", "more_body": False}]

    async def app(_scope: Any, receive: Any, send: Any) -> None:
        for _ in chunks:
            seen.append(len(batches.started))
            await receive()
        seen.append(len(batches.started))
        await send({"type": "http.response.start", "status": 200, "headers": []})

    async def receive() -> dict[str, Any]:
        return dict(next(feed))

    async def send(_message: Any) -> None:
        return None

    feed = iter(list(chunks))
    asyncio.run(Watch(app, batches)({"type": "http", "method": "POST", "path": "/v1/batches"}, receive, send))
    assert seen == [0, 0, 1] and batches.started == {}
