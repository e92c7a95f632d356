"""The options of the commands that fetch from the web (``ingest URL``, ``watch``)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click


def default_cache_dir() -> str:
    """``$MARSAD_CACHE``, else ``$XDG_CACHE_HOME/marsad/http`` (``~/.cache/marsad/http``)."""
    if env := os.environ.get("MARSAD_CACHE"):
        return env
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(base) / "marsad" / "http")


def fetch_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--cache", "cache_dir", default=default_cache_dir, metavar="DIR",
                     show_default="$MARSAD_CACHE or ~/.cache/marsad/http",
                     help="Where fetched feeds and pages are kept with their ETag and "
                          "Last-Modified (the next request for them is conditional)."),
        click.option("--rate", type=click.FloatRange(min=0), default=2.0, show_default=True,
                     metavar="SECONDS",
                     help="At most one request per this many seconds to one host (a longer "
                          "Crawl-delay in the host's robots.txt wins)."),
        click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0,
                     show_default=True, metavar="SECONDS", help="Per request."),
        click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True,
                     help="Retries of a timeout, connection error, 429 or 5xx, after 2, 4, "
                          "8... seconds."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn
