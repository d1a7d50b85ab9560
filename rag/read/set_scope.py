"""A question about a set named by its size (`the seven zones`, `七个合作区`) asks for a figure of the whole set: a
sentence that names the set (`the seven zones`, `the zones`) binds its figures to it, while a sentence that goes on
about one thing the sentence before named (`the park`, `该园区`) gives that one member's figures, not the set's."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.read.gate import stopwords
from rag.text.glossary import has_cjk
from rag.text.numbers import chinese_count, word_numbers
from rag.text.tokens import find_word

MAX_SET_WORDS = 8  # words of a set's noun phrase between its size and its head noun (`seven overseas ... zones`)


@dataclass(frozen=True)
class NamedSet:
    size: int
    noun: str  # the head noun as the question writes it (`zones`); "" for a Chinese question


_DIGITS = re.compile(r"(?<![\d.,])(\d{1,3})(?![\d.,%])")
_ZH_SET = re.compile(r"(\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:个|家|座|类|大)")
_PHRASE_END = re.compile(r"[,，.?？;；:：()（）]")


def named_set(question_text: str) -> NamedSet | None:
    """The set a question names by its size: `N <words> <plural noun>` (the last plural of the words up to the first
    stop word or mark), or `七个...` in Chinese. None when it names none, or a size below two."""
    if has_cjk(question_text):
        for match in _ZH_SET.finditer(question_text):
            size = int(match.group(1)) if match.group(1).isdigit() else chinese_count(match.group(1))
            if size and size >= 2:
                return NamedSet(size, "")
        return None
    sizes = [(int(m.group(1)), m.end()) for m in _DIGITS.finditer(question_text)]
    sizes += [(int(q.value), q.end) for q in word_numbers(question_text)]
    for size, end in sorted(sizes, key=lambda item: item[1]):
        if size < 2 or size > 999:
            continue
        rest = _PHRASE_END.split(question_text[end:], maxsplit=1)[0].split()
        phrase = []
        for word in rest[:MAX_SET_WORDS]:
            if word.lower() in stopwords() and word.lower() not in ("and", "&"):
                break
            phrase.append(word)
        plural = [w.lower() for w in phrase if len(w) > 3 and w.lower().endswith("s") and not w.endswith("ss")]
        if plural:
            return NamedSet(size, plural[-1])
    return None


def _stem(noun: str) -> str:
    return noun[:-1] if noun.endswith("s") else noun


def names_set(sentence: str, named: NamedSet) -> bool:
    """The sentence names the set: its size before its head noun (`seven ... zones`, `七个`; for a Chinese question's
    set, which has no English noun, before any plural), or the head noun after
    a plural demonstrative (`these zones`; not `the zones` nor `all zones`, often the zones in general)."""
    low = sentence.lower()
    if any(
        (int(m.group(1)) if m.group(1).isdigit() else chinese_count(m.group(1))) == named.size
        for m in _ZH_SET.finditer(sentence)
    ):
        return True
    sizes = [m.end() for m in _DIGITS.finditer(sentence) if int(m.group(1)) == named.size]
    sizes += [q.end for q in word_numbers(sentence) if int(q.value) == named.size]
    stem = _stem(named.noun)
    for end in sizes:
        words = [w.strip(",;") for w in low[end:].split()[:MAX_SET_WORDS]]
        # a Chinese question's set (`七个合作区`) in an English sentence: its size before a plural noun
        if any(w.startswith(stem) if stem else len(w) > 3 and w.endswith("s") and not w.endswith("ss") for w in words):
            return True
    return any(find_word(f"{lead} {named.noun}", low) for lead in ("these", "those"))
