"""`jifen-ledger terminal revoke` for a lost or stolen counter PC and `terminal token` for one replaced:
what the terminal's old and new tokens can do afterwards, over the ledger's own API."""

import json
from pathlib import Path

from fastapi.testclient import TestClient

from ledger import db
from ledger.api import create_app
from tests.helpers.ledger import ledger_cli


def test_revoke_a_terminal_then_give_it_a_new_token(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    run = ledger_cli(url)
    assert run("migrate")[0] == 0 and run("merchant", "add", "m1", "--name", "静安连锁")[0] == 0
    old = json.loads(run("--json", "terminal", "add", "--merchant", "m1", "--store", "静安店", "--terminal", "T1")[1])["token"]
    engine = db.open_engine(url)
    api = TestClient(create_app(engine), raise_server_exceptions=False)

    def whoami(token: str) -> int:
        return api.get("/v1/whoami", headers={"Authorization": f"Bearer {token}"}).status_code

    assert whoami(old) == 200
    status, text = run("terminal", "revoke", "--merchant", "m1", "--terminal", "T1")
    assert status == 0 and text.startswith("terminal T1 of m1 revoked")
    assert whoami(old) == 403
    assert api.get("/v1/whoami", headers={"Authorization": f"Bearer {old}"}).json()["error"] == "forbidden"
    status, text = run("terminal", "token", "--merchant", "m1", "--terminal", "T1")
    new = text.splitlines()[0]
    assert status == 0 and new.startswith("jt_") and "shown once" in text
    assert (whoami(new), whoami(old)) == (200, 401)
    assert run("terminal", "revoke", "--merchant", "m1", "--terminal", "T9") == (
        2, "merchant m1 has no terminal T9")
    assert run("terminal", "token", "--merchant", "m9", "--terminal", "T1")[0] == 2
    engine.dispose()
