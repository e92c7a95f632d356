"""The disk cache of compiled data (marsad.compiled): keyed by content, rebuilt on change,
safe with several processes, never an error when unreadable."""

from __future__ import annotations

import multiprocessing as mp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from marsad import compiled


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pkg = tmp_path / "pkg"
    (pkg / "kb" / "data").mkdir(parents=True)
    (pkg / "mod.py").write_text("X = 1\n")
    (pkg / "kb" / "data" / "places.toml").write_text('[[place]]\nid = "a"\n')
    monkeypatch.setattr(compiled, "_PACKAGE", pkg)
    return pkg


def test_key_follows_data_and_code_contents(package_copy: Path) -> None:
    first = compiled.fingerprint()
    assert compiled.fingerprint() == first
    data = package_copy / "kb" / "data" / "places.toml"
    data.write_text('[[place]]\nid = "b"\n')
    second = compiled.fingerprint()
    assert second != first
    (package_copy / "mod.py").write_text("X = 2\n")
    assert compiled.fingerprint() not in (first, second)
    # a new data file counts too, whatever its shape
    (package_copy / "kb" / "data" / "lemmas.tsv").write_text("a\tb\n")
    assert len({first, second, compiled.fingerprint()}) == 3


def _snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> compiled._Snapshot:
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path / "cache"))
    return compiled._Snapshot()


def test_built_once_then_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, package_copy: Path) -> None:
    calls: list[int] = []

    def build() -> dict[str, object]:
        calls.append(1)
        return {"forms": ["سجن", "الحسكة"], "shared": [1, 2]}

    snap = _snapshot(tmp_path, monkeypatch)
    value = snap.get("lexicon", build)
    assert calls == [1]
    assert snap.flush()
    assert not snap.flush()  # nothing new since
    again = _snapshot(tmp_path, monkeypatch).get("lexicon", build)
    assert again == value and calls == [1]  # read from disk, not built
    # the data changes: the next process builds again
    (package_copy / "kb" / "data" / "places.toml").write_text("changed = true\n")
    _snapshot(tmp_path, monkeypatch).get("lexicon", build)
    assert calls == [1, 1]


def test_shared_objects_stay_shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, package_copy: Path) -> None:
    snap = _snapshot(tmp_path, monkeypatch)
    inner = ["shared"]
    snap.get("a", lambda: {"x": inner})
    snap.get("b", lambda: [inner])
    snap.flush()
    other = _snapshot(tmp_path, monkeypatch)
    assert other.get("a", dict)["x"] is other.get("b", list)[0]


def test_unreadable_snapshot_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, package_copy: Path) -> None:
    snap = _snapshot(tmp_path, monkeypatch)
    snap.get("v", lambda: 41)
    snap.flush()
    assert snap.path is not None
    snap.path.write_bytes(b"\x80\x05truncated")
    assert _snapshot(tmp_path, monkeypatch).get("v", lambda: 42) == 42


def test_unwritable_cache_dir_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, package_copy: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(blocker / "cache"))
    snap = compiled._Snapshot()
    assert snap.get("v", lambda: 7) == 7
    assert snap.flush() is False


def test_unpicklable_value_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, package_copy: Path) -> None:
    snap = _snapshot(tmp_path, monkeypatch)
    snap.get("fine", lambda: [1])
    snap.get("lambda", lambda: (lambda: 1))
    assert snap.flush()
    loaded = _snapshot(tmp_path, monkeypatch)
    assert loaded.get("fine", lambda: [2]) == [1]
    assert loaded.get("lambda", lambda: "rebuilt") == "rebuilt"


def _write_snapshot(cache: str, pkg: str, n: int) -> None:
    os.environ["MARSAD_CACHE_DIR"] = cache
    compiled._PACKAGE = Path(pkg)
    snap = compiled._Snapshot()
    snap.get("big", lambda: list(range(200_000)))
    for _ in range(n):
        snap.dirty = True
        snap.flush()


def test_concurrent_writers_leave_a_whole_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   package_copy: Path) -> None:
    cache = str(tmp_path / "cache")
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_write_snapshot, args=(cache, str(package_copy), 5)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    snap = _snapshot(tmp_path, monkeypatch)
    assert snap.get("big", lambda: None) == list(range(200_000))
    leftovers = [p.name for p in (tmp_path / "cache").iterdir() if p.name.startswith(".tmp-")]
    assert leftovers == []


def test_analysis_identical_with_and_without_cache(tmp_path: Path) -> None:
    """A process that loads the snapshot analyses exactly like one that builds everything."""
    env = dict(os.environ, MARSAD_CACHE_DIR=str(tmp_path / "cache"))
    cmd = [sys.executable, "-m", "marsad", "analyze", str(Path(__file__).parents[1] / "demo")]
    built = subprocess.run(cmd, env=env, capture_output=True, check=True).stdout
    assert list((tmp_path / "cache").glob("compiled-*.pickle"))
    loaded = subprocess.run(cmd, env=env, capture_output=True, check=True).stdout
    off = subprocess.run(cmd, env=dict(env, MARSAD_CACHE_DIR="off"), capture_output=True,
                         check=True).stdout
    assert built == loaded == off
    assert built.count(b"\n") >= 5
