"""The most points one journal entry may move: what the ledger takes on the wire (sync.protocol's MAX_POINTS is this
same limit). A till that wrote more could never send that entry, and its sync would stop there for good, so what
would move more is refused before anything is written, and expiry is recorded in parts."""

from terminal.errors import Refused
from terminal.money import MAX_POINTS


class TooLargeForOneSale(Refused):
    """A sale that would move more points than one entry may: the cashier splits it (the app says how)."""


def refuse_sale_earning(points: int) -> None:
    if points > MAX_POINTS:
        raise TooLargeForOneSale("bad_input", f"this sale would earn {points:,} points, more than the {MAX_POINTS:,} one sale may "
                                   "earn: it is too large for one sale; split it into smaller sales",
                      f"本单将获得 {points:,} 积分，超过单笔销售最多可得的 {MAX_POINTS:,} 积分：一笔太大，请拆成几笔销售")


def refuse_sale_redeeming(points: int) -> None:
    if points > MAX_POINTS:
        raise TooLargeForOneSale("bad_input", f"paying {points:,} points is too large for one sale: at most {MAX_POINTS:,} points "
                                   "a sale; split it into smaller sales",
                      f"抵扣 {points:,} 积分对一笔销售来说太多：每笔最多 {MAX_POINTS:,} 积分；请拆成几笔销售")


def refuse_refund_points(*points: int) -> None:
    """A refund gives back and takes back points in one entry: each must fit."""
    most = max(points, default=0)
    if most > MAX_POINTS:
        raise Refused("bad_input", f"this refund would move {most:,} points, more than the {MAX_POINTS:,} one refund "
                                   "may: it is too large for one refund; refund the sale a few lines at a time (--line N)",
                      f"本次退款将变动 {most:,} 积分，超过单笔退款上限 {MAX_POINTS:,} 积分：一次太大，"
                      "请分几次按行退款（--line 行号）")


def refuse_given_member_earning(sale_id: str, points: int) -> None:
    if points > MAX_POINTS:
        raise Refused("bad_input", f"sale {sale_id} would earn {points:,} points for the member, more than the "
                                   f"{MAX_POINTS:,} one sale may earn: it is too large for one sale; refund it and ring "
                                   "it up again with the member, split into smaller sales",
                      f"销售单 {sale_id} 将为会员获得 {points:,} 积分，超过单笔销售最多可得的 {MAX_POINTS:,} 积分："
                      "一笔太大；请退款后带会员重新收款，并拆成几笔销售")

