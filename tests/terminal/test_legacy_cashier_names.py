"""A cashier whose name was stored before names were stored NFC and trimmed (José typed decomposed, 小王 with the
space a Chinese IME left) still logs in, by the name as the login list shows it or as typed now, and their PIN is
reset, they are unlocked and deactivated by it: the same lookup for all, the row as stored changed."""

import unicodedata

import pytest
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.models import Cashier
from terminal.pins import hash_pin
from terminal.services import staff
from terminal.services.cashiers import authenticate
from tests.helpers.store import OWNER, hire_staff

JOSE_NFD = unicodedata.normalize("NFD", "José")
JOSE_NFC = unicodedata.normalize("NFC", "José")


def _store(till: Till, name: str, pin: str = "1357") -> None:
    """``name`` stored as an older version stored what was typed."""
    with till.uow() as uow:
        uow.session.add(Cashier(name=name, role="cashier", pin_hash=hash_pin(pin), failed_pins=0))
        uow.commit()


def _stored(till: Till) -> list[tuple[str, bool]]:
    with till.reading() as uow:
        return [tuple(row) for row in uow.session.execute(  # type: ignore[misc]
            select(Cashier.name, Cashier.active).order_by(Cashier.name))]


@pytest.mark.parametrize("stored, typed", [(JOSE_NFD, JOSE_NFD), (JOSE_NFD, JOSE_NFC), (JOSE_NFD, JOSE_NFC + " "),
                                           ("小王 ", "小王 "), ("小王 ", "小王")])
def test_a_legacy_name_logs_in(till: Till, stored: str, typed: str) -> None:
    hire_staff(till)
    _store(till, stored)
    assert (stored, "cashier") in staff.who_may_log_in(till.uow())
    actor = authenticate(till.uow(), till.shop, typed, "1357")
    assert (actor.name, actor.role) == (stored, "cashier")


def test_a_wrong_pin_counts_on_the_legacy_row(till: Till) -> None:
    hire_staff(till)
    _store(till, JOSE_NFD)
    with pytest.raises(Refused) as refused:
        authenticate(till.uow(), till.shop, JOSE_NFC, "0000")
    assert refused.value.code == "wrong_pin"
    with till.reading() as uow:
        legacy = uow.session.get(Cashier, JOSE_NFD)
        assert legacy is not None and legacy.failed_pins == 1


def test_the_staff_pages_find_a_legacy_name_as_login_does(till: Till) -> None:
    hire_staff(till)
    _store(till, JOSE_NFD)
    staff.change_pin(till.uow(), till.shop, OWNER, JOSE_NFC, "2468")
    assert authenticate(till.uow(), till.shop, JOSE_NFD, "2468").name == JOSE_NFD
    staff.set_active(till.uow(), till.shop, OWNER, JOSE_NFC, False)
    assert (JOSE_NFD, False) in _stored(till) and not any(n == JOSE_NFC for n, _ in _stored(till))
