"""The one place that wires the terminal: engine, migrations, identity, rules and clock."""

import re
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from terminal import db
from terminal.clock import Clock, zone
from terminal.config import load_settings
from terminal.errors import Refused
from terminal.home import Home
from terminal.journal import Who, format_instant
from terminal.keys import KeyFiles, create_key_pair, create_merchant_keys
from terminal.lang import say
from terminal.ledger_link import link_state
from terminal.models import RuleSetRow, StoreInfo
from terminal.rules import RuleSet, load_rules, rules_from_json, rules_to_json
from terminal.services.cashiers import create_cashier
from terminal.services.common import record
from terminal.shop import Shop
from terminal.uow import UnitOfWork

DEFAULT_RULES = Path(__file__).with_name("default_rules.toml")
_TERMINAL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")


@dataclass
class Till:
    """A terminal's store, opened and ready: hand ``uow()`` to a service with ``shop``."""

    home: Home
    engine: Engine
    shop: Shop
    notices: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._write = db.session_factory(self.engine)
        self._read: sessionmaker[Session] = db.session_factory(self.engine.execution_options(**db.READ_ONLY))

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self._write)

    def reading(self) -> UnitOfWork:
        return UnitOfWork(self._read)

    def close(self) -> None:
        self.engine.dispose()


def _active_rules(session: Session) -> RuleSet:
    row = session.scalar(select(RuleSetRow).order_by(RuleSetRow.seq.desc()).limit(1))
    return rules_from_json(row.body) if row else RuleSet()


def _adopt(session: Session, shop: Shop, rules: RuleSet) -> None:
    entry = record(session, shop, "rules", Who(None), {"version": rules.version, "rules": rules.to_dict()})
    session.merge(RuleSetRow(version=rules.version, body=rules_to_json(rules), seq=entry.seq))


def open_till(home: Home, clock: Clock | None = None) -> Till:
    """Open the store in ``home``; a changed rules file is adopted if valid, else reported and ignored."""
    if not home.db.exists():
        raise Refused("not_initialised", f"no store in {home.root}; create one with 'jifen init'",
                      f"{home.root} 中没有门店数据；请先运行 jifen init")
    engine = db.open_engine(home.db)
    db.migrate(engine)
    clock = clock or Clock.from_env()
    notices: list[str] = []
    with UnitOfWork(db.session_factory(engine)) as uow:
        info = uow.session.get(StoreInfo, 1)
        if info is None:
            engine.dispose()
            raise Refused("not_initialised", f"{home.db} holds no store", f"{home.db} 中没有门店数据")
        active = _active_rules(uow.session)
        shop = Shop(info.store, info.terminal_id, info.merchant, zone(info.timezone), active, clock,
                    link_state(uow.session, clock), print_receipts=_has_printer(home))
        if home.rules.exists():
            try:
                wanted = load_rules(home.rules)
            except Refused as bad:
                notices.append(f"{bad.message} — {_keeping(active)}")
                wanted = active
            if wanted.version != active.version:
                shop = replace(shop, rules=wanted)
                _adopt(uow.session, shop, wanted)
                uow.commit()
    return Till(home, engine, shop, notices)


def _has_printer(home: Home) -> bool:
    try:
        return load_settings(home.config).printer
    except Refused:
        return False  # a broken config.toml is reported where it is used; the store still opens


def _keeping(rules: RuleSet) -> str:
    return say(f"the rules in force (version {rules.version}) stay in force", f"继续使用现行规则（版本 {rules.version}）")


def init_store(home: Home, *, store: str, terminal_id: str, merchant: str, timezone: str, owner: str, pin: str,
               clock: Clock | None = None) -> Till:
    """Create the store: database, default rules file, key pairs, and the owner's account."""
    if home.db.exists():
        raise Refused("already_exists", f"{home.root} already holds a store", f"{home.root} 中已有门店数据")
    if not _TERMINAL_ID.fullmatch(terminal_id):
        raise Refused("bad_input", "a terminal id is 1 to 32 letters, digits, '.', '_' or '-'",
                      "终端编号应为 1 到 32 个字母、数字、“.”、“_”或“-”")
    if not _TERMINAL_ID.fullmatch(merchant):
        raise Refused("bad_input", "a merchant id is 1 to 32 letters, digits, '.', '_' or '-'",
                      "商户编号应为 1 到 32 个字母、数字、“.”、“_”或“-”")
    store = store.strip()
    if not store or len(store) > 64:
        raise Refused("bad_input", "a store name is 1 to 64 characters", "门店名称应为 1 到 64 个字符")
    tz = zone(timezone)
    clock = clock or Clock.from_env()
    rules = load_rules(home.rules) if home.rules.exists() else RuleSet()
    home.root.mkdir(parents=True, exist_ok=True)
    engine = db.open_engine(home.db)
    try:
        db.migrate(engine)
        shop = Shop(store, terminal_id, merchant, tz, rules, clock)
        with UnitOfWork(db.session_factory(engine)) as uow:
            session = uow.session
            session.add(StoreInfo(id=1, store=store, terminal_id=terminal_id, merchant=merchant, timezone=timezone,
                                  created_at=format_instant(clock.now())))
            public_key = create_key_pair(home.private_key, home.public_key)
            # A standalone shop is its own merchant until it joins a ledger.
            merchant_keys = create_merchant_keys(KeyFiles(home.private_key.parent), merchant)
            record(session, shop, "store_init", Who(owner),
                   {"store": store, "terminal": terminal_id, "merchant": merchant, "timezone": timezone,
                    "public_key": public_key, "merchant_key": merchant_keys.merchant_key,
                    "certificate": merchant_keys.certificate})
            _adopt(session, shop, rules)
            create_cashier(session, shop, Who(owner), owner, "owner", pin)
            uow.commit()
    except BaseException:
        engine.dispose()
        for leftover in (home.db, Path(f"{home.db}-wal"), Path(f"{home.db}-shm")):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(home.private_key.parent, ignore_errors=True)
        raise
    if not home.rules.exists():
        shutil.copyfile(DEFAULT_RULES, home.rules)
    return Till(home, engine, shop)

