"""``marsad batch``: analyse a large input on a Dask cluster into Parquet datasets."""

from __future__ import annotations

import sys

import click

from marsad.cli import main

# the batch's Dask tasks, by function, as a user knows the steps
_STEPS = {"run_partition": "analysis", "sketch_task": "reuse sketches",
          "bucket_task": "reuse candidates", "align_task": "reuse alignment",
          "blocking_task": "incidents blocking", "cluster_task": "incidents clustering"}


@main.command(
    epilog=(
        "\b\nExamples:\n"
        "  marsad batch archive/ --out data/                    # a local cluster, all cores\n"
        "  marsad batch day.jsonl --out data/ --scheduler tcp://10.0.0.5:8786\n"
        "  marsad batch articles.parquet --text-column body --out data/\n"
        "  marsad ingest data/                                  # the dataset into the store\n\n"
        "Inputs: .txt/.html/.json/.jsonl files or directories (as `marsad analyze` reads "
        "them), and Parquet files with a text column (plus url/title/outlet/published "
        "columns when present). Output: DIR/documents, events, claims, entities (Parquet, "
        "partitioned by publication day: day=YYYY-MM-DD or day=unknown), DIR/reuse and "
        "DIR/incidents (the whole corpus, recomputed after every run). A run replaces the "
        "days its documents fall on and leaves the others; a killed run, started again "
        "with the same arguments, goes on from the partitions it had finished."
    )
)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="The dataset directory.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="A running Dask scheduler (tcp://host:8786). Default: a local cluster.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes of the local cluster (default: all cores).")
@click.option("--memory-limit", default=None, metavar="SIZE",
              help="Memory per local worker, e.g. 1GB (default: Dask's share of the machine).")
@click.option("--published", metavar="YYYY-MM-DD", default=None, help="Publication date of every input.")
@click.option("--outlet", metavar="NAME", default=None, help="Publisher of every input.")
@click.option("--text-column", default="text", show_default=True, help="The text column of Parquet inputs.")
def batch(inputs: tuple[str, ...], out: str, scheduler: str | None, workers: int | None,
          memory_limit: str | None, published: str | None, outlet: str | None, text_column: str) -> None:
    """Analyse INPUT... on a Dask cluster into Parquet datasets under --out.

    The workers read the inputs and write the Parquet files themselves, so with a remote
    scheduler the inputs and --out must be on storage every worker sees (the same path).
    """
    from marsad.cli.analyze import _validate_published

    if published:
        _validate_published(click.get_current_context(), None, published)  # type: ignore[arg-type]
    try:
        from marsad.batch.engine import DaskEngine
        from marsad.batch.run import run_batch
    except ImportError as exc:
        raise click.ClickException(f"marsad batch needs Dask and pyarrow ({exc.name} is missing): "
                                   "pip install 'marsad[batch]'") from None
    if outlet:  # an outlet id becomes its name, as `marsad analyze --outlet` does
        from marsad.kb.outlets import outlets_by_id

        entry = outlets_by_id().get(outlet)
        outlet = entry.name if entry else outlet
    overrides = {k: v for k, v in (("published", published), ("outlet", outlet)) if v}
    engine = DaskEngine(scheduler, workers=workers, memory_limit=memory_limit)
    try:
        result = run_batch(list(inputs), out, engine, overrides=overrides, text_column=text_column,
                           report=lambda msg: click.echo(f"marsad: {msg}", err=True))
    except KeyboardInterrupt:
        click.echo("marsad: interrupted; run the same command again to go on from the finished partitions",
                   err=True)
        sys.exit(130)
    except Exception as exc:
        if type(exc).__name__ != "KilledWorker":  # distributed's: every worker died running a task
            raise
        task = str(getattr(exc, "task", "")).split("-")[0]
        raise click.ClickException(
            f"the {_STEPS.get(task, task or 'batch')} step stopped: the workers running it died, "
            f"one after the other (most often its memory passed --memory-limit and the worker was "
            f"restarted). Give the workers more memory (--memory-limit) and run the same command "
            f"again: the finished partitions are kept") from None
    finally:
        engine.close()
    for source, reason in result.failures:
        click.echo(f"marsad: {source}: {reason}", err=True)
    click.echo(f"marsad: {result.documents} documents ({len(result.days)} days) written to {out}; "
               f"reuse: {result.reuse_pairs} pairs, incidents: {result.incidents}; "
               f"{result.seconds.get('total', 0):.1f} s"
               + (f"; {len(result.failures)} failed" if result.failures else ""), err=True)
    sys.exit(1 if result.failures else 0)
