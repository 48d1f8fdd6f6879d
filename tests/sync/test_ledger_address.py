"""`jifen ledger connect` takes any http(s) address with a host, short LAN names too, and refuses one without a host
before asking the network, in one line, storing nothing."""

from sync.connect import clean_url
from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger


def test_short_names_on_the_shops_network_are_addresses() -> None:
    assert [clean_url(url) for url in ("http://s1", "https://a", " http://ab/ ", "http://[::1]:8000")] == [
        "http://s1", "https://a", "http://ab", "http://[::1]:8000"]


def test_an_address_without_a_host_is_refused_before_anything_is_tried(jifen: Jifen,
                                                                       ledger_url: tuple[Ledger, str]) -> None:
    ledger, _url = ledger_url
    token = ledger.terminal("m1", "静安店", "T1")
    before = jifen.dump()
    for url in ("http://:8000", "https://", "ledger.example.com"):
        run = jifen("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
        assert (run.status, run.out) == (2, "")
        assert run.err.strip() == f"'{url}' is not a ledger URL like https://ledger.example.com"
    assert jifen.dump() == before
