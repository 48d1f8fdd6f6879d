"""The ledger's HTTP API, version 1. Every refusal is a 4xx with {"error", "message"}; a database that cannot store
anything now (down, its disk full, or taking no writes) a 503 of the same shape, with Retry-After."""

import asyncio
import gc
import json
import logging
import threading
import time
import traceback
from contextvars import ContextVar
from typing import Annotated, Any, Literal

import anyio.to_thread
import psycopg
from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine, event, select
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, InternalError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Send
from starlette.types import Scope as AsgiScope

from ledger import api_docs as docs
from ledger import db, mall_api, service, terminal_list
from ledger.api_params import Day, Flag, Number
from ledger.db_url import default_url
from ledger.checks import BadEntry
from ledger.ingest import ingest
from ledger.media_type import UNSUPPORTED, media_refusal
from ledger.models import AdminToken, Entry, Merchant, Terminal
from ledger.service import LedgerRefusal, Scope
from ledger.shapes import SnapshotShape, with_snapshots
from ledger.snapshots import changes_since, rules_of
from sync.protocol import (
    GENESIS_HASH,
    MAX_BATCH,
    PROTOCOL,
    Batch,
    BatchAnswer,
    Changes,
    WhoAmI,
)

log = logging.getLogger("jifen.ledger")
MAX_BODY = 8 * 1024 * 1024
# Batches a server process applies at once; the rest wait their turn before opening a transaction.
# More only take turns at the GIL, and a batch that has taken the change counter (see
# ledger.snapshots.next_change) would hold its lock, and every batch behind it, while it waits.
BATCHES_AT_ONCE = 2
# How long a batch waits for its turn: those queued behind a stalled one each hold a worker thread, and enough of
# them leave none for any other request.
TURN_WAIT_S = 20
bearer = HTTPBearer(auto_error=False, description="a terminal's token, or an admin token")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


class MerchantIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    id: Annotated[str, Field(min_length=1, max_length=32)]
    name: Annotated[str, Field(min_length=1, max_length=64)]
    currency: Annotated[str | None, Field(max_length=32)] = None
    fen_per_point: Annotated[int, Field(ge=1, le=10_000)] = 1
    timezone: Annotated[str, Field(min_length=1, max_length=64)] = "Asia/Shanghai"


class TerminalIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    merchant: Annotated[str, Field(min_length=1, max_length=32)]
    store: Annotated[str, Field(min_length=1, max_length=64)]
    terminal: Annotated[str, Field(min_length=1, max_length=32)]


class TokenOut(BaseModel):
    token: str


def _problem(status: int, code: str, message: str) -> JSONResponse:
    answer = JSONResponse(status_code=status, content={"error": code, "message": message})
    if status == 401:
        answer.headers["WWW-Authenticate"] = "Bearer"
    return answer


class LimitBody:
    """Refuses a body over MAX_BODY without reading the rest: at once when its Content-Length says so, else as soon
    as the bytes streamed in (chunked) pass it. A body sent without a token, or as anything but JSON in UTF-8
    (``ledger.media_type``), is refused before any of it is read.
    Plain ASGI: the decorator's middleware costs each request a task and a stream of its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: AsgiScope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = _body_refusal(Headers(scope=scope))
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, _counted(receive), send)


def _closing(status: int, code: str, message: str) -> JSONResponse:
    """A refusal after which the server closes the connection, rather than read the unwanted body to its end."""
    answer = _problem(status, code, message)
    answer.headers["Connection"] = "close"
    return answer


_TOO_LARGE = f"a request body may be at most {MAX_BODY} bytes"


def _body_refusal(headers: Headers) -> JSONResponse | None:
    length = headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
        return _closing(413, "too_large", _TOO_LARGE)
    has_body = (length is not None and int(length) > 0) or "transfer-encoding" in headers
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if has_body and (scheme.lower() != "bearer" or not token.strip()):
        log.warning("refused a request body sent without a token")
        return _closing(401, "unauthorized", "a token is needed (Authorization: Bearer TOKEN)")
    unsupported = media_refusal(headers) if has_body else None
    return None if unsupported is None else _closing(415, UNSUPPORTED, unsupported)


def _counted(receive: Receive) -> Receive:
    """``receive``, refusing the body as soon as it passes MAX_BODY. An HTTPException, which FastAPI lets through
    from reading the body, becomes the 413 (see ``http_error``)."""
    received = 0

    async def counting() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > MAX_BODY:
                raise StarletteHTTPException(413, _TOO_LARGE, headers={"Connection": "close"})
        return message

    return counting


def collect_less() -> None:
    """For a server process, once its app is made: batches make many short-lived objects, and the
    app's own live as long as the process, so the collector need not walk them again and again."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


