"""``python -m marsad.cli``: the marsad command without its console script."""

from marsad.cli import main

main()
