"""The `jifen` command-line contract (cli.md), part 3: refusals.

Each refusal exits 2 with its error code, and a refused command changes nothing that is stored.
"""

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.lockout import end_lockout, lock_ends, real_now, shown

ZHANG = "13800138000"


@pytest.fixture
def zhang(jifen: Jifen) -> str:
    """张三, a member with the 500 points of signing up."""
    return jifen.member(ZHANG, "--name", "张三")


# --- Amounts are parsed exactly ----------------------------------------------------------------

@pytest.mark.parametrize("amount", ["199.999", "-5", "1e3", "¥", "", "1000000.01", "¥-10", "10.", ".5", "1,00", "0x10"])
def test_a_bad_amount_is_refused_and_changes_nothing(jifen: Jifen, zhang: str, amount: str) -> None:
    before = jifen.dump()
    assert jifen.refused("sale", "--member", ZHANG, "--line", f"general:{amount}", by="amy") == "bad_amount"
    assert jifen.dump() == before


@pytest.mark.parametrize(("amount", "fen"), [("199.99", 19999), ("199.9", 19990), ("199", 19900), ("1000000", 100_000_000),
                                             ("１９９.９９", 19999)])
def test_a_good_amount_is_taken_exactly(jifen: Jifen, amount: str, fen: int) -> None:
    assert jifen.ok("sale", "--line", f"general:{amount}", by="amy")["total_fen"] == fen


def test_the_bad_amount_message_names_what_was_typed(jifen: Jifen) -> None:
    run = jifen("sale", "--line", "general:19.999", by="amy")
    assert (run.status, run.out) == (2, "")
    assert run.err == "'19.999' is not an amount: write yuan like 199.99 (at most two decimals, no sign)\n"


@pytest.mark.parametrize("line", ["food:10", "General:10"])
def test_an_unknown_category_is_refused(jifen: Jifen, line: str) -> None:
    before = jifen.dump()
    assert jifen.refused("sale", "--line", line, by="amy") == "unknown_category"
    assert jifen.dump() == before


@pytest.mark.parametrize("argv", [
    ["sale", "--line", "general10"], ["sale"], ["sale", "--line", "general:1", "--redeem", "100"],
    ["sale", "--line", "general:1", "--member", ZHANG, "--redeem", "0"],
], ids=["no-colon", "no-line", "redeem-without-member", "redeem-zero"])
def test_a_malformed_sale_is_refused(jifen: Jifen, zhang: str, argv: list[str]) -> None:
    assert jifen.refused(*argv, by="amy") == "bad_input"


# --- Not found ---------------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ["member", "show", "13900139000"],
    ["member", "show", "M0000000000AA"],
    ["sale", "--member", "13900139000", "--line", "general:1"],
    ["member", "add", "--phone", "13700137000", "--referrer", "13900139000"],
    ["refund", "T1-999"],
    ["adjust", "13900139000", "--points", "5", "--reason", "x"],
    ["report", "z", "1"],
], ids=["member", "member-id", "sale-member", "referrer", "sale", "adjust-member", "z"])
def test_what_does_not_exist_is_not_found(jifen: Jifen, argv: list[str]) -> None:
    before = jifen.dump()
    assert jifen.refused(*argv, by="max") == "not_found"
    assert jifen.dump() == before


def test_refunding_a_line_the_sale_does_not_have(jifen: Jifen) -> None:
    sale = jifen.ok("sale", "--line", "general:1", "--line", "general:2", by="amy")
    assert jifen.refused("refund", sale["sale_id"], "--line", "3", by="max") == "not_found"


# --- Points ----------------------------------------------------------------------------------------

def test_redeeming_more_than_the_balance(jifen: Jifen, zhang: str) -> None:
    before = jifen.dump()
    assert jifen.refused("sale", "--member", ZHANG, "--line", "general:10", "--redeem", "501", by="amy") == \
        "insufficient_points"
    assert jifen.dump() == before
    assert jifen.balance(ZHANG) == 500