SERVED_APP = "ledger.api:served_app"


def served_app() -> FastAPI:
    """The app of one server process, on the database $JIFEN_LEDGER_DB names: what each of uvicorn's
    worker processes makes for itself under `jifen-ledger serve --workers N`."""
    app = create_app(db.open_engine(default_url(), serving=True))
    collect_less()
    return app


HEALTH_TIMEOUT_S = 3.0
# How long a terminal is asked to wait before it sends again: a server restarts in seconds, a full or read-only disk
# (or a standby server) waits for its operator.
RETRY_AFTER_S: dict[db.Unusable, int] = {"down": 30, "full": 300, "read_only": 300, "busy": 30}
# A terminal older than the code "busy" takes it as any 503 it does not know: the link is down, try again later.
UNUSABLE: dict[db.Unusable, tuple[str, str]] = {
    "down": ("unavailable", "the ledger's database cannot be reached now; try again later"),
    "busy": ("busy", "the ledger is busy: its database did not answer in time (waiting on locks, or too much "
                            "at once); try again later"),
    "full": ("database_full", "the ledger's database is full: it cannot store anything now; its operator must make "
                              "room on its disk; try again later"),
    "read_only": ("database_read_only", "the ledger's database takes no writes now (a read-only disk or a standby "
                                        "server); its operator must fix it; try again later"),
}


def _cannot_store(why: db.Unusable, message: str | None = None) -> JSONResponse:
    """503: the transaction was rolled back (unless the connection was lost as it committed); the terminal keeps its
    entries and sends them again, as duplicates if they were stored."""
    code, said = UNUSABLE[why]
    answer = _problem(503, code, message or said)
    answer.headers["Retry-After"] = str(RETRY_AFTER_S[why])
    return answer


# A request taking this long is logged, with what it was and for whom (never its token).
SLOW_REQUEST_S = 5
# A batch in flight for this long waits on the database (a lock, most likely): health says the ledger is busy.
BATCH_STUCK_S = 20
# Who the request being served is for ("merchant/terminal"), once its token is known: for the log.
_asker: ContextVar[dict[str, str] | None] = ContextVar("jifen_ledger_asker", default=None)


def _for_whom() -> str:
    said = _asker.get()
    return f" for {said['who']}" if said and "who" in said else ""


class BatchesInFlight:
    """When each batch this process is applying had come whole (its upload, on a slow line, is not the database's
    wait), for health."""

    clock = staticmethod(time.monotonic)

    def __init__(self) -> None:
        self.started: dict[int, float] = {}

    def oldest_s(self) -> float:
        started = list(self.started.values())
        return self.clock() - min(started) if started else 0


