"""The app's own settings in config.toml: ``[app] language`` and ``[camera] source, decoder``."""

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from terminal.config import read_config
from terminal.errors import Refused

Language = Literal["auto", "zh", "en"]
DECODERS = ("zxing", "pyzbar")


@dataclass(frozen=True)
class AppSettings:
    language: Language = "auto"
    camera: str | None = None  # "0", "1", … or "file:PATH"; None: no camera, scanner and phone only
    decoder: str = "zxing"


def load_app_settings(path: Path) -> AppSettings:
    data = read_config(path)
    app, camera = data.get("app", {}), data.get("camera", {})
    language = app.get("language", "auto")
    if language not in ("auto", "zh", "en"):
        raise Refused("bad_input", f"{path.name}: app.language must be auto, zh or en", f"{path.name}：app.language 应为 auto、zh 或 en")
    source, decoder = camera.get("source"), camera.get("decoder", "zxing")
    if source is not None and not isinstance(source, str):
        raise Refused("bad_input", f"{path.name}: camera.source must be text", f"{path.name}：camera.source 应为文字")
    if decoder not in DECODERS:
        raise Refused("bad_input", f"{path.name}: camera.decoder must be zxing or pyzbar", f"{path.name}：camera.decoder 应为 zxing 或 pyzbar")
    return AppSettings(language, source or None, decoder)
