"""The `jifen` commands of member codes: cards, scanning from an image or a camera, and the deny list.

    jifen member card PHONE|ID --png FILE
    jifen scan --image FILE | --camera SOURCE [--timeout S] [--decoder zxing|pyzbar]
    jifen code revoke PHONE|ID|CODE [--reason TEXT]      (manager or owner)
    jifen code reinstate PHONE|ID|CODE [--reason TEXT]   (manager or owner)
    jifen code denied
    jifen key show
    jifen key revoke PUBLIC_KEY [--reason TEXT]           (manager or owner)
    jifen key reinstate PUBLIC_KEY [--reason TEXT]        (manager or owner)
"""

from __future__ import annotations

from argparse import Namespace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from printing.png_target import png_target
from terminal.cli import auth
from terminal.cli.registry import CommandLine, Context, Output
from terminal.cli.text import many
from terminal.errors import Refused
from terminal.lang import say
from terminal.phones import mask_phone

if TYPE_CHECKING:
    from terminal.services.codes import DenyListEntry, HeldKey
    from terminal.shop import Shop

# OpenCV, numpy, the QR libraries, the keys and the store are imported by the commands that use them, so that the
# other commands of `jifen` (a sale, a lookup) do not pay for loading them.


def member_card(args: Namespace, ctx: Context) -> Output:
    from terminal.journal import format_instant
    from terminal.keys import KeyFiles, load_code_signer
    from terminal.services import codes
    from ui.member_card import qr_version, write_card_png

    png = png_target(Path(args.png), ctx.home.root, "--png", "card.png")
    if not png.parent.is_dir():  # a typo in the folder is not made into new folders
        raise Refused("bad_input", f"folder {png.parent} does not exist", f"文件夹 {png.parent} 不存在")
    till = ctx.till()
    signer = load_code_signer(KeyFiles(ctx.home.private_key.parent), till.shop.merchant)
    issued = codes.issue_member_code(till.reading(), till.shop, signer, args.ref)
    caption = [till.shop.store, issued.member_id, mask_phone(issued.phone)]
    target = write_card_png(issued.code, caption, png)
    data = {"file": str(target), "member_id": issued.member_id, "code": issued.code,
            "issued_at": format_instant(issued.issued_at), "qr_version": qr_version(issued.code),
            "signed_by": "merchant" if signer.is_merchant_key else "terminal"}
    return Output(data, say(f"Wrote the code of member {issued.member_id} ({mask_phone(issued.phone)}) to {target}",
                            f"已将会员 {issued.member_id}（{mask_phone(issued.phone)}）的会员码写入 {target}"))


def _member_code_first(texts: list[str]) -> str:
    """Of several codes in view, a member code if there is one (the customer's phone may show two)."""
    from terminal.codes import has_member_code_prefix

    return next((text for text in texts if has_member_code_prefix(text)), texts[0])


def scan(args: Namespace, ctx: Context) -> Output:
    from terminal.scan import DEFAULT_DECODER, FrameScanner, find_codes, make_decoder
    from terminal.services import codes
    from ui.camera import first_code, open_source, read_image

    decoder = make_decoder(args.decoder or DEFAULT_DECODER)
    if args.image is not None:
        path = Path(args.image).expanduser()
        if path.is_dir():
            raise Refused("bad_input", f"{path} is a folder, not an image: to read the images in a folder, "
                          f"use --camera file:{path}", f"{path} 是文件夹，不是图片：要读取文件夹中的图片，请用 --camera file:{path}")
        texts = find_codes(read_image(path), decoder)
        if not texts:
            raise Refused("not_found", f"no QR code found in {path}", f"{path} 中没有找到二维码")
        text = _member_code_first(texts)
    else:
        if args.timeout <= 0:
            raise Refused("bad_input", "--timeout must be a number of seconds above 0", "--timeout 应为大于 0 的秒数")
        source = open_source(args.camera)
        found = first_code(source, FrameScanner(decoder), args.timeout)
        if found is None:
            raise Refused("not_found", f"no QR code read from {source.description}", f"未从 {source.description} 读到二维码")
        text = found
    till = ctx.till()
    scanned = codes.read_member_code(till.reading(), text, till.shop)
    if not scanned.known:
        raise Refused("not_found", f"the member code is genuine, but member {scanned.code.member_id} is not in this store yet",
                      f"会员码有效，但本店数据中还没有会员 {scanned.code.member_id}")
    data = scanned.as_json()
    name = f" {scanned.name}" if scanned.name else ""
    who = f"{data['member_id']}  {data['phone_masked']}{name}"
    issued = _local(till.shop, scanned.code.issued_at)
    return Output(data, say(f"Member {who}  (code issued {issued}, signed by the {data['signed_by']})",
                            f"会员 {who}（会员码签发于 {issued}，由{'商户' if data['signed_by'] == 'merchant' else '终端'}签名）"))


def _local(shop: Shop, moment: datetime) -> str:
    return f"{moment.astimezone(shop.tz):%Y-%m-%d %H:%M:%S}"


def code_revoke(args: Namespace, ctx: Context) -> Output:
    from terminal.services import codes

    till = ctx.till()
    by = auth.cashier(till, args)
    revoked = codes.revoke_member_codes(till.uow(), till.shop, by, args.ref, args.reason, auth.approver(till, args))
    until = _local(till.shop, revoked.until) if revoked.until else ""
    return Output(revoked.as_json(), say(f"Revoked the codes of member {revoked.member_id} issued up to {until}",
                                         f"已作废会员 {revoked.member_id} 在 {until} 及之前签发的会员码"))


def code_reinstate(args: Namespace, ctx: Context) -> Output:
    from terminal.codes.trust import parse_member_codes_value
    from terminal.services import codes

    till = ctx.till()
    by = auth.cashier(till, args)
    lifted = codes.reinstate_member_codes(till.uow(), till.shop, by, args.ref, args.reason, auth.approver(till, args))
    count, up_to = len(lifted.values), _local(till.shop, max(parse_member_codes_value(v)[1] for v in lifted.values))
    en = (f"Reinstated {many(count, 'revocation', 'revocations')} of member {lifted.member_id}'s codes: "
          f"codes issued up to {up_to} are accepted again")
    zh = f"已恢复会员 {lifted.member_id} 的会员码（撤销 {count} 次作废）：{up_to} 及之前签发的会员码可以再次使用"
    if lifted.still_void_until is not None:
        still = _local(till.shop, lifted.still_void_until)
        en += f"; those issued up to {still} stay revoked"
        zh += f"；{still} 及之前签发的仍然作废"
    return Output(lifted.as_json(), say(en, zh))


def _source(entry: DenyListEntry, shop: Shop) -> str:
    """Where a revocation came from, and when it came into force here."""
    when = "" if entry.at is None else _local(shop, datetime.fromisoformat(entry.at))
    if entry.source == "terminal":
        by = f" by {entry.by}" if entry.by else ""
        return say(f"revoked here {when}{by}", f"本终端于 {when} 列入" + (f"，操作人 {entry.by}" if entry.by else ""))
    if not when:
        return say("from the ledger", "来自总账")
    return say(f"from the ledger, {when}", f"来自总账，{when} 收到")


def code_denied(args: Namespace, ctx: Context) -> Output:
    from terminal.codes.trust import parse_member_codes_value
    from terminal.services import codes

    till = ctx.till()
    entries = codes.deny_list(till.reading())
    lines = [say(f"Deny list: {many(len(entries), 'entry', 'entries')}", f"黑名单：共 {len(entries)} 条")]
    for entry in entries:
        why = f" — {entry.reason}" if entry.reason else ""
        source = _source(entry, till.shop)
        if entry.kind == "member_code":
            member_id, until = parse_member_codes_value(entry.value)
            shown = _local(till.shop, until)
            lines.append(say(f"  member {member_id}: codes issued up to {shown}{why} ({source})",
                             f"  会员 {member_id}：{shown} 及之前签发的会员码{why}（{source}）"))
        else:
            lines.append(say(f"  terminal key {entry.value}{why} ({source})", f"  终端密钥 {entry.value}{why}（{source}）"))
    return Output({"revoked": [entry.as_json() for entry in entries]}, "\n".join(lines))


def _held_by(held: HeldKey | None) -> tuple[str, str]:
    """Which terminal and store hold a key, where known (English, Chinese)."""
    if held is None or held.terminal is None:
        return "", ""
    if held.store is None:
        return f"terminal {held.terminal}", f"终端 {held.terminal}"
    return f"terminal {held.terminal} of store {held.store}", f"门店 {held.store} 的终端 {held.terminal}"


def _trusted_line(key: dict[str, Any], held: HeldKey | None) -> str:
    en, zh = _held_by(held)
    mine = key["from"] == "store"
    where_en = "this store" if mine else ", ".join(part for part in (en, "from the ledger") if part)
    where_zh = "本店" if mine else "，".join(part for part in ("来自总账", zh) if part)
    revoked_en, revoked_zh = (" — revoked", " — 已吊销") if key["revoked"] else ("", "")
    return say(f"  {key['key']} (id {key['key_id']}, {where_en}){revoked_en}",
               f"  {key['key']}（编号 {key['key_id']}，{where_zh}）{revoked_zh}")


def _revoked_line(held: HeldKey) -> str:
    en, zh = _held_by(held)
    why = f" — {held.reason}" if held.reason else ""
    return say(f"  {held.key}{f' ({en})' if en else ''}{why}", f"  {held.key}{f'（{zh}）' if zh else ''}{why}")


