"""Questions about the numbered tasks of a work plan: who leads a task, how many and which tasks a unit leads.

The items (`rag.text.items`) are read from the running text of each section of the retrieved documents, rebuilt
from its overlapping passages, so every item keeps the passages that hold its title and its lead-unit list.

* `Who leads the task of X?` (in Chinese, its 牵头单位): the item whose title (then body) best holds the words of
  the question that name its topic; a Chinese question is matched to an English title through the policy word list
  (`rag/data/policy_words.tsv`) and the glossary, and the other way round. The lead units come from that item's own
  block, never from a neighbouring one.
* `How many tasks does U lead?`, `Which tasks is U the lead unit of?`: the items whose lead units (not their
  co-units) include the unit the question names, each cited.
* `How many tasks does the plan set out?`: the items under the heading that names the counted noun (`Main tasks`),
  in the section of the best-ranked passage's document that retrieval reached.

The question's trigger words are data (`rag/data/item_asks.tsv`). A question that names no task well enough is left
to the other readers (None); a count or list of tasks for a unit the plan never names is not answered here either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rag.read.compose import AnswerDraft, prose_citation
from rag.read.counted import counted_noun
from rag.read.evidence import Evidence
from rag.read.gate import stopwords
from rag.read.listed import asked_kind
from rag.read.matching import term_in
from rag.read.operations import operation_words
from rag.read.question import Question
from rag.read.refusals import WEAK, Refusal, spaced_names
from rag.text.glossary import Glossary, has_cjk
from rag.text.items import Item, parse_items
from rag.text.tokens import token_set, tokenize
from rag.text.wordlists import grouped_words, read_pairs
from rag.types import Answer, Chunk

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
ASKS_PATH = DATA_DIR / "item_asks.tsv"
WORDS_PATH = DATA_DIR / "policy_words.tsv"
MIN_TITLE_MATCH = 0.5  # share of the question's topic words an item must hold (title, or body at BODY_WEIGHT)
BODY_WEIGHT = 0.3
RANK_WEIGHT = 0.2  # how much the best retrieval rank among the item's passages adds (cross-lingual, by embedding)
MARGIN = 0.05  # the best item must lead the next by this much; a tie is not an answer
MIN_LISTED = 2  # a heading over one numbered item lists nothing to count
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


@dataclass(frozen=True)
class PlanItem:
    """An item of a section with the passages of its section text: (offset, end, chunk) of each."""

    doc_name: str
    heading: tuple[str, ...]
    item: Item
    text: str
    places: tuple[tuple[int, int, Chunk], ...]

    def chunk_at(self, start: int, end: int) -> Chunk | None:
        """The shortest passage (fewest lines) that holds text[start:end] whole."""
        holding = [c for at, stop, c in self.places if at <= start and end <= stop]
        return min(holding, key=lambda c: (c.end_line - c.start_line, c.start_line), default=None)

    def chunks(self) -> set[str]:
        """Ids of the passages that overlap the item."""
        return {c.id for at, stop, c in self.places if at < self.item.end and stop > self.item.start}


@lru_cache(maxsize=1)
def ask_words() -> dict[str, tuple[str, ...]]:
    """group (lead, item_noun, generic) -> its words; see `rag/data/item_asks.tsv`."""
    return grouped_words(ASKS_PATH, "task question words")


@lru_cache(maxsize=1)
def policy_words() -> dict[str, tuple[str, ...]]:
    """Chinese word -> its English forms; see `rag/data/policy_words.tsv`."""
    return {
        zh.strip(): tuple(form.strip().lower() for form in en.split("|"))
        for zh, en in read_pairs(WORDS_PATH, "policy words")
    }


def has_word(text: str, word: str) -> bool:
    """`word` in lower-cased `text`: a Chinese word anywhere, an English one whole."""
    return word in text if has_cjk(word) else re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text) is not None


def asks_lead(question: Question) -> bool:
    low = question.text.lower()
    return any(has_word(low, word) for word in ask_words().get("lead", ()))


# --- the section texts and their items ------------------------------------------------------------------------


def overlap_at(text: str, body: str) -> int:
    """Where in `text` the part of `body` it already ends with begins (a window's carried sentences, longest
    first); len(text) when `body` carries nothing over."""
    if not body:
        return len(text)
    at = text.find(body[0], max(0, len(text) - 4000))
    while at >= 0:
        if (at == 0 or text[at - 1] == " ") and body.startswith(text[at:]):
            return at
        at = text.find(body[0], at + 1)
    return len(text)


def section_texts(chunks: tuple[Chunk, ...]) -> list[tuple[str, tuple[str, ...], str, tuple]]:
    """(document, heading, running text, places) per section: its prose passages merged in order, each overlap
    once; `places` holds (offset, end, chunk) of every passage."""
    sections: dict[tuple[str, tuple[str, ...]], list[Chunk]] = {}
    for chunk in chunks:
        if chunk.kind == "prose":
            sections.setdefault((chunk.doc_name, chunk.heading), []).append(chunk)
    found = []
    for (doc, heading), passages in sections.items():
        text, places = "", []
        for chunk in passages:
            body = chunk.body
            at = overlap_at(text, body)
            if at == len(text) and text:
                text, at = text + " ", len(text) + 1
            text = text[:at] + body
            places.append((at, at + len(body), chunk))
        found.append((doc, heading, text, tuple(places)))
    return found


def plan_items(evidence: Evidence, doc_name: str) -> tuple[PlanItem, ...]:
    """The numbered items of every section of a document, made once per index and document."""

    def made() -> tuple[PlanItem, ...]:
        own = tuple(c for c in evidence.index.chunks if c.doc_name == doc_name)
        return tuple(
            PlanItem(doc, heading, item, text, places)
            for doc, heading, text, places in section_texts(own)
            for item in parse_items(text)
        )

    return evidence.index.memo("plan_items", 64).get(doc_name, made)


def retrieved_items(evidence: Evidence) -> list[PlanItem]:
    """The items of the retrieved documents (prose hits' documents, best first)."""
    docs = dict.fromkeys(chunk.doc_name for _, chunk in evidence.prose())
    return [item for doc in docs for item in plan_items(evidence, doc)]


# --- matching a question to items and units ----------------------------------------------------------------------


def _english_forms(words: tuple[str, ...]) -> frozenset[frozenset[str]]:
    return frozenset(frozenset(tokenize(form)) for form in words if tokenize(form))


def topic_concepts(question: Question, glossary: Glossary) -> list[tuple[frozenset[frozenset[str]], str]]:
    """The words of the question that name what it is about, each as (its English forms as token sets, its Chinese
    form or ""): English words as they are, Chinese words by the policy word list and the glossary (longest
    first); trigger (lead, co), item and generic words, exclusion words and the words that name no subject
    (`rag/data/question_stopwords.tsv`) left out."""
    skip = {w for group in ("lead", "co", "item_noun", "generic") for w in ask_words().get(group, ())}
    skip |= set(operation_words().get("exclude", ()))  # `besides the lead unit`: the question's frame
    skip_tokens = {t for word in skip if not has_cjk(word) for t in tokenize(word)}
    skip_tokens |= {t for word in stopwords() for t in tokenize(word)}  # `more`: words that name no subject
    concepts: list[tuple[frozenset[frozenset[str]], str]] = []
    english = re.sub(r"['’]s\b", "", _CJK_RUN.sub(" ", question.text))
    for token in dict.fromkeys(tokenize(english)):
        if token not in skip_tokens and not token.isdigit():
            concepts.append((frozenset({frozenset({token})}), ""))
    known = dict(policy_words())
    for term in glossary.terms:
        known.setdefault(term.zh, (term.en.lower(),))
    for run in _CJK_RUN.findall(question.text):
        at = 0
        while at < len(run):
            word = next((run[at:end] for end in range(len(run), at, -1) if run[at:end] in known), None)
            if word is None:
                at += 1
                continue
            if word not in skip:
                concepts.append((_english_forms(known[word]), word))
            at += len(word)
    return concepts


def holds(concept: tuple[frozenset[frozenset[str]], str], words: frozenset[str], text: str) -> bool:
    """A concept is in a text when one of its English forms is (every word, stems compared) or its Chinese form is."""
    forms, chinese = concept
    if chinese and chinese in text:
        return True
    return any(form and all(term_in(token, words) for token in form) for form in forms)


def item_match(item: PlanItem, concepts: list, context: str) -> float:
    """Share of the topic concepts the item's title holds, plus BODY_WEIGHT × the share its body holds; a concept
    the document's title and headings hold counts only where the item holds it too."""
    title, body = item.item.title, item.item.body
    title_words, body_words, context_words = token_set(title), token_set(body), token_set(context)
    scored = total = 0.0
    for concept in concepts:
        in_title, in_body = holds(concept, title_words, title), holds(concept, body_words, body)
        if not (in_title or in_body) and holds(concept, context_words, context):
            continue
        total += 1
        scored += 1.0 if in_title else BODY_WEIGHT if in_body else 0.0
    return scored / total if total else 0.0


def best_rank(item: PlanItem, evidence: Evidence) -> int | None:
    own = item.chunks()
    return next((rank for rank, hit in enumerate(evidence.hits) if hit.chunk.id in own), None)


def document_context(evidence: Evidence, item: PlanItem) -> str:
    titles = {c.title for _, _, c in item.places}
    return " ".join(titles)


def matched_item(question: Question, evidence: Evidence, items: list[PlanItem]) -> PlanItem | None:
    """The item the question names: the best `item_match` (with a small bonus for its best retrieval rank), when it
    holds at least MIN_TITLE_MATCH and leads the next by MARGIN."""
    concepts = topic_concepts(question, evidence.glossary)
    if not concepts:
        return None
    scored = []
    for item in items:
        match = item_match(item, concepts, document_context(evidence, item))
        rank = best_rank(item, evidence)
        scored.append((match + (RANK_WEIGHT / (1 + rank) if rank is not None else 0.0), match, item))
    scored.sort(key=lambda entry: -entry[0])
    if not scored or scored[0][1] < MIN_TITLE_MATCH:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < MARGIN:
        return None
    return scored[0][2]


def unit_words(unit: str) -> frozenset[str]:
    """The words that tell a unit from others: its name's words without those a question may leave out
    (`unit_optional`: municipal, provincial, ...)."""
    optional = {t for word in ask_words().get("unit_optional", ()) for t in tokenize(word)}
    return token_set(re.sub(r"['’]s\b", "", unit)) - optional


def named_unit(question: Question, units: set[str], glossary: Glossary) -> frozenset[str] | None:
    """The words of the unit the question names (the unit with most words, every one in the question); None when it
    names none of `units`."""
    low = question.text.lower()
    terms = question.terms | token_set(re.sub(r"['’]s\b", "", low))
    if has_cjk(question.text):  # a Chinese name's words by the policy word list: 外事 -> foreign affairs
        terms |= {token for forms, _ in topic_concepts(question, glossary) for form in forms for token in form}
    best: frozenset[str] | None = None
    for unit in units:
        words = unit_words(unit)
        named = unit in question.text if has_cjk(unit) else bool(words) and all(term_in(w, terms) for w in words)
        if named and (best is None or len(words) > len(best)):
            best = words
    return best


def same_unit(unit: str, words: frozenset[str]) -> bool:
    """`Municipal Commerce Bureau` is `Municipal Bureau of Commerce`: the same words in any order."""
    return unit_words(unit) == words


def asks_items(question: Question) -> bool:
    """The question asks for tasks (how many, which ones), not for a unit: a count, or `which`/`哪些` before an item
    noun."""
    if question.asked == "count":
        return True
    low = question.text.lower()
    nouns = "|".join(re.escape(word) for word in ask_words().get("item_noun", ()))
    return (
        re.search(rf"\b(?:which|what)\s+(?:\w+\s+){{0,2}}(?:{nouns})\b|哪些(?:{nouns})|哪几(?:{nouns})", low)
        is not None
    )


def names_item(question: Question) -> bool:
    """The question calls what it asks about a task or measure (`the task of X`, `X这项任务`)."""
    low = question.text.lower()
    return any(has_word(low, word) for word in ask_words().get("item_noun", ()))


def top_document_plans(evidence: Evidence) -> bool:
    """The best prose hit's document is a work plan whose items name their lead units."""
    top = next((chunk for _, chunk in evidence.prose()), None)
    return top is not None and any(item.item.lead for item in plan_items(evidence, top.doc_name))


# --- answers ----------------------------------------------------------------------------------------------------


def quote_of(item: PlanItem, at: int) -> str:
    """The label and list that stand at `at` in the item's section text, to the end of the list."""
    stop = re.search(r"[;；)）]|[.。](?=\s|$)", item.text[at:])
    return item.text[at : at + stop.end() if stop else item.item.end].strip()


def cite_item(draft: AnswerDraft, item: PlanItem, with_lead: bool = True, with_co: bool = False) -> str:
    """Cite the item's title and (with_lead, with_co) its lead and co-unit lists; the citation marks, `[1][2]`."""
    marks = []
    title_at = item.text.find(item.item.title, item.item.start)
    if title_at >= 0:  # quoted with its number (`6. Promote ...`): the answer names the task by it
        numbered = item.text[item.item.start : title_at + len(item.item.title)].strip()
        chunk = item.chunk_at(item.item.start, title_at + len(item.item.title))
        if chunk is not None:
            marks.append(draft.cite(prose_citation(chunk, numbered)))
    for wanted, at in ((with_lead, item.item.lead_at), (with_co, item.item.co_at)):
        if wanted and at >= 0:
            quote = quote_of(item, at)
            chunk = item.chunk_at(at, at + len(quote))
            if chunk is not None:
                marks.append(draft.cite(prose_citation(chunk, quote)))
    return "".join(f"[{n}]" for n in dict.fromkeys(marks))


def say_units(draft: AnswerDraft, template: str, names: Sequence[str], **fields: object) -> None:
    """Say a template naming plan units; a Chinese answer sets each English unit name off from the Chinese words
    it touches by a space (`Zembla Customs 牵头`)."""
    draft.say(template, **fields)
    if draft.question.lang == "zh":
        draft.parts[-1] = spaced_names(draft.parts[-1], names)


def answer_lead(draft: AnswerDraft, item: PlanItem) -> Answer:
    marks = cite_item(draft, item)
    joiner = draft.templates["list_joiner"]
    say_units(
        draft,
        "item_lead",
        item.item.lead,
        number=item.item.number,
        title=item.item.title,
        units=joiner.join(item.item.lead),
        refs=marks,
    )
    if item.item.co:
        say_units(draft, "item_co", item.item.co, units=joiner.join(item.item.co))
    draft.spans = item.item.lead
    draft.confidence = 0.9
    return draft.answer()


def answer_co(draft: AnswerDraft, item: PlanItem) -> Answer:
    marks = cite_item(draft, item, with_lead=False, with_co=True)
    joiner = draft.templates["list_joiner"]
    co = joiner.join(item.item.co)
    say_units(draft, "item_co_of", item.item.co, number=item.item.number, title=item.item.title, units=co, refs=marks)
    if item.item.lead:
        say_units(draft, "item_lead_also", item.item.lead, units=joiner.join(item.item.lead))
    draft.spans = item.item.co
    draft.confidence = 0.9
    return draft.answer()


def answer_unit_count(draft: AnswerDraft, item: PlanItem, role: str) -> Answer:
    units = units_of(item, role)
    marks = cite_item(draft, item, with_lead=role == "lead", with_co=role == "co")
    say_units(
        draft,
        "item_unit_count_co" if role == "co" else "item_unit_count_lead",
        units,
        number=item.item.number,
        title=item.item.title,
        count=len(units),
        units=draft.templates["list_joiner"].join(units),
        refs=marks,
    )
    draft.value = draft.source_value = float(len(units))
    draft.unit = draft.source_unit = "count"
    draft.spans = units
    draft.confidence = 0.8
    return draft.answer()


def answer_led(draft: AnswerDraft, unit: str, items: list[PlanItem], role: str = "lead") -> Answer:
    entries = [item_entry(draft, item, with_lead=role == "lead", with_co=role == "co") for item in items]
    kind = "items_led" if role == "lead" else "items_part"
    return counted_items(draft, kind if items else f"{kind}_none", items, entries, 0.9, unit=unit)


def item_entry(draft: AnswerDraft, item: PlanItem, with_lead: bool, with_co: bool = False) -> str:
    """`7. Title [3][4]`: one counted item, its numbered title cited."""
    refs = cite_item(draft, item, with_lead=with_lead, with_co=with_co)
    return draft.templates["item_entry"].format(number=item.item.number, title=item.item.title, refs=refs)


def counted_items(
    draft: AnswerDraft, template: str, items: list[PlanItem], entries: list[str], confidence: float, **fields: str
) -> Answer:
    """A count of plan items as the answer: the template with the count and the listed entries, the titles as spans."""
    joined = draft.templates["list_joiner"].join(entries)
    say_units(draft, template, [fields["unit"]] if "unit" in fields else [], count=len(items), items=joined, **fields)
    draft.value = draft.source_value = float(len(items))
    draft.unit = draft.source_unit = "count"
    draft.spans = tuple(item.item.title for item in items)
    draft.confidence = confidence
    return draft.answer()


def under_heading(question: Question, items: list[PlanItem]) -> list[PlanItem]:
    """The items under a heading whose words the question names all (`the main tasks`), when any is; else all."""
    terms = question.terms | token_set(question.text.lower())
    named = [
        item
        for item in items
        if any(
            (words := token_set(re.sub(r"^\W*[\w]{1,4}[.、,，]\s*", "", part)))
            and all(term_in(word, terms) for word in words)
            for part in item.heading
        )
    ]
    return named or items


def answer_items(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal | None:
    """A question about a work plan's tasks and their lead or participating units, answered from the plan's typed
    items; None when the question is of another kind or names no task or unit well enough (the other readers take
    it)."""
    if asks_other_kind(question):
        return None
    role = asked_role(question)
    if role is None:
        return count_under_heading(draft, question, evidence) if question.asked == "count" else None
    every = retrieved_items(evidence)
    items = [item for item in every if item.item.lead or item.item.co]
    if not items:
        return None
    if question.asked == "count" and counts_units(question):  # `how many participating units does task X list`
        item = matched_item(question, evidence, every)
        if item is None:
            return WEAK if names_item(question) and top_document_plans(evidence) else None
        return answer_unit_count(draft, item, role)
    if asks_items(question):
        units = {unit for item in items for unit in (*item.item.lead, *item.item.co)}
        words = named_unit(question, units, evidence.glossary)
        if words is None:  # a unit the plan never names has no task, but that is no count to give
            return WEAK if names_item(question) and top_document_plans(evidence) else None
        scope = under_heading(question, items)
        found = [item for item in scope if any(same_unit(unit, words) for unit in units_of(item, role))]
        name = next(
            (unit for item in (*found, *scope) for unit in (*item.item.lead, *item.item.co) if same_unit(unit, words)),
            " ".join(sorted(words)),
        )
        return answer_led(draft, name, found, role)
    item = matched_item(question, evidence, every)
    if item is None:
        return WEAK if names_item(question) and top_document_plans(evidence) else None
    if role == "co":
        return answer_co(draft, item) if item.item.co else None
    return answer_lead(draft, item) if item.item.lead else None


def asks_other_kind(question: Question) -> bool:
    """The question asks a list of a kind a plan's tasks are not and its units are not (`in which fields does the
    city back firms that lead ...`: `rag/data/list_kinds.tsv`), though it names a lead or participating role; the
    kinds a plan's items may be (`which measures`) are the `plan_kind` group of `rag/data/item_asks.tsv`."""
    kind = asked_kind(question.text)
    return bool(kind) and kind not in ask_words().get("plan_kind", ())


def units_of(item: PlanItem, role: str) -> tuple[str, ...]:
    return item.item.co if role == "co" else item.item.lead


def asked_role(question: Question) -> str | None:
    """`co` when the question asks about the units that take part (`participating units`, 参与单位), even beside
    its lead unit; `lead` when it asks who leads; None otherwise."""
    low = question.text.lower()
    if any(has_word(low, word) for word in ask_words().get("co", ())):
        return "co"
    return "lead" if asks_lead(question) else None


_COUNT_WORD = re.compile(r"how many|number of|多少|几")


def counts_units(question: Question) -> bool:
    """A count question that counts units (`how many participating units`, `几个参与单位`), not tasks: after its
    count word a unit word comes before any item noun."""
    low = question.text.lower()
    found = _COUNT_WORD.search(low)
    if found is None:
        return False
    after = low[found.end() :]
    units, nouns = ask_words().get("unit_noun", ()), ask_words().get("item_noun", ())

    def first(words) -> int:
        spots = [
            m.start() for w in words for m in re.finditer(re.escape(w) if has_cjk(w) else rf"\b{re.escape(w)}\b", after)
        ]
        return min(spots, default=len(after) + 1)

    unit_at = first(units)
    return unit_at <= len(after) and unit_at < first(nouns)


# --- the items under a heading -------------------------------------------------------------------------------------

_ENUMERATOR = re.compile(
    r"^\W*(?:[\divxlc]{1,4}|[一二三四五六七八九十]{1,3}|first|second|third|fourth|fifth|sixth)\W+", re.I
)


def counted_forms(question: Question, glossary: Glossary) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """The noun a count question counts, as English stems and Chinese words (`tasks`, 任务 -> task), when it is a
    noun that names a plan's items (`heading_noun` in `rag/data/item_asks.tsv`)."""
    counted = counted_noun(question, glossary)
    if counted is None:
        return None
    heading_nouns = ask_words().get("heading_noun", ())
    english = set(token_set(counted.words[-1])) if counted.words else set()
    english &= {token for word in heading_nouns for token in tokenize(word)}  # tasks, measures: not `regulators`
    nouns = [word for word in heading_nouns if has_cjk(word) and word in question.text]
    chinese = (*counted.chinese, *nouns)  # `几项主要任务`: the item noun, wherever it stands after the count
    for word in chinese:
        english |= {token for form in policy_words().get(word, ()) for token in tokenize(form)}
    return (frozenset(english), chinese) if english or chinese else None


def heading_names(part: str, forms: tuple[frozenset[str], tuple[str, ...]]) -> bool:
    """A heading (`Ii. Main tasks`, `三、主要任务`) names the counted noun."""
    english, chinese = forms
    words = token_set(_ENUMERATOR.sub("", part))
    return bool(english & words) or any(word in part for word in chinese)


def items_under(question: Question, evidence: Evidence) -> tuple[str, list[PlanItem]] | None:
    """(the heading, its items) for the heading of the best prose hit's document that names the counted noun and
    holds a retrieved passage (the best-ranked one when several do)."""
    forms = counted_forms(question, evidence.glossary)
    top = next((chunk for _, chunk in evidence.prose()), None)
    if forms is None or top is None:
        return None
    groups: dict[tuple[str, ...], list[PlanItem]] = {}
    for item in plan_items(evidence, top.doc_name):
        depth = next((i for i, part in enumerate(item.heading) if heading_names(part, forms)), None)
        if depth is not None:
            groups.setdefault(item.heading[: depth + 1], []).append(item)
    ranked = []
    for path, items in groups.items():
        rank = min((r for item in items if (r := best_rank(item, evidence)) is not None), default=None)
        if rank is not None and len(items) >= MIN_LISTED:
            ranked.append((rank, path, items))
    if not ranked:
        return None
    _, path, items = min(ranked, key=lambda entry: entry[0])
    return path[-1], items


def count_under_heading(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | None:
    """`How many tasks does the plan set out?`: the numbered items under the heading that names what is counted,
    each cited by its numbered title; None when no retrieved heading names it."""
    if named_unit(
        question, {u for i in retrieved_items(evidence) for u in (*i.item.lead, *i.item.co)}, evidence.glossary
    ):
        return None  # a unit named: the tasks it leads or takes part in, not the plan's count
    found = items_under(question, evidence)
    if found is None:
        return None
    heading, items = found
    entries = [item_entry(draft, item, with_lead=False) for item in items]
    return counted_items(draft, "items_counted", items, entries, 0.8, heading=_ENUMERATOR.sub("", heading))
