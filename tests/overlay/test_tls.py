"""TLS as the package's clients do it: every client and transport it makes shares one TLS
context (httpx would build one per transport, loading the CA bundle each time), and that
context still verifies: a server whose certificate no CA vouches for is refused, over each
transport, before any request is sent.

The server is a real TLS server on loopback, with a self-signed certificate made here."""

from __future__ import annotations

import datetime
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from test_async_transports import TRANSPORTS

import vbc_telephony as vbc
from vbc_telephony._transports import httpx_async_transport


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert, key_file = folder / "cert.pem", folder / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, key_file


class _TLSServer:
    """Accepts connections on loopback and offers the self-signed certificate; counts the
    handshakes that completed (a client that verifies completes none)."""

    def __init__(self, cert: Path, key: Path) -> None:
        self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._context.load_cert_chain(cert, key)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self.connections = 0
        self.handshakes = 0

    @property
    def base_url(self) -> str:
        return f"https://127.0.0.1:{self._listener.getsockname()[1]}/t/vbc.prod/telephony/v3"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.settimeout(5)
            try:
                with self._context.wrap_socket(connection, server_side=True):
                    self.handshakes += 1
            except (ssl.SSLError, OSError):
                connection.close()

    def __enter__(self) -> _TLSServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(10)
        self._listener.close()


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[_TLSServer]:
    with _TLSServer(*_self_signed(tmp_path)) as server:
        yield server


def test_the_sync_client_refuses_a_certificate_no_ca_vouches_for(tls_server):
    with (
        vbc.Telephony(base_url=tls_server.base_url, auth=vbc.BearerToken("t")) as client,
        pytest.raises(vbc.APIConnectionError, match="CERTIFICATE_VERIFY_FAILED"),
    ):
        client.calls.get("self", "c1")
    assert tls_server.connections == 1
    assert tls_server.handshakes == 0


@pytest.mark.anyio
@pytest.mark.parametrize("transport", list(TRANSPORTS))
async def test_the_async_client_refuses_a_certificate_no_ca_vouches_for(tls_server, transport):
    client = vbc.AsyncTelephony(
        base_url=tls_server.base_url,
        auth=vbc.BearerToken("t"),
        transport=TRANSPORTS[transport](),
    )
    async with client:
        with pytest.raises(vbc.APIConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
            await client.calls.get("self", "c1")
    assert tls_server.connections == 1
    assert tls_server.handshakes == 0


def test_clients_load_the_ca_bundle_once_between_them(monkeypatch):
    loads: list[object] = []
    load = ssl.SSLContext.load_verify_locations

    def counted(self: ssl.SSLContext, *args: object, **kwargs: object) -> None:
        loads.append(args or kwargs)
        load(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counted)
    for _ in range(5):
        vbc.Telephony(auth=vbc.BearerToken("t")).close()
        vbc.AsyncTelephony(auth=vbc.BearerToken("t"))
        httpx_async_transport()
    # Once if no client of this process has made the shared context yet, else not at all.
    assert len(loads) <= 1