def key_show(args: Namespace, ctx: Context) -> Output:
    from terminal.keys import KeyFiles
    from terminal.services import codes

    till = ctx.till()
    info = codes.key_info(till.reading())
    files = KeyFiles(ctx.home.private_key.parent)
    issues_with = "merchant" if files.merchant_private.exists() else "terminal" if files.certificate.exists() else None
    lines = [say(f"Terminal key: {info.terminal_key.key}", f"终端公钥：{info.terminal_key.key}"),
             say(f"Keys trusted for member codes (merchant {info.merchant}):", f"信任的会员码签名密钥（商户 {info.merchant}）：")]
    lines += [_trusted_line(key, info.holder(key["key"])) for key in info.trusted()]
    lines.append(say(f"Keys revoked: {len(info.revoked)}", f"已吊销的密钥：{len(info.revoked)} 个"))
    lines += [_revoked_line(held) for held in info.revoked]
    if info.terminal_key_revoked:
        lines.append(say("! This terminal's key is revoked: the member codes it signs are refused",
                         "！本终端的密钥已被吊销：其签发的会员码无效"))
    return Output(info.as_json() | {"issues_codes_with": issues_with}, "\n".join(lines))


def key_revoke(args: Namespace, ctx: Context) -> Output:
    from terminal.services import codes

    till = ctx.till()
    by = auth.cashier(till, args)
    revoked = codes.revoke_terminal_key(till.uow(), till.shop, by, args.key, args.reason, auth.approver(till, args))
    en, zh = _held_by(codes.key_info(till.reading()).holder(revoked.value))
    return Output(revoked.as_json(), say(f"Revoked key {revoked.value}{f' ({en})' if en else ''}: the member codes signed "
                                         "with it are refused from now on",
                                         f"已吊销密钥 {revoked.value}{f'（{zh}）' if zh else ''}：用它签发的会员码自即日起无效"))


def key_reinstate(args: Namespace, ctx: Context) -> Output:
    from terminal.services import codes

    till = ctx.till()
    by = auth.cashier(till, args)
    lifted = codes.reinstate_terminal_key(till.uow(), till.shop, by, args.key, args.reason, auth.approver(till, args))
    return Output(lifted.as_json(), say(f"Reinstated terminal key {lifted.values[0]}: its member codes are accepted again",
                                        f"已恢复终端密钥 {lifted.values[0]}：其签发的会员码可以再次使用"))


def register(cli: CommandLine) -> None:
    p = cli.command("member card", "write the member's QR code as a PNG image", member_card, read_only=True)
    p.add_argument("ref", metavar="PHONE|ID")
    p.add_argument("--png", required=True, metavar="FILE")

    p = cli.command("scan", "read a member code from an image or a camera", scan, read_only=True)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--image", metavar="FILE")
    source.add_argument("--camera", metavar="SOURCE", help="a camera's index (0 for camera 1, 1 for camera 2, …) or file:PATH (image, folder, video)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="give up on a camera after this long")
    p.add_argument("--decoder", metavar="NAME", help="zxing (the default) or pyzbar")

    cli.group("code", "member codes: revoking them, the deny list")
    p = cli.command("code revoke", "revoke a member's codes: all issued so far, or one code and those before it "
                    "(manager or owner)", code_revoke)
    p.add_argument("ref", metavar="PHONE|ID|CODE")
    p.add_argument("--reason", metavar="TEXT")
    p = cli.command("code reinstate", "accept a member's revoked codes again: given the member, all; given a found "
                    "card's code, that card's revocation only (manager or owner)", code_reinstate)
    p.add_argument("ref", metavar="PHONE|ID|CODE")
    p.add_argument("--reason", metavar="TEXT")
    cli.command("code denied", "list the deny list: revoked member codes and terminal keys, revoked here or at the "
                "ledger", code_denied, read_only=True)

    cli.group("key", "signing keys")
    cli.command("key show", "this terminal's public key, the keys it trusts for member codes (whose, where the ledger "
                "says) and the keys revoked",
                key_show, read_only=True)
    p = cli.command("key revoke", "revoke a terminal's key or its store's signing key: every member code signed with it "
                    "is refused (manager or owner)", key_revoke)
    p.add_argument("key", metavar="PUBLIC_KEY", help="the public key, 64 hex digits, as 'jifen key show' lists it")
    p.add_argument("--reason", metavar="TEXT")
    p = cli.command("key reinstate", "accept a revoked terminal key's member codes again (manager or owner)",
                    key_reinstate)
    p.add_argument("key", metavar="PUBLIC_KEY", help="the terminal's public key, 64 hex digits")
    p.add_argument("--reason", metavar="TEXT")
