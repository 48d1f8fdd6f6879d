"""A web page answering at an address that has worked as the ledger (a Wi-Fi login page put in the way) is the link
being down: `jifen sync` says the network answered with a web page and keeps every entry pending, as offline, and
the next sync once the network is back sends them. A real ledger and a real web server on free ports."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger

PHONE = "13800138000"


class _LoginPage(BaseHTTPRequestHandler):
    def _page(self) -> None:
        page = b"<!doctype html><html><body>Free Wi-Fi: log in</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def do_GET(self) -> None:
        self._page()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._page()

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def login_page() -> Iterator[str]:
    site = ThreadingHTTPServer(("127.0.0.1", 0), _LoginPage)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{site.server_address[1]}"
    finally:
        site.shutdown()
        site.server_close()


def test_a_login_page_on_an_address_that_has_synced_is_the_link_down(jifen: Jifen,
                                                                     ledger_url: tuple[Ledger, str]) -> None:
    ledger, url = ledger_url
    jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")})
    jifen.ok("sync")
    member = jifen.member(PHONE)
    pending = jifen.ok("sync", "--status")["pending"]
    with login_page() as portal:
        jifen.query("UPDATE ledger_link SET url = ?", portal)  # the network sends the till's requests to its page
        chinese = jifen("sync", env={"LANG": "zh_CN.UTF-8"})
        assert chinese.err.strip() == f"网络以网页应答 {portal}（可能是 Wi-Fi 登录页？）；所有记录保持待同步，销售照常进行"
        run = jifen("sync")
        assert run.status == 2 and run.err.strip() == (
            f"the ledger cannot be reached (the network answered {portal} with a web page (a Wi-Fi login page?)); "
            "every entry stays pending and sales go on"), run.err
        assert "not a jifen ledger" not in run.err
        assert jifen.refused("sync") == "offline"
    status = jifen.ok("sync", "--status")
    assert status["pending"] == pending and "a Wi-Fi login page?" in status["last_error"]
    jifen.query("UPDATE ledger_link SET url = ?", url)  # the network is back
    assert jifen.ok("sync")["pending"] == 0
    assert ledger.balance(member) == jifen.balance(PHONE)
