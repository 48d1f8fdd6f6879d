"""A cashier refused a change to another cashier is told to ask a manager or an owner (a manager may do it),
not only an owner; and `cashier pin` says it is not allowed before it asks for the new PIN."""

from tests.helpers.cli import Jifen

NOT_FOR_A_CASHIER = "a cashier cannot {} a cashier; ask a manager or an owner\n"
NEW_PIN_UNSET = {"JIFEN_NEW_PIN": None}


def hire_bob(jifen: Jifen) -> None:
    jifen.ok("cashier", "add", "bob", "--role", "cashier", by="boss", env={"JIFEN_NEW_PIN": "3333"})


def test_a_cashier_refused_anothers_change_is_sent_to_a_manager_or_an_owner(jifen: Jifen) -> None:
    hire_bob(jifen)
    before = jifen.dump()
    run = jifen("cashier", "deactivate", "bob", by="amy")
    assert (run.status, run.err) == (2, NOT_FOR_A_CASHIER.format("deactivate"))
    run = jifen("cashier", "pin", "bob", by="amy", env={"JIFEN_NEW_PIN": "4444"})
    assert (run.status, run.err) == (2, NOT_FOR_A_CASHIER.format("reset the PIN of"))
    zh = jifen("cashier", "deactivate", "bob", by="amy", env={"LANG": "zh_CN.UTF-8"})
    assert (zh.status, zh.err) == (2, "收银员无权停用收银员；请找店长或店主\n")
    run = jifen("cashier", "deactivate", "max", by="amy")  # a manager: only an owner may
    assert (run.status, run.err) == (2, "a cashier cannot deactivate a manager; ask an owner\n")
    assert jifen.dump() == before
    jifen.ok("cashier", "deactivate", "bob", by="max")  # as the message said


def test_cashier_pin_says_it_is_not_allowed_before_asking_for_the_new_pin(jifen: Jifen) -> None:
    hire_bob(jifen)
    before = jifen.dump()
    run = jifen("cashier", "pin", "bob", by="amy", env=NEW_PIN_UNSET)
    assert (run.status, run.err) == (2, NOT_FOR_A_CASHIER.format("reset the PIN of"))
    zh = jifen("cashier", "pin", "bob", by="amy", env={**NEW_PIN_UNSET, "LANG": "zh_CN.UTF-8"})
    assert (zh.status, zh.err) == (2, "收银员无权重置收银员的密码；请找店长或店主\n")
    run = jifen("cashier", "pin", "boss", by="max", env=NEW_PIN_UNSET)
    assert (run.status, run.err) == (2, "a manager cannot reset the PIN of an owner; ask an owner\n")
    run = jifen("cashier", "pin", "amy", by="amy", env=NEW_PIN_UNSET)  # allowed: now the new PIN is asked for
    assert (run.status, run.err) == (2, "no PIN given: set $JIFEN_NEW_PIN\n")
    assert jifen.dump() == before