class Watch:
    """Logs each request that took SLOW_REQUEST_S or more, or failed with an exception no handler answered, with its
    method, path, terminal, status and duration, even when its terminal gave up waiting; keeps when each batch in
    flight started."""

    clock = staticmethod(time.monotonic)

    def __init__(self, app: ASGIApp, batches: BatchesInFlight) -> None:
        self.app = app
        self.batches = batches

    async def __call__(self, scope: AsgiScope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = self.clock(), [500]
        batch = scope["method"] == "POST" and scope["path"] == "/v1/batches"
        _asker.set({})

        async def receiving() -> Message:
            message = await receive()
            if batch and message["type"] == "http.request" and not message.get("more_body", False):
                self.batches.started[id(scope)] = self.batches.clock()  # from here on it waits on the ledger only
            return message

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        failed = True
        try:
            await self.app(scope, receiving, sending)
            failed = False
        finally:
            self.batches.started.pop(id(scope), None)
            took = self.clock() - started
            if took >= SLOW_REQUEST_S or failed:
                log.warning("%s %s%s: %s after %.1f s", scope["method"], scope["path"], _for_whom(), status[0], took)


def _saturated(engine: Engine) -> str | None:
    """What this process has run out of, if anything: the threads its routes run on, or connections to the database."""
    threads = anyio.to_thread.current_default_thread_limiter()
    if threads.borrowed_tokens >= threads.total_tokens:
        return f"all its {threads.total_tokens:.0f} worker threads are in use"
    if db.pool_exhausted(engine):
        return "all its connections to the database are in use"
    return None


def _stack_only(exc: BaseException) -> str:
    """Where an exception was raised, without its message: a database error's DETAIL can hold a row's contents (a
    member's phone number and name)."""
    return "".join(traceback.format_tb(exc.__traceback__)).rstrip()


def _ping(engine: Engine) -> None:
    """SELECT 1 on a connection of the pool, outside SQLAlchemy's transactions (SQLite: no write lock)."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT 1")
        cursor.fetchall()
        cursor.close()
    finally:
        connection.close()


# How long a write that failed for want of room (or of a writable database) keeps /v1/health at 503, unless a write
# goes through first.
CANNOT_WRITE_FOR_S = 60.0
_WRITES = ("INSERT", "UPDATE", "DELETE")


class Writes:
    """Why this process's last write failed, when it was for want of room or of a writable database (the 503
    handler's ``full`` or ``read_only``), until a write goes through: health answers by it, for a database that
    answers SELECT but stores nothing, without writing to find out."""

    clock = staticmethod(time.monotonic)  # when a write failed, and how long ago; tests move it

    def __init__(self, engine: Engine, factory: sessionmaker[Session]) -> None:
        self._failed: tuple[float, db.Unusable] | None = None
        self._wrote = threading.local()  # whether the transaction of this thread wrote something
        event.listen(engine, "after_cursor_execute", self._executed)
        event.listen(factory, "after_begin", self._forget)
        event.listen(factory, "after_rollback", self._forget)
        event.listen(factory, "after_commit", self._committed)

    def failed(self, why: db.Unusable) -> None:
        self._failed = (self.clock(), why)

    def failing(self) -> db.Unusable | None:
        failed = self._failed
        return failed[1] if failed is not None and self.clock() - failed[0] < CANNOT_WRITE_FOR_S else None

    def _executed(self, _conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if statement.lstrip()[:6].upper() in _WRITES:
            self._wrote.done = True

    def _forget(self, *_args: Any) -> None:
        self._wrote.done = False

    def _committed(self, _session: Session) -> None:
        if getattr(self._wrote, "done", False):
            self._failed = None
        self._wrote.done = False


def create_app(engine: Engine) -> FastAPI:
    factory = db.sessions(engine)
    writes = Writes(engine, factory)
    ingest_slots = threading.BoundedSemaphore(BATCHES_AT_ONCE)
    app = FastAPI(title="jifen ledger", version=str(PROTOCOL), openapi_url="/v1/openapi.json", docs_url=None,
                  redoc_url=None, redirect_slashes=False)

    app.add_middleware(LimitBody)
    batches = BatchesInFlight()
    app.add_middleware(Watch, batches=batches)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        return _problem(422, "bad_input", f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:  # FastAPI could not read the body (not UTF-8); JSON it cannot parse is a 422 already
            return _problem(422, "bad_input", "the body is not JSON in UTF-8")
        code = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                413: "too_large"}.get(exc.status_code, "bad_request")
        answer = _problem(exc.status_code, code, str(exc.detail))
        answer.headers.update(exc.headers or {})
        return answer

    @app.exception_handler(LedgerRefusal)
    async def refused(_request: Request, exc: LedgerRefusal) -> JSONResponse:
        return _problem(exc.status, exc.code, exc.message)

    @app.exception_handler(BadEntry)
    async def bad_entry(_request: Request, exc: BadEntry) -> JSONResponse:
        return _problem(422, "bad_entry", str(exc))

    @app.exception_handler(500)
    async def failed(_request: Request, _exc: Exception) -> JSONResponse:
        """A bug, in the ledger's own shape: a terminal tells it from a page of a proxy before the ledger. Starlette
        raises the exception on after this answer, so its traceback is still logged."""
        return _problem(500, "internal", "the ledger failed; its log says why")

    async def unstorable(_request: Request, exc: Exception) -> JSONResponse:
        """A value the database refuses to store (PostgreSQL: text with a NUL character); the transaction
        was rolled back, nothing was written."""
        cause = db.first_line(exc)
        log.warning("refused a value the database cannot store: %s", cause)
        if "NUL" in cause:
            return _problem(422, "bad_input", "text may not contain NUL (\\u0000) characters")
        return _problem(422, "bad_input", "a value in the request cannot be stored")

    app.add_exception_handler(DataError, unstorable)
    app.add_exception_handler(psycopg.DataError, unstorable)  # from COPY, which SQLAlchemy does not wrap

    async def database_failed(request: Request, exc: Exception) -> JSONResponse:
        """A database error that is a bug: a 500, logged with where it was raised and the database's first line,
        never its DETAIL (which can hold a row's contents)."""
        log.error("%s %s%s failed: %s: %s\n%s", request.method, request.url.path, _for_whom(),
                  type(getattr(exc, "orig", None) or exc).__name__, db.first_line(exc), _stack_only(exc))
        return _problem(500, "internal", "the ledger failed; its log says why")

    async def unavailable(request: Request, exc: Exception) -> JSONResponse:
        """The database cannot be reached or used now (PostgreSQL stopped or restarting), it is busy (a lock or a
        statement timed out, out of connections or memory, serialization failures after every retry), its disk is
        full, or it takes no writes (a read-only disk, a standby): terminals keep their entries and send them again
        later. Anything else is a bug, and stays a 500."""
        why = db.unusable(exc)
        if why is None:
            return await database_failed(request, exc)
        log.warning("the database cannot be used now: %s (%s; %s %s%s)", db.first_line(exc), why, request.method,
                    request.url.path, _for_whom())
        if why in ("full", "read_only"):
            writes.failed(why)
        return _cannot_store(why)

    # InternalError: PostgreSQL's read_only_sql_transaction (25006); any other stays a 500.
    for failure in (OperationalError, psycopg.OperationalError, PoolTimeout, InternalError, psycopg.InternalError):
        app.add_exception_handler(failure, unavailable)

    async def inconsistent(request: Request, exc: Exception) -> JSONResponse:
        """A write the database refused because a unique key was taken since it was checked: nothing was stored. Its
        DETAIL, which can hold a row's contents, is not logged. Any other constraint refused is a bug: a 500."""
        if not db.key_taken(exc):
            return await database_failed(request, exc)
        log.warning("%s %s%s: the database refused a write: %s", request.method, request.url.path, _for_whom(),
                    db.first_line(exc))
        return _problem(409, "conflicting", "the request conflicts with what the ledger holds; nothing was stored")

    app.add_exception_handler(IntegrityError, inconsistent)
    app.add_exception_handler(psycopg.IntegrityError, inconsistent)  # from COPY, which SQLAlchemy does not wrap
    app.add_exception_handler(DBAPIError, database_failed)
    app.add_exception_handler(psycopg.Error, database_failed)

    def terminal_of(credentials: Credentials) -> Terminal:
        terminal = _lookup(factory, credentials, Terminal)
        if terminal is None:
            log.warning("refused a request with an unknown terminal token")
            raise LedgerRefusal("unauthorized", "unknown or missing terminal token", 401)
        if terminal.revoked:
            log.warning("refused revoked terminal %s/%s", terminal.merchant_id, terminal.terminal_id)
            raise LedgerRefusal("forbidden", "this terminal's token has been revoked", 403)
        asker = _asker.get()
        if asker is not None:
            asker["who"] = f"{terminal.merchant_id}/{terminal.terminal_id}"
        return terminal

    def admin(credentials: Credentials) -> None:
        if _lookup(factory, credentials, AdminToken) is None:
            log.warning("refused an admin request without a valid admin token")
            raise LedgerRefusal("forbidden" if credentials else "unauthorized", "an admin token is needed",
                                403 if credentials else 401)

    TerminalAuth = Annotated[Terminal, Depends(terminal_of)]
    AdminAuth = Annotated[None, Depends(admin)]

    async def health_answer() -> JSONResponse:
        stuck = batches.oldest_s()
        if stuck >= BATCH_STUCK_S:
            log.warning("health check: a batch has waited %.0f s on the database", stuck)
            return _cannot_store("busy", f"the ledger is busy: a batch has waited {stuck:.0f} s on its database "
                                         "(locks?); try again later")
        try:
            await asyncio.wait_for(run_in_threadpool(_ping, engine), HEALTH_TIMEOUT_S)
        except TimeoutError:
            saturated = _saturated(engine)
            if saturated is not None:
                log.warning("health check: the ledger is busy: %s", saturated)
                return _cannot_store("busy", f"the ledger is busy: {saturated}; try again later")
            log.warning("the database did not answer a health check within %s s", HEALTH_TIMEOUT_S)
            return _cannot_store("down")
        failing = writes.failing()
        if failing is not None:
            return _cannot_store(failing)
        return JSONResponse({"ok": True, "protocol": PROTOCOL})

    @app.get("/v1/health", description=docs.HEALTH, responses=docs.problems(503))
    async def health() -> Any:
        return await health_answer()

    @app.head("/v1/health", description=docs.HEALTH_HEAD, response_class=Response, responses=docs.bodiless(503))
    async def health_head() -> Response:
        answer = await health_answer()
        return Response(status_code=answer.status_code,
                        headers={name: value for name, value in answer.headers.items() if name == "retry-after"})

    # held_seq, timezone, the chain's hashes and what lies past ``at`` only when asked: the first terminals refuse a
    # field they do not know.
    @app.get("/v1/whoami", description=docs.WHOAMI, responses=docs.problems(*docs.AUTHORIZED), response_model=WhoAmI,
             response_model_exclude_none=True)
    def whoami(terminal: TerminalAuth, held: bool = False, timezone: bool = False,
               at: Annotated[Number | None, Query(description="a sequence number of this terminal's")] = None,
               gap: bool = False) -> WhoAmI:
        zone = db.in_transaction(factory, lambda s: s.scalar(select(Merchant.timezone).where(
            Merchant.id == terminal.merchant_id))) if timezone else None
        chain = {} if at is None else db.in_transaction(factory, lambda s: _chain_end(s, terminal.pk, at, gap))
        held_seq = chain.pop("held_seq", terminal.last_seq)
        return WhoAmI(protocol=PROTOCOL, merchant=terminal.merchant_id, store=terminal.store, terminal=terminal.terminal_id,
                      held_seq=held_seq if held else None, timezone=zone, **chain)

    @app.post("/v1/batches", description=docs.BATCHES, responses=docs.problems(*docs.WITH_BODY), response_model=BatchAnswer)
    def post_batch(batch: Batch, terminal: TerminalAuth, snapshot: SnapshotShape = 1,
                   last: Annotated[Flag | None, Query(description="1: the batch holds all the terminal has unsent; "
                                                      "0: more follows")] = None) -> Response:
        if len(batch.entries) > MAX_BATCH:
            raise LedgerRefusal("too_large", f"a batch holds at most {MAX_BATCH} entries", 413)
        if not ingest_slots.acquire(timeout=TURN_WAIT_S):
            log.warning("POST /v1/batches for %s/%s: no turn within %s s; the batches before it still wait",
                        terminal.merchant_id, terminal.terminal_id, TURN_WAIT_S)
            return _cannot_store("busy", "the ledger is busy: too many batches at once; try again later")
        try:
            answer = db.in_transaction(factory, lambda session: ingest(session, terminal.pk, batch, last))
        finally:
            ingest_slots.release()
        return with_snapshots(answer, snapshot)

    @app.get("/v1/changes", description=docs.CHANGES, responses=docs.problems(*docs.AUTHORIZED), response_model=Changes)
    def changes(terminal: TerminalAuth, cursor: Annotated[Number, Query(description="the ledger's change "
                                                                     "counter as last answered; 0 for everything")] = 0,
                snapshot: SnapshotShape = 1) -> Response:
        def read(session: Session) -> Changes:
            merchant = session.get(Merchant, terminal.merchant_id)
            assert merchant is not None
            after, members, more = changes_since(session, merchant.currency, cursor, merchant.id)
            rules = rules_of(merchant)
            return Changes(cursor=after, members=members, rules=rules.to_dict(), rules_version=rules.version,
                           deny_list=service.deny_list(session, merchant.id), public_keys=service.public_keys(session, merchant.id),
                           more=more)
        return with_snapshots(db.in_transaction(factory, read), snapshot)

    @app.post("/v1/merchants", status_code=201, description=docs.MERCHANTS, responses=docs.problems(*docs.WITH_BODY, 409))
    def new_merchant(body: MerchantIn, _: AdminAuth) -> dict[str, str]:
        db.in_transaction(factory, lambda s: service.add_merchant(s, body.id, body.name, body.currency, body.fen_per_point,
                                                                  body.timezone))
        return {"id": body.id}

    @app.post("/v1/terminals", status_code=201, description=docs.TERMINALS,
              responses=docs.problems(*docs.WITH_BODY, 404, 409))
    def new_terminal(body: TerminalIn, _: AdminAuth) -> TokenOut:
        return TokenOut(token=db.in_transaction(factory, lambda s: service.add_terminal(s, body.merchant, body.store, body.terminal)))

    @app.get("/v1/reports/day", description=docs.REPORT_DAY, responses=docs.problems(*docs.AUTHORIZED, 404))
    def report_day(_: AdminAuth, merchant: Annotated[str, Query(min_length=1, max_length=32)], day: Day,
                   until: Day | None = None, store: Annotated[str | None, Query(max_length=64)] = None,
                   terminal: Annotated[str | None, Query(max_length=32)] = None) -> dict[str, Any]:
        scope = Scope(merchant, store, terminal)
        return db.in_transaction(factory, lambda s: service.period_report(s, scope, day, until)
                                 | {"behind": terminal_list.behind(s, scope, until or day)})

    @app.get("/v1/merchant/reports/day", description=docs.MERCHANT_REPORT_DAY, responses=docs.problems(*docs.AUTHORIZED))
    def merchant_report_day(terminal: TerminalAuth, day: Day, until: Day | None = None,
                            by: Literal["terminal"] | None = None) -> dict[str, Any]:
        return db.in_transaction(factory, lambda s: service.merchant_report(s, terminal.merchant_id, day, until,
                                                                            by == "terminal"))

    @app.get("/v1/reports/overdrawn", description=docs.OVERDRAWN, responses=docs.problems(*docs.AUTHORIZED, 404))
    def report_overdrawn(_: AdminAuth, merchant: Annotated[str, Query(min_length=1, max_length=32)]) -> list[dict[str, Any]]:
        return db.in_transaction(factory, lambda s: service.overdrawn(s, merchant))

    @app.get("/v1/settlement", description=docs.SETTLEMENT, responses=docs.problems(*docs.AUTHORIZED))
    def settlement(_: AdminAuth, start: Day, end: Day) -> list[dict[str, Any]]:
        if end < start:
            raise LedgerRefusal("bad_input", "the period ends before it starts")
        return db.in_transaction(factory, lambda s: service.settle(s, start, end))

    mall_api.add_routes(app, factory, TerminalAuth, AdminAuth)

    @app.get("/v1/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(docs.docs_page(app.openapi()))

    return app


def _chain_end(session: Session, terminal_pk: int, at: int, gap: bool = False) -> dict[str, Any]:
    """The last of the terminal's entries held, its hash and running points total, and the hash held at entry ``at``;
    with ``gap``, what lies past ``at`` (``_past``)."""
    last_seq, last_hash = session.execute(select(Terminal.last_seq, Terminal.last_hash).where(Terminal.pk == terminal_pk)).one()
    held = {0: (GENESIS_HASH, 0)} | {seq: (digest, liability) for seq, digest, liability in session.execute(
        select(Entry.seq, Entry.hash, Entry.liability_after).where(Entry.terminal_pk == terminal_pk,
                                                                   Entry.seq.in_({last_seq, at})))}
    chain = {"held_seq": last_seq, "held_hash": last_hash, "held_liability": held.get(last_seq, (None, 0))[1],
             "hash_at": held.get(at, (None, 0))[0]}
    return (chain | _past(session, terminal_pk, at, last_seq)) if gap and last_seq > at else chain


def _past(session: Session, terminal_pk: int, at: int, last_seq: int) -> dict[str, Any]:
    """Of the terminal's entries past ``at``, which a terminal restored from an older backup leaves to the ledger: the
    last Z closed among them and its entry (so the terminal's next Z follows it), and the business date of the last.
    Read backwards from the last entry, never past ``at``: asked only where a terminal carries on after the ledger."""
    z = session.execute(select(Entry.seq, Entry.payload).where(
        Entry.terminal_pk == terminal_pk, Entry.seq > at, Entry.kind == "z_close").order_by(Entry.seq.desc()).limit(1)).first()
    number = None if z is None else json.loads(z.payload).get("z")
    last_date = session.scalar(select(Entry.business_date).where(Entry.terminal_pk == terminal_pk, Entry.seq == last_seq))
    past: dict[str, Any] = {"held_date": last_date}
    if isinstance(number, int) and z is not None:
        past |= {"held_z": number, "held_z_seq": z.seq}
    return past


def _lookup(factory: Any, credentials: HTTPAuthorizationCredentials | None, model: Any) -> Any:
    if credentials is None or not credentials.credentials or len(credentials.credentials) > 200:
        return None
    digest = service.token_hash(credentials.credentials)
    with factory() as session:
        return session.scalar(select(model).where(model.token_hash == digest))
