"""Full-width letters and the full-width yuan sign (ＡＢ, ￥: East Asian Width "F") take two columns on a terminal,
as Chinese characters do, so a table with them in a name stays in columns."""

from tests.helpers.cli import Jifen

ZH = {"LANG": "zh_CN.UTF-8"}


def test_the_staff_list_keeps_its_columns_with_full_width_names(jifen: Jifen) -> None:
    jifen.ok("cashier", "add", "店长ＡＢ", "--role", "cashier", by="boss", env={"JIFEN_NEW_PIN": "3333"})
    jifen.ok("cashier", "add", "￥小王", "--role", "cashier", by="boss", env={"JIFEN_NEW_PIN": "4444"})
    run = jifen("cashier", "list", by="boss", env=ZH)
    assert run.status == 0, run
    # the names' column is as wide as 店长ＡＢ, 8 columns (4 characters of 2): boss and ￥小王 (6) are padded to it;
    # the roles' column is 8 wide: 店主 (4) + 4 spaces, 收银员 (6) + 2; two spaces between columns
    assert run.out.splitlines() == [
        "员工：",
        "  boss      店主      在职",
        "  max       店长      在职",
        "  amy       收银员    在职",
        "  店长ＡＢ  收银员    在职",
        "  ￥小王    收银员    在职",
    ]
