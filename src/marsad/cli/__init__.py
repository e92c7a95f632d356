"""The ``marsad`` command line.

Each command lives in its own module and registers itself on the ``main`` group:
``analyze`` (cli/analyze.py), the corpus commands ``ingest``/``search``/``reuse``/
``incidents`` (cli/corpus.py; the ingest engine in cli/ingest_run.py), ``watch``
(cli/watch.py: following feeds), ``export`` (cli/export.py; filters shared in cli/filters.py)
and ``serve`` (cli/serve.py).
"""

from __future__ import annotations

import importlib

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="marsad")
def main() -> None:
    """marsad (مرصد): a sourced, cross-checked record of what Arabic news says happened.

    Every value it outputs points at the exact words it came from, with who said it.
    """


for _name in ("analyze", "corpus", "watch", "export", "batch", "serve", "train"):
    try:
        importlib.import_module(f"marsad.cli.{_name}")
    except ModuleNotFoundError as exc:  # a command module not written yet
        if exc.name != f"marsad.cli.{_name}":
            raise
