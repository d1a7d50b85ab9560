"""Text answers: the sentences, source lines, dates and lead-unit lines that answer a question asking for words."""

from __future__ import annotations

import re

from rag.read.compose import AnswerDraft, prose_citation
from rag.read.counted import figure_in
from rag.read.dates import asks_day, dates_a_day, undated_event
from rag.read.evidence import Evidence
from rag.read.list_count import led_passages
from rag.read.listed import asked_kind, binds_list, other_items
from rag.read.matching import mentions, overlap, term_in
from rag.read.operations import asks_operation, operation_words
from rag.read.question import (
    Question,
    item_opening,
    item_position,
)
from rag.read.refusals import (
    WEAK,
    Refusal,
    Unmet,
    missing,
)
from rag.read.sized_lists import asked_size, sized_items
from rag.read.span_trim import answering_piece, reason_part, without_echo
from rag.read.speakers import spoken_by, with_speech
from rag.read.tasks import asks_other_kind, holds, topic_concepts
from rag.text.glossary import has_cjk
from rag.text.numbers import YEAR
from rag.text.sentences import split_sentences
from rag.text.tokens import token_set, tokenize
from rag.types import Answer, Chunk, Table

MIN_TEXT_OVERLAP = 0.3  # share of question terms a quoted sentence must contain


SOURCE_WORDS = ("source", "publish", "compiled", "produce", "来源", "出处", "发布", "编制")


def source_lines(question: Question, evidence: Evidence) -> list[tuple[int, Chunk, str]]:
    """`Who publishes the ranking used for the ports table?`: the `Source:` lines of the retrieved tables, each
    with its table's passage, when the question asks where figures come from."""
    if not any(word in question.text.lower() for word in SOURCE_WORDS):
        return []
    return [
        (rank, hit.chunk, line.strip())
        for rank, hit in enumerate(evidence.hits)
        if hit.chunk.kind in ("table", "table_row")
        for line in hit.chunk.body.splitlines()
        if line.strip().lower().startswith("source:")
    ]


_WHEN = re.compile(r"^(?:when|what period|what date|what time|in what year)\b|什么时候|何时|哪一年|期限|时间")


_DOC_EVENTS = ("post", "publish", "issue", "release", "发布", "印发")


def asks_when(question: Question) -> bool:
    return bool(_WHEN.search(_low_question(question))) or asks_day(question.text)


def _low_question(question: Question) -> str:
    return question.text.lower().strip()


def document_lines(question: Question, evidence: Evidence) -> list[tuple[int, Chunk, str]]:
    """For a `when` / `what period` question, lines that date a retrieved document: its title (`Work Plan ...
    (2023-2025)`), and, when the question asks when it was posted or published, the document's dated words naming
    that event (`Post time: Sep-07-2023`), wherever they are in the document."""
    if not asks_when(question):
        return []
    found = [(rank, chunk, chunk.title.split(" / ")[0].strip()) for rank, chunk in evidence.prose()]
    events = [event for event in _DOC_EVENTS if event in _low_question(question)]
    if not events:
        return found
    docs = {chunk.doc_name: rank for rank, chunk in evidence.prose()}
    dated_event = re.compile(rf"(?:{'|'.join(events)})[^.。\n]{{0,30}}?(?:19|20)\d\d\S*", re.IGNORECASE)
    for chunk in evidence.index.chunks:
        if chunk.kind == "prose" and chunk.doc_name in docs:
            found += [(docs[chunk.doc_name], chunk, m.group(0)) for m in dated_event.finditer(chunk.body)]
    return found


def table_intro_lines(question: Question, evidence: Evidence) -> list[tuple[int, Chunk, str]]:
    """`What does the table show?`: the sentence that introduces the best retrieved table (among the last sentences
    of the prose just before its title line: `The following table details ...`), with that passage."""
    if not asks_operation(_low_question(question), "table_about"):
        return []
    tables = evidence.tables()
    if not tables:
        return []
    table, rank, _ = tables[0]
    found = table_intro(table, evidence)
    if found is None:
        return []
    chunk, sentences = found
    # of the last sentences before the table, the one that says most of what the question asks (`The following
    # table shows ...` over a heading `Director Pay Table` just above the table), the nearest of equals
    best = max(range(len(sentences)), key=lambda i: (overlap(question, sentences[i]), i))
    return [(rank, chunk, intro_clause(sentences[best]))]


# A heading the splitter left glued to the sentence after it (`INCOME TAXES The ...`, `Goodwill The carrying ...`):
# capitalised words before a capitalised determiner that opens the sentence proper.
_GLUED_HEADING = re.compile(r"^(?:[A-Z][\w&'’,-]*\s+){1,6}(?=(?:The|Our|We|This|These|A|An)\s)")
_BEFORE_TABLE = re.compile(r":\s")  # what introduces a table ends at its colon (`... as follows: (1) a note`)
MIN_INTRO_WORDS = 4


def intro_clause(sentence: str) -> str:
    """What a sentence introducing a table says the table shows: up to its colon, without a heading glued before it
    or the words pointing at the table (`, is as follows`, `are given below`: table_pointer data)."""
    text = sentence.strip()
    head = _BEFORE_TABLE.split(text, maxsplit=1)[0]
    text = head if len(head.split()) > MIN_INTRO_WORDS else text
    glued = _GLUED_HEADING.match(text)
    text = text[glued.end() :] if glued and len(text[glued.end() :].split()) >= MIN_INTRO_WORDS else text
    for pointer in sorted(operation_words().get("table_pointer", ()), key=len, reverse=True):
        cut = re.search(rf"[\s,]*(?:\b(?:is|are|was|were)\s+)?\b{re.escape(pointer)}\W*$", text, re.IGNORECASE)
        if cut and len(text[: cut.start()].split()) >= MIN_INTRO_WORDS:
            return text[: cut.start()]
    return text.rstrip(" :")


def table_intro(table: Table, evidence: Evidence) -> tuple[Chunk, list[str]] | None:
    """The passage just before `table`'s title line and its last three sentences (what introduces the table), or
    None when no prose precedes it."""
    prose = [c for c in evidence.index.chunks if c.kind == "prose" and c.doc_name == table.doc_name]
    before = [c for c in prose if c.start_line < table.title_line]
    if not before:
        return None
    chunk = max(before, key=lambda c: (c.start_line, -c.end_line))
    text = untitled(chunk.body, chunk)
    after = min((c for c in prose if c.start_line > table.end_line), key=lambda c: c.start_line, default=None)
    if chunk.end_line > table.end_line and after is not None:  # a passage across the table: the text before it
        at = text.find(untitled(after.body, after)[:24])
        text = text[:at] if at > 0 else text
    sentences = split_sentences(text)[-3:]
    return (chunk, sentences) if sentences else None


DAY_BONUS = 0.5  # a question asking on which day: a sentence dating something to the day (`rag.read.dates`)
CAUSE_BONUS = 0.25  # a reason question's answer states a cause (`due to`, `driven by`: cause_marker words)
LIST_KIND_BONUS = 0.3  # a sentence binding a list to a noun of the kind asked (`A, B and other methods`)
LIST_SIZE_BONUS = 0.3  # `哪三类`: a sentence listing that many items after a list marker (`such as A, B and C`)
HEADING_PENALTY = 0.3  # a "sentence" of a few words is a heading (`Selling expenses.`), not an answer
MIN_SENTENCE_WORDS = 4


def is_heading(sentence: str) -> bool:
    """An English "sentence" of fewer than `MIN_SENTENCE_WORDS` words (a heading the splitter left alone); Chinese
    text is not split into words and is never one."""
    return not has_cjk(sentence) and len(_WORD.findall(sentence)) < MIN_SENTENCE_WORDS


def asks_cause(question: Question) -> bool:
    """The question asks for a reason (`why`, `what caused`, `the reason for`)."""
    low = _low_question(question)
    return low.startswith("why") or asks_operation(low, "text_cause")


