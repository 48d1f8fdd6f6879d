"""The OpenAPI document's words: what each route does, which token it needs, and the refusals it really sends, each
an {"error", "message"} (``Problem``) body. A client written from /v1/openapi.json alone must be able to rely on them."""

from html import escape
from typing import Any

from sync.protocol import MAX_BATCH, Problem

TERMINAL = "Needs a terminal's token (Authorization: Bearer jt_…)."
ADMIN = "Needs an admin token (Authorization: Bearer …, from `jifen-ledger admin-token`)."

_WHY: dict[int, str] = {
    401: "No token, or a token the ledger does not know (`unauthorized`); the answer carries WWW-Authenticate: Bearer.",
    403: "A revoked terminal's token, or a terminal's token where an admin token is needed (`forbidden`).",
    404: "A merchant, store, terminal, item, offer or member named that the ledger does not hold (`not_found`).",
    409: "Refused as things stand: already exists, already claimed, out of stock, not on sale, member in debt or "
         "without the points; or a write the database refused as inconsistent with what it holds (`conflicting`: "
         "nothing was stored).",
    413: f"Over {MAX_BATCH} entries, or a body over 8 MB (`too_large`); the connection is then closed.",
    415: "A body not sent as application/json in UTF-8, uncompressed (`unsupported_media_type`).",
    422: "A parameter or body not in its documented form (`bad_input`: the message names it; a body not JSON, or not "
         "UTF-8), or a value refused.",
    503: "The database cannot store anything now (`unavailable`: down; `busy`: a lock or a statement timed out, out "
         "of connections, too many batches at once; `database_full`, `database_read_only`): send again after "
         "Retry-After seconds. A connection cut as the database committed can leave a batch stored behind a 503: "
         "sent again, its entries are duplicates.",
}
_RETRY_AFTER = {"Retry-After": {"description": "seconds to wait before asking again (30 when the database is down, "
                                               "300 when its disk is full or read-only)",
                                "schema": {"type": "integer"}}}
_CHALLENGE = {"WWW-Authenticate": {"description": "Bearer", "schema": {"type": "string"}}}


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The responses map of a route that refuses with ``codes``."""
    answers: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        answers[code] = {"model": Problem, "description": _WHY[code]}
        if code == 503:
            answers[code]["headers"] = _RETRY_AFTER
        if code == 401:
            answers[code]["headers"] = _CHALLENGE
    return answers


def bodiless(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The responses map of a HEAD route: the same refusals, without their bodies."""
    return {code: {key: value for key, value in answer.items() if key != "model"}
            for code, answer in problems(*codes).items()}


AUTHORIZED = (401, 403, 422, 503)
WITH_BODY = (401, 403, 413, 415, 422, 503)

HEALTH = ("Up, and its database with it: 503 when the database does not answer in time, the ledger is busy (every "
          "connection or worker thread in use, or a batch waiting 20 s or more on the database), or a write failed for "
          "want of room (of a writable database) in the last minute and none went through since. No token needed.")
HEALTH_HEAD = "As GET /v1/health, without a body: for load balancers. No token needed."
WHOAMI = (f"{TERMINAL} The merchant, store and terminal the token belongs to. With `held=true`, `held_seq`: the last "
          "of its entries the ledger holds; with `timezone=true`, the merchant's time zone. With `at=N`, for a terminal "
          "restored from an older backup: `held_hash` and `held_liability` (hash and running points total of the last "
          "entry held; the genesis hash and 0 when none), and `hash_at`, the hash of its entry N as held (absent when "
          "not held). With `gap=true` too, where the ledger holds entries past N: `held_date` (business date of the "
          "last), `held_z` and `held_z_seq` (the last Z closed among them and its entry). Fields not asked for are "
          "absent.")
BATCHES = (f"{TERMINAL} A terminal's journal entries, in order, at most {MAX_BATCH} and 8 MB, applied in one "
           "transaction (all or nothing). Idempotent per (terminal, seq): an entry held already with the same hash is "
           "`duplicate`; one differing from what is held, or not continuing the chain, is `conflict` (recorded for the "
           "owner). Entries past a missing one are `held`, and `gap` names the one the ledger waits for. "
           "`acknowledged_seq`: every entry up to it is held. An entry whose hash does not match its content refuses "
           "the whole batch (422 `tampered`). `snapshot` chooses the members' shape.")
CHANGES = (f"{TERMINAL} Members changed after `cursor` (oldest first, a page at a time), the merchant's rule set, deny "
           "list and public keys. `cursor` is the ledger's change counter: start from 0 and send back the `cursor` "
           "answered. When `more` is true the page was full: ask again from the new cursor. A cursor ahead of the "
           "ledger's counter (a ledger restored from a backup) sends everything again from 0.")
MERCHANTS = f"{ADMIN} Adds a merchant (409 when its id is taken). Answers its id."
TERMINALS = (f"{ADMIN} Registers a terminal of a merchant's store and answers its token, shown this once (the ledger "
             "keeps only its SHA-256 hash).")
REPORT_DAY = (f"{ADMIN} A merchant's, store's or terminal's totals for `day` (or from `day` to `until`, at most 366 "
              "days), and the live terminals in scope whose later sales the ledger has not had (`behind`). Dates are "
              "YYYY-MM-DD.")
MERCHANT_REPORT_DAY = (f"{TERMINAL} Read-only: the terminal's merchant's totals for `day` (or to `until`), by terminal "
                       "with `by=terminal`. Dates are YYYY-MM-DD.")
OVERDRAWN = f"{ADMIN} The merchant's members in debt, with the entries that made it."
SETTLEMENT = (f"{ADMIN} Each merchant's net position from `start` to `end` (YYYY-MM-DD, inclusive): what others "
              "redeemed of its points (it owes) and what it redeemed of theirs (it is owed), in points and in fen.")
MALL_ITEM = f"{ADMIN} Adds or replaces an item of the merchant's mall catalog, checked as terminals check it."
MALL_ITEMS = f"{ADMIN} The merchant's mall catalog."
MALL_STOCK = f"{ADMIN} Sets how many of an item a store has left (0 to 1,000,000)."
MALL_OFFER = (f"{ADMIN} Adds a partner offer: a drop of redemption codes for points, open from `starts_at` to "
              "`ends_at` (409 when its id is taken).")
MALL_CATALOG = (f"{TERMINAL} The merchant's gifts and coupons, the stock left at the terminal's store (absent: no "
                "limit), and the offers open for claims.")
MALL_CLAIM = (f"{TERMINAL} Claims a code of an offer for a member, online: takes the points and answers the code. "
              "Asked again by the same terminal (its answer lost), answers the same claim and changes nothing.")
MALL_TAKES = (f"{TERMINAL} Members' takes of limited mall items (in all, and today). With `cursor`, those changed "
              "after it, a page at a time, with the next `cursor` and `more`; without, every take at once.")
LIMIT_BREACHES = (f"{ADMIN} Members who took an item more often than its per-member limits allow (in all, or on one "
                  "day), counting every terminal's synced takes, with which terminals took how many.")
COUPON_CLASHES = f"{ADMIN} Mall coupons used twice (at terminals offline from each other), with both uses."


def docs_page(spec: dict[str, Any]) -> str:
    """/v1/docs: the routes as plain HTML with no outside assets (Swagger UI from a CDN is a blank page offline and
    in mainland China); the full document is linked."""
    rows = "".join(f"<h2><code>{escape(method.upper())} {escape(path)}</code></h2><p>{escape(op.get('description', ''))}"
                   f"</p><p>Answers: {escape(', '.join(op.get('responses', {})))}</p>"
                   for path, ops in spec["paths"].items() for method, op in ops.items())
    title = escape(f"{spec['info']['title']} {spec['info']['version']}")
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body><h1>{title}</h1>'
            '<p>The full OpenAPI document (schemas, parameters, every answer) is <a href="/v1/openapi.json">'
            '/v1/openapi.json</a>: load it into any OpenAPI tool. Refusals are {"error", "message"} bodies.</p>'
            f"{rows}</body></html>")
