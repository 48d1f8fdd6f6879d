"""Entries the ledger could not take as a terminal sent them, kept for the owner (`jifen-ledger report conflicts`),
and phones with more than one member.

Three kinds of entry: other content under a number the ledger holds (``differs``), an entry that does not continue
the chain it holds (``fork``), and an entry whose hash does not match its content (``tampered``: the batch with it
is refused whole). Each is recorded once, however often the terminal sends it again.

A phone registered at two stores before either synced is two members in one points currency: the ledger takes
both (their points were earned), each store sees only its own, and the owner is shown them here.

A signup or referral bonus of points that neither a rule set the merchant has had nor one its terminal journaled before
it gives (a shop that ran on its own rules before it connected journaled them: its bonuses are not shown) is taken too:
journal entries cannot be changed, so refusing it would stop the terminal's sync for good. It is shown here. So is a
signup bonus that is not the one of the member's registration (``signup_again``: a till gives it once, in the entry
after the member_add), a referral bonus that is not one due (``referral_again``: a till gives it once per referred
member, to the referrer and then to the member, in the two entries after the member's first sale at that till), and a
rule set the merchant never had journaled once the terminal had connected (``unheld_rules``: a connected till takes its
rules from the ledger; an older jifen also took an edit of its rules.toml). A sale naming such rules is taken whatever
it earns, as refusing it would stop an honest till's sync for good, and credited what the merchant's rules in force
give, not the points its till gave: one that earns otherwise is listed too (``unheld_rules``, with both figures). So
is a sale by rules neither the merchant set nor the terminal journaled before it (``unknown_rules``, listed once per rule
set): sent once the terminal had connected, it is no honest till's, and one that earns otherwise than the merchant's
rules in force is credited their figure and listed with both.
"""

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.checks import BONUSES, sale_number
from ledger.db import among
from ledger.models import (
    Conflict,
    Entry,
    Lot,
    Member,
    Merchant,
    MerchantRules,
    Sale,
    Terminal,
)
from ledger.persist import write
from ledger.service import LedgerRefusal
from ledger.snapshots import merchant_today
from sync.protocol import RuleSet
from terminal.phones import mask_phone
from terminal.visible_text import has_control_characters

DIFFERS, FORK, TAMPERED = "differs", "fork", "tampered"
UNKNOWN_RULES = "unknown_rules"  # sent_hash: the version of the rules, not a hash of an entry
UNHELD_RULES = "unheld_rules"  # sent_hash: the version the rules entry or sale names; held_hash of a sale: Reworked
SIGNUP_AGAIN = "signup_again"  # sent_hash: the member given the bonus
REFERRAL_AGAIN = "referral_again"  # sent_hash: the member given the bonus
OVERSOLD = "oversold"  # not recorded: a store's stock of a mall item below 0 (ledger.mall.oversold), listed while it is
_TOKEN_ELSEWHERE = ("was not written by the terminal's jifen and its token may be in other hands: give the terminal a "
                    "new one (jifen-ledger terminal token)")
_NEW_TERMINAL = ("set the counter up as a new terminal (jifen-ledger terminal add with a new --terminal, "
                 "installer/README.md step 10)")
WHAT = {
    DIFFERS: "was sent again with other content than the entry the ledger holds under its number",
    FORK: "does not continue the chain of entries the ledger holds for the terminal",
    TAMPERED: "was changed after it was written (its hash does not match its content); the batch with it was refused",
    UNKNOWN_RULES: "is the first sale to earn points by rules {sent}, which neither the merchant set at the "
                   "ledger nor the terminal journaled before it: their rates, tier and promotion multipliers could not "
                   "be checked",
    UNHELD_RULES: "journals rules {sent}, which the merchant never had, after the terminal had connected: a connected "
                  "till takes its rules from the ledger, so the ledger credits its sales by them what the merchant's "
                  "rules in force give (each one that earned otherwise is listed)",
    SIGNUP_AGAIN: "gives member {sent} a signup bonus that is not the one of their registration (a till gives it once, "
                  "in the entry after the member_add)",
    REFERRAL_AGAIN: "gives member {sent} a referral bonus that is not one due (a till gives it once per referred "
                    "member, to the referrer and then to the member, in the two entries after the member's first sale "
                    "at that till)",
}
# a tampered entry the terminal's own chain has gone past (its number held as the terminal's): it held nothing back
TAMPERED_PASSED = ("was refused (its hash does not match its content; not kept): the terminal's journal continued "
                   "normally, and the ledger holds the terminal's own entry {seq}")
TAMPERED_PASSED_TO_DO = ("nothing holds the terminal back: it syncs as before. If its store was not restored from a backup "
                         "after this was listed, the terminal's jifen did not write this entry and its token may be in "
                         "other hands: give the terminal a new one (jifen-ledger terminal token)")
