"""Fixtures the reader's tests share."""

from __future__ import annotations

import pytest

from rag.text.glossary import Glossary


@pytest.fixture(scope="session")
def glossary() -> Glossary:
    """The project's glossary, loaded once for every reader test."""
    return Glossary.load()
