"""Text made safe to show on one line: error messages, status lines, table cells and report rows."""

from __future__ import annotations

from rag.text.redact import redact


def one_line(text: object, limit: int | None = None) -> str:
    """`text` as one line of printable characters (runs of white space and control characters become one space),
    keys and credentials redacted (`rag.text.redact`), cut to `limit` characters with an ellipsis when longer."""
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in redact(text)).split())
    return cleaned if limit is None or len(cleaned) <= limit else cleaned[: limit - 1] + "…"