def states_cause(sentence: str) -> bool:
    """The sentence states a cause, purpose or effect (`cause_marker` words: `due to`, `so that`, `, reducing`,
    `从而`). Such a clause is often about what the sentence before it named (`Goods may now be X. Compared with Y,
    the wait is shorter, reducing Z`): a reason question reads the two together."""
    return asks_operation(sentence.lower(), "cause_marker")


ITEM_BONUS = 0.5  # `the plan's second point`: a sentence opening the second item of a list (`Second, ...`, `2.`)


LIST_REACH = 20  # sentences back from an item in which its list's first item (and lead) is looked for
_COLON = re.compile(r"[:：]")


def list_items(question: Question, evidence: Evidence, item: re.Pattern[str]) -> list[tuple[float, Chunk, str]]:
    """The sentences of the retrieved documents that open the list item asked (`item`: `Third, ...`), wherever the
    passage holding them was retrieved or not, each scored by what it and the lead of its list name of the question
    (the words before the list's first item, within LIST_REACH sentences back: `... rests on four points:
    First, ...`, or the sentence before `First, ...` / `1.`) plus ITEM_BONUS, its title and its document's best
    retrieval rank. Items are often paragraphs of their own, so the list is read across passages in line order."""
    first = item_opening(1)
    concepts = topic_concepts(question, evidence.glossary) if question.lang == "zh" else []
    ranks: dict[str, int] = {}
    for rank, chunk in evidence.prose():
        ranks.setdefault(chunk.doc_name, rank)
    found = []
    for doc, rank in ranks.items():
        passages = sorted(
            (c for c in evidence.index.chunks if c.kind == "prose" and c.doc_name == doc), key=lambda c: c.start_line
        )
        pairs: dict[str, Chunk] = {}  # each sentence once, with the first passage that holds it, in line order
        for passage in passages:
            for sentence in split_sentences(untitled(passage.body, passage)):
                pairs.setdefault(sentence, passage)
        lead, since, previous, said = 0.0, LIST_REACH + 1, "", ""  # `said`: the last sentence not a bare `1.`
        for sentence, chunk in pairs.items():
            head, colon, rest = _at_colon(sentence)
            if colon and first.match(rest):
                lead, since = named_share(question, concepts, head), 0  # `... rests on four points: First, ...`
            elif opens_item(first, sentence, previous):
                lead, since = named_share(question, concepts, said), 0
            since += 1
            if since <= LIST_REACH and opens_item(item, sentence, previous):
                named = max(named_share(question, concepts, sentence), lead) + ITEM_BONUS
                found.append((named + 0.3 * overlap(question, chunk.title) + 0.3 / (1 + rank), chunk, sentence))
            said = said if _ITEM_NUMBER.fullmatch(sentence.strip()) else sentence
            previous = sentence
    return found


def _at_colon(sentence: str) -> tuple[str, str, str]:
    """The sentence cut at its first colon (`head`, `:`, `rest`); (`sentence`, "", "") when it holds none."""
    found = _COLON.search(sentence)
    return (sentence[: found.start()], found.group(0), sentence[found.end() :]) if found else (sentence, "", "")


def opens_item(opening: re.Pattern[str], sentence: str, previous: str) -> bool:
    """The sentence opens the list item `opening` matches (`item_opening`): it starts with the item's mark (`Third,
    ...`), or the sentence before is that mark alone (`3.`, split off as a sentence of its own)."""
    return not opening.fullmatch(sentence) and bool(opening.match(sentence) or opening.fullmatch(previous))


def asked_item(question: Question) -> int | None:
    """The position of the list item a text question asks for (`the second point`: `item_position`), else None."""
    return item_position(question.text) if question.operation == "text" else None


def goes_on(sentence: str) -> bool:
    """The sentence opens with a word that points back at what the sentence before it told (`This measure ...`,
    `该举措`: group `cause_back`)."""
    low = sentence.strip().lower()
    first = low.split(maxsplit=1)[0] if low else ""
    return any(first == word if word.isascii() else low.startswith(word) for word in operation_words()["cause_back"])


