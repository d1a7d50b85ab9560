"""Word lists kept as data (`rag/data/*.tsv`): one reader for all of them.

Each file is tab-separated with a header line; blank lines and `#` comment lines are skipped. A file that cannot be
read is one ValueError line that names it and says to restore it.
"""

from __future__ import annotations

from pathlib import Path


def read_pairs(path: Path, what: str) -> list[tuple[str, str]]:
    """(first column, the rest of the line) of every data line after the header, as written (`what` names the file
    in the error)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ValueError(f"{what} {path} cannot be read ({exc}); restore them from the repository") from exc
    data = [line for line in lines if line.strip() and not line.startswith("#")]
    pairs = []
    for line in data[1:]:
        key, _, value = line.partition("\t")
        pairs.append((key, value))
    return pairs


def grouped_words(path: Path, what: str, strip: bool = True) -> dict[str, tuple[str, ...]]:
    """first column -> the second column's words, lower-cased, in file order. `strip=False` keeps a word's leading
    and trailing spaces (a trigger ` plus ` is a word, not the `plus` of `surplus`)."""
    words: dict[str, list[str]] = {}
    for key, word in read_pairs(path, what):
        word = word.strip() if strip else word
        if word:
            words.setdefault(key.strip(), []).append(word.lower())
    return {key: tuple(group) for key, group in words.items()}
