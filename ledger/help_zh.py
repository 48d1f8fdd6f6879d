"""The Chinese of every description and option help of `jifen-ledger` (argparse's own words are in
terminal.argparse_zh). One added without its Chinese fails tests/ledger/test_cli_help_zh.py."""

from ledger.db_url import ACCEPTED_URLS

HELP_ZH: dict[str, str] = {
    "jifen central ledger": "积分总账（jifen-ledger）",
    f"{ACCEPTED_URLS}; else $JIFEN_LEDGER_DB, else a SQLite file in the data folder":
        f"{ACCEPTED_URLS.replace(' or ', ' 或 ')}；未给出时取 $JIFEN_LEDGER_DB，再没有则用数据文件夹中的 SQLite 文件",
    "print one JSON object": "输出一个 JSON 对象",
    "create or upgrade the schema": "创建或升级数据库结构",
    "copy a SQLite ledger to a new file, while it serves too (PostgreSQL: pg_dump)":
        "把 SQLite 总账复制到新文件，服务运行时也可以（PostgreSQL：用 pg_dump）",
    "run the HTTP API": "运行 HTTP API 服务",
    "merchants": "商户",
    "terminals": "终端",
    "make an admin token for the HTTP API and print it, once": "生成 HTTP API 的管理令牌并显示（只显示这一次）",
    "reports": "报表",
    "the points mall: gifts and coupons terminals pull with the rules": "积分商城：终端随规则一起取回的礼品和优惠券",
    "partner offers: redemption codes members claim for points": "合作方活动：会员用积分领取的合作方兑换码",
    "net points settlement between merchants": "商户之间的积分净额结算",
    "expire every lot due by the date (default today)": "让到该日期为止到期的积分全部过期（默认今天）",
    "address to listen on (default 127.0.0.1: this machine only)": "监听的地址（默认 127.0.0.1：仅限本机）",
    "1 to 65535 (default 8470)": "1 到 65535（默认 8470）",
    "server processes, one per core (default 1)": "服务进程数，每个 CPU 核心一个（默认 1）",
    "add a merchant": "添加商户",
    "set the rule set terminals pull, from a rules.toml": "用 rules.toml 设置终端取回的积分规则",
    "each rule set the merchant's tills were given, oldest first: when it was set and what it changed":
        "商户各终端先后获得的每套规则：设置时间及其改动",
    "set it even though settings the file leaves out go back to their defaults":
        "即使文件缺少的设置将恢复为默认值，也照样设置",
    "share a points currency with the merchants naming the same one": "与填写同一名称的商户共用一种积分",
    "what a point is worth when merchants settle": "商户之间结算时一个积分值多少分",
    "its stores' time zone, for business dates and expiry (default Asia/Shanghai)":
        "其门店的时区，用于营业日和积分到期（默认 Asia/Shanghai）",
    "register a terminal and print its token, once": "登记终端并显示其令牌（只显示这一次）",
    "refuse a lost or stolen terminal's token from now on": "从现在起拒绝丢失或被盗终端的令牌",
    "issue a terminal a new token, print it once (the old one stops working)": "为终端签发新令牌并显示一次（旧令牌随即失效）",
    "the merchant's terminals: state, entries held, when the last arrived, rules version, conflicts":
        "商户的终端：状态、已收到的记录、最近一条何时到达、规则版本、冲突",
    "day totals across the merchant's stores": "商户各门店合计的当日汇总",
    "the last day of a period from --date: its totals, each member served counted once":
        "从 --date 起一段期间的最后一天：给出该期间的汇总，每位服务会员只计一次",
    "members in debt, with the entries that did it": "欠分的会员，以及造成欠分的记录",
    "entries terminals sent that the ledger could not take as sent (changed, or off their chain), phones with two "
    "members, bonuses no rules of the merchant give, and what to do":
        "终端发来而总账无法按原样接收的记录（被改动或不在其链上）、对应两位会员的手机号、商户规则并未给出的奖励积分，"
        "以及如何处理",
    "coupons used twice (offline, at two terminals), found at sync": "同步时发现的用了两次的优惠券（离线时在两台终端上）",
    "members who took a gift or coupon more often than its per-member limits allow, counting every terminal's synced "
    "exchanges":
        "兑换礼品或优惠券的次数超过每位会员限额的会员（按各终端已同步的兑换计算）",
    "only this merchant's (default: every merchant's)": "只看这个商户的（默认：所有商户的）",
    "add or replace a catalog item from JSON (the fields of terminal.mall.catalog)":
        "用 JSON 添加或替换目录中的一项（字段同 terminal.mall.catalog）",
    "set an item's stock at one store": "设置某一项在一家门店的库存",
    "the merchant's catalog with each store's stock": "商户的目录及各门店的库存",
    "add an offer and its codes (one per line in FILE)": "添加活动及其兑换码（FILE 中每行一个）",
    "when the drop opens (2026-03-01T20:00:00+08:00)": "开放领取的时间（如 2026-03-01T20:00:00+08:00）",
}