def text_sentences(question: Question, evidence: Evidence, limit: int = 3) -> list[tuple[float, Chunk, str]]:
    scored, seen = [], set()
    when, day = asks_when(question), asks_day(question.text)
    for rank, chunk, line in table_intro_lines(question, evidence):
        seen.add(line)
        scored.append((1.0 + 0.3 / (1 + rank), chunk, line))
    for rank, chunk, line in document_lines(question, evidence):
        if line and line not in seen:
            seen.add(line)
            dated = 0.5 if YEAR.search(line) else 0.0
            scored.append((overlap(question, f"{chunk.title} {line}") + dated + 0.3 / (1 + rank), chunk, line))
    for rank, chunk, line in source_lines(question, evidence):
        if line not in seen:
            seen.add(line)
            context = f"{chunk.title} {line}"
            scored.append((overlap(question, context) + 0.3 / (1 + rank), chunk, line))
    cause = asks_cause(question)
    item = item_opening(position) if (position := asked_item(question)) else None
    for score, chunk, sentence in list_items(question, evidence, item) if item is not None else ():
        if sentence not in seen:
            seen.add(sentence)
            scored.append((score, chunk, sentence))
    kind = asked_kind(question.text)  # `which modes`: a sentence binding a list to a mode noun answers
    size = asked_size(question.text)  # `哪三类产品`: a sentence listing three items answers
    concepts = topic_concepts(question, evidence.glossary) if question.lang == "zh" else []
    for rank, chunk in led_passages(evidence):  # the hits, and the list items a hit ending in a colon leads to
        before, previous = 0.0, ""  # how much of the question the sentence before names, and that sentence
        for sentence in split_sentences(chunk.body):
            named = held = named_share(question, concepts, sentence)
            if cause and before > named and goes_on(sentence):
                named = before + CAUSE_BONUS  # `This measure can ...`: what the deed told before was done for
            elif cause and previous and states_cause(sentence):
                named = max(named, named_share(question, concepts, f"{previous} {sentence}"))  # its subject before
            before, previous = held, sentence
            if sentence in seen:  # overlapping chunks repeat sentences; quote each once
                continue
            seen.add(sentence)
            score = named + 0.3 * overlap(question, chunk.title) + 0.3 / (1 + rank)
            score += 0.3 if when and YEAR.search(sentence) else 0.0
            score += DAY_BONUS if day and dates_a_day(sentence) else 0.0
            score += CAUSE_BONUS if cause and states_cause(sentence) else 0.0
            score -= HEADING_PENALTY if is_heading(untitled(sentence, chunk)) else 0.0
            score += LIST_KIND_BONUS if kind and binds_list(sentence, kind) else 0.0
            score += LIST_SIZE_BONUS if size and sized_items(sentence, size) else 0.0
            scored.append((score, chunk, sentence))
    scored.sort(key=lambda item: -item[0])
    leads = lead_lines(question, evidence)[:1]
    return leads + [item for item in scored if not leads or item[2] != leads[0][2]][: limit - len(leads)]


ENGLISH_CONCEPT_CHARS = 2  # what an English word of a Chinese question weighs, against its Chinese characters


def translated_share(question: Question, concepts: list, sentence: str) -> float:
    """Share of a Chinese question's wording that an English sentence holds in translation: the characters of its
    known words (`tasks.topic_concepts`: policy words and glossary terms) whose English form the sentence holds, over
    all its Chinese characters but those of its question words (`text_zh`: 什么, 哪里); what `overlap` cannot see
    across the two languages (the asked head noun `结算平台` in `settlement platform`). Unknown words count in the
    whole, so a question read only in part is never fully held. 0 for a Chinese sentence, which `overlap` reads."""
    if not concepts or has_cjk(sentence):
        return 0.0
    text = question.text
    for word in operation_words().get("text_zh", ()):
        text = text.replace(word, "")
    english = sum(1 for _, chinese in concepts if not chinese)
    whole = sum(1 for char in text if has_cjk(char)) + ENGLISH_CONCEPT_CHARS * english
    words = token_set(sentence)
    held = sum(
        len(chinese) or ENGLISH_CONCEPT_CHARS
        for concept in concepts
        if holds(concept, words, sentence)
        for chinese in (concept[1],)
    )
    return min(1.0, held / whole) if whole else 0.0


