"""The member card (the member's QR code, name and masked phone) and the printer test page."""

from printing.document import Blank, Block, Document, Qr, Row, Rule, Text, Title
from printing.receipt_data import MemberCard
from printing.receipts import Style
from printing.words import tier_name, tr

TEST_CODE = "JIFEN TEST 积分 ￥12.34"


def member_card(card: MemberCard, style: Style) -> Document:
    lang = style.lang
    blocks: list[Block] = [
        Title(card.store),
        Text(tr(lang, "MEMBER CARD", "会员卡"), align="center", bold=True),
        Rule(),
    ]
    if card.name:
        blocks.append(Row(tr(lang, "Name", "姓名"), card.name))
    blocks += [
        Row(tr(lang, "Phone", "手机"), card.phone_masked),
        Row(tr(lang, "Tier", "会员等级"), tier_name(lang, card.tier_name, card.tier_label)),
        Row(tr(lang, "Member no.", "会员号"), card.member_id),
        Qr(card.code),
        Text(tr(lang, "Show this code at the till to earn and pay with points", "结账时出示此码，积分累计与抵扣"),
             align="center"),
    ]
    return Document("card", tuple(blocks))


def printer_test_page(printer: str, profile: str, columns: int, style: Style) -> Document:
    """Shows at a glance whether widths, Chinese, styles, the QR code and the cutter work."""
    lang = style.lang
    ruler = "".join(str(n % 10) for n in range(1, columns + 1))
    blocks: list[Block] = [
        Title(tr(lang, "Printer test", "打印测试")),
        Text(printer, align="center"),
        Text(tr(lang, f"Profile {profile}, {columns} columns", f"型号配置 {profile}，每行 {columns} 字符"), align="center"),
        Rule(),
        Text(ruler),
        *([] if style.charset == "ascii" else [Text("中文测试：积分收银 一二三四五六七八九十")]),  # a printer without Chinese
        Row(tr(lang, "Amount on the right", "金额右对齐"), "￥1,234.56"),
        Text(tr(lang, "Bold text", "粗体文字"), bold=True),
        Title("￥88.00"),
        Rule("="),
        Qr(TEST_CODE),
        Text(tr(lang, "If all of this looks right, the printer is ready.", "以上内容显示正常即打印机可用。"), align="center"),
        Blank(),
    ]
    return Document("test", tuple(blocks))
