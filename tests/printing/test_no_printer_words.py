"""With no printer set, the printing commands say what the owner does, in the app's words (设置 → 打印机, as the
Settings screen and its Printer tab are named), before config.toml; one line, nothing printed, nothing queued."""

import pytest

from tests.helpers.cli import Jifen

ZH = "未设置打印机：请店主在软件的「设置」→「打印机」里填写打印机地址（或在 config.toml 的 [printer] 下写 url）\n"
EN = ("no printer set: the owner sets its address in the app's Settings › Printer "
      "(or url under [printer] in config.toml)\n")


@pytest.mark.parametrize("words", [("print", "day"), ("print", "retry"), ("printer", "status"), ("printer", "test")],
                         ids=" ".join)
@pytest.mark.parametrize(("lang", "said"), [("zh_CN.UTF-8", ZH), ("en_US.UTF-8", EN)], ids=["zh", "en"])
def test_no_printer_says_where_the_owner_sets_it(cli: Jifen, words: tuple[str, ...], lang: str, said: str) -> None:
    run = cli(*words, by="boss", env={"LANG": lang})
    assert (run.status, run.out, run.err) == (2, "", said)
    assert cli.ok("print", "queue")["jobs"] == []
