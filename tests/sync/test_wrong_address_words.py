"""What `jifen ledger connect URL` says for a wrong address, in the owner's words and without Python's class names:
a host name not found, nothing listening on the port, plain HTTP to a TLS port, a path after the host, an answer cut
off; each says that nothing was connected. TLS failures say why in one line: expired, made for another name, signed
by an authority this terminal does not know (only then the hint of --ca). Real servers on free ports."""

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sync.client import LedgerClient, LinkDown, on_this_computer
from tests.helpers.cli import Jifen, Run
from tests.helpers.ledger import Ledger
from tests.helpers.ledger_server import free_port, serve
from tests.helpers.tls import Certificates, private_ca

CHINESE = {"LANG": "zh_CN.UTF-8"}


def _connect(jifen: Jifen, url: str, token: str, *more: str, chinese: bool = False) -> Run:
    run = jifen("ledger", "connect", url, *more, by="boss", env={"JIFEN_LEDGER_TOKEN": token} | (CHINESE if chinese else {}))
    assert run.status == 2, str(run)
    assert "Error)" not in run.err and "Error(" not in run.err, run.err  # no Python class names
    assert not (jifen.home / "ledger.token").exists()
    return run


def _one_line(run: Run) -> str:
    return run.err.strip()


def test_a_host_name_not_found(jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    ledger, _ = ledger_url
    token = ledger.terminal("m1", "静安店", "T1")
    url = "https://no-such-ledger.invalid:8443"
    assert _one_line(_connect(jifen, url, token)) == (f"cannot reach the ledger at {url}: host name not found "
                                                      "(no-such-ledger.invalid): nothing was connected")
    assert _one_line(_connect(jifen, url, token, chinese=True)) == \
        f"无法连接总账 {url}：找不到主机名（no-such-ledger.invalid）：未连接总账"


def test_nothing_listening_on_the_port(jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    ledger, _ = ledger_url
    token = ledger.terminal("m1", "静安店", "T1")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    run = _connect(jifen, url, token)
    assert _one_line(run) == f"cannot reach the ledger at {url}: nothing listening on port {port}: the ledger on this computer is not running (start it: jifen-ledger serve): nothing was connected"
    assert "stays pending" not in run.err and "sales go on" not in run.err
    assert _one_line(_connect(jifen, url, token, chinese=True)) == f"无法连接总账 {url}：端口 {port} 上没有服务在监听：本机上的总账没有运行（请启动：jifen-ledger serve）：未连接总账"


def test_plain_http_to_a_tls_ledger_says_maybe_https(jifen: Jifen, ledger_url: tuple[Ledger, str],
                                                     tmp_path: Path) -> None:
    ledger, _ = ledger_url
    token = ledger.terminal("m1", "静安店", "T1")
    with serve(ledger.engine, tls=private_ca(tmp_path)) as secure:
        plain = secure.replace("https://", "http://")
        assert _one_line(_connect(jifen, plain, token)) == \
            f"the address {plain} does not speak HTTP: maybe {secure}: nothing was connected"
        assert _one_line(_connect(jifen, plain, token, chinese=True)) == f"地址 {plain} 不使用 HTTP：也许是 {secure}：未连接总账"


def test_a_path_after_the_host(jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    ledger, url = ledger_url
    token = ledger.terminal("m1", "静安店", "T1")
    run = _connect(jifen, url + "/v1", token)
    assert _one_line(run) == (f"the address {url}/v1 answers, but not as a ledger: check the path after the host (give only "
                              f"{url}): nothing was connected")
    assert "Not Found" not in run.err
    assert _one_line(_connect(jifen, url + "/v1", token, chinese=True)) == \
        f"地址 {url}/v1 有应答，但不是总账：请检查主机后面的路径（只需填写 {url}）：未连接总账"


@contextmanager
def cut_answers() -> Iterator[str]:
    """A server whose every answer promises 1000 bytes of JSON and sends 20, then closes."""
    listener = socket.create_server(("127.0.0.1", 0))
    stopping = threading.Event()

    def answer() -> None:
        while not stopping.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with client:
                client.recv(65536)
                client.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                               b'{"merchant": "m1", "')

    threading.Thread(target=answer, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stopping.set()
        listener.close()


def test_an_answer_cut_off(jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    ledger, _ = ledger_url
    token = ledger.terminal("m1", "静安店", "T1")
    with cut_answers() as url:
        assert _one_line(_connect(jifen, url, token)) == \
            f"the ledger at {url} answered, but the answer was cut off: nothing was connected"
        assert _one_line(_connect(jifen, url, token, chinese=True)) == f"总账 {url} 有应答，但应答被中途切断：未连接总账"


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def made_certificates(folder: Path, names: tuple[str, ...], expired: bool = False) -> Certificates:
    """A private authority and a certificate it signed for the DNS ``names``, expired yesterday if asked."""
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    authority = _name(f"jifen test CA {folder.name}")
    ca = (x509.CertificateBuilder().subject_name(authority).issuer_name(authority)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - timedelta(days=30)).not_valid_after(now + timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    until = now - timedelta(days=1) if expired else now + timedelta(days=30)
    cert = (x509.CertificateBuilder().subject_name(_name(names[0])).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=20)).not_valid_after(until)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    files = Certificates(folder / "ca.pem", folder / "ledger.pem", folder / "ledger.key")
    files.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files.key.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()))
    return files


def test_an_expired_certificate_says_so_without_the_hint_of_ca(jifen: Jifen, ledger_url: tuple[Ledger, str],
                                                               tmp_path: Path) -> None:
    ledger, _ = ledger_url
    token = ledger.terminal("m1", "静安店", "T1")
    certificates = made_certificates(tmp_path / "old", ("localhost",), expired=True)
    with serve(ledger.engine, tls=certificates) as url:
        url = url.replace("127.0.0.1", "localhost")
        run = _connect(jifen, url, token, "--ca", str(certificates.ca))
        assert _one_line(run) == ("the ledger's certificate has expired: renew it on the ledger's server: nothing "
                                  "was connected")
        assert "urllib3" not in run.err and "Max retries" not in run.err
        assert _one_line(_connect(jifen, url, token, "--ca", str(certificates.ca), chinese=True)) == \
            "总账的证书已过期：请在总账服务器上更新证书：未连接总账"


def test_a_certificate_for_another_name(jifen: Jifen, ledger_url: tuple[Ledger, str], tmp_path: Path) -> None:
    ledger, _ = ledger_url
    token = ledger.terminal("m1", "静安店", "T1")
    certificates = made_certificates(tmp_path / "other", ("ledger.example.com",))
    with serve(ledger.engine, tls=certificates) as url:
        url = url.replace("127.0.0.1", "localhost")
        run = _connect(jifen, url, token, "--ca", str(certificates.ca))
        assert _one_line(run) == ("the ledger's certificate is not made for localhost: connect with the name the "
                                  "certificate was made for, or renew it for this name: nothing was connected")
        assert "--ca" not in run.err
        assert _one_line(_connect(jifen, url, token, "--ca", str(certificates.ca), chinese=True)) == \
            "总账的证书不是为 localhost 签发的：请使用证书上的名称连接，或为此名称更新证书：未连接总账"


def test_an_unknown_authority_gives_the_hint_of_ca(jifen: Jifen, ledger_url: tuple[Ledger, str],
                                                   tmp_path: Path) -> None:
    ledger, _ = ledger_url
    token = ledger.terminal("m1", "静安店", "T1")
    certificates = made_certificates(tmp_path / "private", ("localhost",))
    other = made_certificates(tmp_path / "another", ("localhost",))
    with serve(ledger.engine, tls=certificates) as url:
        url = url.replace("127.0.0.1", "localhost")
        assert _one_line(_connect(jifen, url, token)) == (
            "the ledger's certificate is signed by an authority this terminal does not know (a private or self-signed "
            "certificate): a ledger with a private certificate needs its authority: jifen ledger connect URL --ca FILE: "
            "nothing was connected")
        assert _one_line(_connect(jifen, url, token, "--ca", str(other.ca))) == (
            f"the ledger's certificate is not signed by the certificate authority {other.ca}: give the one that "
            "signed it (--ca FILE): nothing was connected")
        assert _one_line(_connect(jifen, url, token, chinese=True)).startswith("总账的证书由本机不认识的机构签发")


@contextmanager
def never_accepting() -> Iterator[str]:
    """A port whose queue of connections is full: a new connection is never made (a host that drops them)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    queued = [socket.socket() for _ in range(3)]
    for sock in queued:
        sock.setblocking(False)
        try:
            sock.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        for sock in (*queued, listener):
            sock.close()


def test_no_answer_to_the_connection(jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    ledger, _ = ledger_url
    token = ledger.terminal("m1", "静安店", "T1")
    with never_accepting() as url:
        assert _one_line(_connect(jifen, url, token)) == \
            f"cannot reach the ledger at {url}: no answer within 3 s: nothing was connected"
        assert _one_line(_connect(jifen, url, token, chinese=True)) == f"无法连接总账 {url}：3 秒内没有应答：未连接总账"


def test_a_ledger_that_answered_before_is_not_probed_for_tls_when_a_connection_closes() -> None:
    """The probe for https costs a connection (up to 3 s on a line that holds it): a poor line cuts connections to
    a ledger that has answered often, and each cut would pay it again."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[int] = []

    def close_each() -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            accepted.append(1)
            with client:
                client.recv(65536)

    threading.Thread(target=close_each, daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    try:
        for answered_before, connections in ((False, 2), (True, 1)):
            client = LedgerClient(url, "token")
            client.answered_before = answered_before  # as a sync that went through sets it
            accepted.clear()
            with pytest.raises(LinkDown) as failure:
                client.whoami()
            assert failure.value.en == f"cannot reach the ledger at {url}: the connection was closed before an answer"
            assert len(accepted) == connections, answered_before
    finally:
        listener.close()


@pytest.mark.parametrize(("host", "here"), [("127.0.0.1", True), ("127.0.1.1", True), ("localhost", True),
                                            ("LocalHost", True), ("::1", True), ("192.168.1.20", False),
                                            ("ledger.example.com", False), ("", False)])
def test_only_a_ledger_addressedon_this_computer_is_said_not_running(host: str, here: bool) -> None:
    assert on_this_computer(host) is here