def named_share(question: Question, concepts: list, text: str) -> float:
    """How much of the question `text` names: `overlap`, or for a Chinese question over English text its share
    read in translation (`translated_share`) where that is more."""
    return max(overlap(question, text), translated_share(question, concepts, text))


# Work plans name who leads each task in a line of its own (`(Lead unit: ...; Participants: ...)`, `牵头单位：`).
_ASKS_LEAD = re.compile(
    r"\bwho (?:leads?|is responsible|is in charge|heads?)\b|\blead(?:ing)? (?:unit|department|agency|body)\b"
    r"|\bresponsible (?:unit|department|agency)\b|牵头|负责单位|责任单位|负责部门"
)


_LEAD_LINE = re.compile(r"^\W*(?:lead(?:ing)? units?|responsible units?|牵头单位|责任单位)\s*[:：]", re.IGNORECASE)


def paragraph_of(chunk: Chunk, sentence: str, evidence: Evidence) -> tuple[str, int]:
    """The text of the one-paragraph passages of the document's line that holds `sentence` (its task item), and the
    best retrieval rank among them (the number of hits when none was retrieved)."""
    lines = {
        c.start_line
        for c in evidence.index.chunks
        if c.kind == "prose" and c.doc_name == chunk.doc_name and c.start_line == c.end_line and sentence in c.body
    } or {chunk.start_line}
    line = min(lines)

    def on_line(c: Chunk) -> bool:
        return c.kind == "prose" and c.doc_name == chunk.doc_name and c.start_line == c.end_line == line

    ranks = [rank for rank, hit in enumerate(evidence.hits) if on_line(hit.chunk)]
    return " ".join(c.body for c in evidence.index.chunks if on_line(c)), min(ranks, default=len(evidence.hits))


def lead_lines(question: Question, evidence: Evidence) -> list[tuple[float, Chunk, str]]:
    """`Who leads the task of X?`, `X的牵头单位`: the lead-unit lines of the retrieved passages, each scored by how
    much of the question its own task item (the paragraph that holds the line) shares and how well that item was
    retrieved, plus one."""
    if not _ASKS_LEAD.search(question.text.lower()) or asks_other_kind(question):
        return []
    found: dict[str, tuple[float, Chunk, str]] = {}
    for _, chunk in evidence.prose():
        for sentence in split_sentences(chunk.body):
            if _LEAD_LINE.search(sentence) and sentence not in found:
                paragraph, rank = paragraph_of(chunk, sentence, evidence)
                score = 1.0 + overlap(question, paragraph) + 0.3 / (1 + rank)
                found[sentence] = (score, chunk, sentence)
    return sorted(found.values(), key=lambda item: -item[0])


# `Which guarantees does the scheme list?`, `what are the key duties`: the noun a question asks for.
_LIST_ASKED = re.compile(r"^\s*(?:what|which)\s+(?:(?:are|were|is)\s+)?(?:the\s+)?([a-z][a-z-]+)")
# What numbers a heading (`III. Guarantees`, `Second, key duties`, `(4) ...`) or a list item (`2. ...`) opens with.
_ENUMERATOR = re.compile(
    r"^\s*(?:[(（]?(?:\d{1,2}|[ivxlc]{1,5}|[一二三四五六七八九十]{1,3})[)）.、．,，]|(?:first|second|third|fourth|fifth|"
    r"sixth|seventh|eighth|ninth|tenth)(?:ly)?[,，:：])\s*",
    re.IGNORECASE,
)
_ITEM_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.．、]\s*")
MAX_ITEM_WORDS = 12  # an item's title sentence (`Strengthen organizational leadership.`), not a paragraph


