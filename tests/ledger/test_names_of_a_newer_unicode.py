"""A till on a newer Python (a newer Unicode) stores a member whose name holds a character this Python's Unicode has
not assigned yet (a CJK character of Extension H, U+31350 on, new in Unicode 15): the ledger takes its member_add, or
that till's journal could never sync again. What no till on any Python stores is still refused whole: a control, a
format character (a right-to-left override), a private-use character, a noncharacter."""

import sys
import unicodedata
from typing import Any

import pytest

from ledger.models import Member
from tests.helpers.forged import Spec, forge, last_held
from tests.helpers.ledger import Ledger, refused_whole
from tests.helpers.store import member

REFUSED = "'name' must be 1 to 32 visible characters (no control character, no space at either end)"


def unassigned_cjk() -> str:
    """The first code point of a later CJK extension this Python's Unicode has not assigned."""
    for point in (*range(0x31350, 0x323B0), *range(0x2EBF0, 0x2EE60)):
        if unicodedata.category(chr(point)) == "Cn":
            return chr(point)
    pytest.skip(f"Python {sys.version_info[:2]} (Unicode {unicodedata.unidata_version}) assigns every code point tried")


def member_add(name: str, member_id: str = "M0000000000NV") -> Spec:
    return ("member_add", {"member_id": member_id, "name": name, "phone": "13900139000", "referrer_id": None}, 0)


def test_a_name_with_a_character_of_a_newer_unicode_is_taken(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    m = member(till)
    ledger.sync(till, token)
    name = "张" + unassigned_cjk() + "\u200d" + unassigned_cjk()  # joined as a newer till may join them
    forged = forge(last_held(ledger, "T1"), "T1", member_add(name))
    answer = ledger.post(token, forged)
    assert answer.status_code == 200, answer.text
    assert {r["status"] for r in answer.json()["results"]} == {"applied"}
    with ledger.session() as s:
        assert s.get(Member, "M0000000000NV").name == name  # type: ignore[union-attr]
    assert ledger.balance(m) == 500


@pytest.mark.parametrize("name", ["张\x00{new}", "{new}\u202e三", "{new}\ue000", "张\ufdd0", "张\U0010ffff",
                                  "{new}\u2028", " {new}", "{new}" * 33])
def test_what_no_till_stores_is_still_refused_beside_it(ledger: Ledger, shop: Any, name: str) -> None:
    till, token = shop
    m = member(till)
    ledger.sync(till, token)
    forged = forge(last_held(ledger, "T1"), "T1", member_add(name.format(new=unassigned_cjk())))
    refused_whole(ledger, token, forged, [m], forged[0].seq, REFUSED)
