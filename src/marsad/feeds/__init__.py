"""Following outlets on the web: feeds and sitemaps read, pages fetched politely.

``parse`` reads RSS, Atom and sitemaps into the links they list (pure functions of bytes);
``fetch`` is the one HTTP client (robots.txt, per-host rate limit, conditional requests, a
local cache, timeouts and retries with back-off); ``follow`` runs a cycle over a feeds file
and yields the new pages as inputs for the ingest pipeline (``marsad watch``).
"""
