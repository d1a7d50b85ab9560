"""One redaction for every message that leaves the process: CLI errors and notes, batch error cells, chat status
lines, the server log and Python logging records.

An LLM gateway may echo the request's `Authorization` header in its error body, and a base URL may carry
`user:password@` or `?api-key=...`; such text reaches error messages through exception strings. `redact` replaces
API keys (`sk-...`), bearer and basic credentials, key-like header or query values, URL user-info, and any secret
value registered with `remember_secret` (the configured API key, whatever its shape) with `[redacted]`.
"""

from __future__ import annotations

import logging
import re
import threading
import traceback

MARK = "[redacted]"
# Shortest registered secret worth replacing verbatim: a shorter one would blank out ordinary words.
MIN_SECRET_CHARS = 8

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # OpenAI-style keys: sk-..., sk-proj-..., and the same shape from other vendors (rk-, pk-).
    (re.compile(r"\b(?:sk|rk|pk)-[A-Za-z0-9_\-]{8,}"), MARK),
    # An Authorization header (echoed in an error body or a log line), whatever its scheme.
    (
        re.compile(r"""(?i)\b(authorization["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|token|digest)\s+)?[^\s"',;}]+"""),
        rf"\1{MARK}",
    ),
    # A bearer token on its own (`Bearer eyJhbGciOi...`); it has a digit, unlike the ordinary word "bearer".
    (re.compile(r"(?i)\b(bearer\s+)(?=\S*\d)[A-Za-z0-9._~+/=\-]{8,}"), rf"\1{MARK}"),
    # Key-like names followed by a value: api_key=..., "x-api-key": "...", password: ..., client_secret=...
    (
        re.compile(
            r"""(?i)\b((?:x-)?api[-_]?key|access[-_]?token|auth[-_]?token|refresh[-_]?token|client[-_]?secret"""
            r"""|secret[-_]?key|password|passwd)(["']?\s*[:=]\s*["']?)[^\s"'&,;}]+"""
        ),
        rf"\1\2{MARK}",
    ),
    # URL user-info: scheme://user:password@host or scheme://token@host.
    (re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@]+@"), rf"\1{MARK}@"),
    # Query parameters that carry keys: ?key=..., &token=..., &sig=...
    (re.compile(r"(?i)([?&](?:key|token|code|auth|sig|signature|secret))=[^&\s#\"']+"), rf"\1={MARK}"),
)

_secrets: set[str] = set()
_lock = threading.Lock()


def remember_secret(value: str | None) -> None:
    """Redact `value` verbatim from now on (e.g. the API key read from the environment)."""
    if value and len(value.strip()) >= MIN_SECRET_CHARS:
        with _lock:
            _secrets.add(value.strip())


def redact(text: object) -> str:
    """`text` as a string with keys, tokens and credentials replaced by `[redacted]`."""
    result = str(text)
    for secret in sorted(_secrets, key=len, reverse=True):
        result = result.replace(secret, MARK)
    for pattern, replacement in _PATTERNS:
        result = pattern.sub(replacement, result)
    return result


def install_log_redaction() -> None:
    """Redact every Python logging record as it is made, whatever handler prints it (once per process)."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "redacting", False):
        return

    def make_record(*args, **kwargs) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed format string: leave it to logging's own error report
            return record
        record.msg, record.args = redact(message), None
        if record.exc_info:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info))).rstrip("\n")
        return record

    make_record.redacting = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(make_record)
