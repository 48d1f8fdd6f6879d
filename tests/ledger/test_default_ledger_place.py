"""Where `jifen-ledger` keeps its ledger when no --db or $JIFEN_LEDGER_DB names one. On a Windows counter PC the
till's store is %PROGRAMDATA%\\jifen, shared by every account: the ledger beside it is one ledger whichever account
(the owner's, the cashier's) runs `jifen-ledger`, not one per account in %LOCALAPPDATA%."""

from pathlib import Path

import pytest

from ledger.db_url import default_url


def test_on_windows_the_ledger_is_in_programdata_for_every_account() -> None:
    owner = {"PROGRAMDATA": r"D:\ProgramData", "LOCALAPPDATA": r"C:\Users\owner\AppData\Local"}
    cashier = owner | {"LOCALAPPDATA": r"C:\Users\cashier\AppData\Local"}
    assert default_url("win32", owner) == r"sqlite:///D:\ProgramData\jifen-ledger\ledger.db"
    assert default_url("win32", cashier) == default_url("win32", owner)


def test_on_windows_without_programdata_it_is_c_programdata() -> None:
    assert default_url("win32", {"LOCALAPPDATA": r"C:\Users\owner\AppData\Local"}) == \
        r"sqlite:///C:\ProgramData\jifen-ledger\ledger.db"


def test_jifen_ledger_db_still_wins_on_windows() -> None:
    assert default_url("win32", {"PROGRAMDATA": r"D:\ProgramData", "JIFEN_LEDGER_DB": "sqlite:///E:/shop/ledger.db"}) == \
        "sqlite:///E:/shop/ledger.db"


def test_on_linux_it_stays_in_the_users_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_url("linux", {}) == f"sqlite:///{tmp_path / 'data' / 'jifen-ledger' / 'ledger.db'}"
