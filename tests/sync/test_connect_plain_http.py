"""`jifen ledger connect` over plain http:// to another machine still connects (a trusted shop LAN), but says that
the terminal's token and the members' data cross the network unencrypted; https://, and http:// on this machine,
stay silent."""

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger import db
from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger, open_ledger
from tests.helpers.ledger_server import serve
from tests.helpers.tls import private_ca

WARNING_EN = ("! The ledger is on another machine over plain http://: this terminal's token and the members' data cross "
              "the network unencrypted. Put the ledger behind HTTPS (installer/README.md) and connect with its "
              "https:// address")
WARNING_ZH = ("! 总账在另一台电脑上，且使用未加密的 http://：本终端的令牌和会员资料以明文在网络上传输。"
              "请按 installer/README.md 为总账配置 HTTPS，再以 https:// 地址连接")


def lan_address() -> str | None:
    """This machine's address on its network, as another machine would reach it (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.254", 9))
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") else address


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    yield ledger
    engine.dispose()


@pytest.fixture
def every_address(ledger: Ledger) -> Iterator[int]:
    """The ledger listening on every address of this machine: its port."""
    with serve(ledger.engine, host="0.0.0.0") as url:
        yield int(url.rsplit(":", 1)[1])


@pytest.mark.parametrize("host", ["lan address", "host name"])
def test_plain_http_to_another_machine_connects_with_a_warning(jifen: Jifen, ledger: Ledger, every_address: int,
                                                                 host: str) -> None:
    name = lan_address() if host == "lan address" else socket.gethostname()  # a name may stand for any machine
    if name is None:
        pytest.skip("this machine has no network address")
    url = f"http://{name}:{every_address}"
    token = {"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")}
    assert jifen.ok("ledger", "connect", url, by="boss", env=token) == \
        {"url": url, "merchant": "m1", "store": "静安店", "terminal": "T1", "warning": "plain_http"}
    english = jifen("ledger", "connect", url, by="boss", env=token)
    assert english.status == 0 and english.out.splitlines()[1:] == [WARNING_EN]
    chinese = jifen("ledger", "connect", url, by="boss", env=token | {"LANG": "zh_CN.UTF-8"})
    assert chinese.status == 0 and chinese.out.splitlines()[1:] == [WARNING_ZH]
    assert jifen.ok("sync")["online"] is True


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "localhost"])
def test_plain_http_on_this_machine_is_silent(jifen: Jifen, ledger: Ledger, every_address: int, host: str) -> None:
    url = f"http://{host}:{every_address}"
    token = {"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")}
    assert "warning" not in jifen.ok("ledger", "connect", url, by="boss", env=token)
    said = jifen("ledger", "connect", url, by="boss", env=token)
    assert said.status == 0 and said.out.splitlines() == [f"Connected to the ledger at {url} as m1 / 静安店 / T1"]


def test_https_is_silent(jifen: Jifen, ledger: Ledger, tmp_path: Path) -> None:
    certificates = private_ca(tmp_path)
    token = {"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")}
    with serve(ledger.engine, tls=certificates) as url:
        connected = jifen.ok("ledger", "connect", url, "--ca", str(certificates.ca), by="boss", env=token)
        assert "warning" not in connected and url.startswith("https://")
        said = jifen("ledger", "connect", url, by="boss", env=token)
        assert said.status == 0 and said.out.splitlines() == [f"Connected to the ledger at {url} as m1 / 静安店 / T1"]
