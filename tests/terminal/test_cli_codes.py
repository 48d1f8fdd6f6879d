"""The member-code commands as a user runs them: `member card`, `scan`, `code …`, `key …`, and codes
given to `sale --member` and `member show`."""

import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest
import qrcode  # type: ignore[import-untyped]

from terminal.cli.main import command_line, main
from terminal.keys import key_id
from tests.helpers.cli import Jifen, run_jifen
from tests.helpers.frame_files import write_images, write_video
from tests.helpers.scan_corpus import empty_frame, render
from tests.terminal.scan.test_pipeline import PLAIN
from ui import codes_cli
from ui.camera import read_image

ZHANG = "13800138000"


@pytest.fixture
def jifen(jifen: Jifen, monkeypatch: pytest.MonkeyPatch) -> Iterator[Jifen]:
    """The command line with the member-code commands, as ui/entry.py will put it together."""
    monkeypatch.setattr("tests.helpers.cli.main", lambda argv: main(argv, [codes_cli.register]))
    yield jifen


def _card(jifen: Jifen, tmp_path: Path, who: str = ZHANG, name: str = "card.png") -> dict[str, object]:
    return jifen.ok("member", "card", who, "--png", str(tmp_path / name))


def _qr_png(path: Path, text: str) -> Path:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8)
    qr.add_data(text)
    qr.make_image().save(path)
    return path


def _changed(code: str) -> str:
    return code[:60] + ("0" if code[60] != "0" else "1") + code[61:]


# --- member card -------------------------------------------------------------------------------

