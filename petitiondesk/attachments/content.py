"""What a file is, judged by its first bytes, and a safe display name; pure."""

from __future__ import annotations

import re

# magic numbers of the only kinds the bureau files: scanned letters and court papers
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
ALLOWED_TYPES = tuple(dict.fromkeys(t for _, t in SIGNATURES))
SNIFF_BYTES = 8

_UNSAFE = re.compile(r"[\x00-\x1f\x7f\"]")


def sniff(head: bytes) -> str | None:
    """Return the content type the bytes begin with, or None when not an allowed kind."""
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def display_name(raw: str | None) -> str:
    """Return the file's own name without any path or control characters (kept for display)."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("", name).strip().lstrip(".")
    return name[-200:] or "attachment"


def storage_path(sha256: str) -> str:
    """Return the relative path a file with this hash is stored under (ab/cdef...)."""
    return f"{sha256[:2]}/{sha256[2:]}"
