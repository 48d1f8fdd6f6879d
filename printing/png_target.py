"""Where a PNG the user asked for (`jifen member card --png`, `--preview`) may be written: as `jifen backup`
does, never into the store folder (its database, its private keys), never over a folder, a device or a pipe,
and over an existing file only when it is a PNG image (one written before, asked for again)."""

from pathlib import Path

from terminal.errors import Refused

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _is_png(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(len(PNG_SIGNATURE)) == PNG_SIGNATURE
    except OSError:
        return False


def png_target(given: Path, store_folder: Path, option: str, example: str) -> Path:
    """``given`` made absolute, once it is a place a PNG may be written; ``option`` and ``example``
    (``--png``, ``card.png``) name what the user typed in the refusals."""
    target = given.expanduser().absolute()
    if target.is_dir():
        raise Refused("bad_input", f"{target} is a folder; name the PNG file to write, like {example}",
                      f"{target} 是文件夹；请指定要写入的 PNG 文件，如 {example}")
    store = store_folder.expanduser().absolute().resolve()
    if target.parent.resolve().is_relative_to(store) or target.resolve().is_relative_to(store):
        raise Refused("bad_input", f"{target} is inside the store folder {store}: write the picture outside it; "
                      "nothing was written", f"{target} 位于数据文件夹 {store} 之内：请把图片写到其外；未写入任何内容")
    if not target.exists():
        return target
    if not target.is_file():
        raise Refused("bad_input", f"{option} writes a PNG file, and {target} is not a file: give a file name like "
                      f"{example}; nothing was written",
                      f"{option} 写入 PNG 文件，而 {target} 不是文件：请给出文件名，如 {example}；未写入任何内容")
    if not _is_png(target):
        raise Refused("bad_input", f"{target} already exists and is not a PNG image: name a new file, or delete that "
                      "one first; nothing was written",
                      f"{target} 已存在，且不是 PNG 图片：请另取文件名，或先删除该文件；未写入任何内容")
    return target
