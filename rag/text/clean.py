"""Text made safe to show on one line: error messages, status lines, table cells and report rows."""

from __future__ import annotations


def one_line(text: object, limit: int | None = None) -> str:
    """`text` as one line of printable characters (runs of white space and control characters become one space),
    cut to `limit` characters with an ellipsis when it is longer."""
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())
    return cleaned if limit is None or len(cleaned) <= limit else cleaned[: limit - 1] + "…"
