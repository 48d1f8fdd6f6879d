"""Fitting to 32 and 48 columns: no line overflows, long text wraps, amounts line up on the right."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from printing.charset import paper_width, printable
from printing.document import Blank, Document, Qr, Row, Rule, Text, Title
from printing.layout import Line, QrLine, lay_out, wrap

MIXED = st.lists(st.sampled_from(list("ab1 .,积分收银店会员，。！（）￥¥😀×\u3000Zé-\n") + ["Supercalifragilistic"]),
                 max_size=60).map("".join)


def _texts(document: Document, columns: int) -> list[str]:
    return [line.text for line in lay_out(document, columns, "gbk").lines if isinstance(line, Line)]


@settings(max_examples=300, deadline=None)
@given(text=MIXED, columns=st.sampled_from([32, 48]), label=MIXED, value=st.text(alphabet="0123456789,.￥-+", max_size=60))
def test_no_line_is_wider_than_the_paper(text: str, columns: int, label: str, value: str) -> None:
    document = Document("t", (Title(text), Text(text), Text(text, align="center", indent=2), Row(label, value),
                              Row(label, value, indent=2), Rule()))
    for line in lay_out(document, columns, "gbk").lines:
        assert isinstance(line, Line)
        limit = columns // 2 if line.double else columns
        assert paper_width(line.text) <= limit, line


@settings(max_examples=300, deadline=None)
@given(text=MIXED, width=st.integers(min_value=8, max_value=48))
def test_wrapping_keeps_every_character(text: str, width: int) -> None:
    shown = printable(text, "gbk")
    lines = wrap(shown, width)
    assert all(paper_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == shown.replace(" ", "")


def test_amounts_line_up_on_the_right() -> None:
    document = Document("t", (Row("合计", "￥100.00"), Row("积分抵扣 500 积分", "￥5.00"), Row("Cash", "￥95.00")))
    for columns in (32, 48):
        lines = _texts(document, columns)
        assert [paper_width(line) for line in lines] == [columns] * 3
        assert [line.split()[-1] for line in lines] == ["￥100.00", "￥5.00", "￥95.00"]


def test_a_long_label_wraps_and_its_amount_stays_on_the_right() -> None:
    lines = _texts(Document("t", (Row("特别长的商品名称：进口有机特级初榨橄榄油礼盒装", "￥1,299.00"),)), 32)
    assert len(lines) == 2
    assert lines[-1].endswith("￥1,299.00") and paper_width(lines[-1]) == 32
    assert "".join(line.replace("￥1,299.00", "").strip() for line in lines) == "特别长的商品名称：进口有机特级初榨橄榄油礼盒装"


def test_a_label_that_fits_alone_keeps_its_line_and_the_amount_goes_below() -> None:
    lines = _texts(Document("t", (Row("Paid with 12,345 points", "￥123.45"),)), 28)
    assert lines == ["Paid with 12,345 points", " " * 20 + "￥123.45"]


def test_english_wraps_between_words_and_chinese_between_characters() -> None:
    assert wrap("Thank you for shopping with us", 12) == ["Thank you", "for shopping", "with us"]
    assert wrap("谢谢惠顾欢迎再次光临", 8) == ["谢谢惠顾", "欢迎再次", "光临"]


def test_closing_punctuation_does_not_start_a_line() -> None:
    lines = wrap("谢谢惠顾，欢迎再次光临。", 8)
    assert not any(line[0] in "，。" for line in lines)
    assert lines == ["谢谢惠", "顾，欢迎", "再次光临", "。"] or all(paper_width(line) <= 8 for line in lines)


def test_a_word_longer_than_the_line_is_cut() -> None:
    assert wrap("JFR1/S/T1/17/1772330400", 10) == ["JFR1/S/T1/", "17/1772330", "400"]


def test_titles_are_double_size_centred_on_half_the_columns() -> None:
    page = lay_out(Document("t", (Title("静安店"), Blank(), Qr("x"), Rule("="))), 32, "gbk")
    title, blank, qr, rule = page.lines
    assert isinstance(title, Line) and title.double and title.bold
    assert title.text == " " * 5 + "静安店"
    assert blank == Line("")
    assert qr == QrLine("x")
    assert isinstance(rule, Line) and rule.text == "=" * 32


@pytest.mark.parametrize("columns", [32, 48])
def test_centred_text(columns: int) -> None:
    (line,) = _texts(Document("t", (Text("谢谢惠顾", align="center"),)), columns)
    assert line == " " * ((columns - 8) // 2) + "谢谢惠顾"


def test_an_amount_keeps_its_yuan_sign_and_a_short_chinese_word_stays_whole() -> None:
    """The points calculation and the expiry line of a 58 mm receipt, as printed under "points earned"."""
    calculation = "(￥93.33 × 0.5 × 1.5 + ￥40.00 × 0.1) × ￥127.33/￥133.33 × 1.5"
    expiry = "截至 2026-03-01，1,234 积分将于 2027-03-01 过期"
    lines = _texts(Document("t", (Row(calculation, "= 106", indent=2), Text(expiry))), 32)
    assert all(paper_width(line) <= 32 for line in lines)
    assert not any(line.rstrip().endswith("￥") for line in lines)
    for amount in ("(￥93.33", "￥40.00", "￥127.33/￥133.33", "2027-03-01", "过期"):
        assert any(amount in line for line in lines), (amount, lines)
    assert lines[-1] == "2027-03-01 过期"


def test_a_long_run_of_chinese_fills_the_line_and_breaks_between_characters() -> None:
    assert wrap("！会员欠 500 积分：还清前不能用积分抵扣", 32) == ["！会员欠 500 积分：还清前不能用", "积分抵扣"]
    assert wrap("满 ￥50.00 减 ￥10.00", 8) == ["满", "￥50.00", "减", "￥10.00"]


def test_an_indented_row_keeps_its_indent_on_every_line() -> None:
    lines = _texts(Document("t", (Row("  cash back", "￥5.00"), Row("  其中现金退款：顾客改日再来领取的那一部分", "￥5.00"))), 32)
    assert lines[0] == "  cash back" + " " * 15 + "￥5.00"
    assert len(lines) == 3 and all(line.startswith("  ") and not line.startswith("   ") for line in lines[1:])
    assert wrap("  Supercalifragilistic expialidocious", 24) == ["  Supercalifragilistic", "  expialidocious"]


def test_a_title_does_not_break_inside_brackets_that_fit_on_a_line() -> None:
    page = lay_out(Document("t", (Title("静安寺旗舰店（南京西路）"),)), 32, "gbk")
    assert [line.text.strip() for line in page.text_lines] == ["静安寺旗舰店", "（南京西路）"]


def test_a_line_number_stays_with_the_name_after_it() -> None:
    lines = _texts(Document("t", (Row("1. imported_baby_formula_and_snack", "￥12.50"),)), 32)
    assert lines[0].startswith("1. imported_baby_formula") and lines[-1].endswith("￥12.50")
