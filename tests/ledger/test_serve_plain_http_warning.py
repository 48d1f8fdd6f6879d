"""`jifen-ledger serve` on an address other computers can reach says, once at start, that it answers them over plain
HTTP, without encryption; on this machine's own address (the default) it says nothing of the kind."""

from pathlib import Path

import pytest

from tests.helpers.ledger_process import LedgerProcess

WARNING_EN = ("jifen-ledger: warning: other computers can reach the ledger on 0.0.0.0 port {port} over plain HTTP, "
              "without encryption: put it behind TLS (a reverse proxy, installer/README.md step 5), or on a one-PC shop "
              "keep the default --host 127.0.0.1")
WARNING_ZH = ("jifen-ledger: 警告：其他电脑可以通过未加密的 HTTP 访问 0.0.0.0 端口 {port} 上的总账：请在它前面加 TLS"
              "（反向代理，见 installer/README.md 第 5 步）；只有一台电脑的门店请保留默认的 --host 127.0.0.1")


class ServedOn(LedgerProcess):
    """`serve --host HOST`, answering on 127.0.0.1 too (0.0.0.0 is every address of this machine)."""

    def __init__(self, db_url: str, log: Path, host: str, env: dict[str, str]) -> None:
        super().__init__(db_url, log, env=env)
        self.host = host

    @property
    def command(self) -> list[str]:
        return [*super().command[:-6], "--host", self.host, "--port", str(self.port)]


@pytest.fixture
def ledger_file(tmp_path: Path) -> str:
    from ledger.cli import main

    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert main(["--db", url, "migrate"]) == 0
    return url


def _lines(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(("lang", "warning"), [("en_US.UTF-8", WARNING_EN), ("zh_CN.UTF-8", WARNING_ZH)])
def test_every_network_is_warned_of_once(lang: str, warning: str, ledger_file: str, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with ServedOn(ledger_file, log, "0.0.0.0", {"LANG": lang, "LC_ALL": "", "LC_MESSAGES": ""}) as served:
        port = served.port
    assert _lines(log).count(warning.format(port=port)) == 1, _lines(log)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST"])
def test_this_machine_only_is_not_warned_of(host: str, ledger_file: str, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with ServedOn(ledger_file, log, host, {"LANG": "en_US.UTF-8"}):
        pass
    assert not [line for line in _lines(log) if "warning" in line or "encryption" in line], _lines(log)
    assert any(line.startswith("jifen-ledger: serving ") for line in _lines(log))


@pytest.mark.parametrize("host", ["Localhost", "127.0.0.2", "::1", "[::1]"])
def test_other_names_of_this_machine_are_not_warned_of(host: str) -> None:
    from ledger.preflight import plain_http_warning

    assert plain_http_warning(host, 8765) is None
