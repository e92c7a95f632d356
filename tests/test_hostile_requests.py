"""Hostile queries and requests cost bounded time and never reach past the server's own
names (issue 18): long searches, huge offsets, DNS rebinding, a 500, a taken port."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from marsad.corpus.build import rebuild
from marsad.document import Document
from marsad.io.readers import read_inputs
from marsad.pipeline import analyze
from marsad.store import Store, StoreError
from marsad.web.app import CSP, create_app
from marsad.web.hosts import policy_for

DEMO = Path(__file__).resolve().parent.parent / "demo"
REPEATED = " ".join(["في"] * 1000)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "demo.db"
    docs = [analyze(d).to_dict() for d in read_inputs([str(DEMO)]) if isinstance(d, Document)]
    with Store(str(path)) as store:
        store.add_documents(docs)
        rebuild(store)
    return path


def test_search_of_1000_repeated_words_is_refused_at_once(db: Path) -> None:
    with Store(str(db), readonly=True) as store:
        started = time.perf_counter()
        with pytest.raises(StoreError, match="100 words; at most 32"):
            store.search(" ".join(["س"] * 100))
        with pytest.raises(StoreError, match="characters long"):
            store.search(REPEATED)
        assert time.perf_counter() - started < 1
        # a repeated word counts once in the match; 32 words run
        assert store.search("سجن سجن سجن")["total"] == store.search("سجن")["total"]
        store.search(" ".join(f"كلمة{i}" for i in range(32)))


def test_search_cli_and_web_refuse_a_long_query_quickly(db: Path) -> None:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", "from marsad.cli import main; main()", "search",
                           REPEATED, "--db", str(db)], capture_output=True, text=True, timeout=60,
                          check=False)
    assert proc.returncode == 1 and "at most 1,000" in proc.stderr
    client = TestClient(create_app(db))
    res = client.get("/api/search", params={"q": REPEATED})
    assert res.status_code == 400 and "at most" in res.json()["detail"]
    res = client.get("/search", params={"q": REPEATED})
    assert res.status_code == 200 and "at most" in res.text
    assert time.perf_counter() - started < 30


LISTS = ["/api/documents", "/api/events", "/api/claims", "/api/incidents", "/api/reuse",
         "/api/search?q=سجن", "/incidents", "/documents", "/reuse", "/search?q=سجن"]


@pytest.mark.parametrize("path", LISTS)
def test_huge_offsets_are_a_422_not_a_500(db: Path, path: str) -> None:
    client = TestClient(create_app(db), raise_server_exceptions=False)
    sep = "&" if "?" in path else "?"
    for offset in ("9223372036854775808", "99999999999999999999999", "-1"):
        res = client.get(f"{path}{sep}offset={offset}")
        assert res.status_code == 422, (path, offset, res.status_code)
        assert res.headers["content-security-policy"] == CSP
    assert client.get(f"{path}{sep}offset=1000000").status_code == 200


class BrokenStore:
    def __getattr__(self, name: str) -> Any:
        def fail(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("disk on fire")
        return fail


@pytest.mark.parametrize("path", ["/api/stats", "/", "/documents"])
def test_500_responses_keep_the_security_headers(path: str) -> None:
    client = TestClient(create_app(store=BrokenStore()), raise_server_exceptions=False)  # type: ignore[arg-type]
    res = client.get(path)
    assert res.status_code == 500
    assert res.headers["content-security-policy"] == CSP
    assert res.headers["x-frame-options"] == "DENY"
    assert "disk on fire" not in res.text  # no internals shown


def test_only_the_bound_host_names_are_answered(db: Path) -> None:
    app = create_app(db, hosts=policy_for("127.0.0.1"))
    for host, status in (("127.0.0.1:8000", 200), ("localhost:8000", 200), ("[::1]:8000", 200),
                         ("LOCALHOST", 200), ("evil.example:8000", 400),
                         ("127.0.0.1.evil.example", 400), ("", 400)):
        res = TestClient(app).get("/api/stats", headers={"host": host})
        assert res.status_code == status, host
        assert res.headers["content-security-policy"] == CSP
    wildcard = TestClient(create_app(db, hosts=policy_for("0.0.0.0", ["marsad.lan"])))
    for host, status in (("192.168.1.20:8000", 200), ("[fe80::1]", 200), ("marsad.lan", 200),
                         ("evil.example", 400)):
        assert wildcard.get("/api/stats", headers={"host": host}).status_code == status, host


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def server(db: Path) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    proc = subprocess.Popen([sys.executable, "-c", "from marsad.cli import main; main()", "serve",
                             "--db", str(db), "--port", "0"], stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        port = int(re.search(r":(\d+)/", line).group(1))  # type: ignore[union-attr]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port, proc
    finally:
        proc.terminate()
        proc.wait(10)


def http_get(port: int, host: str) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET /api/stats HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return data.decode("utf-8", "replace")


def test_serve_refuses_a_rebinding_host_and_names_a_taken_port(server: tuple[int, Any], db: Path) -> None:
    port, _proc = server
    assert http_get(port, f"127.0.0.1:{port}").startswith("HTTP/1.1 200")
    rebound = http_get(port, f"attacker.example:{port}")
    assert rebound.startswith("HTTP/1.1 400") and "documents" not in rebound
    second = subprocess.run([sys.executable, "-c", "from marsad.cli import main; main()", "serve",
                             "--db", str(db), "--port", str(port)], capture_output=True, text=True,
                            timeout=60, check=False)
    assert second.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in second.stderr
    assert "serving" not in second.stderr