def heading_items(question: Question, evidence: Evidence) -> list[tuple[Chunk, str]]:
    """`Which guarantees does the scheme list?`: when the noun an English question asks for is what a retrieved
    passage's own heading names (`III. Guarantees`), the numbered items under that heading, in order, each the
    short sentence that opens it (`1. Strengthen organizational leadership.`), with its passage; [] when no
    heading is named so or fewer than two numbered items (1, 2, ...) follow it."""
    asked = _LIST_ASKED.match(question.text.lower()) if question.lang == "en" else None
    if asked is None:
        return []
    for _, chunk in evidence.prose():
        if not chunk.heading:
            continue
        words = tokenize(_ENUMERATOR.sub("", chunk.heading[-1]))
        if not words or not all(term_in(word, question.terms) for word in words):
            continue
        if not term_in(tokenize(asked.group(1))[0] if tokenize(asked.group(1)) else "", frozenset(words)):
            continue
        items = numbered_items(chunk, evidence)
        if len(items) >= 2:
            return items
    return []


def numbered_items(chunk: Chunk, evidence: Evidence) -> list[tuple[Chunk, str]]:
    """The title sentences of the items numbered 1, 2, 3 ... in the passages of `chunk`'s document under the same
    heading, in line order (a number split off as a sentence of its own, `3.`, takes the sentence after it)."""
    passages = sorted(
        (
            c
            for c in evidence.index.chunks
            if c.kind == "prose" and c.doc_name == chunk.doc_name and c.heading == chunk.heading
        ),
        key=lambda c: (c.start_line, c.end_line),
    )
    items: list[tuple[Chunk, str]] = []
    seen: set[str] = set()
    for passage in passages:
        number = None
        for sentence in split_sentences(untitled(passage.body, passage)):
            marked = _ITEM_NUMBER.match(sentence)
            if marked and marked.end() == len(sentence.rstrip()):
                number = int(marked.group(1))  # `3.` alone: the item's title is the next sentence
                continue
            if marked:
                number, sentence = int(marked.group(1)), sentence[marked.end() :]
            if number == len(items) + 1 and sentence not in seen and len(sentence.split()) <= MAX_ITEM_WORDS:
                items.append((passage, sentence))
                seen.add(sentence)
            number = None
    return items


def answer_text(draft: AnswerDraft, question: Question, evidence: Evidence, spoken: bool = False) -> Answer | Refusal:
    """Quote the best supporting sentences; returns a refusal reason instead when none is good enough. A question
    for the items under a heading it names is answered with those items (`heading_items`). A person the question
    names that no best sentence's passage names or speaks for is looked for once more with his reported speech
    added (`speakers.with_speech`; `spoken` when that was done)."""
    listed = heading_items(question, evidence) if question.operation == "text" else []
    if listed:
        draft.say("text_intro")
        draft.spans = ("; ".join(sentence.rstrip(" .。") for _, sentence in listed),)
        for chunk, sentence in listed:
            draft.say("text_item", quote=sentence, n=draft.cite(prose_citation(chunk, sentence)))
        draft.confidence = 1.0
        return draft.answer()
    best = text_sentences(question, evidence)
    if not best or best[0][0] < MIN_TEXT_OVERLAP:
        return WEAK
    absent = [
        e
        for e in question.entities
        if not any(
            mentions(e, chunk.text, evidence.glossary) or spoken_by(e, chunk, evidence)
            for _, chunk, _ in (best[:1] if spoken else best)
        )
    ]  # `according to A`: a passage of A's reported speech names A though its own words do not; once his speech is
    # added, the best sentence itself must be his
    if absent and not spoken:
        heard = with_speech(tuple(absent), evidence)  # `据A介绍`: A's points, paragraphs after the line naming him
        return missing(absent[0]) if heard is None else answer_text(draft, question, heard, spoken=True)
    if absent:
        return missing(absent[0])
    event = undated_event(question.text, [sentence for _, _, sentence in best])
    if event:
        return Refusal(Unmet.DAY, event)
    if asks_target_figure(question) and not any(figure_in(sentence) for _, _, sentence in best):
        return Refusal(Unmet.MEASURE)
    size = asked_size(question.text)
    items = sized_items(best[0][2], size) if size else ()
    if items:  # `哪三类产品`: the list of that many items the best sentence prints
        return sized_list(draft, items, best[0][1], best[0][2], question.lang)
    left_out, rest = other_items(question.text, best[0][2], operation_words().get("exclude", ()))
    if rest:  # `besides A and B, what other ...`: the items of the list it does not name, by either form
        n = draft.cite(prose_citation(best[0][1], best[0][2]))
        draft.say("text_rest", excluded=", ".join(left_out), items=", ".join(rest), n=n)
        draft.spans = tuple(rest)
    draft.say("text_intro")
    if question.lang == "en" and not rest:
        draft.spans = (shortest_answer(untitled(best[0][2], best[0][1]), question),)
    for _, chunk, sentence in best:
        n = draft.cite(prose_citation(chunk, sentence))
        draft.say("text_item", quote=sentence, n=n)
    draft.confidence = min(1.0, best[0][0])
    return draft.answer()