def test_member_card_writes_a_png_that_scans_back_to_the_member(jifen: Jifen, tmp_path: Path) -> None:
    member_id = jifen.member(ZHANG, "--name", "张三")
    card = _card(jifen, tmp_path)
    assert card["member_id"] == member_id and card["file"] == str(tmp_path / "card.png")
    assert (card["qr_version"], card["signed_by"], card["issued_at"]) == (6, "merchant", "2026-03-01T02:00:00.000Z")
    assert (tmp_path / "card.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    scanned = jifen.ok("scan", "--image", str(tmp_path / "card.png"))
    assert (scanned["member_id"], scanned["phone"], scanned["name"]) == (member_id, ZHANG, "张三")


def test_member_card_for_someone_who_is_not_a_member_is_refused(jifen: Jifen, tmp_path: Path) -> None:
    assert jifen.refused("member", "card", "13900139000", "--png", str(tmp_path / "x.png")) == "not_found"
    assert not (tmp_path / "x.png").exists()


def test_member_card_into_a_folder_is_refused(jifen: Jifen, tmp_path: Path) -> None:
    jifen.member(ZHANG)
    assert jifen.refused("member", "card", ZHANG, "--png", str(tmp_path)) == "bad_input"


def test_member_card_says_where_it_wrote_in_plain_text(jifen: Jifen, tmp_path: Path) -> None:
    jifen.member(ZHANG)
    run = jifen("member", "card", ZHANG, "--png", str(tmp_path / "card.png"))
    assert run.status == 0 and "138****8000" in run.out and str(tmp_path / "card.png") in run.out


# --- a scanned code where a member is asked for ------------------------------------------------

def test_a_sale_takes_the_members_scanned_code(jifen: Jifen, tmp_path: Path) -> None:
    member_id = jifen.member(ZHANG)
    code = str(_card(jifen, tmp_path)["code"])
    sale = jifen.ok("sale", "--member", code, "--line", "general:100", by="amy")
    assert sale["member"]["id"] == member_id and sale["earned_points"] == 50
    assert jifen.ok("member", "show", code.lower())["balance"] == 550


def test_a_sale_given_an_altered_code_is_refused_and_nothing_is_recorded(jifen: Jifen, tmp_path: Path) -> None:
    jifen.member(ZHANG)
    code = str(_card(jifen, tmp_path)["code"])
    before = jifen.dump()
    assert jifen.refused("sale", "--member", _changed(code), "--line", "general:100", by="amy") == "forged_code"
    assert jifen.refused("sale", "--member", code[:100], "--line", "general:100", by="amy") == "forged_code"
    assert jifen.dump() == before


def test_a_payment_code_at_the_member_prompt_says_so(jifen: Jifen) -> None:
    run = jifen("member", "show", "134567890123456789")
    assert run.status == 2 and "payment code" in run.err and "Traceback" not in run.err


# --- scan --------------------------------------------------------------------------------------

def test_scan_reads_a_code_from_a_counter_camera_frame(jifen: Jifen, tmp_path: Path) -> None:
    member_id = jifen.member(ZHANG)
    code = str(_card(jifen, tmp_path)["code"])
    frame = render(replace(PLAIN, code=code, surface="phone", dark_mode=True, width_px=180.0, tilt=25.0, rotation=70.0))
    cv2.imwrite(str(tmp_path / "frame.jpg"), frame)
    for decoder in ("zxing", "pyzbar"):
        assert jifen.ok("scan", "--image", str(tmp_path / "frame.jpg"), "--decoder", decoder)["member_id"] == member_id


def test_scan_from_a_camera_source_that_is_a_folder_or_a_video(jifen: Jifen, tmp_path: Path) -> None:
    member_id = jifen.member(ZHANG)
    code = str(_card(jifen, tmp_path)["code"])
    counter = empty_frame(2)
    showing = render(replace(PLAIN, code=code, width_px=220.0, rotation=200.0, tilt=15.0))
    folder = write_images(tmp_path / "shots", [counter, counter, showing, counter])
    video = write_video(tmp_path / "clip.avi", [counter] * 12 + [showing] * 6)
    assert jifen.ok("scan", "--camera", f"file:{folder}")["member_id"] == member_id
    scanned = jifen.ok("scan", "--camera", f"file:{video}")
    assert (scanned["member_id"], scanned["phone"]) == (member_id, ZHANG)


def test_scan_prints_the_member_with_the_phone_masked(jifen: Jifen, tmp_path: Path) -> None:
    member_id = jifen.member(ZHANG, "--name", "张三")
    _card(jifen, tmp_path)
    run = jifen("scan", "--image", str(tmp_path / "card.png"))
    assert run.status == 0
    assert member_id in run.out and "138****8000" in run.out and ZHANG not in run.out and "2026-03-01 10:00:00" in run.out


def test_scan_of_a_revoked_card_is_refused(jifen: Jifen, tmp_path: Path) -> None:
    jifen.member(ZHANG)
    _card(jifen, tmp_path)
    jifen.ok("code", "revoke", ZHANG, "--reason", "lost", by="boss")
    assert jifen.refused("scan", "--image", str(tmp_path / "card.png")) == "revoked"
    jifen.now = "2026-03-01T10:05:00+08:00"
    _card(jifen, tmp_path, name="new.png")
    assert jifen.ok("scan", "--image", str(tmp_path / "new.png"))["phone"] == ZHANG


@pytest.mark.parametrize(("text", "code"), [("https://weixin.qq.com/r/member", "not_a_member_code"),
                                            ("287654321098765432", "not_a_member_code"),
                                            ("JF1" + "ABCDEFGH" * 17 + "JKMN", "forged_code")])
def test_scan_of_what_is_not_a_genuine_member_code_is_refused(jifen: Jifen, tmp_path: Path, text: str, code: str) -> None:
    assert jifen.refused("scan", "--image", str(_qr_png(tmp_path / "qr.png", text))) == code


def test_scan_of_an_altered_card_is_forged(jifen: Jifen, tmp_path: Path) -> None:
    jifen.member(ZHANG)
    code = str(_card(jifen, tmp_path)["code"])
    assert jifen.refused("scan", "--image", str(_qr_png(tmp_path / "qr.png", _changed(code)))) == "forged_code"


def test_scan_of_another_shops_card_is_refused(jifen: Jifen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    other = Jifen(tmp_path / "other", monkeypatch, capsys)  # a shop of its own that also calls itself m1
    assert other("init", "--store", "别家", "--terminal", "X1", "--merchant", "m1", "--owner", "eve", "--json",
                 env={"JIFEN_NEW_PIN": "4444"}).status == 0
    other.ok("member", "add", "--phone", ZHANG, "--cashier", "eve", env={"JIFEN_PIN": "4444"})
    other.ok("member", "card", ZHANG, "--png", str(tmp_path / "theirs.png"))
    jifen.member(ZHANG)
    assert jifen.refused("scan", "--image", str(tmp_path / "theirs.png")) == "unknown_key"


def test_a_card_of_an_unrelated_standalone_shop_is_called_another_shops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    d, e = (Jifen(tmp_path / name, monkeypatch, capsys) for name in ("D", "E"))
    for shop, terminal in ((d, "D1"), (e, "E1")):  # no --merchant: each is merchant 'local', with a key of its own
        assert shop("init", "--store", terminal, "--terminal", terminal, "--owner", "boss",
                    env={"JIFEN_NEW_PIN": "8888"}).status == 0
    d.ok("member", "add", "--phone", ZHANG, by="boss")
    card = str(d.ok("member", "card", ZHANG, "--png", str(tmp_path / "d.png"))["code"])
    run = e("member", "show", card, "--json")
    assert run.status == 2 and run.json["error"] == "unknown_key"
    assert run.json["message"].startswith("this is another shop's member code") and "ledger or ask" not in run.json["message"]


def test_scan_of_an_image_without_a_code_or_of_no_image(jifen: Jifen, tmp_path: Path) -> None:
    cv2.imwrite(str(tmp_path / "counter.png"), empty_frame(4))
    (tmp_path / "notes.png").write_text("not a picture")
    assert jifen.refused("scan", "--image", str(tmp_path / "counter.png")) == "not_found"
    assert jifen.refused("scan", "--image", str(tmp_path / "notes.png")) == "bad_input"
    assert jifen.refused("scan", "--image", str(tmp_path / "missing.png")) == "not_found"


def test_scan_of_a_folder_as_an_image_says_it_is_a_folder(jifen: Jifen, tmp_path: Path) -> None:
    (tmp_path / "shots").mkdir()
    run = jifen("scan", "--image", str(tmp_path / "shots"))
    assert run.status == 2 and run.err == (f"{tmp_path / 'shots'} is a folder, not an image: to read the images in a "
                                           f"folder, use --camera file:{tmp_path / 'shots'}\n")


@pytest.mark.parametrize(("name", "fourcc", "kept", "said"), [
    ("clip.mp4", "mp4v", 0.5, "is not an image or video OpenCV can read"),  # FFmpeg: moov atom not found
    ("clip.avi", "MJPG", 200, "is not an image or video OpenCV can read"),  # its header cut short
    ("clip.avi", "MJPG", 0.5, "no QR code read from")])  # a frame cut short
def test_scan_of_a_damaged_video_says_one_line(jifen: Jifen, tmp_path: Path, name: str, fourcc: str, kept: float,
                                               said: str) -> None:
    """A real process: FFmpeg writes to the console's file descriptor itself. ``kept``: bytes, or a share of the file."""
    video = write_video(tmp_path / name, [empty_frame(n) for n in range(20)], fourcc=fourcc)
    data = video.read_bytes()
    video.write_bytes(data[:int(kept if kept >= 1 else len(data) * kept)])
    run = run_jifen("scan", "--camera", f"file:{video}", "--timeout", "5", env={"JIFEN_HOME": str(jifen.home)})
    assert run.returncode == 2 and run.stdout == ""
    assert said in run.stderr and run.stderr.count("\n") == 1, run.stderr


def test_scan_needs_exactly_one_source(jifen: Jifen, tmp_path: Path) -> None:
    assert jifen.refused("scan") == "bad_input"
    assert jifen.refused("scan", "--image", "a.png", "--camera", "0") == "bad_input"
    assert jifen.refused("scan", "--camera", "front") == "bad_input"
    assert jifen.refused("scan", "--camera", "file:x.avi", "--timeout", "0") == "bad_input"
    assert jifen.refused("scan", "--image", "a.png", "--decoder", "opencv") == "bad_input"


def test_scan_with_a_missing_camera_says_to_use_the_scanner(jifen: Jifen) -> None:
    run = jifen("scan", "--camera", "97")
    assert run.status == 2 and "missing or busy" in run.err and run.out == ""
    assert "WARN" not in run.err and "Traceback" not in run.err


def test_scan_with_a_missing_decoder_library_says_how_to_fix_it(jifen: Jifen, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    jifen.member(ZHANG)
    _card(jifen, tmp_path)
    monkeypatch.setitem(sys.modules, "zxingcpp", None)
    run = jifen("scan", "--image", str(tmp_path / "card.png"))
    assert run.status == 2 and "pip install zxing-cpp" in run.err
    assert jifen.ok("scan", "--image", str(tmp_path / "card.png"), "--decoder", "pyzbar")["phone"] == ZHANG


# --- the deny list -----------------------------------------------------------------------------

def test_code_revoke_needs_a_manager_and_changes_nothing_without_one(jifen: Jifen) -> None:
    jifen.member(ZHANG)
    before = jifen.dump()
    assert jifen.refused("code", "revoke", ZHANG, by="amy") == "approval_required"
    assert jifen.refused("code", "revoke", ZHANG) == "bad_input"  # no --cashier
    assert jifen.dump() == before
    revoked = jifen.ok("code", "revoke", ZHANG, "--reason", "lost", by="amy", approver="max")
    assert revoked["kind"] == "member_code" and revoked["until"] == "2026-03-01T02:00:00.000Z"


def test_code_revoke_given_a_code_revokes_that_card(jifen: Jifen, tmp_path: Path) -> None:
    member_id = jifen.member(ZHANG)
    code = str(_card(jifen, tmp_path)["code"])
    assert jifen.ok("code", "revoke", code, by="max")["member_id"] == member_id
    assert jifen.refused("member", "show", code) == "revoked"
    assert jifen.refused("code", "revoke", ZHANG, by="max") == "already_exists"


def test_code_denied_lists_revoked_codes_and_keys(jifen: Jifen) -> None:
    member_id = jifen.member(ZHANG)
    assert jifen.ok("code", "denied") == {"revoked": []}
    jifen.ok("code", "revoke", ZHANG, "--reason", "lost", by="boss")
    key = "ab" * 32
    jifen.ok("key", "revoke", key, "--reason", "stolen", by="boss")
    listed = jifen.ok("code", "denied")["revoked"]
    assert [(e["kind"], e.get("member_id"), e.get("key"), e["reason"], e["by"]) for e in listed] == [
        ("member_code", member_id, None, "lost", "boss"), ("terminal_key", None, key, "stolen", "boss")]
    text = jifen("code", "denied").out
    assert "2026-03-01 10:00:00" in text and key in text and "lost" in text


def test_code_reinstate_accepts_the_members_cards_again(jifen: Jifen, tmp_path: Path) -> None:
    member_id = jifen.member(ZHANG)
    code = str(_card(jifen, tmp_path)["code"])
    jifen.ok("code", "revoke", ZHANG, "--reason", "lost", by="max")
    jifen.now = "2026-03-01T10:05:00+08:00"
    jifen.ok("code", "revoke", ZHANG, by="max")
    before = jifen.dump()
    assert jifen.refused("code", "reinstate", ZHANG, by="amy") == "approval_required"
    assert jifen.refused("code", "reinstate", ZHANG, "--reason", " ", by="max") == "bad_input"
    assert jifen.dump() == before
    lifted = jifen.ok("code", "reinstate", ZHANG, "--reason", "found", by="amy", approver="max")
    assert (lifted["member_id"], lifted["until"]) == (member_id, ["2026-03-01T02:00:00.000Z", "2026-03-01T02:05:00.000Z"])
    assert jifen.ok("member", "show", code)["id"] == member_id and jifen.ok("code", "denied") == {"revoked": []}
    assert jifen.refused("code", "reinstate", ZHANG, by="max") == "not_found"
    assert jifen.journal_payloads("code_reinstate") == [
        {"member_id": member_id, "until": lifted["until"], "reason": "found"}]


def test_key_reinstate_accepts_the_terminals_cards_again(jifen: Jifen, tmp_path: Path) -> None:
    jifen.member(ZHANG)
    (jifen.home / "keys" / "merchant.key").unlink()
    _card(jifen, tmp_path)
    key = jifen.ok("key", "show")["terminal_key"]
    assert jifen.refused("key", "reinstate", key, by="boss") == "not_found"
    jifen.ok("key", "revoke", key, by="boss")
    assert jifen.refused("key", "reinstate", key, by="amy") == "approval_required"
    assert jifen.refused("key", "reinstate", "not-a-key", by="boss") == "bad_input"
    run = jifen("key", "reinstate", key.upper(), "--reason", "revoked by mistake", by="boss")
    assert run.status == 0 and run.out == f"Reinstated terminal key {key}: its member codes are accepted again\n"
    assert jifen.ok("scan", "--image", str(tmp_path / "card.png"))["phone"] == ZHANG
    assert jifen.ok("key", "show")["terminal_key_revoked"] is False
    assert jifen.journal_payloads("key_reinstate") == [{"key": key, "reason": "revoked by mistake"}]


def test_key_show_and_key_revoke(jifen: Jifen, tmp_path: Path) -> None:
    shown = jifen.ok("key", "show")
    terminal_key = (jifen.home / "keys" / "terminal.pub").read_text().strip()
    merchant_key = (jifen.home / "keys" / "merchant.pub").read_text().strip()
    assert shown == {"merchant": "m1", "terminal_key": terminal_key, "merchant_keys": [merchant_key],
                     "keys": [{"key": merchant_key, "key_id": key_id(bytes.fromhex(merchant_key)).hex(), "role": "merchant",
                               "from": "store", "revoked": False, "terminal": "T1", "store": "静安店"},
                              {"key": terminal_key, "key_id": key_id(bytes.fromhex(terminal_key)).hex(), "role": "terminal",
                               "from": "store", "revoked": False, "terminal": "T1", "store": "静安店"}],
                     "terminal_key_revoked": False, "issues_codes_with": "merchant"}
    assert jifen.refused("key", "revoke", shown["merchant_keys"][0], by="boss") == "bad_input"
    assert jifen.refused("key", "revoke", "not-a-key", by="boss") == "bad_input"
    assert jifen.refused("key", "revoke", terminal_key, by="amy") == "approval_required"
    revoked = jifen.ok("key", "revoke", terminal_key, by="boss")
    assert revoked == {"kind": "terminal_key", "value": terminal_key, "seq": revoked["seq"], "key": terminal_key}
    assert jifen.ok("key", "show")["terminal_key_revoked"] is True
    assert jifen.refused("key", "revoke", terminal_key, by="boss") == "already_exists"
    assert jifen.entries() == revoked["seq"]


def test_a_terminal_without_the_merchant_key_issues_certified_codes_which_a_key_revocation_voids(
        jifen: Jifen, tmp_path: Path) -> None:
    jifen.member(ZHANG)
    (jifen.home / "keys" / "merchant.key").unlink()  # a terminal of a merchant with more than one shop
    assert jifen.ok("key", "show")["issues_codes_with"] == "terminal"
    card = _card(jifen, tmp_path)
    assert (card["signed_by"], card["qr_version"]) == ("terminal", 10)
    assert jifen.ok("scan", "--image", str(tmp_path / "card.png"))["signed_by"] == "terminal"
    jifen.ok("key", "revoke", jifen.ok("key", "show")["terminal_key"], "--reason", "stolen", by="boss")
    assert jifen.refused("scan", "--image", str(tmp_path / "card.png")) == "revoked"
    assert jifen.refused("member", "card", ZHANG, "--png", str(tmp_path / "again.png")) == "revoked"


def test_the_commands_are_listed_in_help() -> None:
    cli = command_line([codes_cli.register])
    assert {"scan", "code", "key"} <= set(cli.parser.format_help().split())
    commands = {"member card": ["member", "card", ZHANG, "--png", "c.png"], "scan": ["scan", "--image", "c.png"],
                "code revoke": ["code", "revoke", ZHANG], "code reinstate": ["code", "reinstate", ZHANG],
                "code denied": ["code", "denied"], "key show": ["key", "show"], "key revoke": ["key", "revoke", "ab" * 32],
                "key reinstate": ["key", "reinstate", "ab" * 32]}
    for path, argv in commands.items():
        assert cli.path_of(cli.parse(argv)) == path


def test_a_picture_with_a_payment_code_beside_the_member_code_reads_the_member(jifen: Jifen, tmp_path: Path) -> None:
    member_id = jifen.member(ZHANG)
    _card(jifen, tmp_path)
    payment = read_image(_qr_png(tmp_path / "pay.png", "134567890123456789"))
    card = read_image(tmp_path / "card.png")
    height = max(payment.shape[0], card.shape[0])
    side_by_side = np.concatenate([cv2.copyMakeBorder(p, 0, height - p.shape[0], 20, 20, cv2.BORDER_CONSTANT,
                                                      value=(255, 255, 255)) for p in (payment, card)], axis=1)
    cv2.imwrite(str(tmp_path / "both.png"), side_by_side)
    assert jifen.ok("scan", "--image", str(tmp_path / "both.png"))["member_id"] == member_id
