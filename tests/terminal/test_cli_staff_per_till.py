"""Each till keeps its own staff: `cashier add`, `cashier pin`, `cashier deactivate` and `cashier reactivate` say
they act at this till (deactivating someone says to do it at the shop's other tills too), in English and Chinese."""

from tests.helpers.cli import Jifen

ZH = {"LANG": "zh_CN.UTF-8"}


def test_adding_someone_says_at_this_till(jifen: Jifen) -> None:
    run = jifen("cashier", "add", "bob", "--role", "cashier", by="boss", env={"JIFEN_NEW_PIN": "3333"})
    assert (run.status, run.out) == (0, "Added cashier bob at this till\n")
    run = jifen("cashier", "add", "sue", "--role", "manager", by="boss", env={"JIFEN_NEW_PIN": "3333", **ZH})
    assert (run.status, run.out) == (0, "已在本机添加店长 sue\n")


def test_deactivating_someone_says_to_do_it_at_the_other_tills_too(jifen: Jifen) -> None:
    run = jifen("cashier", "deactivate", "amy", by="boss")
    assert run.status == 0
    assert run.out == ("amy is deactivated at this till: they can no longer log in or approve here; their past sales "
                       "keep their name. Each till keeps its own staff: deactivate them at the shop's other tills "
                       "too\n")
    run = jifen("cashier", "reactivate", "amy", by="boss", env=ZH)
    assert (run.status, run.out) == (0, "amy 已在本机恢复在职，可用原密码登录\n")
    run = jifen("cashier", "deactivate", "amy", by="boss", env=ZH)
    assert run.out == ("amy 已在本机停用：不能再在本机登录或授权；以往的销售仍记在其名下。"
                       "每台终端各有自己的员工名单：请在本店其他终端上也停用此人\n")


def test_a_new_pin_says_at_this_till(jifen: Jifen) -> None:
    run = jifen("cashier", "pin", "amy", by="boss", env={"JIFEN_NEW_PIN": "4444"})
    assert (run.status, run.out) == (0, "amy's PIN is changed at this till; the new one works here from now on\n")