def test_a_member_in_debt_may_not_redeem(jifen: Jifen, zhang: str) -> None:
    earning = jifen.ok("sale", "--member", ZHANG, "--line", "general:1000", by="amy")  # earns 500
    jifen.ok("sale", "--member", ZHANG, "--line", "general:10", "--redeem", "1000", by="amy")  # spends all 1,000
    back = jifen.ok("refund", earning["sale_id"], by="max")  # takes back 500 that are already spent
    assert back["reversed_points"] == 500
    assert back["member"]["debt"] is True and back["member"]["balance"] == -500
    assert jifen.ok("member", "show", ZHANG)["debt"] is True
    adjusted = jifen.ok("adjust", ZHANG, "--points", "600", "--reason", "goodwill", by="max")
    assert adjusted["member"]["balance"] == 100 and adjusted["member"]["debt"] is False


def test_a_member_in_debt_is_refused_before_anything_is_spent(jifen: Jifen, zhang: str) -> None:
    earning = jifen.ok("sale", "--member", ZHANG, "--line", "general:1000", by="amy")
    jifen.ok("sale", "--member", ZHANG, "--line", "general:10", "--redeem", "1000", by="amy")
    jifen.ok("refund", earning["sale_id"], by="max")
    before = jifen.dump()
    assert jifen.refused("sale", "--member", ZHANG, "--line", "general:10", "--redeem", "1", by="amy") == "member_in_debt"
    assert jifen.dump() == before


# --- Who may do what ------------------------------------------------------------------------------

def test_a_refund_by_a_cashier_needs_approval(jifen: Jifen, zhang: str) -> None:
    sale = jifen.ok("sale", "--member", ZHANG, "--line", "general:100", by="amy")
    before = jifen.dump()
    assert jifen.refused("refund", sale["sale_id"], by="amy") == "approval_required"
    assert jifen.refused("adjust", ZHANG, "--points", "5", "--reason", "x", by="amy") == "approval_required"
    assert jifen.dump() == before


def test_a_cashier_cannot_approve(jifen: Jifen) -> None:
    sale = jifen.ok("sale", "--line", "general:100", by="amy")
    assert jifen.refused("refund", sale["sale_id"], by="amy", approver="amy") == "forbidden"


def test_the_sixth_earning_sale_of_the_day_needs_a_manager(jifen: Jifen, zhang: str) -> None:
    for _ in range(5):
        jifen.ok("sale", "--member", ZHANG, "--line", "general:10", by="amy")
    before = jifen.dump()
    assert jifen.refused("sale", "--member", ZHANG, "--line", "general:10", by="amy") == "approval_required"
    assert jifen.dump() == before
    sixth = jifen.ok("sale", "--member", ZHANG, "--line", "general:10", by="amy", approver="max")
    assert sixth["earned_points"] == 5
    jifen.now = "2026-03-02T09:00:00+08:00"
    jifen.ok("sale", "--member", ZHANG, "--line", "general:10", by="amy")  # a new day


# --- PINs ----------------------------------------------------------------------------------------

def test_a_wrong_pin_is_refused_and_says_how_many_tries_are_left(jifen: Jifen) -> None:
    run = jifen("sale", "--line", "general:1", "--cashier", "amy", env={"JIFEN_PIN": "9999"})
    assert (run.status, run.out, run.err) == (2, "", "wrong PIN for amy (4 tries left)\n")
    assert jifen.refused("sale", "--line", "general:1", "--cashier", "amy", env={"JIFEN_PIN": "9999"}) == "wrong_pin"
    assert jifen.query("SELECT count(*) FROM journal WHERE kind = 'sale'") == [(0,)]


def test_a_wrong_approver_pin_is_refused(jifen: Jifen) -> None:
    sale = jifen.ok("sale", "--line", "general:1", by="amy")
    assert jifen.refused("refund", sale["sale_id"], by="amy", approver="max", env={"JIFEN_APPROVER_PIN": "0000"}) == \
        "wrong_pin"


def test_five_wrong_pins_lock_the_cashier_for_five_minutes(jifen: Jifen) -> None:
    wrong = {"JIFEN_PIN": "9999"}
    codes = [jifen.refused("shift", "open", "--cashier", "amy", env=wrong) for _ in range(4)]
    before = real_now()
    codes.append(jifen.refused("shift", "open", "--cashier", "amy", env=wrong))
    ends = shown(lock_ends(before, real_now()))
    assert codes == ["wrong_pin"] * 4 + ["locked"]
    assert jifen.refused("shift", "open", by="amy") == "locked"  # even with the right PIN
    run = jifen("shift", "open", by="amy", env={"LANG": "zh_CN.UTF-8"})
    assert any(run.err == f"amy 因连续 5 次密码错误已锁定，请在 {end} 后再试\n" for end in ends), run.err
    jifen.ok("sale", "--line", "general:1", by="max")  # others still work
    jifen.now = "2026-03-01T10:05:01+08:00"  # $JIFEN_NOW is no way past a lockout
    assert jifen.refused("shift", "open", by="amy") == "locked"
    end_lockout(jifen.db, "amy")  # five minutes of the real clock
    assert jifen.ok("shift", "open", by="amy")["cashier"] == "amy"


