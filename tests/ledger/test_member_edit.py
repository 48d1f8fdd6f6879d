"""A member's phone and name corrected at a till (member_edit) are the ledger's from then on: its row, the batch's
answer and every later pull carry them, and no point moves. Only what an entry names changes. Only a till of the merchant the member registered with
edits them: an edit from a partner's till is kept, not applied, and the answer puts the member back there. An edit
of an unknown member, changing nothing or with a phone no till stores is refused whole."""

from pathlib import Path
from typing import Any

import pytest

from ledger.models import Member
from terminal.bootstrap import Till
from terminal.services.members import edit_member
from tests.helpers.forged import forge, last_held
from tests.helpers.ledger import Ledger, check_books, refused_whole, shop_till
from tests.helpers.store import OWNER, member

OLD, NEW = "13800138000", "13911112222"


def stored(ledger: Ledger, member_id: str) -> tuple[str, str | None]:
    with ledger.session() as s:
        row = s.get(Member, member_id)
        assert row is not None
        return row.phone, row.name


def test_the_ledger_takes_the_new_phone_and_name_and_passes_them_on(ledger: Ledger, shop: tuple[Till, str]) -> None:
    till, token = shop
    someone = member(till, OLD, "张三")
    ledger.sync(till, token)
    cursor = ledger.get("/v1/changes", token, cursor=0).json()["cursor"]
    edit_member(till.uow(), till.shop, OWNER, someone, phone=NEW, name="张珊")
    answer = ledger.sync(till, token, after=last_held(ledger, "T1").seq)
    assert [r["status"] for r in answer["results"]] == ["applied"]
    assert [(m["id"], m["phone"], m["name"], m["balance"]) for m in answer["members"]] == [(someone, NEW, "张珊", 500)]
    assert stored(ledger, someone) == (NEW, "张珊")
    pulled = ledger.get("/v1/changes", token, cursor=cursor).json()["members"]
    assert [(m["id"], m["phone"], m["name"]) for m in pulled] == [(someone, NEW, "张珊")]
    assert ledger.balance(someone) == 500
    check_books(ledger)


def test_a_name_taken_away_is_taken_away_at_the_ledger(ledger: Ledger, shop: tuple[Till, str]) -> None:
    till, token = shop
    someone = member(till, OLD, "张三")
    ledger.sync(till, token)
    edit_member(till.uow(), till.shop, OWNER, someone, clear_name=True)
    ledger.sync(till, token, after=last_held(ledger, "T1").seq)
    assert stored(ledger, someone) == (OLD, None)


@pytest.fixture
def partner(ledger: Ledger, shop: tuple[Till, str], tmp_path: Path) -> Any:
    """m2, sharing m1's points, with its till T3 synced once."""
    ledger.merchant("m2", currency="m1")
    till = shop_till(tmp_path, "乙站", "T3", merchant="m2")
    token = ledger.terminal("m2", "乙站", "T3")
    ledger.sync(till, token)
    yield till, token
    till.close()


def test_a_partners_tills_edit_is_kept_not_applied(ledger: Ledger, shop: tuple[Till, str], partner: Any,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    """It cannot tell a partner's member from its own: refusing would stop its sync for good. The answer gives it the
    member as the ledger holds them (no name: a partner's), so its till puts them back."""
    till, token = shop
    someone = member(till, OLD, "张三")
    ledger.sync(till, token)
    _, partner_token = partner
    forged = forge(last_held(ledger, "T3"), "T3",
                   ("member_edit", {"member_id": someone, "phone": NEW, "name": "李四"}, 0))
    answer = ledger.post(partner_token, forged)
    assert answer.status_code == 200, answer.text
    assert [r["status"] for r in answer.json()["results"]] == ["applied"]
    assert [(m["id"], m["phone"], m["name"]) for m in answer.json()["members"]] == [(someone, OLD, None)]
    assert stored(ledger, someone) == (OLD, "张三")
    assert last_held(ledger, "T3").seq == forged[0].seq  # held: the chain goes on from it
    assert f"entry {forged[0].seq} of m2/T3 kept, not applied: member {someone} registered with another merchant" \
        in caplog.text
    check_books(ledger)


def test_only_what_an_edit_names_changes(ledger: Ledger, shop: tuple[Till, str]) -> None:
    """Another till's edit of the other field, not heard of at this one, stands."""
    till, token = shop
    someone = member(till, OLD, "张三")
    ledger.sync(till, token)
    for payload, after in (({"phone": NEW}, (NEW, "张三")), ({"name": "张珊"}, (NEW, "张珊")),
                           ({"name": None}, (NEW, None)), ({"phone": OLD}, (OLD, None))):
        forged = forge(last_held(ledger, "T1"), "T1", ("member_edit", {"member_id": someone, **payload}, 0))
        assert ledger.post(token, forged).status_code == 200
        assert stored(ledger, someone) == after


@pytest.mark.parametrize(("payload", "message"), [
    ({"member_id": "M0000000000ZZ", "phone": NEW, "name": None}, "unknown member 'M0000000000ZZ'"),
    ({"member_id": "{m}", "phone": "12345", "name": None},
     "'phone' must be a mobile number (11 digits, starting with 13 to 19)"),
    ({"member_id": "{m}", "phone": NEW, "name": " 张三"},
     "'name' must be 1 to 32 visible characters (no control character, no space at either end)"),
    ({"member_id": "{m}", "phone": NEW, "name": "张三"}, "points_delta 5 does not match the payload (0)"),
    ({"member_id": "{m}"}, "a member_edit changes the member's 'phone', 'name' or both"),
    ({"member_id": "{m}", "phone": None}, "'phone' must be a mobile number (11 digits, starting with 13 to 19)"),
])
def test_an_edit_no_till_writes_is_refused_whole(ledger: Ledger, shop: tuple[Till, str], payload: dict[str, Any],
                                                  message: str) -> None:
    till, token = shop
    someone = member(till, OLD, "张三")
    ledger.sync(till, token)
    delta = 5 if message.startswith("points_delta") else 0
    forged = forge(last_held(ledger, "T1"), "T1", ("member_edit", {**payload, "member_id": payload["member_id"].format(
        m=someone)}, delta))
    refused_whole(ledger, token, forged, [someone], forged[0].seq, message)
    assert stored(ledger, someone) == (OLD, "张三")
