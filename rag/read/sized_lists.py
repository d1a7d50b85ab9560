"""Lists of a stated size: `哪三类产品`, `which two agreements` ask for that many named things, and the sentence that
prints a list of exactly that many after a list marker (`such as A, B, and C`, `respectively is A, B`) answers.

A list's items are its comma pieces after the marker (`rag/data/list_kinds.tsv`: marker_after); the piece holding
`and` closes the list and is cut at its last `and` (`the Alpha and Beta Accord and the Gamma Pact`: two items); the
last item ends before a clause verb (`..., and solar kites is growing` -> `solar kites`); a piece opening with a name
suffix (`Ltd.`) belongs to the name before it. The count of items must equal the size asked, so that a sentence
listing other things (more, or fewer) does not answer.
"""

from __future__ import annotations

import re

from rag.read.listed import list_words
from rag.text.glossary import has_cjk
from rag.text.numbers import chinese_count, word_numbers

_ZH_COUNT = r"([一二三四五六七八九十两]{1,3}|\d{1,2})\s*(\S)"
_ZH_SIZED = re.compile(rf"哪\s*{_ZH_COUNT}")
_ZH_SOME = re.compile(r"哪\s*几\s*(\S)")  # `分别是哪几家`: the size, if any, is stated elsewhere in the question
_ZH_STATED = re.compile(_ZH_COUNT)
_EN_SIZED = re.compile(r"\b(?:which|what)\s+([a-z]+|\d{1,2})\s+[a-z]")
_PIECE_BREAK = re.compile(r"\s*[,，、]\s*")
_CLAUSE_END = re.compile(r"[;；。:：]|\.(?=\s+[A-Z“\"]|\s*$)")  # not the stop of `Ltd. (67)`
MAX_ITEM_WORDS = 10


def asked_size(question_text: str) -> int | None:
    """N when a question asks for N named things: `哪` with a count and a `size_classifier` (`哪三类`, `哪四家`), or
    `which`/`what` with a count word (`which two agreements`); None otherwise."""
    low = question_text.lower()
    classifiers = list_words().get("size_classifier", ())
    zh = _ZH_SIZED.search(low)
    if zh and zh.group(2) in classifiers:
        return int(zh.group(1)) if zh.group(1).isdigit() else chinese_count(zh.group(1))
    some = _ZH_SOME.search(low)
    if some and some.group(1) in classifiers:
        return stated_size(low, classifiers)
    en = _EN_SIZED.search(low)
    if en:
        counted = word_numbers(f"{en.group(1)} x") or []
        size = int(en.group(1)) if en.group(1).isdigit() else (int(counted[0].value) if counted else None)
        return size if size and size >= 2 else None
    return None


def stated_size(low: str, classifiers: tuple[str, ...]) -> int | None:
    """`三家X…是哪几家`: the one count with a `size_classifier` the question states (`三家`), the size of the list
    it asks for by `哪几`; None when it states none, or more than one."""
    sizes = {
        int(m.group(1)) if m.group(1).isdigit() else chinese_count(m.group(1))
        for m in _ZH_STATED.finditer(low)
        if m.group(2) in classifiers and not low[: m.start()].endswith("哪")
    }
    return sizes.pop() if len(sizes) == 1 and None not in sizes else None


def sized_items(sentence: str, size: int) -> tuple[str, ...]:
    """The `size` items of the list the sentence prints after a list marker, or () when it prints none of that
    size (see the module docstring)."""
    low = sentence.lower()
    for marker in list_words().get("marker_after", ()):
        if has_cjk(marker):
            continue  # Chinese lists are split by `、`, not read here
        for match in re.finditer(rf"(?<![a-z]){re.escape(marker)}(?![a-z])\s*", low):
            items = list_after(sentence[match.end() :])
            if len(items) == size:
                return items
    return ()


def list_after(rest: str) -> tuple[str, ...]:
    """The items of a list that `rest` opens with, up to the piece closing it with `and` or the clause end."""
    end = _CLAUSE_END.search(rest)
    pieces = _PIECE_BREAK.split(rest[: end.start() if end else len(rest)])
    suffixes = list_words().get("name_suffix", ())
    items: list[str] = []
    for piece in pieces:
        word = re.match(r"[a-z]+", piece.lower())
        if items and (word and word.group(0) in suffixes or wider_place(items[-1], piece)):
            items[-1] = f"{items[-1]}, {piece}"  # `Co., Ltd.`, `in Frankfurt, Germany`: the same item
            continue
        last = re.search(r"(?:^|\s)and\s+(?!.*\sand\s)", piece)
        if last is None:
            items.append(piece)
            continue
        head = piece[: last.start()].strip()
        items += [head] if head else []
        items.append(before_verb(piece[last.end() :]))
        break
    items = [item.strip(" \"'“”") for item in items]
    return tuple(items) if all(0 < len(item.split()) <= MAX_ITEM_WORDS for item in items) else ()


_PLACED = re.compile(r"\bin\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?$")
_BARE_PLACE = re.compile(r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?")


def wider_place(item: str, piece: str) -> bool:
    """`in Frankfurt, Germany`: the piece is one or two capitalised words alone, after an item that ends placing
    itself in a capitalised place: the wider place of that item, not an item of its own."""
    return bool(_PLACED.search(item.strip())) and _BARE_PLACE.fullmatch(piece.strip()) is not None


def before_verb(item: str) -> str:
    """The last item without the clause that goes on after it (`solar kites is growing` -> `solar kites`)."""
    verbs = list_words().get("clause_verb", ())
    words = item.split()
    cut = next((i for i, word in enumerate(words) if i and word.lower() in verbs), len(words))
    return " ".join(words[:cut])