TO_DO = {
    DIFFERS: "the ledger keeps the entry it holds and the terminal has stopped syncing: find out whether its store "
             f"was restored from an older backup or changed by hand, then {_NEW_TERMINAL}",
    FORK: "the terminal has stopped syncing: find out whether its store was restored from an older backup or "
          f"another terminal uses its token, then {_NEW_TERMINAL}",
    TAMPERED: "the ledger takes nothing more from the terminal until this is put right: find out who changed its "
              "store; at the terminal, restore a backup made before the change (jifen restore FILE) and sync "
              f"again, or else {_NEW_TERMINAL}",
    UNKNOWN_RULES: "an honest till journals every rule set it adopts before the sales that use it, so this sale was "
                   "not written by the terminal's jifen and its token may be in other hands: give the terminal a new "
                   "one (jifen-ledger terminal token) and correct the member's points with jifen adjust",
    UNHELD_RULES: "a connected till journals only the rules it takes from the ledger (an older jifen also took an "
                  "edit of its rules.toml: ask the store whether it was edited, and if so upgrade jifen there); if it "
                  f"was not, this entry {_TOKEN_ELSEWHERE}",
    SIGNUP_AGAIN: f"this bonus {_TOKEN_ELSEWHERE} and take the points back at its store with jifen adjust (a manager "
                  "or owner)",
    REFERRAL_AGAIN: f"this bonus {_TOKEN_ELSEWHERE} and take the points back at its store with jifen adjust (a "
                    "manager or owner)",
}


SHARED_PHONE = ("was registered at more than one store before they synced: each store sees only the member it "
                "registered, and each paid the sign-up bonus")
SHARED_PHONE_TO_DO = ("nothing was lost, the ledger took every entry of each. Members cannot be merged yet: each store "
                      "goes on serving the member it registered, and the points stay split between them (together they "
                      "are right). If the member wants them in one place, move them with jifen adjust (a manager or "
                      "owner) at each store; the phone stays listed here")


_TOKEN_ELSEWHERE_ZH = "并非该终端的 jifen 所写，其令牌可能已落入他人之手：为该终端换发新令牌（jifen-ledger terminal token）"
_NEW_TERMINAL_ZH = "把该终端重新设置为一个新终端（jifen-ledger terminal add，使用新的 --terminal，见 installer/README.md 第 10 步）"
WHAT_ZH = {
    DIFFERS: "再次上传时内容与总账在该编号下保存的流水不同",
    FORK: "没有接续总账为该终端保存的流水链",
    TAMPERED: "写入后被改动过（哈希与内容不符）；包含它的那批流水已被拒收",
    UNKNOWN_RULES: "是第一笔按规则 {sent} 赚取积分的销售，而该规则既不是商户在总账设置的，也不是终端在此之前记入流水的："
                   "其积分比例、会员等级和促销倍数无法核对",
    UNHELD_RULES: "在终端连接总账之后记入了商户从未有过的规则 {sent}：已连接的终端从总账取得规则，所以总账按商户现行规则"
                  "给按这些规则的销售记积分（每笔积分不同的销售都会列出）",
    SIGNUP_AGAIN: "给会员 {sent} 发了一笔注册奖励，但不是其注册时的那一笔（终端只发一次，在 member_add 之后的那条流水里）",
    REFERRAL_AGAIN: "给会员 {sent} 发了一笔不该发的推荐奖励（终端对每位被推荐会员只发一次：在该会员在这台终端首次消费之后"
                    "的两条流水里，先给推荐人，再给该会员）",
}
TAMPERED_PASSED_ZH = "被拒收（哈希与内容不符；未保存）：该终端的流水照常继续，总账保存的是该终端自己的第 {seq} 条流水"
TAMPERED_PASSED_TO_DO_ZH = ("没有什么阻碍该终端：它照常同步。如果此条列出之后其门店数据没有从备份恢复过，这条流水并非该终端的 "
                            "jifen 所写，其令牌可能已落入他人之手：为该终端换发新令牌（jifen-ledger terminal token）")
