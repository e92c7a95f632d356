"""``marsad analyze`` (minimal version)."""

from __future__ import annotations

import json
import sys

import click

from marsad.cli import main
from marsad.io.readers import InputError, read_inputs
from marsad.pipeline import analyze as run_pipeline


@main.command()
@click.argument("paths", nargs=-1, required=True)
def analyze(paths: tuple[str, ...]) -> None:
    """Analyse articles and print one JSON object per document."""
    failed = False
    for item in read_inputs(paths):
        if isinstance(item, InputError):
            click.echo(f"marsad: {item}", err=True)
            failed = True
            continue
        doc = run_pipeline(item)
        sys.stdout.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
    sys.exit(1 if failed else 0)
