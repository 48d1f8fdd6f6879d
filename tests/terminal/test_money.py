import pytest

from terminal.errors import Refused
from terminal.money import format_fen, parse_amount, parse_points


@pytest.mark.parametrize("text, fen", [("199.99", 19999), ("199.9", 19990), ("199", 19900), ("0.01", 1),
                                       (" 12.5 ", 1250), ("１９９.９９", 19999), ("１２３．５", 12350), ("1000000", 100_000_000)])
def test_amounts_are_parsed_exactly_into_fen(text: str, fen: int) -> None:
    assert parse_amount(text) == fen


@pytest.mark.parametrize("text", ["199.999", "-5", "1e3", "¥", "", "  ", "1,00", ".5", "5.", "NaN", "inf",
                                  "¥-5", "¹²³", "①", "٣"])
def test_inexact_amounts_are_refused_with_a_clear_message(text: str) -> None:
    with pytest.raises(Refused) as refused:
        parse_amount(text)
    assert (refused.value.code, refused.value.en, refused.value.zh) == (
        "bad_amount", f"'{text}' is not an amount: write yuan like 199.99 (at most two decimals, no sign)",
        f"“{text}”不是有效金额：请按元填写，如 199.99（最多两位小数，不带符号）")


@pytest.mark.parametrize("text", ["1000000.01", "99999999999", "１０００００１"])
def test_absurd_amounts_are_refused_naming_the_limit(text: str) -> None:
    with pytest.raises(Refused) as refused:
        parse_amount(text)
    assert (refused.value.code, refused.value.en, refused.value.zh) == (
        "bad_amount", f"'{text}' is more than ¥1,000,000.00 for one line", f"“{text}”超过单行上限 ￥1,000,000.00")


def test_over_a_million_yuan_says_so() -> None:
    with pytest.raises(Refused, match="1,000,000"):
        parse_amount("1000000.01")


@pytest.mark.parametrize("text", ["0", "-1", "1.5", "abc", "", "10000000000", "²⁰⁰"])
def test_points_must_be_a_positive_whole_number(text: str) -> None:
    with pytest.raises(Refused) as refused:
        parse_points(text)
    assert refused.value.code == "bad_input"


def test_points_parse() -> None:
    assert parse_points("2000") == 2000


@pytest.mark.parametrize("fen, text", [(19999, "¥199.99"), (0, "¥0.00"), (123456, "¥1,234.56"), (-500, "-¥5.00")])
def test_money_is_shown_in_yuan_with_separators(fen: int, text: str) -> None:
    assert format_fen(fen) == text
