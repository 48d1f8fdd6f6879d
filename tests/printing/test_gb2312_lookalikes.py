"""A GB2312 printer's font: a character Python's gb2312 codec encodes with bytes that mean another character in
GB18030 (what is sent) is not in it. ― (U+2015) is A1AA in that codec, but A1AA is — in GB18030, which sends ―
as A844, outside GB2312; ・ (U+30FB) is A1A4 there, · in GB18030, which needs four bytes for ・. On paper they
become the visible replacement ？, as any character the font lacks does, never another glyph or junk."""

from printing.charset import paper_width, printable
from printing.document import Document, Text
from printing.layout import lay_out
from printing.profiles import BUILT_IN
from printing.render_escpos import to_escpos
from tests.helpers.cli import Jifen
from tests.helpers.escpos_reader import read_escpos
from tests.helpers.fake_printer import FakePrinter
from tests.printing.conftest import write_printer_config

PHONE = "13800138000"
FOOTER = "谢谢惠顾―欢迎再来・再见"


def test_the_lookalikes_are_replaced_on_a_gb2312_printer_and_kept_on_the_wider_fonts() -> None:
    assert printable("―・", "gb2312") == "？？"
    assert printable("―・", "gbk") == "―？"  # ― is A844 in GBK too; ・ is not in GBK
    assert printable("―・", "gb18030") == "―・"
    assert printable("—·", "gb2312") == "？？"  # the characters GB18030 puts at A1AA and A1A4 are not in gb2312's codec


def test_they_reach_a_gb2312_printer_as_the_replacement_in_two_bytes_each() -> None:
    page = lay_out(Document("t", (Text("张―三・丰"),)), 48, "gb2312")
    data = to_escpos(page, BUILT_IN["80mm"], "switch")
    out = read_escpos(data)
    assert out.junk == []
    assert out.text == "张？三？丰"
    assert out.lines[0].columns == 10 == paper_width("张？三？丰")
    assert "？".encode("gb18030") in data and "―".encode("gb18030") not in data


def test_a_receipt_footer_with_them_prints_replacements_on_a_gb2312_printer(cli: Jifen, printer: FakePrinter) -> None:
    cli.member(PHONE)
    sale = cli.ok("sale", "--member", PHONE, "--line", "general:10", by="amy")
    write_printer_config(cli.home, url=printer.url, profile="58mm", charset="gb2312", footer=FOOTER,
                         answer_timeout_ms=300)
    assert cli.ok("receipt", str(sale["sale_id"]))["status"] == "printed"
    out = printer.printout()
    assert out.junk == [] and out.widest <= 32
    assert out.find("谢谢惠顾？欢迎再来？再见")
    assert not out.find("―") and not out.find("・")
