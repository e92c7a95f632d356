"""Shared pytest fixtures.

The real seed articles and corpus live OUTSIDE the repository in ``../shared`` (they may not be
copied in).  Tests that need them take these fixtures, which skip with a clear reason when the
directory is absent (e.g. in a fresh clone or CI without the shared data).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
# MARSAD_SHARED lets CI point at a different location of the shared data.
SHARED_DIR = Path(os.environ.get("MARSAD_SHARED", REPO_ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.skip(f"{SHARED_DIR} not present (shared seeds/corpus are not in the repository)")
    return SHARED_DIR


def _shared_subdir(shared_dir: Path, name: str) -> Path:
    path = shared_dir / name
    if not path.is_dir():
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return _shared_subdir(shared_dir, "seeds")


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    return _shared_subdir(shared_dir, "corpus")


@pytest.fixture(scope="session")
def seed_texts(seeds_dir: Path) -> dict[str, str]:
    """Seed file name (e.g. ``000_bbfc3bd367839e45.txt``) -> raw text."""
    return {p.name: p.read_text(encoding="utf-8-sig") for p in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture(scope="session")
def seed(seed_texts: dict[str, str]) -> Callable[[str], str]:
    """The text of the one seed whose file name starts with a prefix: ``seed("002_")``."""

    def by_prefix(prefix: str) -> str:
        (name,) = [n for n in seed_texts if n.startswith(prefix)]
        return seed_texts[name]

    return by_prefix


@pytest.fixture(scope="session")
def corpus_records(corpus_dir: Path) -> list[dict[str, Any]]:
    """Every corpus record (dict with ``text`` and optional metadata), plus ``_file``."""
    records: list[dict[str, Any]] = []
    for path in sorted(corpus_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for record in data if isinstance(data, list) else [data]:
            records.append({**record, "_file": path.name})
    return records


# --- the two store backends ---------------------------------------------------------------
# Every store, corpus and web test that takes ``make_db`` runs twice: on SQLite and on
# PostgreSQL (a throwaway server started once per test process: tests/pg_server.py). The
# PostgreSQL half is skipped, with the reason, only when no server can be started.

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server() -> Any:
    from pg_server import PgServer, Unavailable

    try:
        server = PgServer.start()
    except Unavailable as exc:
        if os.environ.get("MARSAD_REQUIRE_POSTGRES"):  # CI installed it: failing to start is a bug
            pytest.fail(f"PostgreSQL required (MARSAD_REQUIRE_POSTGRES) but unavailable: {exc}")
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    yield server
    server.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The store backend under test ("sqlite" or "postgresql")."""
    if request.param == "postgresql":
        request.getfixturevalue("pg_server")
    return request.param


@pytest.fixture(scope="session")
def make_db(backend: str, request: pytest.FixtureRequest,
            tmp_path_factory: pytest.TempPathFactory) -> Callable[..., str]:
    """``make_db(name)``: the location of a new, empty database of the backend under test
    (a file path for SQLite, a ``postgresql://`` URL for PostgreSQL)."""
    if backend == "postgresql":
        return request.getfixturevalue("pg_server").new_database
    root = tmp_path_factory.mktemp("sqlite")
    counter = iter(range(1, 10**9))

    def new_file(name: str = "t") -> str:
        return str(root / f"{name}_{next(counter)}.db")

    return new_file
