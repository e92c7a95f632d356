"""Turning bytes into text: byte-order marks, UTF-8, and detected legacy encodings.

Arabic text files arrive as UTF-8 (with or without a BOM), UTF-16 (Windows "Unicode" saves,
always with a BOM) or a legacy code page, mostly Windows-1256. We never assume: a BOM decides;
otherwise strict UTF-8 is tried first (it almost never decodes text that is not UTF-8), and
only then charset-normalizer is asked which code page fits. Bytes that look like a binary
format, or that no encoding explains, are refused with a reason instead of being decoded
into mojibake.
"""

from __future__ import annotations

import codecs
import re

# Magic numbers of binary formats people drop into a folder of articles by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh91AY&SY", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"MZ\x90\x00", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"RIFF", "RIFF media file"),
    (b"ID3\x03", "MP3 audio"),
    (b"ID3\x04", "MP3 audio"),
    (b"OggS", "Ogg media"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
    (b"wOFF", "web font"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 controls other than tab/newline/carriage return/form feed: a text file has (almost) none.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class DecodeError(ValueError):
    """The bytes are not text marsad can read; the message says why."""


def sniff_binary(data: bytes) -> str | None:
    """A short description of the binary format ``data`` starts with, or None."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` to text; return ``(text, encoding)`` or raise DecodeError."""
    if not data:
        raise DecodeError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise DecodeError(f"undecodable bytes: starts with a {encoding} byte-order mark but byte {exc.start} is invalid") from None
    what = sniff_binary(data)
    if what:
        raise DecodeError(f"binary file ({what}), not text")
    head = data[:65536]
    if b"\x00" in head or len(_CONTROL.findall(head)) > max(8, len(head) // 200):
        raise DecodeError("binary file (control bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    from charset_normalizer import from_bytes  # imported lazily: only legacy files pay for it

    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding in {"utf_8", "ascii"}:
        raise DecodeError(
            f"undecodable bytes: not UTF-8 (invalid byte at offset {utf8_error.start}) "
            "and no other text encoding fits"
        )
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        raise DecodeError(f"undecodable bytes (guessed {best.encoding}, which does not decode it)") from None


def scrub(text: str) -> str:
    """Replace lone UTF-16 surrogates (possible in JSON escapes) so the text can be written as UTF-8."""
    if _LONE_SURROGATE.search(text) is None:
        return text
    return _LONE_SURROGATE.sub("\ufffd", text)