def sized_list(draft: AnswerDraft, items: tuple[str, ...], chunk: Chunk, sentence: str, lang: str) -> Answer:
    """The items of a list of the size asked, in the sentence's words (quoted in a Chinese answer), cited."""
    n = draft.cite(prose_citation(chunk, sentence))
    quoted = "、".join(f"“{item}”" for item in items)
    named = quoted if lang == "zh" else f"{', '.join(items[:-1])} and {items[-1]}"
    draft.say("sized_list", items=named, n=n)
    draft.spans = items
    draft.confidence = 1.0
    return draft.answer()


def asks_target_figure(question: Question) -> bool:
    """The question asks for a target set for a size or share (`target_ask` and `target_figure` words): a figure."""
    low = _low_question(question)
    return asks_operation(low, "target_ask") and asks_operation(low, "target_figure")


def shortest_answer(sentence: str, question: Question) -> str:
    """The part of `sentence` that answers: in the piece of it that names the question (`answering_piece`), past its
    restatement of the question (`answer_span`), past its cause
    word for a reason question, without a trailing clause that restates the question (`rag.read.span_trim`)."""
    span = answer_span(answering_piece(sentence, question.terms), question)
    if asks_cause(question):
        span = reason_part(span)
    return without_echo(span, question.terms)


def untitled(sentence: str, chunk: Chunk) -> str:
    """The sentence without the document title its passage opens with (a passage's first sentence holds it)."""
    title = chunk.title.strip()
    return sentence[len(title) :].strip() if title and sentence.startswith(title) and sentence != title else sentence


_WORD = re.compile(r"[^\s]+")
# `what method did ...`, `which periods are ...`: the noun the question asks about, which the answer may end with
_ASKED_NOUN = re.compile(r"^\s*(?:what|which)\s+([a-z]+)")
# Words that may open an answer just before its first new word (`written off by reducing ...`, `paid when ...`,
# `was the result of ...`).
_LEADING = ("by", "when", "the", "a", "an")
MIN_SPAN_WORDS = 2  # new words an answer span must hold; with fewer, the whole sentence answers


