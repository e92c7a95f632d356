"""``marsad serve``: the web UI and JSON API over a marsad database (read-only)."""

from __future__ import annotations

import click

from marsad.cli import main


@main.command()
@click.option("--db", "db", default=None, metavar="PATH",
              help="database file (default: $MARSAD_DB, else ./marsad.db)")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to listen on; the default keeps it on this machine only")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
def serve(db: str | None, host: str, port: int) -> None:
    """Serve the web UI (مرصد) and the JSON API at http://HOST:PORT/ (read-only)."""
    import uvicorn

    from marsad.store import StoreError, default_db_path
    from marsad.web.app import create_app

    path = default_db_path(db)
    try:
        app = create_app(path)
    except (FileNotFoundError, StoreError) as exc:
        raise click.ClickException(str(exc)) from None
    if host not in {"127.0.0.1", "localhost", "::1"}:
        click.echo(f"warning: listening on {host}: anyone who can reach it can read the corpus",
                   err=True)
    click.echo(f"marsad: serving {path} (read-only) at http://{host}:{port}/  — Ctrl+C stops",
               err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