TO_DO_ZH = {
    DIFFERS: "总账保留它已有的流水，该终端已停止同步：查明其门店数据是否从较旧的备份恢复过或被手工改动过，然后"
             f"{_NEW_TERMINAL_ZH}",
    FORK: f"该终端已停止同步：查明其门店数据是否从较旧的备份恢复过，或另一台终端在用它的令牌，然后{_NEW_TERMINAL_ZH}",
    TAMPERED: "在此问题解决之前，总账不再接收该终端的任何流水：查明是谁改动了其门店数据；在该终端恢复改动之前的备份"
              f"（jifen restore FILE）后再同步，否则{_NEW_TERMINAL_ZH}",
    UNKNOWN_RULES: "正常的终端会在使用某套规则的销售之前把它记入流水，所以这笔销售并非该终端的 jifen 所写，其令牌可能已落入"
                   "他人之手：为该终端换发新令牌（jifen-ledger terminal token），并用 jifen adjust 更正会员的积分",
    UNHELD_RULES: "已连接的终端只记入从总账取得的规则（旧版 jifen 也会采用对 rules.toml 的修改：问问门店是否改过，"
                  f"如果改过就在那里升级 jifen）；如果没有改过，这条流水{_TOKEN_ELSEWHERE_ZH}",
    SIGNUP_AGAIN: f"这笔奖励{_TOKEN_ELSEWHERE_ZH}，并在其门店用 jifen adjust 收回这些积分（需店长或店主）",
    REFERRAL_AGAIN: f"这笔奖励{_TOKEN_ELSEWHERE_ZH}，并在其门店用 jifen adjust 收回这些积分（需店长或店主）",
}
SHARED_PHONE_ZH = "在各门店同步之前被多家门店注册：每家门店只看到自己注册的会员，且每家都发了注册奖励"
SHARED_PHONE_TO_DO_ZH = ("没有任何损失，总账收下了每家的全部流水。会员暂时无法合并：每家门店继续为自己注册的会员服务，"
                         "积分分散在这些会员之间（加起来是对的）。如果会员希望积分合在一处，在每家门店用 jifen adjust"
                         "（需店长或店主）转移；该手机号仍会列在这里")


_RULES_KINDS = (UNKNOWN_RULES, UNHELD_RULES)  # shown while the merchant has not had the rules since
REWORKED_KINDS = _RULES_KINDS  # of the sales credited otherwise: held_hash is Reworked's


class Reworked(NamedTuple):
    """A sale by rules journaled once its terminal had connected (``unheld_rules``), or by rules no one had sent once
    it had connected (``unknown_rules``), that earned otherwise than the merchant's rules in force: the ledger credited
    their figure. Kept as its conflict's held_hash, ``till:ledger``."""

    version: str
    till: int  # the points the till gave
    ledger: int  # the points the ledger credited
    kind: str = UNHELD_RULES

    @property
    def held(self) -> str:
        return f"{self.till}:{self.ledger}"


def figures(held: str) -> tuple[int, int]:
    """The till's and the ledger's points of a sale credited otherwise, from its conflict's held_hash."""
    till, _, ledger = held.partition(":")
    return int(till), int(ledger)


def _reworked_what(kind: str, version: str, member: str | None, held: str) -> str:
    till, ledger = figures(held)
    if kind == UNKNOWN_RULES:
        return (f"is a sale to member {member} by rules {version}, which neither the merchant set at the ledger nor "
                f"the terminal journaled before it, sent after the terminal had connected: the till gave {till:,} "
                f"points, the ledger credited {ledger:,}, what the merchant's rules in force give")
    return (f"is a sale to member {member} by rules {version}, which the merchant never had, journaled after the "
            f"terminal had connected: the till gave {till:,} points, the ledger credited {ledger:,}, what the "
            "merchant's rules in force give")


def _reworked_to_do(kind: str, store: str, member: str | None, held: str) -> str:
    till, ledger = figures(held)
    if kind == UNKNOWN_RULES:
        return _unknown_to_do(store, member, till, ledger)
    said = [f"an older jifen took an edit of its rules.toml while connected: upgrade jifen at {store} (its till shows "
            "the ledger's balance from its next sync on)"]
    if till > ledger:
        said.append(f"if the store promised the member the till's {till:,} points, give {member} the {till - ledger:,} "
                    "more there with jifen adjust (a manager or owner)")
    elif ledger > till:
        said.append(f"{member} has {ledger - till:,} points more than the till said: the store may take them back "
                    "with jifen adjust (a manager or owner)")
    return "; ".join(said) + f". If no one edited the rules, this sale {_TOKEN_ELSEWHERE}"


def _unknown_to_do(store: str, member: str | None, till: int, ledger: int) -> str:
    said = ("an honest till journals every rule set it adopts before the sales that use it, so this sale was not "
            "written by the terminal's jifen and its token may be in other hands: give the terminal a new one "
            "(jifen-ledger terminal token)")
    if ledger > till:
        return said + f"; {member} has {ledger - till:,} points more than the till said: take them back at {store} " \
                      "with jifen adjust (a manager or owner) if the sale was not made"
    return said + f"; if the sale was not made, take the {ledger:,} points the ledger credited back from {member} " \
                  f"at {store} with jifen adjust (a manager or owner)"