def test_an_unknown_cashier_is_not_found(jifen: Jifen) -> None:
    assert jifen.refused("sale", "--line", "general:1", "--cashier", "zoe", env={"JIFEN_PIN": "1111"}) == "not_found"


def test_a_write_without_a_cashier_is_refused(jifen: Jifen) -> None:
    run = jifen("sale", "--line", "general:1")
    assert (run.status, run.out) == (2, "")
    assert "--cashier" in run.err


# --- Refunds happen once ----------------------------------------------------------------------------

def test_a_line_is_refunded_once(jifen: Jifen, zhang: str) -> None:
    sale = jifen.ok("sale", "--member", ZHANG, "--line", "general:60", "--line", "general:40", by="amy")
    jifen.ok("refund", sale["sale_id"], "--line", "2", by="max")
    balance, before = jifen.balance(ZHANG), jifen.dump()
    assert jifen.refused("refund", sale["sale_id"], "--line", "2", by="max") == "already_refunded"
    assert jifen.refused("refund", sale["sale_id"], "--line", "1", "--line", "2", by="max") == "already_refunded"
    assert jifen.dump() == before
    jifen.ok("refund", sale["sale_id"], by="max")
    assert jifen.refused("refund", sale["sale_id"], by="max") == "already_refunded"
    assert jifen.balance(ZHANG) == balance - 30  # the ¥60 line's earn, once


# --- A refused command leaves the journal as it was ---------------------------------------------------

def test_refusals_add_no_journal_entries(jifen: Jifen, zhang: str) -> None:
    entries = jifen.entries()
    for argv, by in [
        (["sale", "--member", ZHANG, "--line", "general:1e3"], "amy"),
        (["sale", "--member", ZHANG, "--line", "toys:1"], "amy"),
        (["sale", "--member", ZHANG, "--line", "general:10", "--redeem", "99999"], "amy"),
        (["adjust", ZHANG, "--points", "5", "--reason", "x"], "amy"),
        (["cashier", "add", "kim", "--role", "owner"], "max"),
        (["member", "add", "--phone", ZHANG], "amy"),
    ]:
        assert jifen(*argv, by=by, env={"JIFEN_NEW_PIN": "4444"}).status == 2, argv
    assert jifen.entries() == entries
    assert jifen.balance(ZHANG) == 500


def test_a_mistyped_member_number_is_no_member_and_a_bad_phone_says_what_a_mobile_is(jifen: Jifen) -> None:
    run = jifen("member", "show", "M7KQ2", "--json")  # a member number cut short: not a phone number either
    assert (run.status, run.json) == (2, {"error": "not_found", "message": "no member 'M7KQ2'"})
    run = jifen("member", "add", "--phone", "10000000000", "--json", by="amy")
    assert run.json["message"] == "'10000000000' is not a mobile number (11 digits, starting with 13 to 19)"


def test_a_scanned_product_barcode_is_named_as_one_not_as_a_bad_phone(jifen: Jifen, zhang: str) -> None:
    entries = jifen.entries()
    run = jifen("member", "show", "6901234567892", "--json")  # an EAN-13 off a packet of biscuits
    assert (run.status, run.json) == (2, {"error": "bad_input", "message":
                                          "'6901234567892' is a product barcode, not a member code or a phone number"})
    run = jifen("sale", "--member", "6901234567892", "--line", "general:10", by="amy", env={"LANG": "zh_CN.UTF-8"})
    assert run.status == 2 and "“6901234567892”是商品条码，不是会员码或手机号" in run.err
    assert jifen.entries() == entries
    run = jifen("member", "show", "6901234567891", "--json")  # a wrong check digit: a number typed, not a product
    assert run.json["message"] == "'6901234567891' is not a mobile number (11 digits, starting with 13 to 19)"
