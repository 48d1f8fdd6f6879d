"""`jifen sync` to a ledger whose PostgreSQL takes no writes now (default_transaction_read_only, as a hot standby
serves it) under a running `jifen-ledger serve`: it keeps every entry pending, exits 2 with ledger_unavailable and
says, in English and Chinese, that the ledger is there but its database takes no writes, for the ledger's operator;
once the database takes writes again, the next sync sends them all."""

from pathlib import Path

from tests.helpers.cli import Jifen
from tests.helpers.postgres import postgres_cluster, take_writes
from tests.sync.test_ledger_cannot_store import log_has_no_traceback, refused_sync, sell, served, status_line




def test_a_ledger_whose_database_takes_no_writes_keeps_nothing_and_says_so(jifen: Jifen, tmp_path: Path) -> None:
    with postgres_cluster() as cluster, served(cluster, jifen, tmp_path / "ledger.log") as ledger:
        pending = sell(jifen, 2)
        take_writes(cluster.rsplit("/", 1)[0] + "/postgres", "jifen", on=False)

        message = refused_sync(jifen, pending)
        assert message == (f"the ledger at {ledger.ledger.url} answers, but cannot store anything now: its database "
                           "takes no writes, on a read-only disk or a standby server (tell the ledger's operator); every "
                           "entry stays pending and sales go on")
        assert ledger.held() == 0
        log_has_no_traceback(ledger.ledger, "cannot execute")
        status = jifen.ok("sync", "--status")
        assert (status["link"], status["pending"]) == ("cannot_store", pending)
        assert ("可以连接，但总账现在无法存储任何记录：其数据库不接受写入，磁盘只读或为备用服务器（请告知总账管理员）"
                in status_line(jifen, "zh_CN.UTF-8"))
        zh = jifen("sync", env={"LANG": "zh_CN.UTF-8"})
        assert zh.status == 2 and zh.err.strip() == (
            f"总账 {ledger.ledger.url} 有应答，但现在无法存储任何记录：其数据库不接受写入，磁盘只读或为备用服务器"
            "（请告知总账管理员）；所有记录保持待同步，销售照常进行")

        take_writes(cluster.rsplit("/", 1)[0] + "/postgres", "jifen", on=True)
        assert jifen.ok("sync")["pending"] == 0 and ledger.held() == jifen.entries()
