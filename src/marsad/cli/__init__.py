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

# command -> the module under marsad.cli that defines it. A command's module is imported when
# the command is asked for: `marsad analyze` then loads the analysis alone, not the store,
# the feed reader or the web server (a start-up cost paid on every one-file run).
COMMAND_MODULES = {
    "analyze": "analyze",
    "ingest": "corpus",
    "search": "corpus",
    "reuse": "corpus",
    "incidents": "corpus",
    "watch": "watch",
    "export": "export",
    "batch": "batch",
    "serve": "serve",
    "train": "train",
}


def _load(module: str) -> None:
    try:
        importlib.import_module(f"marsad.cli.{module}")
    except ModuleNotFoundError as exc:  # a command module not written yet
        if exc.name != f"marsad.cli.{module}":
            raise


class _LazyGroup(click.Group):
    """A group whose commands register themselves when their module is first imported."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        for module in dict.fromkeys(COMMAND_MODULES.values()):
            _load(module)
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is not None:
            _load(module)
        elif cmd_name not in self.commands:
            self.list_commands(ctx)  # an unknown name: load them all (click suggests one)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="marsad")
def main() -> None:
    """marsad (مرصد): a sourced, cross-checked record of what Arabic news says happened.

    Every value it outputs points at the exact words it came from, with who said it.
    """
