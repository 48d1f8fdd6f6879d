"""The app's settings screens change a config.toml saved by Windows Notepad (UTF-8 with a BOM) as any other."""

from pathlib import Path

from terminal.config import read_config
from ui.screens.settings_config import update_config


def test_a_setting_is_changed_in_a_config_saved_with_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xef\xbb\xbf" + '[printer]\nfooter = "谢谢惠顾"\n'.encode())
    update_config(path, "app", {"language": "zh"})
    assert read_config(path) == {"printer": {"footer": "谢谢惠顾"}, "app": {"language": "zh"}}
