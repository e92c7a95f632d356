"""Where a point lies: countries and their first-level divisions (governorates, provinces).

``marsad.geo.boundaries`` answers "which country and which governorate holds this point?"
from the bundled Natural Earth admin-1 polygons (``geo/data/admin1.geojson``, rebuilt by
``marsad.geo.build``). Nothing here reads the network or the knowledge base.
"""
