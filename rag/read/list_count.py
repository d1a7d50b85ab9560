"""Counts of the items a passage lists: `how many steps did A set out for X?` counts the items of the list whose
lead names X (`A revealed that in the next step, ... X. First, ... Second, ... Third, ...`).

A report often gives a list's points as sentences or paragraphs opening with ordinals (`First,`, `Second,`, `1.`,
`（二）`: `rag.read.question.item_opening`) and states no count. The lists of the retrieved documents are read in
line order: a list starts at a sentence opening item 1, its lead is the words before that item (the sentence before,
or the words before a colon in the same sentence), and it grows by each next item within `LIST_REACH` sentences.
The list whose lead shares most of the question's words answers, when it shares at least `MIN_LEAD` of them, clearly
more than any other list does, and names every entity of the question (or is that person's reported speech:
`rag.read.speakers`). Only a question counting list items (`list_item` nouns: steps, measures, 方面) is read so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.read.compose import AnswerDraft, prose_citation
from rag.read.counted import counted_noun
from rag.read.evidence import Evidence
from rag.read.matching import mentions, overlap, term_in
from rag.read.operations import asks_operation, operation_words
from rag.read.question import Question, item_opening, item_position
from rag.read.speakers import spoken_by
from rag.text.glossary import has_cjk
from rag.text.numbers import chinese_count, word_numbers
from rag.text.sentences import split_sentences
from rag.text.tokens import tokenize
from rag.types import Answer, Chunk

LIST_REACH = 40  # sentences after an item within which the next item must open (an item may run for paragraphs)
MIN_LEAD = 0.5  # share of the question's terms the answering list's lead must hold
LEAD_MARGIN = 0.15  # how much more of them than any other list's lead
MAX_ITEMS = 10
LIST_LINES = 12  # lines after a retrieved lead's passage within which its list's items are read
_COLON = re.compile(r"[:：]\s*")


@dataclass(frozen=True)
class Listed:
    """One list of a document: its lead, the passage holding the lead, and its items (passage, opening sentence)."""

    lead: str
    lead_chunk: Chunk
    items: tuple[tuple[Chunk, str], ...]
    colon: bool = False  # the lead ends with a colon (`... three aspects of work: First, ...`)


def document_sentences(evidence: Evidence, doc: str) -> list[tuple[str, Chunk]]:
    """The sentences of a document's prose passages, each once with the first passage holding it, in line order."""
    passages = sorted(
        (c for c in evidence.index.chunks if c.kind == "prose" and c.doc_name == doc), key=lambda c: c.start_line
    )
    return passage_sentences(passages)


def passage_sentences(passages: list[Chunk]) -> list[tuple[str, Chunk]]:
    """The sentences of passages in line order, each once with the first passage holding it; a heading comes before
    the first passage under it (`1. Promoting X` is an item of a list whose items are headings)."""
    pairs: dict[str, Chunk] = {}
    for passage in passages:
        if passage.heading:
            pairs.setdefault(passage.heading[-1], passage)
        for sentence in split_sentences(passage.body):
            pairs.setdefault(sentence, passage)
    return list(pairs.items())


def lists_of(sentences: list[tuple[str, Chunk]]) -> list[Listed]:
    """The ordinal lists of a document's sentences (see the module docstring)."""
    openings = [item_opening(n) for n in range(1, MAX_ITEMS + 1)]
    found: list[Listed] = []
    current: list[tuple[Chunk, str]] = []
    lead, lead_chunk, since, previous, led = "", None, 0, ("", None), False
    for sentence, chunk in sentences:
        head, colon, rest = sentence.partition(":") if ":" in sentence else sentence.partition("：")
        opens_first = openings[0].match(sentence) or (colon and openings[0].match(rest.lstrip()))
        if opens_first:
            if len(current) >= 2 and lead_chunk is not None:
                found.append(Listed(lead, lead_chunk, tuple(current), led))
            joined = bool(colon) and not openings[0].match(sentence)  # `lead: First, ...` in one sentence
            lead, lead_chunk = (head, chunk) if joined else previous
            led = joined or lead.rstrip().endswith((":", "："))
            current, since = [(chunk, rest.strip() if joined else sentence)], 0
        elif current and len(current) < MAX_ITEMS and openings[len(current)].match(sentence) and since <= LIST_REACH:
            current.append((chunk, sentence))
            since = 0
        since += 1
        previous = (sentence, chunk)
    if len(current) >= 2 and lead_chunk is not None:
        found.append(Listed(lead, lead_chunk, tuple(current), led))
    return found


