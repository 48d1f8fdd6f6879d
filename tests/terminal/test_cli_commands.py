"""The `jifen` command-line contract (cli.md), part 2: each command and the JSON fields it promises.

The numbers are the worked examples of points-rules.md.
"""

import io
import re
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen

ZHANG, LI = "13800138000", "13900139000"


@pytest.fixture
def nowhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Jifen:
    """The command line on a folder that holds no store yet."""
    return Jifen(tmp_path / "new-store", monkeypatch, capsys)


# --- init --------------------------------------------------------------------------------------

def test_init_creates_the_store_and_its_owner(nowhere: Jifen) -> None:
    made = nowhere.ok("init", "--store", "静安店", "--terminal", "T1", "--merchant", "m1", "--owner", "老板",
                      env={"JIFEN_NEW_PIN": "8888"})
    assert {k: made[k] for k in ("store", "terminal", "merchant")} == {"store": "静安店", "terminal": "T1", "merchant": "m1"}
    assert (nowhere.home / "jifen.db").is_file() and (nowhere.home / "rules.toml").is_file()
    added = nowhere.ok("cashier", "add", "小王", "--role", "cashier", "--cashier", "老板",
                       env={"JIFEN_PIN": "8888", "JIFEN_NEW_PIN": "1234"})
    assert added == {"name": "小王", "role": "cashier"}
    assert nowhere.refused("shift", "open", "--cashier", "老板", env={"JIFEN_PIN": "1234"}) == "wrong_pin"


def test_init_defaults_the_merchant_to_local(nowhere: Jifen) -> None:
    made = nowhere.ok("init", "--store", "S", "--terminal", "T2", "--owner", "boss", env={"JIFEN_NEW_PIN": "8888"})
    assert made["merchant"] == "local"


def test_init_refuses_a_folder_that_already_holds_a_store(jifen: Jifen) -> None:
    before = jifen.dump()
    assert jifen.refused("init", "--store", "S", "--terminal", "T9", "--owner", "eve",
                         env={"JIFEN_NEW_PIN": "0000"}) == "already_exists"
    assert jifen.dump() == before


@pytest.mark.parametrize(("option", "value"), [("--terminal", "T 1"), ("--merchant", "m/1"), ("--timezone", "Mars/Base")])
def test_init_refuses_bad_identity(nowhere: Jifen, option: str, value: str) -> None:
    argv = {"--store": "S", "--terminal": "T1", "--owner": "boss", option: value}
    words = [w for pair in argv.items() for w in pair]
    assert nowhere.refused("init", *words, env={"JIFEN_NEW_PIN": "8888"}) == "bad_input"
    assert not (nowhere.home / "jifen.db").exists()


@pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory"])
def test_init_refuses_a_zone_that_names_no_place(nowhere: Jifen, name: str) -> None:
    """"localtime" loads as a zone but is the machine's own (UTC on many): sales would be dated by it."""
    run = nowhere("init", "--store", "S", "--terminal", "T1", "--owner", "boss", "--timezone", name,
                  env={"JIFEN_NEW_PIN": "8888"})
    assert (run.status, run.out) == (2, "") and f"'{name}'" in run.err and "like Asia/Shanghai" in run.err
    assert not (nowhere.home / "jifen.db").exists()


def test_a_store_made_with_localtime_before_still_opens(jifen: Jifen) -> None:
    jifen.query("UPDATE store SET timezone = 'localtime'")
    assert jifen.ok("report", "day", by="boss")["sales"] == 0


def test_a_refused_init_leaves_nothing_in_the_way(nowhere: Jifen) -> None:
    assert nowhere.refused("init", "--store", "S", "--terminal", "T1", "--owner", "boss",
                           env={"JIFEN_NEW_PIN": "12"}) == "bad_input"
    assert not (nowhere.home / "jifen.db").exists()
    nowhere.ok("init", "--store", "S", "--terminal", "T1", "--owner", "boss", env={"JIFEN_NEW_PIN": "8888"})