def _unknown_to_do_zh(store: str, member: str | None, till: int, ledger: int) -> str:
    said = ("正常的终端会在使用某套规则的销售之前把它记入流水，所以这笔销售并非该终端的 jifen 所写，其令牌可能已落入他人之手："
            "为该终端换发新令牌（jifen-ledger terminal token）")
    if ledger > till:
        return said + f"；{member} 比终端显示的多 {ledger - till:,} 积分：如果这笔销售并未发生，在 {store} 用 jifen adjust 收回" \
                      "（需店长或店主）"
    return said + f"；如果这笔销售并未发生，在 {store} 用 jifen adjust 从 {member} 收回总账记的 {ledger:,} 积分（需店长或店主）"


def _reworked_what_zh(kind: str, version: str, member: str | None, held: str) -> str:
    till, ledger = figures(held)
    if kind == UNKNOWN_RULES:
        return (f"是一笔按规则 {version} 给会员 {member} 的销售，该规则既不是商户在总账设置的，也不是终端在此之前记入流水的，"
                f"且是在终端连接总账之后上传的：终端给了 {till:,} 积分，总账按商户现行规则记了 {ledger:,} 积分")
    return (f"是一笔按规则 {version} 给会员 {member} 的销售，该规则商户从未有过，且是在终端连接总账之后记入的："
            f"终端给了 {till:,} 积分，总账按商户现行规则记了 {ledger:,} 积分")


def _reworked_to_do_zh(kind: str, store: str, member: str | None, held: str) -> str:
    till, ledger = figures(held)
    if kind == UNKNOWN_RULES:
        return _unknown_to_do_zh(store, member, till, ledger)
    said = [f"旧版 jifen 在连接期间采用了对 rules.toml 的修改：在 {store} 升级 jifen（其终端从下次同步起显示总账的余额）"]
    if till > ledger:
        said.append(f"如果门店向会员承诺了终端给的 {till:,} 积分，就在那里用 jifen adjust 给 {member} 补 {till - ledger:,} "
                    "积分（需店长或店主）")
    elif ledger > till:
        said.append(f"{member} 比终端显示的多 {ledger - till:,} 积分：门店可以用 jifen adjust 收回（需店长或店主）")
    return "；".join(said) + f"。如果没有人改过规则，这笔销售{_TOKEN_ELSEWHERE_ZH}"


def _oversold_rows(session: Session, merchant: str | None) -> list[dict[str, Any]]:
    """A store's stock of a gift (or coupon) below 0, listed at the last exchange that took it until the store is
    restocked or an exchange cancelled."""
    from ledger.mall import oversold  # the mall's module reads the stock

    out = []
    for row in oversold(session, merchant):
        last = row["takes"][-1] if row["takes"] else {"terminal": None, "seq": None, "at": None}
        takes = ", ".join(take["id"] for take in row["takes"]) or "none synced"
        out.append(row | {"terminal": last["terminal"], "seq": last["seq"], "at": last["at"], "kind": OVERSOLD,
                          "held_hash": None, "sent_hash": row["item_id"],
                          "what": f"took {row['name_en']} ({row['item_id']}) at {row['store']}, whose stock is now "
                                  f"{row['stock']:,}: oversold by {row['over']:,} (its tills each gave the last ones "
                                  f"before they synced) — the exchanges that took it: {takes}",
                          "to_do": f"cancel {row['over']:,} of those exchanges at the till that made it, the same day "
                                   "(jifen gift cancel ID, with a manager's approval: the member gets the points back), "
                                   f"or restock {row['store']} (jifen-ledger mall stock {row['item_id']} --merchant "
                                   f"{row['merchant']} --store {row['store']} --stock N, counting what was given)"})
    return out


def said_zh(row: Mapping[str, Any]) -> tuple[str, str]:
    """What a listed conflict (a row of ``conflicts``) is and what to do, in Chinese."""
    if row["kind"] == OVERSOLD:
        takes = "、".join(take["id"] for take in row["takes"]) or "尚未同步"
        return (f"在{row['store']}兑换了{row['name_zh']}（{row['item_id']}），该店库存现为 {row['stock']:,}：超兑 "
                f"{row['over']:,} 件（各终端在同步之前都兑出了最后几件）——兑换单：{takes}",
                f"在兑换的终端上当天取消其中 {row['over']:,} 笔（jifen gift cancel 单号，需店长授权：积分退回会员），"
                f"或为{row['store']}补货（jifen-ledger mall stock {row['item_id']} --merchant {row['merchant']} "
                f"--store {row['store']} --stock N，计入已兑出的）")
    if row.get("chain_continued"):
        return TAMPERED_PASSED_ZH.format(seq=row["seq"]), TAMPERED_PASSED_TO_DO_ZH
    if row["kind"] in REWORKED_KINDS and "till_points" in row:
        held = f"{row['till_points']}:{row['ledger_points']}"
        return (_reworked_what_zh(row["kind"], row["sent_hash"], row["member"], held),
                _reworked_to_do_zh(row["kind"], row["store"], row["member"], held))
    return WHAT_ZH[row["kind"]].format(sent=row["sent_hash"]), TO_DO_ZH[row["kind"]]