def counts_list_items(question: Question, evidence: Evidence) -> bool:
    """The question counts a list's items: the last word of its counted noun is a `list_item` noun."""
    counted = counted_noun(question, evidence.glossary)
    if counted is None or not counted.words:
        return False
    nouns = operation_words().get("list_item", ())
    last = counted.words[-1]
    return any(last == noun or term_in(noun, frozenset(tokenize(last))) for noun in nouns if noun.isascii()) or any(
        noun in name for name in counted.chinese for noun in nouns if not noun.isascii() and noun != "是"
    )


def derive_list_count(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | None:
    """The count of the items of the list the question names by its lead; None when no list answers clearly."""
    if question.asked != "count" or not counts_list_items(question, evidence):
        return None
    docs = dict.fromkeys(chunk.doc_name for _, chunk in evidence.prose())
    every = [found for doc in docs for found in lists_of(document_sentences(evidence, doc))]
    scored = sorted(((overlap(question, found.lead), found) for found in every), key=lambda pair: -pair[0])
    if not scored or scored[0][0] < MIN_LEAD or len(scored) > 1 and scored[0][0] - scored[1][0] < LEAD_MARGIN:
        return None
    best = scored[0][1]
    if not all(
        mentions(e, best.lead, evidence.glossary) or spoken_by(e, best.lead_chunk, evidence) for e in question.entities
    ):
        return None
    n = draft.cite(prose_citation(best.lead_chunk, best.lead))
    entries = [f"{sentence} [{draft.cite(prose_citation(chunk, sentence))}]" for chunk, sentence in best.items]
    draft.say(
        "items_listed", count=len(best.items), lead=best.lead, n=n, items=draft.templates["list_joiner"].join(entries)
    )
    draft.record_listed([sentence for _, sentence in best.items])
    draft.value = draft.source_value = float(len(best.items))
    draft.unit = draft.source_unit = "count"
    draft.spans = tuple(sentence for _, sentence in best.items)
    draft.confidence = 0.8
    return draft.answer()


def led_passages(evidence: Evidence) -> list[tuple[int, Chunk]]:
    """The retrieved prose passages, each followed by the passages of the list one of its sentences leads to when
    that sentence ends with a colon (`... should focus on three aspects of work:`) and the next sentence opens a
    list's first item (`First, ...`): the points of a list are what its lead is about, though retrieval may return
    the lead alone. A list's passages are those from the lead's line to its last item's line, read within
    `LIST_LINES` lines of the lead's passage; they take the lead's rank; each passage comes once."""
    found: dict[str, tuple[int, Chunk]] = {}
    for rank, chunk in evidence.prose():
        found.setdefault(chunk.id, (rank, chunk))
    for rank, chunk in evidence.prose():
        if not any(_COLON.search(sentence) for sentence in split_sentences(chunk.body)):
            continue
        near = sorted(
            (
                c
                for c in evidence.index.chunks
                if c.kind == "prose"
                and c.doc_name == chunk.doc_name
                and chunk.start_line <= c.start_line <= chunk.end_line + LIST_LINES
            ),
            key=lambda c: (c.start_line, c.end_line),
        )
        for listed in lists_of(passage_sentences(near)):
            if not listed.colon or listed.lead not in chunk.body:
                continue
            first, last = line_of(listed.lead, near), line_of(listed.items[-1][1], near)
            for passage in near:
                if first <= passage.start_line and passage.end_line <= last:
                    found.setdefault(passage.id, (rank, passage))
    return list(found.values())


def line_of(sentence: str, prose: list[Chunk]) -> int:
    """The line a sentence is on: the least last line of the passages holding it (one of them ends on its line)."""
    return min((c.end_line for c in prose if sentence in c.body), default=-1)


_ZH_SIZE = re.compile(r"哪\s*([一二三四五六七八九十两]{1,3}|\d{1,2})\s*(个|项|条|点)?\s*(\S{0,3})")
_EN_SIZE = re.compile(r"\b(?:what|which)\s+(?:(?:are|were|is)\s+)?(?:the\s+)?(\S+)\s+((?:[\w-]+\s+){0,2}?[\w-]+)")
LIST_OPERATIONS = ("text", "list", "lookup")  # a rank or a comparison over `which two areas` is no list of points


def asked_list_size(question: Question) -> int | None:
    """N when the question asks which N points a list makes (`哪三方面`, `哪五个方面`, `有哪三条？`, `which two
    steps`): a count right after its question word and a `list_item` noun after it, or a measure word that ends
    the question's phrase (`哪三条？`, not `哪两项指标`)."""
    if question.operation not in LIST_OPERATIONS:
        return None
    nouns = [noun for noun in operation_words().get("list_item", ()) if noun != "是"]
    low = question.text.lower()
    zh = _ZH_SIZE.search(low)
    if zh:
        size = int(zh.group(1)) if zh.group(1).isdigit() else chinese_count(zh.group(1))
        rest = zh.group(3)
        named = any(rest.startswith(noun) for noun in nouns if not noun.isascii())
        ends = bool(zh.group(2)) and not has_cjk(rest[:1])
        if size and (named or ends):
            return size
    stated = stated_list_size(low, nouns)
    if stated:
        return stated
    en = _EN_SIZE.search(low)
    if en:
        counted = word_numbers(f"{en.group(1)} x") or []
        size = int(en.group(1)) if en.group(1).isdigit() else (int(counted[0].value) if counted else None)
        words = tokenize(en.group(2))
        if size and words and any(term_in(noun, frozenset(words[-1:])) for noun in nouns if noun.isascii()):
            return size
    return None


_ZH_STATED_SIZE = re.compile(r"([一二三四五六七八九十两]{1,3}|\d{1,2})\s*[个项条]?\s*(\S{2,3})")


def stated_list_size(low: str, nouns: list[str]) -> int | None:
    """N when a Chinese question names the list by its size and asks what its items are
    (`局长提出的两方面任务分别有哪些`, `四项任务有哪些`): a count right before a `list_item` noun of two or more
    characters, in a question with a `text_zh` word that asks for no single item by its position; None otherwise
    (a single-character noun, `三项指标`, names no list)."""
    if not has_cjk(low) or not asks_operation(low, "text_zh") or item_position(low):
        return None  # `三项措施中的第二项`: one item, not the list
    long_nouns = [noun for noun in nouns if not noun.isascii() and len(noun) >= 2]
    for found in _ZH_STATED_SIZE.finditer(low):
        if any(found.group(2).startswith(noun) for noun in long_nouns):
            size = int(found.group(1)) if found.group(1).isdigit() else chinese_count(found.group(1))
            if size and size >= 2:
                return size
    return None


def derive_list_items(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | None:
    """`Which three points did A name?`: the items of the retrieved documents' list of that many items that was
    retrieved best (the best rank of a passage holding its lead or an item), the one whose lead names more of the
    question among equals; None when the question asks no list of a size or no such list was retrieved."""
    size = asked_list_size(question)
    if size is None:
        return None
    ranks = {chunk.id: rank for rank, chunk in reversed(evidence.prose())}
    docs = dict.fromkeys(chunk.doc_name for _, chunk in evidence.prose())
    candidates = []
    for found in (found for doc in docs for found in lists_of(document_sentences(evidence, doc))):
        if len(found.items) != size:
            continue
        texts = (found.lead, *(sentence for _, sentence in found.items))
        if len({has_cjk(sentence) for _, sentence in found.items}) > 1:
            continue  # items in two languages are no one list (a source note between numbered headings)
        held = [rank for chunk_id, rank in ranks.items() for text in texts if text in _body(evidence, chunk_id)]
        if held:
            candidates.append((min(held), -overlap(question, found.lead), found))
    if not candidates:
        return None
    best = min(candidates, key=lambda entry: entry[:2])[2]
    n = draft.cite(prose_citation(best.lead_chunk, best.lead))
    items = [item_text(sentence) for _, sentence in best.items]
    entries = [
        f"{text} [{draft.cite(prose_citation(chunk, sentence))}]"
        for (chunk, sentence), text in zip(best.items, items, strict=True)
    ]
    draft.say("items_listed", count=size, lead=best.lead, n=n, items=draft.templates["list_joiner"].join(entries))
    draft.record_listed([sentence for _, sentence in best.items])
    draft.spans = tuple(items)
    draft.confidence = 0.8
    return draft.answer()


def _body(evidence: Evidence, chunk_id: str) -> str:
    return next((hit.chunk.body for hit in evidence.hits if hit.chunk.id == chunk_id), "")


_MARK = re.compile(
    r"^\s*(?:[(（]?\d{1,2}\s*[.)）、．]|[(（]?[一二三四五六七八九十]{1,3}[)）、]|(?:first|second|third|fourth|fifth|sixth|"
    r"seventh|eighth|ninth|tenth)(?:ly)?\s*[,，:：]|第[一二三四五六七八九十]{1,3}[，,、：:]|[一二三四五六七八九十]{1,3}是)\s*",
    re.I,
)


def item_text(sentence: str) -> str:
    """A list item's opening sentence without its ordinal mark (`Second, we will ...` -> `we will ...`)."""
    return _MARK.sub("", sentence, count=1).strip()
