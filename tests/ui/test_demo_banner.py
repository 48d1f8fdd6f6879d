"""The demo's banner names each role as the app does (terminal/roles.py): the owner is 店主."""

from pathlib import Path

import pytest

from terminal import lang
from terminal.home import Home
from ui.demo import _tell
from ui.demo_store import build_demo_store


@pytest.mark.parametrize(("language", "roles"), [("zh", ("收银员", "店长", "店主")), ("en", ("cashier", "manager", "owner"))])
def test_the_banner_names_the_roles_in_the_apps_words(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     language: str, roles: tuple[str, str, str]) -> None:
    demo = build_demo_store(Home(tmp_path / "store"))
    lang.use(language)
    try:
        _tell(demo, tmp_path / "camera.mp4", None, [])
    finally:
        lang.use(None)
    out = capsys.readouterr().out
    cashier, manager, owner = roles
    assert f"小王 · 1111   ({cashier})" in out and f"李经理 · 2222   ({manager})" in out
    assert f"老板 · 8888   ({owner})" in out
    assert "(老板)" not in out