UNEXPECTED_BONUS = "neither a rule set the merchant has had nor one the terminal journaled before it gives it"


def _bonus_to_do(store: str) -> str:
    return ("an honest till journals the rules it pays bonuses by, so this bonus was not granted by the terminal's "
            "jifen and its token may be in other hands: give the terminal a new one (jifen-ledger terminal token) and "
            f"correct the member's points at {store} with jifen adjust (a manager or owner)")


UNEXPECTED_BONUS_ZH = "商户有过的任何规则、终端在此之前记入的任何规则都不给这笔奖励"


def bonus_to_do_zh(store: str) -> str:
    return ("正常的终端会把发奖励所依据的规则记入流水，所以这笔奖励并非该终端的 jifen 所发，其令牌可能已落入他人之手："
            f"为该终端换发新令牌（jifen-ledger terminal token），并在 {store} 用 jifen adjust 更正会员的积分（需店长或店主）")


def record(session: Session, rows: list[dict[str, Any]]) -> None:
    """The conflicts of one terminal's batch (``Conflict`` columns but ``id``), those not recorded before."""
    if not rows:
        return
    held = set(session.execute(select(Conflict.seq, Conflict.kind, Conflict.sent_hash).where(
        Conflict.terminal_pk == rows[0]["terminal_pk"], among(session, Conflict.seq, {row["seq"] for row in rows}))).all())
    write(session, Conflict, [row for row in rows if (row["seq"], row["kind"], row["sent_hash"]) not in held])


def suspicious(session: Session, terminal_pk: int, unheld_rules: dict[int, str], signups: dict[int, str],
               referrals: dict[int, str], at: str, reworked: Mapping[int, Reworked]) -> list[dict[str, Any]]:
    """The conflicts a batch's entries are (``Conflict`` columns but ``id``): its rules entries shown as unheld and its
    sales by them the ledger credited otherwise (``reworked``), its signup bonuses (``signups``: by number, the member
    of each not after its member_add in the batch) whose member's member_add is not the entry before them at the ledger
    either, and its referral bonuses not due (``referrals``: odd_referrals)."""
    registered: dict[int, Any] = {}
    if signups:
        registered = {seq: json.loads(payload).get("member_id") for seq, payload in session.execute(
            select(Entry.seq, Entry.payload).where(Entry.terminal_pk == terminal_pk, Entry.kind == "member_add",
                                                   among(session, Entry.seq, {seq - 1 for seq in signups})))}
    found = [(seq, UNHELD_RULES, _shown(version), "") for seq, version in unheld_rules.items()]
    found += [(seq, sale.kind, _shown(sale.version), sale.held) for seq, sale in reworked.items()]
    found += [(seq, SIGNUP_AGAIN, member, "") for seq, member in signups.items() if registered.get(seq - 1) != member]
    found += [(seq, REFERRAL_AGAIN, member, "") for seq, member in referrals.items()]
    return [{"terminal_pk": terminal_pk, "seq": seq, "kind": kind, "held_hash": held, "sent_hash": sent, "at": at}
            for seq, kind, sent, held in sorted(found)]


Entries = Mapping[int, tuple[str, dict[str, Any]]]  # kind and payload, by number


def odd_referrals(session: Session, terminal_pk: int, batch: Entries,
                  referrers: Mapping[str, str | None]) -> dict[int, str]:
    """The referral bonuses of a batch (``batch``: its entries) that are not one due, by number, each with the member
    given it. A till pays one to the new member's referrer (``referrers``: of the members the batch names) and then
    one to the member, in the two entries after the member's first sale at that till; both name the member
    (``new_member_id``). The entries before the batch are looked up at the ledger (two statements, only then)."""
    bonuses = {seq: p for seq, (kind, p) in batch.items() if kind == "bonus" and p.get("reason") == "referral"}
    if not bonuses:
        return {}
    around = {**_held_entries(session, terminal_pk, {seq - n for seq in bonuses for n in (1, 2)} - set(batch)), **batch}
    terminal = _terminal_id(session, terminal_pk)
    paid_after = {seq: _sale_paid(seq, p, around, referrers, terminal) for seq, p in bonuses.items()}
    first = _first_sales(session, terminal_pk, terminal, batch,
                         {sale[1] for sale in paid_after.values() if sale is not None})
    return {seq: p["member_id"] for seq, p in bonuses.items()
            if (sale := paid_after[seq]) is None or first.get(sale[1]) != sale[0]}