def answer_span(sentence: str, question: Question) -> str:
    """The part of an English sentence that says what the question does not: from a new word that follows the
    question's own words (or the sentence start) to the end of the sentence, the start chosen to hold the most new
    words less the question words after it (`Widget credits refer to vouchers the firm has yet to redeem ...`
    for `what are widget credits`: from `refer`); the sentence start only when no new word
    follows a question word. The question's years count as its words; the
    noun the question asks about (`what method`) is neither. The whole sentence when no start holds
    `MIN_SPAN_WORDS` new words."""
    words = [m.group(0) for m in _WORD.finditer(sentence)]
    kinds = [word_kind(word, question) for word in words]
    asked_noun = _ASKED_NOUN.match(question.text.lower())
    after_frame = frame_end(words, kinds, question, asked_noun.group(1) if asked_noun else "")
    if after_frame is not None:
        return " ".join(words[after_frame:]).strip(" ,;:.\"'“”")
    weights = [
        0 if kind == "stop" or asked_noun and tokenize(word) == tokenize(asked_noun.group(1)) else
        (1 if kind == "new" else -1)
        for word, kind in zip(words, kinds, strict=True)
    ]  # fmt: skip
    suffix = [0] * (len(words) + 1)
    for i in range(len(words) - 1, -1, -1):
        suffix[i] = suffix[i + 1] + weights[i]
    starts = [i for i, kind in enumerate(kinds) if kind == "new" and after_question_words(kinds, i)] or [0]
    if not starts or max(suffix[i] for i in starts) < MIN_SPAN_WORDS:
        return sentence.strip()
    first = max(starts, key=lambda i: (suffix[i], i))
    while first > 0 and words[first - 1].lower() in _LEADING:
        first -= 1
    return " ".join(words[first:]).strip(" ,;:.\"'“”")


SKIPPED_NEW_WORD = 0.3  # what a start loses per new word it leaves out, against one more question term before it


def frame_end(words: list[str], kinds: list[str], question: Question, asked_noun: str) -> int | None:
    """Where the answer starts after the sentence's restatement of the question (`Widget credits include` in
    `Widget credits include vouchers, widget coupons and ...` for `what do widget credits include`): the start with
    the most distinct question terms before it, less `SKIPPED_NEW_WORD` for each new word it leaves out, the
    earliest of equals, moved past stop words other than `_LEADING` ones. Question words after that start stay in
    the answer (`widget coupons`). None when fewer than `MIN_SPAN_WORDS` new words follow it."""
    asked = tokenize(asked_noun) if asked_noun else []
    seen: set[str] = set()
    skipped, best, best_score = 0, 0, 0.0
    for index, (word, kind) in enumerate(zip(words, kinds, strict=True)):
        if kind == "new":
            skipped += 1
        elif kind == "asked":
            seen.update(term for token in tokenize(word) for term in terms_named(token, question) if term not in asked)
        score = len(seen) - SKIPPED_NEW_WORD * skipped
        if score > best_score:
            best, best_score = index + 1, score
    best = in_question_order(words, kinds, best, question)
    while best < len(words) and kinds[best] == "stop" and words[best].lower() not in _LEADING:
        best += 1
    if not best or sum(kind == "new" for kind in kinds[best:]) < MIN_SPAN_WORDS:
        return None
    return best


def terms_named(token: str, question: Question) -> set[str]:
    """The question terms a word token stands for (the same stem, or one sharing its first five letters), so that
    `shareholders` after `share` names no second term; a question year stands for itself."""
    terms = {term for term in question.terms if term_in(token, frozenset((term,)))}
    return terms or {token}


def in_question_order(words: list[str], kinds: list[str], end: int, question: Question) -> int:
    """`end` moved past the question words that follow it in the question's own order (`... earnings per share`
    restated to its last word though `share` was counted before), stop words between them included."""
    order = tokenize(question.text)
    last = next((i for i in range(end - 1, -1, -1) if kinds[i] == "asked"), None)
    if last is None:
        return end
    at = max((i for i, token in enumerate(order) if token in tokenize(words[last])), default=None)
    while at is not None and at + 1 < len(order):
        step = end
        while step < len(words) and kinds[step] == "stop":
            step += 1
        if step >= len(words) or tokenize(words[step])[:1] != [order[at + 1]]:
            break
        end, at = step + 1, at + 1
    return end


def after_question_words(kinds: list[str], index: int) -> bool:
    """The word at `index` follows a question word (stop words between them)."""
    before = [kind for kind in kinds[:index] if kind != "stop"]
    return bool(before) and before[-1] == "asked"


def word_kind(word: str, question: Question) -> str:
    """`stop` (no content token), `asked` (every token a question term or year) or `new`."""
    tokens = tokenize(word)
    if not tokens:
        return "stop"
    years = {str(year) for year in question.years}
    return "asked" if all(term_in(token, question.terms) or token in years for token in tokens) else "new"
