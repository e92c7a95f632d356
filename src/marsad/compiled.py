"""Compiled data cached on disk: what a process builds from the knowledge base, built once.

Every process that analyses text needs the same compiled objects (the knowledge base with
its alias index, the lexicons, the shared Aho-Corasick automaton). Building them from the
TOML files costs most of a second; unpickling them costs a fraction of that. A factory
decorated with ``@compiled`` (in place of ``@lru_cache(maxsize=1)``) is served, in this order,
from the process's memory, from the snapshot on disk, or by building it.

The snapshot is one pickle of every compiled value by name, so objects shared between values
(a lexicon inside the knowledge base and inside the shared automaton) stay shared. Its file
name is a hash of every data file under ``marsad/kb/data`` and of marsad's own source code
(contents, not dates), so any change to either makes a new snapshot: nothing here knows the
shapes of today's lexicons. ``flush`` writes it after something new was built (the pipeline
calls it after a document), through a temporary file and an atomic rename: processes that
write the same snapshot at once each replace it with a whole copy, and a reader sees an old
whole file or a new whole file, never a part. A snapshot that cannot be read is ignored and
rebuilt; a cache directory that cannot be written is not an error (the process just builds).

Location: ``$MARSAD_CACHE_DIR``, else ``$XDG_CACHE_HOME/marsad``, else ``~/.cache/marsad``.
``MARSAD_CACHE_DIR=off`` disables the disk cache (every process builds).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import io
import os
import pickle
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

_PACKAGE = Path(__file__).resolve().parent
SNAPSHOT_PREFIX = "compiled-"
_KEEP_SNAPSHOTS = 4  # older snapshots (other code or data versions) beyond this are removed


def cache_dir() -> Path | None:
    """Where compiled snapshots live (None: disk cache disabled)."""
    env = os.environ.get("MARSAD_CACHE_DIR")
    if env:
        return None if env.lower() in ("off", "0", "none", "no") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "marsad"


def _source_files() -> list[Path]:
    files = [p for p in _PACKAGE.rglob("*.py") if "__pycache__" not in p.parts]
    data = _PACKAGE / "kb" / "data"
    if data.is_dir():
        files += [p for p in data.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(files)


def fingerprint() -> str:
    """A hash of the data files and the code that compiles them (and of the Python that
    pickles them): the snapshot's key."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{sys.version_info[:3]}|{pickle.HIGHEST_PROTOCOL}".encode())
    for path in _source_files():
        h.update(str(path.relative_to(_PACKAGE)).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


class _Snapshot:
    """The process's compiled values, and the disk snapshot they come from and go to."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.loaded = False
        self.dirty = False
        self.path: Path | None = None
        self.lock = threading.RLock()

    def _load(self) -> None:
        self.loaded = True
        directory = cache_dir()
        if directory is None:
            return
        try:
            self.path = directory / f"{SNAPSHOT_PREFIX}{fingerprint()}.pickle"
            with open(self.path, "rb") as f:
                blob = f.read()
        except OSError:
            return
        was_enabled = gc.isenabled()
        gc.disable()  # unpickling makes ~10^5 objects and no cycles: a collection is wasted
        try:
            values = pickle.loads(blob)
        except Exception:  # truncated, another Python, a class that moved: rebuild
            return
        finally:
            if was_enabled:
                gc.enable()
        if isinstance(values, dict):
            self.values = values
            # the compiled data lives as long as the process: moved out of the cyclic
            # collector's generations, it is never scanned again (each full collection
            # would walk its ~10^5 objects: ~40 ms on the first document alone), and a
            # forked worker does not dirty its copy-on-write pages by collecting it
            gc.freeze()

    def get(self, name: str, build: Callable[[], T]) -> T:
        with self.lock:
            if not self.loaded:
                self._load()
            if name in self.values:
                return self.values[name]  # type: ignore[no-any-return]
        value = build()
        with self.lock:
            if name not in self.values:  # a nested build may have set it
                self.values[name] = value
                self.dirty = True
            return self.values[name]  # type: ignore[no-any-return]

    def flush(self) -> bool:
        """Write the snapshot if something was built since it was read. True if written."""
        with self.lock:
            if not self.dirty or self.path is None:
                return False
            self.dirty = False
            blob = _dumps(self.values)
            if blob is None:
                return False
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".pickle")
                try:
                    with os.fdopen(fd, "wb") as f:
                        f.write(blob)
                    os.replace(tmp, self.path)
                except BaseException:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
                    raise
            except OSError:
                return False
            _prune(self.path)
            return True


class _Pickler(pickle.Pickler):
    """Pickles a dataclass with slots as a call of its constructor: the default path
    (``dataclasses._dataclass_setstate``, a Python loop over ``fields()`` per object) was half
    of the snapshot's load time for the ~30,000 senses and records of the knowledge base."""

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        plan = _constructor_plan(cls)
        if plan is None:
            return NotImplemented
        return cls, tuple(getattr(obj, name) for name in plan)


_PLANS: dict[type, tuple[str, ...] | None] = {}
# what ``@dataclass(slots=True)`` installs (its state is the fields, as our plan's)
_DATACLASS_GETSTATE = getattr(dataclasses, "_dataclass_getstate", None)


def _constructor_plan(cls: type) -> tuple[str, ...] | None:
    """The field names to pass to ``cls(...)`` positionally to rebuild an instance, or None
    when the class is not a plain slotted dataclass (then pickle's own path is taken)."""
    if cls in _PLANS:
        return _PLANS[cls]
    plan: tuple[str, ...] | None = None
    fields = getattr(cls, "__dataclass_fields__", None)
    params = getattr(cls, "__dataclass_params__", None)
    if (fields is not None and params is not None and params.init and "__slots__" in cls.__dict__
            and not hasattr(cls, "__post_init__") and "__reduce__" not in cls.__dict__
            and cls.__dict__.get("__getstate__") in (None, _DATACLASS_GETSTATE)):
        real = [f for f in fields.values() if f._field_type is dataclasses._FIELD]  # type: ignore[attr-defined]
        if all(f.init and not f.kw_only for f in real) and len(real) == len(fields):
            plan = tuple(f.name for f in real)
    _PLANS[cls] = plan
    return plan


def _pickle(value: Any) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def _dumps(values: dict[str, Any]) -> bytes | None:
    """All values in one pickle; a value that cannot be pickled (a lambda inside) is left
    out of the snapshot, and that process and the next build it themselves."""
    try:
        return _pickle(values)
    except Exception:
        pass
    kept = {}
    for name, value in values.items():
        try:
            _pickle(value)
        except Exception:
            continue
        kept[name] = value
    try:
        return _pickle(kept)
    except Exception:
        return None


def _prune(current: Path) -> None:
    """Remove the oldest snapshots beyond ``_KEEP_SNAPSHOTS`` (other versions' leftovers)."""
    try:
        snaps = sorted(current.parent.glob(f"{SNAPSHOT_PREFIX}*.pickle"),
                       key=lambda p: p.stat().st_mtime, reverse=True)
        for old in snaps[_KEEP_SNAPSHOTS:]:
            if old != current:
                old.unlink(missing_ok=True)
    except OSError:
        pass


_SNAPSHOT = _Snapshot()


def compiled(factory: Callable[[], T]) -> Callable[[], T]:
    """Decorate a zero-argument factory of compiled data (see the module docstring).

    The value is built at most once per process and, through the disk snapshot, once per
    version of the code and data. The factory must be a pure function of the data files.
    """
    name = f"{factory.__module__}.{factory.__qualname__}"
    memo: list[T] = []

    def get() -> T:
        if not memo:
            memo.append(_SNAPSHOT.get(name, factory))
        return memo[0]

    get.__name__ = factory.__name__
    get.__qualname__ = factory.__qualname__
    get.__doc__ = factory.__doc__
    get.__wrapped__ = factory  # type: ignore[attr-defined]
    return get


def cached_value(name: str, build: Callable[[], T]) -> T:
    """The compiled value ``name`` (built by ``build`` when not in the snapshot)."""
    return _SNAPSHOT.get(name, build)


def flush() -> bool:
    """Write the snapshot when something new was built (cheap when nothing was)."""
    if not _SNAPSHOT.dirty:
        return False
    return _SNAPSHOT.flush()
