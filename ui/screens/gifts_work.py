"""What the gifts screen asks of the store, the ledger and the disk, run on the workers: the same
service functions as ``jifen gift …``, ``jifen coupon issue`` and ``jifen code claim``. Nothing here
touches a widget; pictures come back as QImage, which may be made off the UI thread."""

from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from sync.client import LedgerRefused, LinkDown
from sync.mall import claim_code
from sync.relay import Syncer
from terminal.bootstrap import Till
from terminal.clock import parse_instant
from terminal.errors import Refused
from terminal.keys import KeyFiles, load_coupon_key
from terminal.services import coupons, mall
from terminal.services.cashiers import Actor
from ui.qt import core, gui

PICTURE_PX = 72


def catalog(till: Till) -> list[dict[str, Any]]:
    """Gifts and coupons members can take now (on sale, in their window, in stock), cheapest first."""
    items = mall.list_items(till.reading(), till.shop)
    return sorted(items, key=lambda item: (item["kind"] != "gift", item["points"], item["id"]))


def exchange(till: Till, cashier: Actor, item_id: str, member_id: str, pay: str) -> mall.ExchangeResult:
    return mall.exchange_gift(till.uow(), till.shop, cashier, item_id, member_id, pay)


def issue_coupon(till: Till, cashier: Actor, item_id: str, member_id: str) -> dict[str, Any]:
    """Signed with the merchant's key, as ``jifen coupon issue`` does."""
    key = load_coupon_key(KeyFiles(till.home.private_key.parent))
    return coupons.issue_coupon(till.uow(), till.shop, cashier, key, item_id, member_id)


def cancel(till: Till, cashier: Actor, exchange_ref: str, approver: Actor | None) -> dict[str, Any]:
    return mall.cancel_exchange(till.uow(), till.shop, cashier, exchange_ref, approver)


def claim(till: Till, syncer: Syncer | None, cashier: Actor, offer: str, member_id: str) -> dict[str, object]:
    """On the network pool: the ledger hands out the code; without a ledger there is none to ask."""
    if syncer is None:
        raise Refused("offline", "redemption codes are handed out by the central ledger, and this terminal is not "
                      "connected to one: nothing was claimed and no points were taken",
                      "兑换码由总账发放，而本终端未连接总账：未领取、未扣积分")
    return claim_code(till, syncer.client, cashier, offer, member_id)


def open_offers(till: Till, syncer: Syncer | None) -> list[dict[str, Any]]:
    """On the network pool: the partner offers a member can claim a code of now, from the ledger (none
    without it; a claim says why then)."""
    if syncer is None:
        return []
    try:
        catalog = syncer.client.mall_catalog()
    except (LinkDown, LedgerRefused):
        return []
    now, found = till.shop.now(), []
    for offer in catalog.offers if catalog is not None else []:
        try:  # an offer this version cannot read is not offered
            if not all(isinstance(offer[key], str) for key in ("id", "title", "partner")) or not all(
                    type(offer[key]) is int for key in ("points", "remaining")):
                continue
            if offer["remaining"] > 0 and parse_instant(offer["starts_at"]) <= now <= parse_instant(offer["ends_at"]):
                found.append(offer)
        except (KeyError, TypeError, Refused):
            continue
    return found


def picture_path(till: Till, path: str) -> Path:
    """A picture's path as the catalog gives it: absolute, or relative to the store's folder."""
    given = Path(path).expanduser()
    return given if given.is_absolute() else till.home.root / given


def load_picture(path: Path, size: int = PICTURE_PX) -> gui.QImage | None:
    """The picture fitted in a square of ``size`` px; None when it is missing or cannot be read."""
    try:
        with Image.open(path) as opened:
            picture = opened.convert("RGBA")
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None
    picture.thumbnail((size, size))
    image = gui.QImage(picture.tobytes(), picture.width, picture.height, picture.width * 4,
                       gui.QImage.Format.Format_RGBA8888).copy()
    return image if not image.isNull() else None


def placeholder(size: int = PICTURE_PX) -> gui.QImage:
    """A neutral square for an item without a picture: light grey with a thin border."""
    image = gui.QImage(size, size, gui.QImage.Format.Format_RGB32)
    image.fill(gui.QColor("#eceff1"))
    painter = gui.QPainter(image)
    painter.setPen(gui.QColor("#b0bec5"))
    painter.drawRect(0, 0, size - 1, size - 1)
    inset = size // 4
    painter.drawRoundedRect(core.QRectF(inset, inset + 4, size - 2 * inset, size - 2 * inset - 4), 4, 4)
    painter.drawLine(size // 2, inset + 4, size // 2, size - inset)
    painter.end()
    return image