def _terminal_id(session: Session, terminal_pk: int) -> str:
    return session.get_one(Terminal, terminal_pk).terminal_id


def _held_entries(session: Session, terminal_pk: int, seqs: set[int]) -> dict[int, tuple[str, dict[str, Any]]]:
    if not seqs:
        return {}
    return {seq: (kind, json.loads(payload)) for seq, kind, payload in session.execute(
        select(Entry.seq, Entry.kind, Entry.payload).where(Entry.terminal_pk == terminal_pk,
                                                           among(session, Entry.seq, seqs)))}


def _sale_paid(seq: int, p: dict[str, Any], around: Entries,
               referrers: Mapping[str, str | None], terminal: str) -> tuple[int, str] | None:
    """The sale (its number, its member) a referral bonus follows as a till pays it, or None."""
    new = p.get("new_member_id")
    referrer = referrers.get(new) if isinstance(new, str) else None
    if referrer is None or not isinstance(new, str):
        return None
    if p["member_id"] == referrer and (sale := _sale_of(seq - 1, around.get(seq - 1), new, terminal)) is not None:
        return sale, new
    if p["member_id"] == new and _is_referral(around.get(seq - 1), referrer, new) \
            and (sale := _sale_of(seq - 2, around.get(seq - 2), new, terminal)) is not None:
        return sale, new
    return None


def _sale_of(seq: int, entry: tuple[str, dict[str, Any]] | None, member: str, terminal: str) -> int | None:
    """The number of the member's sale entry ``seq`` is, or gave the member (sale_member: 补积分); else None."""
    if entry is None or entry[1].get("member_id") != member:
        return None
    if entry[0] == "sale":
        return seq
    return _given_sale(entry[1], terminal) if entry[0] == "sale_member" else None


def _given_sale(p: dict[str, Any], terminal: str) -> int | None:
    return sale_number(str(p.get("sale_id", "")), terminal)


def _is_referral(entry: tuple[str, dict[str, Any]] | None, member: str, new: str) -> bool:
    return entry is not None and entry[0] == "bonus" and entry[1].get("reason") == "referral" \
        and (entry[1].get("member_id"), entry[1].get("new_member_id")) == (member, new)


def _first_sales(session: Session, terminal_pk: int, terminal: str, batch: Entries,
                 members: set[str]) -> dict[str, int]:
    """The number of each member's first sale at the terminal: held at the ledger, else in the batch."""
    if not members:
        return {}
    first = {str(member): int(seq) for member, seq in session.execute(select(Sale.member_id, func.min(Sale.seq)).where(
        Sale.terminal_pk == terminal_pk, among(session, Sale.member_id, members)).group_by(Sale.member_id))}
    for seq, (kind, p) in sorted(batch.items()):
        number = seq if kind == "sale" else _given_sale(p, terminal) if kind == "sale_member" else None
        if number is not None and p.get("member_id") in members:
            first[p["member_id"]] = min(first.get(p["member_id"], number), number)
    return first


def _shown(version: str) -> str:
    """A version as the report can show it: a forged one may be long or hold a new line."""
    return (json.dumps(version) if has_control_characters(version) else version)[:64]


def _merchant(session: Session, merchant: str) -> Merchant:
    found = session.get(Merchant, merchant)
    if found is None:
        raise LedgerRefusal("not_found", f"no merchant {merchant}", 404)
    return found


def conflicts(session: Session, merchant: str | None = None) -> list[dict[str, Any]]:
    """The recorded conflicts (of one merchant, or of all), first recorded first."""
    query = (select(Terminal.merchant_id, Terminal.store, Terminal.terminal_id, Terminal.last_seq, Conflict.seq, Conflict.at,
                    Conflict.kind, Conflict.held_hash, Conflict.sent_hash, Sale.member_id)
             .join(Terminal, Terminal.pk == Conflict.terminal_pk)
             .outerjoin(Sale, (Sale.terminal_pk == Conflict.terminal_pk) & (Sale.seq == Conflict.seq)))
    if merchant is not None:
        query = query.where(Terminal.merchant_id == _merchant(session, merchant).id)
    rows = session.execute(query.order_by(Conflict.id)).all()
    held_rules = _held_rules(session, {row.merchant_id for row in rows if row.kind in _RULES_KINDS})
    return [_reworked(row) if row.kind in REWORKED_KINDS and row.held_hash else
            _passed(row) if row.kind == TAMPERED and row.last_seq >= row.seq else
            _head(row) | {"what": WHAT[row.kind].format(sent=row.sent_hash), "to_do": TO_DO[row.kind],
                          "held_hash": row.held_hash or None, "sent_hash": row.sent_hash}
            for row in rows if _still_shown(row, held_rules)] + _oversold_rows(session, merchant)