def test_init_without_a_pin_and_no_terminal_to_ask_on_is_refused(nowhere: Jifen, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    run = nowhere("init", "--store", "S", "--terminal", "T1", "--owner", "boss")
    assert (run.status, run.out) == (2, "")
    assert "JIFEN_NEW_PIN" in run.err


# --- cashier add -------------------------------------------------------------------------------

def test_the_owner_adds_a_manager_who_can_then_work(jifen: Jifen) -> None:
    assert jifen.ok("cashier", "add", "bea", "--role", "manager", by="boss",
                    env={"JIFEN_NEW_PIN": "3333"}) == {"name": "bea", "role": "manager"}
    jifen.member(ZHANG)
    adjusted = jifen.ok("adjust", ZHANG, "--points", "10", "--reason", "welcome", "--cashier", "bea",
                        env={"JIFEN_PIN": "3333"})
    assert adjusted["member"]["balance"] == 510


@pytest.mark.parametrize(("by", "role", "code"), [
    ("max", "cashier", None), ("max", "manager", "forbidden"), ("amy", "cashier", "forbidden"),
])
def test_who_may_add_whom(jifen: Jifen, by: str, role: str, code: str | None) -> None:
    words = ("cashier", "add", "kim", "--role", role)
    if code is None:
        assert jifen.ok(*words, by=by, env={"JIFEN_NEW_PIN": "4444"})["role"] == role
    else:
        assert jifen.refused(*words, by=by, env={"JIFEN_NEW_PIN": "4444"}) == code


def test_a_cashier_name_is_taken_once(jifen: Jifen) -> None:
    assert jifen.refused("cashier", "add", "amy", "--role", "cashier", by="boss",
                         env={"JIFEN_NEW_PIN": "4444"}) == "already_exists"


# --- member add / show -------------------------------------------------------------------------

def test_member_add_grants_the_signup_bonus_and_shows_the_member(jifen: Jifen) -> None:
    added = jifen.ok("member", "add", "--phone", ZHANG, "--name", "张三", by="amy")
    assert re.fullmatch(r"M[0-9A-Z]{12}", added["id"])
    assert {k: added[k] for k in ("phone", "name", "tier", "balance", "growth_fen", "debt", "next_expiry", "lots")} == {
        "phone": ZHANG, "name": "张三", "tier": "regular", "balance": 500, "growth_fen": 0, "debt": False,
        "next_expiry": {"points": 500, "date": "2027-12-31"}, "lots": [{"points": 500, "expires_on": "2027-12-31"}],
    }
    assert jifen.ok("member", "show", added["id"]) == added
    assert jifen.ok("member", "show", "+86 138-0013-8000") == added


@pytest.mark.parametrize("typed", ["0086 13800138000", "0086-138-0013-8000", "(0086)13800138000", "００８６１３８００１３８０００"])
def test_a_phone_with_the_international_prefix_0086_is_the_same_member(jifen: Jifen, typed: str) -> None:
    added = jifen.ok("member", "add", "--phone", typed, by="amy")
    assert added["phone"] == ZHANG and jifen.ok("member", "show", typed) == jifen.ok("member", "show", ZHANG) == added
    assert jifen.refused("member", "add", "--phone", ZHANG, by="amy") == "already_exists"


def test_member_show_as_text_masks_the_phone(jifen: Jifen) -> None:
    member = jifen.member(ZHANG, "--name", "张三")
    run = jifen("member", "show", ZHANG)
    assert run.status == 0
    assert run.out.splitlines()[0] == f"Member {member}  138****8000 张三"
    assert ZHANG not in run.out
    assert "Balance: 500 points" in run.out and "500 points on 2027-12-31" in run.out


@pytest.mark.parametrize(("phone", "code"), [(ZHANG, "already_exists"), ("12345", "bad_input"), ("", "bad_input")])
def test_member_add_refuses(jifen: Jifen, phone: str, code: str) -> None:
    jifen.member(ZHANG)
    assert jifen.refused("member", "add", "--phone", phone, by="amy") == code


def test_a_referral_pays_both_on_the_first_sale_only(jifen: Jifen) -> None:
    jifen.member(ZHANG)
    li = jifen.member(LI, "--referrer", ZHANG)
    first = jifen.ok("sale", "--member", LI, "--line", "general:100", "--line", "digital:1000", by="amy")
    assert (first["earned_points"], first["bonus_points"]) == (150, 100)
    assert first["member"] == {"id": li, "balance": 500 + 150 + 100, "tier": "regular"}
    assert jifen.balance(ZHANG) == 600
    again = jifen.ok("sale", "--member", LI, "--line", "general:10", by="amy")
    assert (again["earned_points"], again["bonus_points"]) == (5, 0)
    assert jifen.balance(ZHANG) == 600


def test_a_member_reaches_silver_and_the_next_sale_earns_at_120_percent(jifen: Jifen) -> None:
    jifen.member(ZHANG)
    reaching = jifen.ok("sale", "--member", ZHANG, "--line", "general:2000", by="amy")
    assert (reaching["earned_points"], reaching["member"]["tier"]) == (1000, "silver")
    shown = jifen.ok("member", "show", ZHANG)
    assert (shown["tier"], shown["growth_fen"]) == ("silver", 200_000)
    assert jifen.ok("sale", "--member", ZHANG, "--line", "general:100", by="amy")["earned_points"] == 60


# --- sale ----------------------------------------------------------------------------------------

def test_worked_example_1_general_199_99_earns_99(jifen: Jifen) -> None:
    member = jifen.member(ZHANG)
    sale = jifen.ok("sale", "--member", ZHANG, "--line", "general:199.99", by="amy")
    assert sale == {
        "sale_id": f"T1-{sale['seq']}", "seq": sale["seq"], "total_fen": 19999, "redeemed_points": 0, "redeemed_fen": 0,
        "paid_fen": 19999, "pay_method": "cash", "earned_points": 99, "bonus_points": 0,
        "member": {"id": member, "balance": 599, "tier": "regular"},
    }


def test_worked_example_2_general_and_digital_earn_150_by_member_id(jifen: Jifen) -> None:
    member = jifen.member(ZHANG)
    sale = jifen.ok("sale", "--member", member, "--line", "general:100", "--line", "digital:1000", "--pay", "card", by="amy")
    assert (sale["total_fen"], sale["paid_fen"], sale["pay_method"], sale["earned_points"]) == (110_000, 110_000, "card", 150)


def test_worked_example_4_paying_2000_points_earns_40(jifen: Jifen) -> None:
    jifen.member(ZHANG)
    jifen.ok("adjust", ZHANG, "--points", "1500", "--reason", "top up for the example", by="max")
    sale = jifen.ok("sale", "--member", ZHANG, "--line", "general:100", "--redeem", "2000", by="amy")
    assert (sale["redeemed_points"], sale["redeemed_fen"], sale["paid_fen"], sale["earned_points"]) == (2000, 2000, 8000, 40)
    assert sale["member"]["balance"] == 40


def test_a_walk_in_sale_earns_nothing(jifen: Jifen) -> None:
    sale = jifen.ok("sale", "--line", "general:35.50", by="amy")
    assert (sale["total_fen"], sale["earned_points"], sale["member"]) == (3550, 0, None)


def test_the_sale_is_journaled_with_its_cashier(jifen: Jifen) -> None:
    sale = jifen.ok("sale", "--line", "general:1", "--line", "excluded:100", by="amy")
    assert jifen.query("SELECT seq, actor FROM journal WHERE kind = 'sale'") == [(sale["seq"], "amy")]
    assert [line["amount_fen"] for line in jifen.journal_payloads("sale")[0]["lines"]] == [100, 10_000]


# --- refund --------------------------------------------------------------------------------------

def test_refund_example_of_the_rules_then_the_rest(jifen: Jifen) -> None:
    member = jifen.member(ZHANG)
    sale = jifen.ok("sale", "--member", ZHANG, "--line", "general:60", "--line", "general:40", "--redeem", "500", by="amy")
    assert (sale["earned_points"], sale["member"]["balance"]) == (47, 47)

    first = jifen.ok("refund", sale["sale_id"], "--line", "2", by="amy", approver="max")
    assert {k: first[k] for k in ("refunded_fen", "money_fen", "restored_points", "reversed_points", "member")} == {
        "refunded_fen": 4000, "money_fen": 3800, "restored_points": 200, "reversed_points": 19,
        "member": {"id": member, "balance": 228, "debt": False, "debt_points": 0},
    }
    assert re.fullmatch(r"T1-\d+", first["refund_id"])

    rest = jifen.ok("refund", str(sale["seq"]), by="max")  # by sequence number; default: all that remain
    assert (rest["refunded_fen"], rest["money_fen"], rest["restored_points"], rest["reversed_points"]) == (6000, 5700, 300, 28)
    assert rest["member"]["balance"] == 500
    assert jifen.ok("member", "show", ZHANG)["growth_fen"] == 0


def test_a_walk_in_refund_has_no_member(jifen: Jifen) -> None:
    sale = jifen.ok("sale", "--line", "general:35.50", by="amy")
    back = jifen.ok("refund", sale["sale_id"], by="boss")
    assert (back["refunded_fen"], back["money_fen"], back["member"]) == (3550, 3550, None)


# --- adjust --------------------------------------------------------------------------------------

def test_a_manager_adjusts_and_is_recorded_as_approver(jifen: Jifen) -> None:
    member = jifen.member(ZHANG)
    adjusted = jifen.ok("adjust", ZHANG, "--points", "250", "--reason", "goodwill", by="max")
    assert adjusted["member"]["id"] == member and adjusted["member"]["balance"] == 750
    taken = jifen.ok("adjust", member, "--points", "-100", "--reason", "typo", by="amy", approver="max")
    assert taken["member"]["balance"] == 650
    assert jifen.query("SELECT actor, approver FROM journal WHERE kind = 'adjust' ORDER BY seq") == [
        ("max", "max"), ("amy", "max")]


@pytest.mark.parametrize(("points", "code"), [("0", "bad_input"), ("-501", "insufficient_points")])
def test_adjust_refuses(jifen: Jifen, points: str, code: str) -> None:
    jifen.member(ZHANG)
    assert jifen.refused("adjust", ZHANG, "--points", points, "--reason", "x", by="max") == code


# --- expire --------------------------------------------------------------------------------------

def test_expire_takes_points_due_by_the_local_date(jifen: Jifen) -> None:
    jifen.member(ZHANG)  # 500 points, expiring 2027-12-31
    jifen.now = "2027-12-31T23:59:00+08:00"
    assert jifen.ok("expire") == {"expired_points": 0, "members": 0}
    jifen.now = "2027-12-31T16:30:00Z"  # 1 January 2028 in Shanghai
    assert jifen.ok("expire") == {"expired_points": 500, "members": 1}
    shown = jifen.ok("member", "show", ZHANG)
    assert (shown["balance"], shown["next_expiry"], shown["lots"]) == (0, None, [])
    day = jifen.ok("report", "day")
    assert (day["date"], day["points_expired"], day["liability_points"]) == ("2028-01-01", 500, 0)
    assert jifen.ok("expire") == {"expired_points": 0, "members": 0}


# --- report day, day close, report z ------------------------------------------------------------

def _a_day_at_the_counter(jifen: Jifen) -> None:
    jifen.member(ZHANG)
    jifen.ok("sale", "--member", ZHANG, "--line", "general:199.99", by="amy")
    jifen.ok("sale", "--line", "general:35.50", "--pay", "card", by="amy")
    sale = jifen.ok("sale", "--member", ZHANG, "--line", "general:60", "--line", "general:40", "--redeem", "500", by="amy")
    jifen.ok("refund", sale["sale_id"], "--line", "2", by="amy", approver="max")


DAY_TOTALS = {
    "date": "2026-03-01", "sales": 3, "gross_fen": 33_549, "cash_fen": 29_499, "card_fen": 3_550,
    "points_paid_fen": 500, "refunds_fen": 4_000, "points_earned": 146, "points_bonus": 500, "points_redeemed": 500,
    "points_expired": 0, "liability_points": 327, "members_served": 1, "new_members": 1,
}


def test_report_day_totals(jifen: Jifen) -> None:
    _a_day_at_the_counter(jifen)
    day = jifen.ok("report", "day")
    assert {k: day[k] for k in DAY_TOTALS} == DAY_TOTALS
    assert jifen.balance(ZHANG) == 327


def test_report_day_for_another_date(jifen: Jifen) -> None:
    _a_day_at_the_counter(jifen)
    after = jifen.ok("report", "day", "--date", "2026-03-02")
    assert (after["date"], after["sales"], after["gross_fen"], after["liability_points"]) == ("2026-03-02", 0, 0, 327)
    assert jifen.ok("report", "day", "--date", "2026-02-28")["liability_points"] == 0
    assert jifen.refused("report", "day", "--date", "2026-02-30") == "bad_input"


def test_day_close_freezes_the_totals_as_z1(jifen: Jifen) -> None:
    _a_day_at_the_counter(jifen)
    z = jifen.ok("day", "close", by="boss")
    assert (z["z"], z["date"], z["from_seq"]) == (1, "2026-03-01", 1)
    assert {k: z[k] for k in DAY_TOTALS if k != "date"} == {k: v for k, v in DAY_TOTALS.items() if k != "date"}
    assert jifen.ok("report", "z", "1") == z
    assert jifen.refused("day", "close", by="boss") == "bad_input"  # nothing since Z1
    assert jifen.refused("report", "z", "2") == "not_found"


def test_a_cashier_closes_the_day_with_a_managers_approval(jifen: Jifen) -> None:
    jifen.ok("sale", "--line", "general:1", by="amy")
    assert jifen.refused("day", "close", by="amy") == "approval_required"
    assert jifen.ok("day", "close", by="amy", approver="max")["sales"] == 1


# --- shifts --------------------------------------------------------------------------------------

def test_a_shift_shows_the_cashiers_own_totals(jifen: Jifen) -> None:
    opened = jifen.ok("shift", "open", by="amy")
    assert opened["cashier"] == "amy"
    assert jifen.refused("shift", "open", by="amy") == "bad_input"
    jifen.ok("sale", "--line", "general:10", by="amy")
    jifen.ok("sale", "--line", "general:99", by="max")  # not amy's
    closed = jifen.ok("shift", "close", by="amy")
    assert (closed["cashier"], closed["sales"], closed["gross_fen"]) == ("amy", 1, 1000)
    assert closed["closed_seq"] > opened["opened_seq"]
    assert jifen.refused("shift", "close", by="amy") == "bad_input"


# --- journal verify ------------------------------------------------------------------------------

def test_journal_verify_counts_the_entries(jifen: Jifen) -> None:
    jifen.member(ZHANG)
    verdict = jifen.ok("journal", "verify")
    assert verdict["ok"] is True and verdict["first_bad_seq"] is None
    assert verdict["entries"] == jifen.query("SELECT count(*) FROM journal")[0][0]


def test_journal_verify_names_the_first_altered_entry(jifen: Jifen) -> None:
    sale = jifen.ok("sale", "--line", "general:199.99", by="amy")
    jifen.ok("sale", "--line", "general:1", by="amy")
    jifen.query("UPDATE journal SET payload = replace(payload, '19999', '99') WHERE seq = ?", sale["seq"])
    run = jifen("journal", "verify", "--json")
    assert run.status == 2, run  # a script's `jifen journal verify && …` must notice
    verdict = run.json
    assert (verdict["ok"], verdict["first_bad_seq"], verdict["error"]) == (False, sale["seq"], "journal_broken")
    human = jifen("journal", "verify")
    assert human.status == 2 and human.out == "" and f"entry {sale['seq']}" in human.err
