"""The marsad database. Everything SQL lives in this package, behind ``Store``.

``Store(location)`` is a SQLite file (the default, ``./marsad.db``) or, for a ``postgresql://``
URL, a PostgreSQL database shared by several ingesters, analysts and the web UI.
"""

from marsad.store.base import (
    IngestResult,
    Store,
    StoreError,
    default_db_path,
    display_location,
    is_postgres_url,
)
from marsad.store.rows import PreparedDocument, prepare

# the two backends register themselves with Store (base.BACKENDS)
from marsad.store import postgres, sqlite  # noqa: F401  isort: skip

__all__ = ["IngestResult", "PreparedDocument", "Store", "StoreError", "default_db_path",
           "display_location", "is_postgres_url", "prepare"]
