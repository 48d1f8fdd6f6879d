"""``[app] text_size`` in config.toml: the app's text at 100, 125 or 150 percent (100 when unset); any other value
is refused in one line naming the file, the table and the setting, and commands still accept the setting's name."""

from pathlib import Path

import pytest

from terminal.config import app_text_size, read_config
from terminal.errors import Refused

REFUSED_EN = "config.toml: app.text_size must be 100, 125 or 150"
REFUSED_ZH = "config.toml：app.text_size 应为 100、125 或 150"


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unset_it_is_the_usual_size(tmp_path: Path) -> None:
    assert app_text_size(written(tmp_path, '[app]\nlanguage = "zh"\n')) == 100
    assert app_text_size(tmp_path / "config.toml.missing") == 100


@pytest.mark.parametrize("size", [100, 125, 150])
def test_each_size_is_read(tmp_path: Path, size: int) -> None:
    path = written(tmp_path, f"[app]\ntext_size = {size}\n")
    assert app_text_size(path) == size
    assert read_config(path) == {"app": {"text_size": size}}  # a name every command knows


@pytest.mark.parametrize("value", ["110", "0", "true", "125.0", '"125"', '"big"'])
def test_another_value_is_refused_naming_the_table_and_setting(tmp_path: Path, value: str) -> None:
    with pytest.raises(Refused) as refused:
        app_text_size(written(tmp_path, f"[app]\ntext_size = {value}\n"))
    assert (refused.value.code, refused.value.en, refused.value.zh) == ("bad_input", REFUSED_EN, REFUSED_ZH)
