"""The marsad database. Everything SQL lives in this package, behind ``Store``."""

from marsad.store.rows import PreparedDocument, prepare
from marsad.store.sqlite import IngestResult, Store, StoreError, default_db_path

__all__ = ["IngestResult", "PreparedDocument", "Store", "StoreError", "default_db_path", "prepare"]
