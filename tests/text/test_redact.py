"""`redact`: keys, tokens and URL credentials never leave the process in a message."""

from __future__ import annotations

import logging

import pytest

from rag.text.redact import MARK, install_log_redaction, redact, remember_secret


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Incorrect API key provided: sk-proj-AbCdEf1234567890", "sk-proj-AbCdEf1234567890"),
        ('{"Authorization": "Bearer abc.def-123456"}', "abc.def-123456"),
        ("authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="),
        ("Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig123", "eyJhbGciOiJIUzI1NiJ9"),
        ("http://robot:s3cret-pass@127.0.0.1:8080/v1", "s3cret-pass"),
        ("https://token123456@host/v1", "token123456"),
        ("https://host/v1?api-key=abc123xyz&x=1", "abc123xyz"),
        ("https://host/v1?key=abc123xyz", "abc123xyz"),
        ("x-api-key: zzz999zzz", "zzz999zzz"),
        ("password=hunter2 and more", "hunter2"),
        ("client_secret: 'qq11ww22'", "qq11ww22"),
    ],
)
def test_secrets_are_redacted(text, secret):
    cleaned = redact(text)
    assert secret not in cleaned and MARK in cleaned


@pytest.mark.parametrize(
    "text", ["bearer bonds rose 4.5 percent", "basic research", "token limit reached", "the sk-8 model", "a@b"]
)
def test_ordinary_words_are_left_alone(text):
    assert redact(text) == text


def test_a_remembered_secret_is_redacted_whatever_its_shape():
    remember_secret("plain-shaped-key-42")
    remember_secret("short")  # too short to replace safely
    assert redact("uses plain-shaped-key-42 and short words") == f"uses {MARK} and short words"


def test_log_records_are_redacted_once_installed(caplog):
    install_log_redaction()
    install_log_redaction()  # idempotent
    with caplog.at_level(logging.WARNING):
        logging.getLogger("probe").warning("key %s", "sk-abcdefgh12345678")
    assert "sk-abcdefgh12345678" not in caplog.text and MARK in caplog.text
