"""Cashier names are stored NFC and trimmed (a Chinese IME often leaves a trailing space); a name that differs from
one here only in case, full-width/half-width letters or spaces is refused naming the one it is too like; the name of
someone deactivated is refused saying so, with a free name to use instead or how to reactivate them."""

import pytest

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.services import staff
from terminal.services.cashiers import add_cashier, authenticate
from tests.helpers.cli import Jifen
from tests.helpers.store import OWNER

ZH = {"LANG": "zh_CN.UTF-8"}


def names(till: Till) -> list[str]:
    return sorted(p.name for p in staff.list_staff(till.reading(), till.shop))


def test_a_name_is_stored_trimmed_and_nfc_and_logs_in_so(till: Till) -> None:
    assert add_cashier(till.uow(), till.shop, OWNER, "小王 ", "cashier", "1234").name == "小王"
    assert add_cashier(till.uow(), till.shop, OWNER, "Jose\u0301", "cashier", "1234").name == "Jos\u00e9"
    assert names(till) == sorted(["boss", "小王", "Jos\u00e9"])
    assert authenticate(till.uow(), till.shop, "小王 ", "1234").name == "小王"


@pytest.mark.parametrize("look_alike", ["amy", "Ａｍｙ", "AMY ", "A my", "Jos\u00e9"])
def test_a_look_alike_name_is_refused_naming_the_one_it_is_like(till: Till, look_alike: str) -> None:
    add_cashier(till.uow(), till.shop, OWNER, "Amy", "cashier", "1234")
    add_cashier(till.uow(), till.shop, OWNER, "Jose\u0301", "cashier", "1234")
    before = names(till)
    with pytest.raises(Refused) as refused:
        add_cashier(till.uow(), till.shop, OWNER, look_alike, "cashier", "5555")
    like = "José" if look_alike == "Jos\u00e9" else "Amy"
    if look_alike == "Jos\u00e9":
        assert refused.value.en == "cashier 'José' already exists"
    else:
        assert refused.value.en == (f"'{look_alike.strip()}' is too like '{like}', already here: names that differ "
                                    "only in case, full-width letters or spaces are refused. Choose another name")
    assert refused.value.code == "already_exists" and names(till) == before


def test_the_name_of_someone_deactivated_says_so_at_the_command_line(jifen: Jifen) -> None:
    jifen.ok("cashier", "add", "小王", "--role", "cashier", by="boss", env={"JIFEN_NEW_PIN": "5555"})
    jifen.ok("cashier", "deactivate", "小王", by="boss")
    before = jifen.dump()
    for typed in ("小王", "小王 "):
        run = jifen("cashier", "add", typed, "--role", "cashier", by="boss", env={"JIFEN_NEW_PIN": "5555"})
        assert (run.status, run.err) == (2, "小王 was deactivated here: if it is the same person, reactivate them "
                                            "(cashier reactivate 小王); for someone else choose another name, such as "
                                            "小王2\n")
    zh = jifen("cashier", "add", "小王", "--role", "cashier", by="boss", env={"JIFEN_NEW_PIN": "5555", **ZH})
    assert zh.err == "小王 已在本机停用：若是同一人，请恢复其在职（cashier reactivate 小王）；若是另一人，请换个名称，例如 小王2\n"
    like = jifen("cashier", "add", "小 王", "--role", "cashier", by="boss", env={"JIFEN_NEW_PIN": "5555", **ZH})
    assert like.err == "“小 王”与本机已有的“小王”（已停用）过于相似：仅大小写、全角半角或空格不同的名称不予接受。请换个名称\n"
    assert jifen.dump() == before
    jifen.ok("cashier", "add", "小王2", "--role", "cashier", by="boss", env={"JIFEN_NEW_PIN": "5555"})
