"""``marsad serve``: the web UI and JSON API over a marsad database (read-only)."""

from __future__ import annotations

import errno
import socket

import click

from marsad.cli import main


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket listening on ``host:port``, or a ClickException saying why there is none
    (bound here, before anything says it is serving: a taken port is reported as such)."""
    try:
        family, _type, _proto, _name, address = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as exc:
        raise click.ClickException(f"cannot listen on {host}: {exc.strerror}") from None
    try:
        return socket.create_server(address[:2], family=family, backlog=128)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise click.ClickException(
                f"port {port} on {host} is already in use (another marsad serve?); "
                "choose another with --port") from None
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None


@main.command()
@click.option("--db", "db", default=None, metavar="PATH|URL",
              help="database: a SQLite file or a postgresql:// URL (default: $MARSAD_DB, "
                   "else ./marsad.db)")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to listen on; the default keeps it on this machine only")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="also answer requests addressed to this host name (repeatable); by default "
                   "only the names the server is bound to are answered (DNS rebinding)")
def serve(db: str | None, host: str, port: int, allow_hosts: tuple[str, ...]) -> None:
    """Serve the web UI (مرصد) and the JSON API at http://HOST:PORT/ (read-only)."""
    import uvicorn

    from marsad.store import StoreError, default_db_path, display_location
    from marsad.web.app import create_app
    from marsad.web.hosts import policy_for

    path = default_db_path(db)
    try:
        app = create_app(path, hosts=policy_for(host, allow_hosts))
    except (FileNotFoundError, StoreError) as exc:
        raise click.ClickException(str(exc)) from None
    sock = listening_socket(host, port)
    port = sock.getsockname()[1]
    if host not in {"127.0.0.1", "localhost", "::1"}:
        click.echo(f"warning: listening on {host}: anyone who can reach it can read the corpus",
                   err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"marsad: serving {display_location(path)} (read-only) at http://{shown}:{port}/"
               "  — Ctrl+C stops",
               err=True)
    config = uvicorn.Config(app, log_level="warning")
    uvicorn.Server(config).run(sockets=[sock])
