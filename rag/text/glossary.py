"""Chinese -> English glossary of statistical terms, used to gloss Chinese table labels and expand Chinese queries.

The data lives in `rag/data/glossary.tsv` (columns `zh`, `en`, `category`; `#` comment lines allowed). Labels are
looked up exactly first, then in a normalised form (no whitespace, no leading `- ` or `其中：`, half-width brackets),
then as a year (`2023 年位次` -> `2023 rank`), then as a compound whose every part has a gloss.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rag.text.wordlists import read_pairs

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "glossary.tsv"
GENERICS_PATH = Path(__file__).resolve().parents[1] / "data" / "generic_names.tsv"
HEADER = ("zh", "en", "category")
CATEGORIES = frozenset({"industry", "product", "region", "country", "column", "other"})

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "／": "/", "　": " "})
_PREFIX = re.compile(r"^(?:[-–—]\s*)+|^其中\s*:\s*")
_SPACE = re.compile(r"\s+")
_YEAR = re.compile(r"^(\d{4})年(.*)$")
# Separators of compound labels, tried in order, with the English joiner for the glossed parts.
_SEPARATORS = (("/", " / "), ("、", ", "), ("和", " and "))


def has_cjk(text: str) -> bool:
    """Whether `text` holds a Chinese character; ASCII text (most of what the reader asks about) holds none, and
    `str.isascii` says so without a regular-expression search."""
    return not text.isascii() and bool(_CJK.search(text))


def normalise(label: str) -> str:
    """The lookup form of a label: half-width punctuation, no list/`其中：` prefix, no whitespace."""
    text = label.translate(_WIDTH).strip()
    previous = None
    while previous != text:
        previous, text = text, _PREFIX.sub("", text).strip()
    return _SPACE.sub("", text)


@dataclass(frozen=True)
class Term:
    zh: str
    en: str
    category: str


# Categories whose English names are names of places and organisations (not industries or column words).
NAME_CATEGORIES = ("country", "region", "other")


def english_names(en: str) -> list[str]:
    """A glossary term's English names: the gloss, the gloss without its bracket, and the aliases in the bracket;
    a place named with a generic noun also in the other word order (`Port of Qingdao`, `Qingdao Port`)."""
    return list(_english_names(en))


@lru_cache(maxsize=8192)
def _english_names(en: str) -> tuple[str, ...]:
    """`english_names`, worked out once per gloss (the reader reads every glossary term for each question)."""
    names = [en, re.sub(r"\s*\([^)]*\)", "", en)]
    for group in re.findall(r"\(([^)]*)\)", en):
        names += [part.strip() for part in group.split(",")]
    names += [other for name in names if (other := generic_order(name))]
    return tuple(name for name in dict.fromkeys(names) if name)


@lru_cache(maxsize=1)
def generic_nouns() -> frozenset[str]:
    """The English generic nouns of place names (`port`, `province`; `rag/data/generic_names.tsv`)."""
    return frozenset(en.strip().lower() for _, en in read_pairs(GENERICS_PATH, "generic place nouns") if en.strip())


def generic_order(name: str) -> str | None:
    """A place name made of a generic noun and the place, in the other word order: `Port of Qingdao` -> `Qingdao
    Port`, `Zembla Province` -> `Province of Zembla`; None for any other name."""
    before = re.fullmatch(r"(\w+) of ((?:[A-Z][\w'-]*\s?)+)", name.strip())
    if before and before.group(1).lower() in generic_nouns():
        return f"{before.group(2).strip()} {before.group(1)}"
    after = re.fullmatch(r"((?:[A-Z][\w'-]*\s)+)(\w+)", name.strip())
    if after and after.group(2).lower() in generic_nouns():
        return f"{after.group(2)} of {after.group(1).strip()}"
    return None


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]
    _exact: dict[str, str] = field(init=False, repr=False, compare=False)
    _normal: dict[str, str] = field(init=False, repr=False, compare=False)
    _pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _named: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _by_gloss: tuple[dict[str, tuple[str, ...]], ...] = field(init=False, repr=False, compare=False)
    _categories: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        exact = {t.zh: t.en for t in self.terms}
        normal: dict[str, str] = {}
        for term in self.terms:
            normal.setdefault(normalise(term.zh), term.en)
        # Single characters are too ambiguous to match inside running text.
        keys = sorted((zh for zh in exact if len(zh) > 1), key=len, reverse=True)
        pattern = re.compile("|".join(map(re.escape, keys))) if keys else None
        object.__setattr__(self, "_exact", exact)
        object.__setattr__(self, "_categories", {t.zh: t.category for t in self.terms})
        object.__setattr__(self, "_normal", normal)
        object.__setattr__(self, "_pattern", pattern)
        named: dict[str, dict[str, None]] = {}
        for term in self.terms:
            if term.category in NAME_CATEGORIES:
                for name in english_names(term.en):
                    named.setdefault(name.lower(), {})[term.zh] = None
        object.__setattr__(self, "_named", {name: tuple(labels) for name, labels in named.items()})
        glosses: tuple[dict[str, dict[str, None]], ...] = ({}, {})  # a term's own gloss; its bracketed aliases
        for term in self.terms:
            own = english_names(term.en)[:2]
            for name in english_names(term.en):
                glosses[name not in own].setdefault(name.lower(), {})[term.zh] = None
        object.__setattr__(self, "_by_gloss", tuple({k: tuple(v) for k, v in g.items()} for g in glosses))

    def category(self, label: str) -> str | None:
        """The category of a Chinese label (`column`: a measure or operation word, `country`, ...); None if unknown."""
        return self._categories.get(label)

    def labels_named(self, name: str) -> tuple[str, ...]:
        """The Chinese labels of the places and organisations whose English names include `name` (any case)."""
        return self._named.get(name.lower(), ())

    def chinese_label(self, name: str) -> str | None:
        """The one Chinese label glossed `name` (any case, a leading `the` dropped, singular or plural): a term's own
        gloss before its bracketed aliases (`China`: 中国, not 中国大陆); None where no term or several are."""
        bare = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE).lower()
        forms = (bare, bare + "s", bare[:-1] if bare.endswith("s") else "")
        for glosses in self._by_gloss:
            labels = {label for form in forms if form for label in glosses.get(form, ())}
            if labels:
                return labels.pop() if len(labels) == 1 else None
        return None

    @classmethod
    def load(cls, path: Path | None = None) -> Glossary:
        """Read a glossary TSV (default: the packaged one); a malformed line raises ValueError naming file and line."""
        path = path or DEFAULT_PATH
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
        if not rows or tuple(rows[0][1].split("\t")) != HEADER:
            line_no = rows[0][0] if rows else 1
            raise ValueError(f"{path}:{line_no}: expected header line 'zh<TAB>en<TAB>category'")
        return cls(_parse_rows(path, rows[1:]))

    def __len__(self) -> int:
        return len(self.terms)

    def gloss(self, label: str) -> str | None:
        """English for a Chinese label, or None when it has none (the label then stays Chinese)."""
        if label in self._exact:
            return self._exact[label]
        return self._gloss_normal(normalise(label))

    def _gloss_normal(self, key: str) -> str | None:
        if not key:
            return None
        if key in self._normal:
            return self._normal[key]
        return self._gloss_year(key) or self._gloss_compound(key)

    def _gloss_year(self, key: str) -> str | None:
        match = _YEAR.match(key)
        if not match:
            return None
        year, rest = match.groups()
        if not rest:
            return year
        rest_gloss = self._gloss_normal(rest)
        return f"{year} {rest_gloss}" if rest_gloss else None

    def _gloss_compound(self, key: str) -> str | None:
        for separator, joiner in _SEPARATORS:
            parts = key.split(separator)
            if len(parts) < 2:
                continue
            glosses = [self._gloss_normal(part) for part in parts]
            if all(glosses):
                return joiner.join(g for g in glosses if g)
        return None

    def annotate(self, label: str) -> str:
        """`制造业 (manufacturing)`; the label unchanged when it has no CJK or no gloss."""
        if not has_cjk(label):
            return label
        english = self.gloss(label)
        return f"{label} ({english})" if english else label

    def labels_in(self, text: str) -> tuple[str, ...]:
        """The Chinese labels of the terms found in text, greedy longest match, in order (none without CJK)."""
        if self._pattern is None or not has_cjk(text):
            return ()
        return tuple(m.group() for m in self._pattern.finditer(text))

    def expand_query(self, text: str) -> str:
        """Append the English glosses of the glossary terms found in text (greedy longest match), deduplicated."""
        found = dict.fromkeys(self._exact[label] for label in self.labels_in(text))
        return f"{text} {' '.join(found)}" if found else text

    def coverage(self, labels: Iterable[str]) -> tuple[int, int, list[str]]:
        """(glossed, total, labels without a gloss) for the given labels, counted as given."""
        labels = list(labels)
        missing = [label for label in labels if self.gloss(label) is None]
        return len(labels) - len(missing), len(labels), missing


def _parse_rows(path: Path, rows: list[tuple[int, str]]) -> tuple[Term, ...]:
    terms: dict[str, Term] = {}
    for line_no, line in rows:
        term = _parse_row(path, line_no, line)
        if term.zh in terms:
            raise ValueError(f"{path}:{line_no}: duplicate zh term {term.zh!r}")
        terms[term.zh] = term
    return tuple(terms.values())


def _parse_row(path: Path, line_no: int, line: str) -> Term:
    fields = line.split("\t")
    if len(fields) != 3 or not all(f.strip() == f and f for f in fields):
        raise ValueError(f"{path}:{line_no}: expected 3 non-empty tab-separated fields zh, en, category: {line!r}")
    zh, en, category = fields
    if category not in CATEGORIES:
        raise ValueError(f"{path}:{line_no}: unknown category {category!r} (expected one of {sorted(CATEGORIES)})")
    if not has_cjk(zh):
        raise ValueError(f"{path}:{line_no}: zh field has no Chinese characters: {zh!r}")
    return Term(zh, en, category)