def _passed(row: Any) -> dict[str, Any]:
    """A tampered entry the terminal's own chain has since gone past: the ledger refused it and kept nothing of it, and
    the terminal was never held back (a batch with a made-up hash sent with its token, or one fixed by a restore)."""
    return _head(row) | {"what": TAMPERED_PASSED.format(seq=row.seq), "to_do": TAMPERED_PASSED_TO_DO,
                         "held_hash": None, "sent_hash": row.sent_hash, "chain_continued": True}


def _head(row: Any) -> dict[str, Any]:
    return {"merchant": row.merchant_id, "store": row.store, "terminal": row.terminal_id, "seq": row.seq, "at": row.at,
            "kind": row.kind}


def _still_shown(row: Any, held_rules: dict[str, set[str]]) -> bool:
    """Rules the merchant has had since are no longer the owner's to look at; a sale credited otherwise still is."""
    return row.kind not in _RULES_KINDS or bool(row.held_hash) or row.sent_hash not in held_rules[row.merchant_id]


def _reworked(row: Any) -> dict[str, Any]:
    """A sale credited by the merchant's rules in force: listed whatever rules the merchant has had since."""
    till, ledger = figures(row.held_hash)
    return _head(row) | {"what": _reworked_what(row.kind, row.sent_hash, row.member_id, row.held_hash),
                         "to_do": _reworked_to_do(row.kind, row.store, row.member_id, row.held_hash), "held_hash": None,
                         "sent_hash": row.sent_hash, "member": row.member_id, "till_points": till, "ledger_points": ledger}


def _held_rules(session: Session, merchants: set[str]) -> dict[str, set[str]]:
    """The versions of the rule sets each merchant has had: the defaults, those in force and each one set since."""
    held: dict[str, set[str]] = {merchant: {RuleSet().version} for merchant in merchants}
    if merchants:
        for merchant, version in session.execute(select(MerchantRules.merchant_id, MerchantRules.version)
                                                 .where(MerchantRules.merchant_id.in_(merchants))):
            held[merchant].add(version)
        for merchant, in_force in session.execute(select(Merchant.id, Merchant.rules_version)
                                                  .where(Merchant.id.in_(merchants))):
            held[merchant].add(in_force or "")
    return held


def count(session: Session, merchant: str) -> int:
    """The merchant's recorded conflicts (those of rules it has set since left out), phones with more than one
    member and bonuses its rules do not give."""
    return len(conflicts(session, merchant)) + len(_shared(session, merchant)) + len(unexpected_bonuses(session, merchant))


def _shared(session: Session, merchant: str | None) -> list[tuple[str, str]]:
    """(currency, phone) of the phones with more than one member: in the merchant's points currency, or in any."""
    query = select(Member.currency, Member.phone).group_by(Member.currency, Member.phone).having(func.count() > 1)
    if merchant is not None:
        query = query.where(Member.currency == _merchant(session, merchant).currency)
    return [(currency, phone) for currency, phone in session.execute(query.order_by(Member.currency, Member.phone))]


def shared_phones(session: Session, merchant: str | None = None) -> list[dict[str, Any]]:
    """Each phone with more than one member in one points currency (of the merchant's, or of all): the members,
    first registered first, with where and when each was registered and its balance."""
    out: list[dict[str, Any]] = []
    for currency, phone in _shared(session, merchant):
        members = [_registered(session, member) for member in session.scalars(
            select(Member).where(Member.currency == currency, Member.phone == phone))]
        out.append({"currency": currency, "phone": mask_phone(phone), "what": SHARED_PHONE, "to_do": SHARED_PHONE_TO_DO,
                    "members": sorted(members, key=lambda m: (m["registered_at"] or m["registered_on"], m["id"]))})
    return out


