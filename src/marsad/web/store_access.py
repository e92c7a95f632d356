"""The web app's access to a store: the read half of ``marsad.store.Store`` it needs
(``StoreLike``), and one read-only store per worker thread (``StoreProvider``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Protocol


class StoreLike(Protocol):
    """The read half of ``marsad.store.Store`` (see notes/store_api.md)."""

    def stats(self) -> dict[str, int]: ...
    def list_documents(self, offset: int = 0, limit: int = 50, **filters: Any) -> dict[str, Any]: ...
    def get_document(self, doc_id: str) -> dict[str, Any] | None: ...
    def list_events(self, offset: int = 0, limit: int = 50, **filters: Any) -> dict[str, Any]: ...
    def list_claims(self, offset: int = 0, limit: int = 50, doc_id: str | None = None) -> dict[str, Any]: ...
    def list_incidents(self, offset: int = 0, limit: int = 50,
                       new_since: str | None = None) -> dict[str, Any]: ...
    def get_incident(self, incident_id: str) -> dict[str, Any] | None: ...
    def list_reuse(self, offset: int = 0, limit: int = 50, doc_id: str | None = None) -> dict[str, Any]: ...
    def search(self, query: str, offset: int = 0, limit: int = 20, **filters: Any) -> dict[str, Any]: ...
    def list_outlets(self) -> list[dict[str, Any]]: ...
    def list_places(self) -> list[dict[str, Any]]: ...


class StoreProvider:
    """One read-only Store per thread, opened on first use."""

    def __init__(self, factory: Callable[[], StoreLike]) -> None:
        self._factory = factory
        self._local = threading.local()
        self._all: list[StoreLike] = []
        self._lock = threading.Lock()

    def get(self) -> StoreLike:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._factory()
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._all:
                close = getattr(store, "close", None)
                if close:
                    close()
            self._all.clear()
