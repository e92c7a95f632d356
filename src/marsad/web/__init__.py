"""``marsad serve``: the web UI and JSON API over a marsad database (see ``app.py``)."""

from marsad.web.app import create_app

__all__ = ["create_app"]