def _registered(session: Session, member: Member) -> dict[str, Any]:
    """Where and when the member was registered (its member_add entry), and its balance now."""
    merchant = session.get(Merchant, member.merchant_id)
    today = merchant_today(merchant).isoformat()
    held = session.scalar(select(func.coalesce(func.sum(Lot.remaining), 0))
                          .where(Lot.member_id == member.id, Lot.expires_on >= today))
    added = session.execute(select(Entry.store, Terminal.terminal_id, Entry.at, Entry.payload)
                            .join(Terminal, Terminal.pk == Entry.terminal_pk)
                            .where(Entry.merchant_id == member.merchant_id, Entry.business_date == member.registered_on,
                                   Entry.kind == "member_add", Entry.payload.contains(member.id))).all()
    store, terminal, at = next(((store, terminal, at) for store, terminal, at, payload in added
                                if json.loads(payload).get("member_id") == member.id), (None, None, None))
    local = None if at is None else datetime.fromisoformat(at).astimezone(
        ZoneInfo(merchant.timezone if merchant else "Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
    return {"id": member.id, "merchant": member.merchant_id, "store": store, "terminal": terminal,
            "registered_on": member.registered_on, "registered_at": local,
            "balance": int(held or 0) - member.debt}


def unexpected_bonuses(session: Session, merchant: str | None = None) -> list[dict[str, Any]]:
    """The bonuses (of one merchant, or of all) whose points for their reason neither a rule set the merchant has had
    gives nor one their terminal journaled before them."""
    merchants = ([_merchant(session, merchant)] if merchant is not None
                 else list(session.scalars(select(Merchant).order_by(Merchant.id))))
    return [bonus for held in merchants for bonus in _unexpected(session, held)]


def _given(session: Session, merchant: Merchant) -> dict[str, set[int]]:
    """The points each reason's bonus is by the rule sets the merchant has had: the defaults every merchant starts
    with, those in force and each one set since the ledger kept them (merchant_rules)."""
    held = session.scalars(select(MerchantRules.rules).where(MerchantRules.merchant_id == merchant.id))
    rule_sets = [{}, json.loads(merchant.rules) if merchant.rules else {}, *map(json.loads, held)]
    defaults = RuleSet()
    return {reason: {rules.get(rule, getattr(defaults, rule)) for rules in rule_sets} for reason, rule in BONUSES.items()}


class _Journaled:
    """The rule sets each of the merchant's terminals journaled (its "rules" entries, read in one statement), looked
    up as the earning check does (ledger.earning.RuleBook): a bonus may be by one journaled before it, unless it was
    journaled once the terminal had connected (``unheld_rules``)."""

    def __init__(self, session: Session, merchant: Merchant) -> None:
        from ledger.earning import RuleBook  # earning imports this module's conflict kinds

        entries: dict[int, list[tuple[int, dict[str, Any]]]] = {}
        unheld = select(Conflict.id).where(Conflict.terminal_pk == Entry.terminal_pk, Conflict.seq == Entry.seq,
                                           Conflict.kind == UNHELD_RULES)
        for terminal_pk, seq, payload in session.execute(
                select(Entry.terminal_pk, Entry.seq, Entry.payload)
                .where(Entry.merchant_id == merchant.id, Entry.kind == "rules", ~unheld.exists())
                .order_by(Entry.seq)):
            entries.setdefault(terminal_pk, []).append((seq, json.loads(payload)))
        self._books = {pk: RuleBook({}, lambda: (), batch=held) for pk, held in entries.items()}
        self._versions = {pk: {str(p["version"]) for _, p in held if isinstance(p, dict) and "version" in p}
                          for pk, held in entries.items()}

    def given(self, terminal_pk: int, seq: int, reason: str) -> set[int]:
        """The points a ``reason`` bonus is by the rule sets the terminal journaled before entry ``seq``."""
        book = self._books.get(terminal_pk)
        if book is None or reason not in BONUSES:
            return set()
        found = (book.get(version, seq) for version in self._versions[terminal_pk])
        return {getattr(rules, BONUSES[reason]) for rules in found if rules is not None}


def _unexpected(session: Session, merchant: Merchant) -> list[dict[str, Any]]:
    given = _given(session, merchant)
    bonuses = session.execute(select(Entry.store, Terminal.terminal_id, Entry.terminal_pk, Entry.seq,
                                     Entry.business_date, Entry.payload)
                              .join(Terminal, Terminal.pk == Entry.terminal_pk)
                              .where(Entry.merchant_id == merchant.id, Entry.kind == "bonus")
                              .order_by(Entry.business_date, Entry.terminal_pk, Entry.seq)).all()
    journaled: _Journaled | None = None
    out: list[dict[str, Any]] = []
    for store, terminal, terminal_pk, seq, day, payload in bonuses:
        p = json.loads(payload)
        reason = str(p.get("reason"))  # only signup or referral since the ledger checks it; before, anything
        allowed = given.get(reason, set())
        if p["points"] in allowed:
            continue
        journaled = journaled or _Journaled(session, merchant)  # read only when some bonus needs it
        allowed = allowed | journaled.given(terminal_pk, seq, reason)
        if p["points"] not in allowed:
            out.append({"merchant": merchant.id, "store": store, "terminal": terminal, "seq": seq,
                        "member": p["member_id"], "reason": reason, "points": p["points"], "given": sorted(allowed),
                        "date": day, "what": UNEXPECTED_BONUS, "to_do": _bonus_to_do(store)})
    return out
