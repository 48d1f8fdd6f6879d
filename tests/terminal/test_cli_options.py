"""Options are taken as typed or refused: a single-valued option given twice or given empty, a number
too long to be one, a number that is not one. Each refusal exits 2 (bad_input) and stores nothing."""

import pytest

from tests.helpers.cli import Jifen

ZHANG = "13800138000"
LI = "13900139000"
HUGE = "9" * 5000


@pytest.fixture
def members(jifen: Jifen) -> Jifen:
    jifen.member(ZHANG)
    jifen.member(LI)
    return jifen


@pytest.mark.parametrize(("argv", "option"), [
    (["sale", "--member", ZHANG, "--member", LI, "--line", "general:10"], "--member"),
    (["sale", "--member", ZHANG, "--redeem", "100", "--redeem", "200", "--line", "general:10"], "--redeem"),
    (["sale", "--pay", "cash", "--pay", "card", "--line", "general:10"], "--pay"),
    (["sale", "--coupon", "C1", "--coupon", "C2", "--line", "general:10"], "--coupon"),
    (["sale", "--line", "general:10", "--cashier", "max"], "--cashier"),
    (["member", "add", "--phone", "13700137000", "--phone", "13600136000"], "--phone"),
    (["adjust", ZHANG, "--points", "5", "--points", "50", "--reason", "x"], "--points"),
    (["report", "day", "--date", "2026-03-01", "--date", "2026-03-02"], "--date"),
], ids=["member", "redeem", "pay", "coupon", "cashier", "phone", "points", "date"])
def test_a_single_valued_option_given_twice_is_refused(members: Jifen, argv: list[str], option: str) -> None:
    before = members.dump()
    run = members(*argv, by="amy")
    assert (run.status, run.out) == (2, "")
    assert run.err.endswith(f": {option} is given more than once; give it once\n")
    assert members.refused(*argv, by="amy") == "bad_input"
    assert members.dump() == before


@pytest.mark.parametrize(("argv", "option"), [
    (["sale", "--member", "", "--line", "general:10"], "--member"),
    (["sale", "--coupon", "", "--line", "general:10"], "--coupon"),
    (["sale", "--member", ZHANG, "--redeem", " ", "--line", "general:10"], "--redeem"),
    (["adjust", ZHANG, "--points", "5", "--reason", ""], "--reason"),
    (["member", "add", "--phone", "13700137000", "--name", ""], "--name"),
    (["--home", "", "report", "day"], "--home"),
], ids=["member", "coupon", "redeem", "reason", "name", "home"])
def test_an_empty_value_is_refused(members: Jifen, argv: list[str], option: str) -> None:
    before = members.dump()
    run = members(*argv, by="max")
    assert (run.status, run.out) == (2, "")
    assert run.err.endswith(f"{option} is empty; give a value\n")
    assert members.refused(*argv, by="max") == "bad_input"
    assert members.dump() == before


def test_the_common_options_may_still_come_before_and_after_the_command(members: Jifen) -> None:
    sale = members.ok("--cashier", "amy", "sale", "--member", ZHANG, "--line", "general:10", by="amy")
    assert sale["member"]["id"] == members.ok("member", "show", ZHANG)["id"]
    assert members.query("SELECT actor FROM journal WHERE seq = ?", sale["seq"]) == [("amy",)]


@pytest.mark.parametrize(("argv", "code"), [
    (["sale", "--line", f"general:{HUGE}"], "bad_amount"),
    (["sale", "--member", ZHANG, "--redeem", HUGE, "--line", "general:10"], "bad_input"),
    (["adjust", ZHANG, "--points", HUGE, "--reason", "x"], "bad_input"),
    (["adjust", ZHANG, "--points", f"-{HUGE}", "--reason", "x"], "bad_input"),
    (["report", "z", HUGE], "bad_input"),
    (["refund", "T1-1", "--line", HUGE], "bad_input"),
    (["gift", "add", "G1", "--name-zh", "杯", "--name-en", "Cup", "--points", HUGE], "bad_input"),
    (["gift", "add", "G1", "--name-zh", "杯", "--name-en", "Cup", "--points", "100", "--topup", HUGE], "bad_amount"),
], ids=["line", "redeem", "adjust", "adjust-negative", "z", "refund-line", "gift-points", "gift-topup"])
def test_a_number_of_thousands_of_digits_is_refused_in_a_short_line(members: Jifen, argv: list[str], code: str) -> None:
    before = members.dump()
    run = members(*argv, by="max")
    assert (run.status, run.out) == (2, "")
    assert run.err.count("\n") == 1 and len(run.err) < 200, run.err
    assert "characters)" in run.err
    assert members.refused(*argv, by="max") == code
    assert members.dump() == before


@pytest.mark.parametrize(("argv", "message"), [
    (["report", "z", "0"], "jifen report z: N: '0' is not a Z number (1, 2, …)"),
    (["report", "z", "abc"], "jifen report z: N: 'abc' is not a Z number (1, 2, …)"),
    (["refund", "T1-1", "--line", "x"], "jifen refund: --line: 'x' is not a line number (1, 2, …)"),
    (["refund", "T1-1", "--line", "1.5"], "jifen refund: --line: '1.5' is not a line number (1, 2, …)"),
    (["adjust", ZHANG, "--points", "ten", "--reason", "x"], "jifen adjust: --points: 'ten' is not a whole number"),
    (["adjust", ZHANG, "--points", "1_000", "--reason", "x"], "jifen adjust: --points: '1_000' is not a whole number"),
])
def test_what_is_not_a_number_says_what_kind_of_number_it_should_be(members: Jifen, argv: list[str], message: str) -> None:
    run = members(*argv, by="max")
    assert (run.status, run.out, run.err) == (2, "", message + "\n")


def test_full_width_digits_are_numbers(members: Jifen) -> None:
    assert members.ok("adjust", ZHANG, "--points", "５", "--reason", "x", by="max")["member"]["balance"] == 505
