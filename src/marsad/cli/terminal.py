"""Text from documents and file names made safe to print on a terminal.

A title, an outlet name or a file name comes from whoever wrote the page: printed raw, its
escape sequences (``ESC ] 0 ; ... BEL`` retitles the window, ``ESC [ 2 J`` clears the screen,
some terminals even answer queries into the input) would drive the analyst's terminal.
``printable`` shows every control character as a visible ``\\xNN`` escape instead.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, and the C1 controls (U+0080-U+009F; U+009B is a
# one-character CSI in many terminals).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str, *, newlines: bool = True) -> str:
    """``text`` with control characters shown as ``\\xNN`` (newlines kept if ``newlines``)."""
    out = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return out if newlines else out.replace("\n", " ")
