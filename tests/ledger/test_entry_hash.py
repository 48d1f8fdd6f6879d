"""The ledger writes an entry's canonical text itself to check its hash: byte for byte the terminal's."""

import json

import pytest

from ledger.ingest import canonical_entry
from sync.protocol import WireEntry, canonical, hashed_fields

TRICKY = ['{"name":"王芳","note":"say \\"hi\\"\\\\ \\n\\t"}', '{}', "\u2028\u2029 \x01\x1f \U0001F600 / \\ \"", ""]


@pytest.mark.parametrize("payload", TRICKY)
@pytest.mark.parametrize("actor, approver", [(None, None), ("amy", None), ("店长 \"老王\"", "boss\n")])
@pytest.mark.parametrize("delta, after", [(0, 0), (-1_000_000_000, -(2**62)), (1_000_000_000, 2**62)])
def test_the_ledgers_canonical_text_is_the_terminals(payload: str, actor: str | None, approver: str | None,
                                                      delta: int, after: int) -> None:
    entry = WireEntry(seq=2**53, id="0190f0e1-2b3c-7d4e-8f5a-6b7c8d9e0f1a", kind="sale", at="2026-03-02T09:00:00.000+08:00",
                      business_date="2026-03-02", actor=actor, approver=approver, points_delta=delta,
                      liability_after=after, payload=payload, prev_hash="0" * 64, hash="f" * 64)
    expected = canonical(hashed_fields(json.loads(entry.model_dump_json()) | {"terminal_id": "门店T\"1"}))
    assert canonical_entry(entry, "门店T\"1") == expected
