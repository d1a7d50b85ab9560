"""Writing an answer: the builder that collects sentences, citations and figures, and the statements of a cell, a
prose figure or a formula in the answer's language (natural units, the table's own unit, scale notes)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from rag.ingest.tables import cell_unit, is_inferred
from rag.read.cells import CellPick, cell_kind, column_text
from rag.read.evidence import Evidence, table_context
from rag.read.figure_bounds import figure_bound
from rag.read.matching import SPECIFIC_MEASURES, TOTAL_LABELS, mentions, names_of, places_in
from rag.read.operations import change_directions
from rag.read.prose import ProsePick, clause_around, quantity_kind
from rag.read.question import (
    Question,
    question_measures,
)
from rag.read.quoted_subject import QuotedSubject, change_subject, chinese_subject, computed_lead_zh, quoted_subject
from rag.read.wording import (
    CellWords,
    cell_words,
    change_words,
    english_head,
    english_ordinal,
    english_subject,
    header_measure,
    possessive,
    ranking_within,
    row_change,
    short_name,
)
from rag.text.figures import shown, shown_decimals, unit_name
from rag.text.glossary import Glossary, has_cjk
from rag.text.numbers import (
    Formula,
    Quantity,
    extract_quantities,
    format_amount,
    natural_scale,
    plain,
    printed_figure,
    scale_power,
    to_base,
    years_in,
)
from rag.text.sentences import QUOTE_BREAK, split_sentences
from rag.text.tokens import find_word
from rag.text.units import normalize_unit
from rag.types import Answer, Chunk, Citation, ScaleEvidence, Step, Table, TableRow, Unit, page_span

REL_DISAGREE = 0.005


_TEMPLATES: dict[Path, tuple[tuple[int, int], dict[str, str]]] = {}


def load_templates(prompts_dir: Path, lang: str) -> dict[str, str]:
    """The answer templates of a language, read again only when their file changes (its size or modification time):
    every answer needs them."""
    path = prompts_dir / f"grounded_{lang}.json"
    try:
        status = path.stat()
        stamp = (status.st_mtime_ns, status.st_size)
        held = _TEMPLATES.get(path)
        if held is None or held[0] != stamp:
            held = _TEMPLATES[path] = (stamp, json.loads(path.read_text(encoding="utf-8")))
        return dict(held[1])
    except (OSError, ValueError) as exc:
        raise ValueError(f"answer templates {path} cannot be read ({exc}); restore them from the repository") from exc


@dataclass
class AnswerDraft:
    """An answer being written: its text parts, citations and figures."""

    question: Question
    templates: dict[str, str]
    parts: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    value: float | None = None
    unit: str = ""
    source_value: float | None = None
    source_unit: str = ""
    formula: str = ""
    confidence: float = 0.0
    spans: tuple[str, ...] = ()  # the answer as printed in the sources, when it is a name or a cell
    steps: list[Step] = field(default_factory=list)  # the provenance of each derived number the text states
    glossary: Glossary | None = None  # the terms an answer's subject is checked by (`computed_lead_zh`)

    def anew(self, question: Question) -> AnswerDraft:
        """An empty draft for another reading of the question, with this one's templates and glossary."""
        return AnswerDraft(question, self.templates, glossary=self.glossary)

    def say(self, name: str, **fields: object) -> None:
        self.parts.append(self.templates[name].format(**fields))

    def record(self, formula: Formula, scale: float = 1.0) -> None:
        """Keep the typed step behind a derived number (`scale`: the result's, when the text restates it in another
        unit), so the verifier can recompute it from its cited operands."""
        self.steps.append(Step(formula.op, formula.result, formula.operands, formula.decimals, scale))

    def record_count(self, table: Table, rows: Sequence[TableRow]) -> None:
        """Keep a count of rows of a table (`7 of the 10 rows`) as a step naming each row counted."""
        keys = tuple(row_key(row) for row in rows)
        self.steps.append(Step("count", float(len(keys)), rows=keys, table_id=table.table_id, doc_name=table.doc_name))

    def record_listed(self, items: Sequence[str]) -> None:
        """Keep a count of the items of a list as a step naming each item as the answer quotes it (no table)."""
        self.steps.append(Step("count", float(len(items)), rows=tuple(items)))

    def record_unit(self, scale: float) -> None:
        """Keep the scale a table without one is read at (1e9), which a cited sentence states a figure at."""
        self.steps.append(Step("unit", scale))

    def cite(self, citation: Citation) -> int:
        """Number a source once; a second sentence quoted from the same passage joins that citation's quote."""
        for i, existing in enumerate(self.citations):
            if (existing.locator, existing.doc_name) == (citation.locator, citation.doc_name):
                if citation.quote and citation.quote not in existing.quote:
                    self.citations[i] = replace(existing, quote=f"{existing.quote} … {citation.quote}")
                return existing.n
        numbered = replace(citation, n=len(self.citations) + 1)
        self.citations.append(numbered)
        return numbered.n

    def answer(self) -> Answer:
        joint = "" if self.question.lang == "zh" else " "
        return Answer(
            question=self.question.text,
            text=single_markers(joint.join(self.parts)),
            citations=tuple(self.citations),
            value=self.value,
            unit=self.unit,
            source_value=self.source_value,
            source_unit=self.source_unit,
            formula=self.formula,
            refused=False,
            confidence=round(max(0.0, min(1.0, self.confidence)), 2),
            lang=self.question.lang,
            mode="grounded",
            notes=tuple(self.notes),
            spans=self.spans,
            steps=tuple(self.steps),
        )


_REPEATED_MARKER = re.compile(r"(\[\d+\])(?:\s*\1)+")


def single_markers(text: str) -> str:
    """A citation marker said once where operands of one passage repeat it side by side (`[1][1]` -> `[1]`)."""
    return _REPEATED_MARKER.sub(r"\1", text)


def row_key(row: TableRow) -> str:
    """A row as a count step names it: `section / label`, or the label of a row outside any section."""
    return f"{row.section} / {row.label}" if row.section else row.label


def cell_citation(pick: CellPick, evidence: Evidence) -> Citation:
    table, row = pick.table, pick.row
    row_index = table.rows.index(row)
    chunk = evidence.row_chunk(table, row_index)
    label = f"{row.section} / {row.label}" if row.section else row.label
    page = chunk.page if chunk else 0
    return Citation(
        n=0,
        doc_name=table.doc_name,
        locator=f"table {table.table_id}, row {label}, column {pick.column} ({page_span(page) or f'line {row.line}'})",
        quote=chunk.body if chunk else row.label,
        start_line=row.line,
        end_line=row.line,
        chunk_id=chunk.id if chunk else "",
        heading=pick.heading,
        table_id=table.table_id,
        row_label=row.label,
        column=pick.column,
        value_text=row.cells[pick.index].text,
        page=page,
        end_page=page,
    )


def prose_citation(chunk: Chunk, sentence: str, value_text: str = "") -> Citation:
    return Citation(
        n=0,
        doc_name=chunk.doc_name,
        locator=chunk.locator,
        quote=sentence,
        start_line=chunk.start_line,
        end_line=chunk.end_line,
        chunk_id=chunk.id,
        heading=chunk.heading,
        value_text=value_text,
        page=chunk.page,
        end_page=chunk.end_page,
    )


def english_unit(unit: Unit, base_value: float) -> tuple[float, str]:
    """(value, unit label) in the natural English scale: 27.15, `USD billion`."""
    value, word = natural_scale(base_value, "en")
    base = unit.currency or unit.base
    return value, " ".join(part for part in (base, word) if part)


def derived_natural(value: float, unit: Unit, lang: str) -> str:
    """A computed amount in its natural unit, rounded as an answer states an amount (`rag.text.figures.shown`):
    `USD 1.327 trillion`, `281.52亿美元`; a lookup's figure keeps every digit it is printed with (`natural_text`)."""
    base_value = to_base(value, unit.scale)
    number, word = natural_scale(base_value, lang)
    if unit.kind == "currency":
        return signed_amount(base_value, unit.currency, lang, shown_decimals(number, "amount"))
    joint = "" if lang == "zh" else " "
    return joint.join(part for part in (shown(number, "amount"), word, unit_name(unit.base, lang)) if part)


def signed_amount(base_value: float, currency: str, lang: str, digits: int | None = None) -> str:
    """`format_amount`, with a minus written before the currency so that it reads as a sign (`-USD 1.6 billion`)."""
    text = format_amount(abs(base_value), currency, lang, digits)
    return f"-{text}" if base_value < 0 else text


def natural_text(value: float, unit: Unit, lang: str) -> str:
    """The figure in a natural unit for the answer's language (`USD 27.15 billion`, `271.5亿美元`)."""
    base_value = to_base(value, unit.scale)
    if unit.kind == "currency":
        return signed_amount(base_value, unit.currency, lang)
    number, word = natural_scale(base_value, lang)
    joint = "" if lang == "zh" else " "
    return joint.join(part for part in (plain(number), word, unit_name(unit.base, lang)) if part)


def subject_of(pick: CellPick, glossary: Glossary, lang: str, with_year: bool = True) -> str:
    """What the figure is, subject first, as an analyst names it: `Manufacturing's flow in 2022`, `2022年制造业的流量`.
    The table, row and column coordinates are the citation's, not the sentence's."""
    return operands_subject([pick], glossary, lang, with_year)


def _joined(items: Sequence[str], lang: str) -> str:
    if lang == "zh":
        return "、".join(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _words_joined(words: Sequence[str]) -> str:
    """Words of a name run together, a space only where two Latin words meet (`再投资金额`, `Turnover value`)."""
    text = ""
    for word in words:
        latin = text[-1:].isascii() and word[:1].isascii() and text[-1:].isalnum() and word[:1].isalnum()
        text += (" " if latin else "") + word if text else word
    return text


def operands_subject(picks: Sequence[CellPick], glossary: Glossary, lang: str, with_year: bool = True) -> str:
    """The figures a sentence states, named once: their rows (a row of a section with its section), their measure
    (the column without its year) and their years, in the answer's language."""
    rows, measures, years = [], [], []
    for pick in picks:
        column = pick.table.columns[pick.index]
        parts = list(dict.fromkeys(filter(None, map(header_measure, column.parts or (column.header,)))))
        measure = _words_joined([part if lang == "zh" else glossary.gloss(part) or part for part in parts])
        row_years = years_in(pick.row.label)
        label, section = pick.row.label, pick.row.section
        if section and question_measures(label):  # `金额` / `项目数量` rows under a sector: the sector is the subject
            parts.insert(0, label)
            measure = _words_joined([part if lang == "zh" else glossary.gloss(part) or part for part in parts])
            label, section = section.split(" / ")[-1], " / ".join(section.split(" / ")[:-1])
        name = "" if row_years else row_name(label, glossary, lang, section)
        for items, item in ((rows, name), (measures, measure)):
            if item and item not in items:
                items.append(item)
        years += [y for y in sorted(years_in(column.header) | row_years) if y not in years]
    who, what = _joined(rows, lang) if rows else "", _joined(measures, lang) if measures else ""
    when = _joined([str(y) for y in sorted(years)], lang) if years and with_year else ""
    if lang == "zh":
        return f"{when}{'年' if when else ''}{who}{'的' if who and what else ''}{what}"
    if who and not what:
        return f"The figure for {who} in {when}" if when else f"The figure for {who}"
    possessive = "'" if who.endswith("s") else "'s"  # `Developing economies' value`, `Finance's value`
    subject = f"{who}{possessive} {what}" if who else what[:1].upper() + what[1:]
    return f"{subject} in {when}" if when else subject


def topic_subject(picks: Sequence[CellPick], glossary: Glossary, question: Question) -> str:
    """The operands of a formula over one table named as one figure of its topic (`China's OFDI flow in Asia and
    Latin America`, `The number of greenfield investment projects in services in 2021 and 2022`); "" where they
    are not one amount or count of one table with a topic (then `operands_subject` names them, rates and shares
    with their measure word)."""
    if question.lang != "en" or len({pick.table.id for pick in picks}) > 1:
        return ""
    words = [cell_words(pick, glossary, question) for pick in picks]
    first = words[0]
    if (
        not first.topic
        or first.share
        or first.growth
        or any((w.measure, w.parts, w.topic) != (first.measure, first.parts, first.topic) for w in words)
    ):
        return ""
    names = list(
        dict.fromkeys(w.who or short_name(w.label, glossary, question) for w in words if not years_in(w.label))
    )
    years = sorted({w.year for w in words if w.year is not None})
    kind = cell_kind(picks[0].table, picks[0].row, picks[0].index)
    joined = replace(first, who=_joined(names, "en") if names else "", total=False, year=None)
    when = f" in {_joined([str(y) for y in years], 'en')}" if years else ""
    return english_subject(joined, kind, glossary) + when


def row_name(label: str, glossary: Glossary, lang: str, section: str = "", bare: bool = False) -> str:
    """A row's name in the answer's language: its English name (`Semiconductors`), with the section it belongs to
    where one is given (`Semiconductors (electronics and electrical equipment)`); Chinese labels as printed. A label
    that already names its section (`其他发达经济体` under `发达经济体`, `Other developed economies` under
    `Developed economies`) stands alone. `bare`: the English name without what it adds in brackets (a gloss's
    aliases, `United States (US, USA, America)`), as a list of rows names each."""
    parts = [part.strip(" :：") for part in section.split(" / ") if part.strip(" :：")]  # `Revenue:` heads a section
    if parts and parts[-1].lower() in label.lower():
        parts = []
    if lang == "zh":
        return "".join([*parts[-1:], label]) if parts else label
    name = english_name(label, glossary)
    name = re.sub(r"\s*\([^)]*\)", "", name) if bare else name
    return f"{name} ({english_name(parts[-1], glossary).lower()})" if parts else name


def english_name(label: str, glossary: Glossary, bilingual: bool = False) -> str:
    """A label's English name, capitalised (`Manufacturing`), with the Chinese label after it when `bilingual`;
    an English label as printed."""
    gloss = glossary.gloss(label) if has_cjk(label) else None
    if not gloss:
        return label
    name = gloss[:1].upper() + gloss[1:]
    return f"{name} ({label})" if bilingual else name


def state_cell(draft: AnswerDraft, pick: CellPick, evidence: Evidence) -> int:
    """Write one cell as the answer, as an analyst says it (`rag.read.wording`): an amount in its natural unit with
    the table's own unit beside it and the row's change on the year before, a rate of change as a rise or fall, a
    share as what the row accounts for, a rank as a position; returns its citation number."""
    lang, templates, glossary = draft.question.lang, draft.templates, evidence.glossary
    n = draft.cite(cell_citation(pick, evidence))
    value, unit, text = pick.value, pick.unit, pick.row.cells[pick.index].text
    kind = cell_kind(pick.table, pick.row, pick.index)
    words = cell_words(pick, glossary, draft.question)
    subject = sentence_subject(words, kind, glossary, lang)
    draft.source_value, draft.value = value, value
    if kind == "rank":
        draft.unit = draft.source_unit = "rank"
        say_rank(draft, words, text, n)
    elif kind == "percent":
        draft.unit = draft.source_unit = "%"
        shown = text if text.rstrip().endswith("%") else templates["percent"].format(value=text)  # `4%` printed
        if words.growth and not words.share and value is not None:
            say_growth(draft, pick, words, glossary, n)
        elif words.share and words.topic and (words.who or words.parts) and lang == "en":
            whole = english_head(replace(words, measure=measures_but(words, "share"), parts=()), "amount")
            who = words.who or " ".join(words.parts)
            who = who[:1].upper() + who[1:]
            draft.say("share", who=who, value=shown, whole=whole, when=when_text(words, lang), n=n)
        else:
            draft.say("lookup_plain", subject=subject, value_natural=shown, change="", n=n)
    elif unit is not None and unit.kind in ("currency", "quantity") and unit.scale:
        draft.value, draft.unit = english_unit(unit, to_base(value, unit.scale))
        draft.source_unit = unit.label
        natural = natural_text(value, unit, lang)
        change = change_clause(draft, pick, glossary)
        plain_zh = lang == "zh" and (unit.scale == 1e8 or natural == plain(value) + unit_name(unit.label, lang))
        if unit.scale in (1e9, 1e12, 1e6) and lang == "en" or plain_zh:  # `2541万标箱` needs no table unit beside
            draft.say("lookup_plain", subject=subject, value_natural=natural, change=change, n=n)
        else:
            draft.say(
                "lookup",
                subject=subject,
                value_natural=natural,
                value_source=text,
                source_unit=unit_name(unit.label, lang),
                change=change,
                n=n,
            )
        inferred_scale_note(draft, [pick])
    elif unit is not None and unit.kind in ("currency", "quantity"):
        draft.unit = draft.source_unit = unit.label
        draft.say("lookup_unscaled", subject=subject, value_source=text, unit_raw=unit.raw, n=n)
        implied_scale_note(draft, pick, evidence)
    else:
        draft.unit = draft.source_unit = unit.label if unit else ""
        shown = counted_text(text, value, lang) if kind == "count" else text
        shown = f"{shown} {unit.label}" if unit and unit.label and unit.label != "count" else shown
        draft.say(
            "lookup_plain", subject=subject, value_natural=shown, change=change_clause(draft, pick, glossary), n=n
        )
    return n


def sentence_subject(words: CellWords, kind: str, glossary: Glossary, lang: str) -> str:
    """`China's OFDI flow in mining in 2022`, `2022年制造业的流量`: the subject of a sentence stating the cell."""
    if lang == "zh":
        what = "".join([*words.parts, *words.measure])
        return f"{when_text(words, lang)}{words.who}{'的' if words.who and what else ''}{what}"
    return english_subject(words, kind, glossary) + when_text(words, lang)


def when_text(words: CellWords, lang: str) -> str:
    if words.year is None:
        return ""
    return f"{words.year}年" if lang == "zh" else f" in {words.year}"


def measures_but(words: CellWords, measure: str) -> tuple[str, ...]:
    """The column's measure words without those naming `measure` (`growth`, `share`): the base it is a rate of."""
    return tuple(word for word in words.measure if measure not in question_measures(word))


def counted_text(text: str, value: float | None, lang: str) -> str:
    """A count as an English sentence prints it, with thousands separators (`15,318`), which the figure parsers
    read back as the same number; Chinese and fractions as printed."""
    if lang == "zh" or value is None or not float(value).is_integer():
        return text
    return plain(value, group=True)


def percent_text(value: float) -> str:
    """A rate of change without its sign (the verb says it), grouped as an analyst writes it: `1,600%`, `4.9%`."""
    return f"{plain(abs(value), group=True)}%"


def say_growth(draft: AnswerDraft, pick: CellPick, words: CellWords, glossary: Glossary, n: int) -> None:
    """`China's OFDI flow in mining rose 79.5% year on year in 2022`, `2022年制造业同比下降13.2%`."""
    lang, templates, value = draft.question.lang, draft.templates, pick.value
    base = replace(words, measure=measures_but(words, "growth"))
    if not base.measure and not base.parts:
        main = main_measure(pick, glossary, draft.question)
        base = replace(base, measure=main.measure, count=main.count) if main else base
    kind = "count" if base.count else "amount"
    subject = sentence_subject(replace(base, year=None), kind, glossary, lang)
    period = templates["year_on_year"] if words.yoy else ""
    draft.say(
        "growth",
        subject=subject,
        verb=change_words(value, templates),
        value=percent_text(value),
        period=period,
        when=when_text(words, lang),
        n=n,
    )


def main_measure(pick: CellPick, glossary: Glossary, question: Question) -> CellWords | None:
    """The measure of the table's first amount column (`throughput`): what a bare `年增长` column is the growth of."""
    table, row = pick.table, pick.row
    for index in range(len(table.columns)):
        if cell_kind(table, row, index) in ("amount", "count"):
            return cell_words(CellPick(table, row, index, 0.0), glossary, question)
    return None


def say_rank(draft: AnswerDraft, words: CellWords, text: str, n: int) -> None:
    """`South Korea ranked 10th in the index in 2023`, `2023年韩国排名第10位`."""
    lang, value = draft.question.lang, draft.value
    position = int(value) if value is not None and float(value).is_integer() and value > 0 else None
    measure = " ".join(words.measure) or draft.templates["rank_word"]
    if position is None or not words.who:
        subject = f"{words.who}{'的' if lang == 'zh' and words.who else ' ' if words.who else ''}{measure}"
        draft.say("rank_lookup", subject=subject + when_text(words, lang), value_source=text, n=n)
    elif lang == "zh":
        measure = draft.templates["rank_word"] if measure in ("位次", "名次") else measure
        draft.say("ranked_at", when=when_text(words, lang), who=words.who, measure=measure, position=position, n=n)
    elif words.topic:
        draft.say(
            "rank_in",
            who=words.who,
            ordinal=english_ordinal(position),
            within=ranking_within(words),
            when=when_text(words, lang),
            n=n,
        )
    else:
        subject = f"{words.who}{possessive(words.who)} {measure}"
        draft.say("rank_was", subject=subject + when_text(words, lang), ordinal=english_ordinal(position), n=n)


def change_clause(draft: AnswerDraft, pick: CellPick, glossary: Glossary) -> str:
    """`, up 1.0% year on year` / `，同比下降46.1%`: the same row's change on the year before, the one figure of the
    row an analyst states beside an amount (its shares and other columns stay in the citation)."""
    rate = row_change(pick, glossary, draft.question)
    if rate is None or rate.value is None:
        return ""
    name = "change_up" if rate.value > 0 else "change_down" if rate.value < 0 else "change_flat"
    return draft.templates[name].format(value=percent_text(rate.value))


def inferred_scale_note(draft: AnswerDraft, picks: Sequence[CellPick]) -> None:
    """Where a table's unit line gives no scale and `rag.ingest.scales` read it from the prose, say so and cite the
    sentence it was read from: one sentence per scale, citing each table's sentence (`[3][4]`), and none where the
    answer already says it."""
    seen: set[str] = set()
    cited: dict[tuple[str, str], list[str]] = {}  # (unit as printed, scale) -> the sentences' citation numbers
    for pick in picks:
        table, printed = pick.table, cell_unit(pick.table, pick.row, pick.index)
        if table.id in seen or not is_inferred(table, printed):
            continue
        seen.add(table.id)
        evidence = table.scale_evidence
        n = draft.cite(scale_citation(table, evidence))
        draft.record_unit(evidence.scale)
        label = evidence.label if draft.question.lang == "en" else zh_scale_label(evidence.scale, printed.currency)
        refs = cited.setdefault((printed.raw, label), [])
        refs += [] if str(n) in refs else [str(n)]
        draft.notes.append(
            f"table {table.table_id} prints no scale; {evidence.label} read from line {evidence.line}, where "
            f"{evidence.prose_text} states the cell {evidence.cell_text} ({evidence.row_label}, {evidence.column}); "
            f"{evidence.agreeing} cells agree at that scale"
        )
    for (raw, label), refs in cited.items():
        before, _, after = (
            draft.templates["inferred_scale"].format(unit_raw=raw, scale_label=label, n="\0").partition("\0")
        )
        said = [part for part in draft.parts if part.startswith(before) and part.endswith(after)]
        if not any(all(f"[{n}]" in part for n in refs) for part in said):
            draft.parts.append(f"{before}{']['.join(refs)}{after}")


def scale_citation(table: Table, evidence: ScaleEvidence) -> Citation:
    return Citation(
        n=0,
        doc_name=table.doc_name,
        locator=f"line {evidence.line}",
        quote=evidence.sentence,
        start_line=evidence.line,
        end_line=evidence.line,
        value_text=evidence.prose_text,
    )


def zh_scale_label(scale: float, currency: str) -> str:
    """`亿美元` for 1e8 USD: the Chinese name of a currency scale."""
    return re.sub(r"^1(?!\d)", "", format_amount(scale, currency or "USD", "zh"))


def row_names(pick: CellPick, glossary: Glossary) -> list[str]:
    names = names_of(pick.row.label, glossary)
    return [name for name in names if len(name) > 1]


def related_prose(pick: CellPick, evidence: Evidence) -> list[tuple[Chunk, str, Quantity]]:
    """Prose quantities in the hits whose sentence names the cell's row, in the same kind as the cell."""
    kind = cell_kind(pick.table, pick.row, pick.index)
    names = row_names(pick, evidence.glossary)
    found = []
    for _, chunk in evidence.prose():
        if chunk.doc_name != pick.table.doc_name:
            continue
        for sentence in split_sentences(chunk.body):
            for quantity in extract_quantities(sentence):
                if quantity.kind == "year" or quantity.note == "garbled unit":
                    continue
                clause = clause_around(sentence, quantity.start, quantity.end)
                if not any(mentions(name, clause, evidence.glossary) for name in names):
                    continue
                if quantity_kind(quantity) == kind or (kind == "amount" and quantity.kind == "currency"):
                    found.append((chunk, sentence, quantity))
    return found


def implied_scale_note(draft: AnswerDraft, pick: CellPick, evidence: Evidence) -> None:
    """Where a prose number names the same figure at a power-of-ten scale, say what scale it implies."""
    value = pick.value
    for chunk, sentence, quantity in related_prose(pick, evidence):
        if quantity.kind != "currency" or quantity.scale == 1:
            continue
        power = scale_power(value, quantity.base_value, range(0, 13))
        if power is not None:
            n = draft.cite(prose_citation(chunk, sentence, quantity.text))
            implied = format_amount(10.0**power, quantity.currency or "USD", draft.question.lang)
            draft.say("implied_scale", prose_value=quantity.text, n=n, implied_unit=implied)
            draft.notes.append(f"table unit states no scale; prose at {chunk.locator} implies {implied}")
            return


def same_scope(sentence: str, pick: CellPick, glossary: Glossary) -> bool:
    """Whether a prose sentence can be about the cell's figure: every place it names is the table's subject
    (in its title or heading) or one of the table's rows (`Shanghai ... Latin America` is not China's total)."""
    table = pick.table
    context = table_context(table, pick.heading)
    rows = " ".join(name for row in table.rows for name in names_of(row.label, glossary))
    for place in places_in(sentence, glossary):
        if not (mentions(place, context, glossary) or mentions(place, rows, glossary)):
            return False
    return True


def disagreement_note(draft: AnswerDraft, pick: CellPick, n_table: int, evidence: Evidence) -> None:
    """Cite a prose figure that states the same fact as the cell with another value (beyond 0.5 %)."""
    kind = cell_kind(pick.table, pick.row, pick.index)
    if kind not in ("percent", "amount"):
        return
    column_measures = set(question_measures(column_text(pick.table, pick.index, evidence.glossary)))
    for chunk, sentence, quantity in related_prose(pick, evidence):
        clause = clause_around(sentence, quantity.start, quantity.end)
        clause_measures = set(question_measures(clause))
        if kind == "percent" and not column_measures & clause_measures:
            continue
        named = column_measures & {"count", *SPECIFIC_MEASURES}
        if named and not named & clause_measures:
            continue  # the growth of the number of deals is not the growth of their value
        if draft.question.year and years_in(sentence) and draft.question.year not in years_in(sentence):
            continue
        if not same_scope(sentence, pick, evidence.glossary):
            continue
        table_value = cell_quantity(pick)
        if table_value is None or agrees(table_value, quantity):
            continue
        n = draft.cite(prose_citation(chunk, sentence, quantity.text))
        shown = pick.row.cells[pick.index].text + ("%" if kind == "percent" else "")
        draft.say("disagreement", table_value=shown, n_table=n_table, prose_value=quantity.text, n_prose=n)
        draft.notes.append(f"table and prose disagree: {shown} in table {pick.table.table_id} vs {quantity.text}")
        return


def cell_quantity(pick: CellPick) -> Quantity | None:
    unit = pick.unit
    if pick.value is None:
        return None
    if cell_kind(pick.table, pick.row, pick.index) == "percent":
        return Quantity(pick.value, kind="percent", base="%")
    if unit is not None and unit.kind == "currency" and unit.scale:
        return Quantity(pick.value, scale=unit.scale, kind="currency", currency=unit.currency, base=unit.base)
    return None


def agrees(cell: Quantity, prose: Quantity) -> bool:
    a, b = cell.base_value, prose.base_value
    if cell.kind == "percent":
        a, b = abs(a), abs(b)
    return abs(a - b) <= REL_DISAGREE * max(abs(a), abs(b), 1e-12)


def answer_cell(draft: AnswerDraft, pick: CellPick, evidence: Evidence) -> None:
    n = state_cell(draft, pick, evidence)
    figure = printed_figure(pick.row.cells[pick.index].text)
    draft.spans = (figure,) if figure else ()  # the answer as the table prints it
    disagreement_note(draft, pick, n, evidence)


def answer_prose(draft: AnswerDraft, pick: ProsePick, glossary: Glossary | None = None) -> None:
    """A figure quoted from one sentence: subject first where the question's phrase is one the sentence holds
    (`quoted_subject`; a Chinese question's, `chinese_subject`, checked through `glossary`), else the report's frame
    with the clause that holds the figure."""
    quantity = pick.quantity
    # a sentence that refers back (`the park created ...`) is cited with the one it refers to, which names its subject
    quote = f"{pick.earlier} {pick.sentence}" if pick.earlier else pick.sentence
    n = draft.cite(prose_citation(pick.chunk, quote, quantity.text))
    lang = draft.question.lang
    if quantity.kind == "currency" and quantity.scale != 1 and quantity.note != "garbled unit":
        natural = signed_amount(quantity.base_value, quantity.currency, lang)
        draft.value, word = natural_scale(quantity.base_value, "en")
        draft.unit = " ".join(part for part in (quantity.currency, word) if part)
    else:
        natural = quantity.text.strip()
        if quantity.note == "in words":
            natural = f"{plain(quantity.value)} ({natural})"
        elif lang == "zh" and not quantity.note and re.search(r"[A-Za-z]", natural):
            natural = zh_figure(quantity)
        if quantity.kind == "times":  # a multiplier (`1.2`, of `1.2 times`) is said with its unit: `1.2倍`
            natural = f"{natural}{'' if lang == 'zh' else ' '}{draft.templates['times']}"
        draft.value, draft.unit = quantity.value, quantity.base or quantity.kind
        if quantity.kind == "percent" and falls_before(pick.sentence, quantity):
            draft.value = -abs(quantity.value)  # `fell 60.9%` is a change of -60.9 %
    draft.source_value, draft.source_unit = quantity.value, quantity.text
    bound = figure_bound(pick.sentence, quantity)
    if bound:  # `more than US$80 billion` is a bound, and said as one
        natural = draft.templates[f"bound_{bound}"].format(value=natural)
    said = quoted_subject(draft.question.text, pick.sentence, glossary)
    if said is None and glossary is not None:
        said = chinese_subject(draft.question.text, pick.sentence, glossary)
    if said is not None and said.direction and not stated_as(said.direction, pick.sentence, quantity):
        said = None  # `grew by` only a figure the sentence states as a rise, not the level it rose to
    falling = draft.value is not None and draft.value < 0
    if said is not None and said.whole and (quantity.kind != "percent" or falling):
        said = None  # a share is a percent the sentence states
    if said is None or (falling and said.direction != "fall"):  # a fall is no level the phrase `was`
        draft.say("prose", value_natural=natural, quote=quoted_clause(pick.sentence, quantity), n=n)
    elif said.whole:
        draft.say(
            "prose_share",
            subject=said.phrase,
            value_natural=natural,
            whole=said.whole,
            period=said.period,
            quote=quoted_clause(pick.sentence, quantity),
            n=n,
        )
    else:
        draft.say(
            "prose_subject",
            subject=said.phrase,
            verb=said.verb,
            value_natural=natural,
            period=said.period,
            quote=quoted_clause(pick.sentence, quantity),
            n=n,
        )
    if quantity.note and quantity.note != "in words":
        draft.notes.append(f"the figure {quantity.text!r} is read with a doubtful unit ({quantity.note})")


MIN_QUOTED_CLAUSE = 60  # characters: a shorter clause (`and $770 million`) may not name what its figure is of
MIN_QUOTED_AFTER = 30  # characters: a quote this short after every clause before it takes the ones after it too
WIDEN_BEFORE_FIGURE = 40  # characters: a clause this short up to its figure (`In 2031, 25 firms`) takes the one before


def quoted_clause(sentence: str, quantity: Quantity) -> str:
    """The clause of `sentence` that holds `quantity`, as an answer quotes it (the citation carries the sentence):
    a clause shorter than MIN_QUOTED_CLAUSE takes the clauses before it (they name what the figure is of), those
    after it only while still shorter than MIN_QUOTED_AFTER; a short opening clause that dates the sentence (`In
    2031`) is kept, joined by `…` where clauses lie between."""
    breaks = list(QUOTE_BREAK.finditer(sentence))
    starts = [m.end() for m in breaks]
    ends = [m.start() for m in breaks]
    left = max((s for s in starts if s <= quantity.start), default=0)
    if quantity.end - left < WIDEN_BEFORE_FIGURE:
        left = max((s for s in starts if s < left), default=0)
    right = min((e for e in ends if e >= quantity.end), default=len(sentence))
    while left > 0 and len(sentence[left:right].strip()) < MIN_QUOTED_CLAUSE:
        left = max((s for s in starts if s < left), default=0)
    while right < len(sentence) and len(sentence[left:right].strip()) < MIN_QUOTED_AFTER:
        right = min((e for e in ends if e > right), default=len(sentence))
    quote = sentence[left:right].strip()
    if left == 0 or not ends:
        return cut_marked(quote)
    opening = sentence[: ends[0]].strip()
    if len(opening) >= WIDEN_BEFORE_FIGURE or not years_in(opening) or years_in(opening) <= years_in(quote):
        return cut_marked(quote)
    return cut_marked(sentence[:right].strip()) if left == starts[0] else f"{opening} … {quote}"


def cut_marked(quote: str) -> str:
    """A quote that opens mid-sentence (a lowercase first letter: a clause cut from its sentence, or a sentence the
    source split) marked by a leading `…`, so the reader sees words went before it."""
    return f"… {quote}" if quote[:1].islower() and quote[:1].isascii() else quote


def zh_figure(quantity: Quantity) -> str:
    """A figure of an English sentence in Chinese number words, every digit kept: `370 million` -> `3.7亿`,
    `1.5 million TEU` -> `150万标箱`, `228000 tons` -> `22.8万吨`, `10.9 percent` -> `10.9%`; as printed where its
    unit has no Chinese in the data."""
    if quantity.kind == "percent":
        return f"{plain(quantity.value)}%"
    base = unit_name(quantity.base, "zh") if quantity.base else ""
    if quantity.kind not in ("number", "quantity") or base == quantity.base != "":
        return quantity.text.strip()
    number, word = natural_scale(quantity.base_value, "zh")
    return f"{plain(number)}{word}{base}"


def falls_before(sentence: str, quantity: Quantity) -> bool:
    """A word of falling (`change_words`, or `down`) in the 25 characters before a prose figure: `fell 60.9%`."""
    return _direction_before(sentence, quantity, "fall", "down")


def stated_as(direction: str, sentence: str, quantity: Quantity) -> bool:
    """A prose figure stated as a change in `direction` (`rise`: `grew 5.2%`, `up 3.1%`; `fall`: `fell 4.9%`, `down
    2%`), by a word of that direction and none of the other in the 25 characters before it."""
    rises = _direction_before(sentence, quantity, "rise", "up")
    return rises != falls_before(sentence, quantity) and rises == (direction == "rise")


def _direction_before(sentence: str, quantity: Quantity, direction: str, adverb: str) -> bool:
    before = sentence[max(0, quantity.start - 25) : quantity.start].lower()
    return direction in change_directions(before) or find_word(adverb, before) is not None


def cite_operands(draft: AnswerDraft, picks: Sequence[CellPick], evidence: Evidence) -> str:
    return "][".join(str(draft.cite(cell_citation(p, evidence))) for p in picks)


def shown_formula(draft: AnswerDraft, formula: Formula, label: str) -> str:
    """The draft's formula as the answer shows it: in Chinese, where the result is an amount whose unit Chinese does
    not write after it (`104（单位：十亿美元）`, `0.537（单位：亿美元）`), the result restated in Chinese units
    (`，即1040亿美元`, `，即5372万美元`)."""
    unit = normalize_unit(label) if label else None
    if draft.question.lang != "zh" or unit is None or unit.kind not in ("currency", "quantity") or not unit.scale:
        return draft.formula
    if formula.unit_follows(label):
        return draft.formula
    natural = derived_natural(formula.result, unit, "zh")
    return draft.formula + draft.templates["derived_inline"].format(value_natural=natural)


def result_first(draft: AnswerDraft, stated: str) -> dict[str, str]:
    """The fields a result-first sentence needs from a stated formula (`expression = result`): `result`, the figure
    the sentence states (the restatement in Chinese units when `shown_formula` added one), and `calculation`, the
    working shown after it (`（246 − 142 = 104，单位：十亿美元）`), in the templates' `calculation` pattern."""
    expression, equals, shown = stated.rpartition(" = ")
    if not equals:
        return {"result": stated, "calculation": ""}
    restated = draft.templates["derived_inline"].split("{", 1)[0]  # `，即`: the result restated in Chinese units
    printed, _, natural = shown.partition(restated) if restated else (shown, "", "")
    working = f"{expression} = {_UNIT_NOTE.sub(_UNIT_AFTER, printed)}" if natural else expression
    calculation = draft.templates.get("calculation", "").format(expression=working)
    return {"result": natural or shown, "calculation": calculation}


_UNIT_NOTE = re.compile(r"（(单位：[^（）]+)）$")  # `104（单位：十亿美元）` inside brackets: `104，单位：十亿美元`
_UNIT_AFTER = r"，\1"


def says_share_of(draft: AnswerDraft) -> bool:
    """The answer's language names a share by its whole (`… was 12.5 % of the total`, `X占Y的12.5%`)."""
    return "share_whole" in draft.templates or "derived_share_of" in draft.templates


def say_derived(
    draft: AnswerDraft,
    subject: str,
    stated: str,
    refs: str,
    op: str = "",
    natural: str = "",
    over_time: str = "",
    whole: str = "",
    bound: str = "",
) -> None:
    """A computed figure in one sentence, every operand cited, the result first and the working after it: `subject`,
    the operation's word (`op_<op>`: ` differed by`, `之差`; `op_none` where `subject` names the result itself, `op`
    empty), the result, the working. `natural`: the result restated in its natural scale (`USD 15.7 billion`),
    stated first, with the whole formula in the table's unit as the working. A change over time (`over_time`: the
    operands' order in time, `over_time_order`; or an operation that is one: `_OVER_TIME_OPS`) is said by its
    direction (`moved_words`); a share, by the `whole` it is of (`share_whole`: `69.2 % of world FDI`); a bound
    (`over`, `under`: a figure bounded by a bounded operand), by the bound's words (`bound_over`: `more than 12.9`)."""
    operation = draft.templates.get(f"op_{op or 'none'}", "")
    fields = result_first(draft, stated) | {"period": ""}
    if natural:
        fields |= {"result": natural, "calculation": draft.templates["calculation"].format(expression=stated)}
    sentence = "derived"
    if over_time or op in _OVER_TIME_OPS:
        moved, fields = moved_words(draft, op, operation, fields, over_time == "earlier_first")
        if moved != operation:
            subject, fields["period"] = moved_period(draft, subject)
            sentence = "derived_moved" if "derived_moved" in draft.templates else sentence
        operation = moved
    if whole and "derived_share_of" in draft.templates:  # `X占Y的12.5%`: the whole before the result
        sentence, fields["whole"] = "derived_share_of", whole
    elif whole:
        fields["result"] += draft.templates["share_whole"].format(whole=whole)
    if bound:
        fields["result"] = draft.templates[f"bound_{bound}"].format(value=fields["result"])
    draft.say(sentence, subject=subject, formula=stated, refs=refs, operation=operation, **fields)


# A subject's two years as each language writes them: closing `in 2021 and 2022`, opening `2021、2022年`.
_TWO_YEARS = {
    "en": re.compile(r" in ((?:19|20)\d\d) and ((?:19|20)\d\d)$"),
    "zh": re.compile(r"^((?:19|20)\d\d)、((?:19|20)\d\d)年"),
}


def moved_period(draft: AnswerDraft, subject: str) -> tuple[str, str]:
    """A rise or fall's two years said with its size (`rose by 5 % from 2021 to 2022`, `从2021年到2022年增加`: the
    template `moved_period`, a Chinese sentence in `derived_moved`) where the subject names them (`Asia's FDI in
    2021 and 2022`, `2021、2022年制造业的金额`); else the subject as it is."""
    template = draft.templates.get("moved_period")
    pattern = _TWO_YEARS.get(draft.question.lang)
    found = pattern.search(subject) if pattern else None
    if template is None or found is None:
        return subject, ""
    rest = subject[: found.start()] + subject[found.end() :]
    earlier, later = sorted(found.groups())
    return rest, template.format(earlier=earlier, later=later)


# Operations whose operands are always one figure in two periods, the later first: their result is a rise or a fall.
_OVER_TIME_OPS = ("annual_growth_rate",)
# Operations whose operands may be one figure in two periods (`later_first`) or two things' figures (a gap).
_PAIR_OPS = ("difference", "change", "growth_rate")
_MINUS = "-−"


def moved_words(
    draft: AnswerDraft, op: str, operation: str, fields: dict[str, str], earlier_first: bool = False
) -> tuple[str, dict[str, str]]:
    """A change over time said by its direction where the language's templates have the words (`op_<op>_rise`:
    ` rose by`; `op_<op>_fall`: ` fell by`): a fall stated by its size, no minus (`fell by 13.8 %`, not `changed by
    -13.8 %`), the size kept as a step after the signed result so that it stays traceable; else as given.
    `earlier_first`: the earlier figure less the later (`how much less in 2022 than in 2021`), a fall where it is
    positive."""
    step = draft.steps[-1] if draft.steps else None
    if step is None or step.op != op or step.result == 0:
        return operation, fields
    negative = step.result < 0
    fall = negative != earlier_first
    words = draft.templates.get(f"op_{op}_{'fall' if fall else 'rise'}")
    if words is None or (negative and not fields["result"].startswith(tuple(_MINUS))):
        return operation, fields
    if negative:
        draft.steps.append(Step("magnitude", abs(step.result), (step.result,), step.decimals, step.scale))
        fields = {**fields, "result": fields["result"].lstrip(_MINUS)}
    return words, fields


def say_derived_prose(draft: AnswerDraft, stated: str, n: int) -> None:
    """A figure computed from one quoted sentence: the result first, the working after it; the sentence is left to
    citation `n`, which carries it to every reader of the answer (CLI, chat, API, batch). A Chinese question whose
    lead the sentence is seen to hold (`computed_lead_zh`) has the answer open with it, the result in its ask
    word's place (`甲省出口额2031年是2030年的1.25倍`)."""
    fields = result_first(draft, stated)
    quote = draft.citations[n - 1].quote if 0 < n <= len(draft.citations) else ""
    lead = "derived_prose_lead" in draft.templates and draft.glossary is not None and quote
    subject = computed_lead_zh(draft.question.text, quote, draft.glossary) if lead else None
    rise = risen_subject(draft, quote) if "derived_prose_rise" in draft.templates else None
    if subject:
        draft.say("derived_prose_lead", subject=subject, formula=stated, n=n, **fields)
    elif rise is not None:
        draft.say("derived_prose_rise", subject=rise.phrase, verb=rise.verb, period=rise.period, n=n, **fields)
    else:
        draft.say("derived_prose", formula=stated, n=n, **fields)


def risen_subject(draft: AnswerDraft, quote: str) -> QuotedSubject | None:
    """The phrase an English question asks the rise of (`change_subject`, checked against the operands' `quote`),
    where the draft's last step is a positive change (`_PAIR_OPS`): a negative or other result is no `grew by`."""
    step = draft.steps[-1] if draft.steps else None
    if not quote or step is None or step.op not in _PAIR_OPS or step.result <= 0:
        return None
    said = change_subject(draft.question.text, quote, draft.glossary)
    return said if said is not None and said.direction == "rise" else None


def stated_amount(draft: AnswerDraft, formula: Formula, unit: Unit | None, label: str, amount: bool) -> tuple[str, str]:
    """The formula as the answer shows it (sets `draft.formula`) and, for an `amount` in an English answer, the
    result restated in its natural scale where the table's unit does not already say it so: `USD 654.4 million`
    with the working `916.1 / 140 = 6.54 in the table's unit of USD 100 million`, none for `USD 104 billion`.
    English names a unit with digits (`USD 100 million`) after the working, not inside it; Chinese names every
    unit in words and restates an amount in `shown_formula`."""
    lang = draft.question.lang
    spoken = label if lang == "zh" or not re.search(r"\d", label) else ""
    draft.formula = formula.render(spoken, lang)
    stated = shown_formula(draft, formula, label)
    stated += draft.templates["formula_unit"].format(source_unit=label) if spoken != label else ""
    if not amount or unit is None or lang != "en":
        return stated, ""
    natural = derived_natural(formula.result, unit, lang)
    return stated, "" if natural == formula.stated(label, lang) else natural


def share_names(
    parts: Sequence[CellPick], whole_pick: CellPick, glossary: Glossary, question: Question
) -> tuple[str, str]:
    """A share's parts and whole, each named as one figure (`Developed economies' FDI in 2022`, `world's FDI`): the
    sentence says the part was so much of the whole, not that the two `gave a share`. The whole drops the year the
    part already names and reads mid-sentence (`the value of ...`)."""
    if question.lang == "zh":
        return _share_names_zh(parts, whole_pick, glossary)
    part = topic_subject(parts, glossary, question) or operands_subject(parts, glossary, "en")
    whole = topic_subject([whole_pick], glossary, question) or subject_of(whole_pick, glossary, "en")
    year = re.search(r" in (?:19|20)\d\d$", part)
    if year and whole.endswith(year.group(0)):
        whole = whole[: -len(year.group(0))]
    if whole.startswith("The "):
        whole = "t" + whole[1:]
    owner, of, measure = whole.partition("'s ")
    if of and owner.lower() in TOTAL_LABELS:  # `World's FDI` is the world FDI, `Total's value` the total value
        whole = f"the {owner.lower()} {measure}"
    return part, total_before_head(whole)


def _share_names_zh(parts: Sequence[CellPick], whole_pick: CellPick, glossary: Glossary) -> tuple[str, str]:
    """A Chinese share's part with its year and its whole without it (`2022年服务业的数量` 占 `全部数量`): a total
    row's figure is the whole of its measure, `合计的数量` -> `全部数量`, `世界的流量` -> `世界流量`."""
    part = operands_subject(parts, glossary, "zh")
    whole = subject_of(whole_pick, glossary, "zh", with_year=False)
    owner, of, measure = whole.partition("的")
    if of and measure and owner in TOTAL_LABELS:
        whole = f"全部{measure}" if owner in _ZH_TOTAL_ROWS else f"{owner}{measure}"
    return part, whole


_ZH_TOTAL_ROWS = ("合计", "总计")
_IN_TOTAL = " in total"


def total_before_head(whole: str) -> str:
    """A total row's figure named as an analyst names a share's whole, `total` before the measure: `China's OFDI
    flow in total` -> `China's total OFDI flow`, `the value of projects in total` -> `the total value of projects`;
    any other whole as it is."""
    if not whole.endswith(_IN_TOTAL):
        return whole
    head = whole[: -len(_IN_TOTAL)]
    owner, of, measure = head.partition("'s ")
    if of:
        return f"{owner}'s total {measure}"
    return f"the total {head.removeprefix('the ')}"


def later_first(picks: Sequence[CellPick]) -> bool:
    """Two figures of one table's row or column, each of one year, the later first: their difference is a change
    over time (a rise or a fall), not a gap between two things."""
    if len(picks) != 2 or picks[0].table is not picks[1].table:
        return False
    later, earlier = picks
    if later.row is not earlier.row and later.index != earlier.index:
        return False
    years = [years_in(p.table.columns[p.index].header) | years_in(p.row.label) for p in picks]
    return all(len(y) == 1 for y in years) and max(years[0]) > max(years[1])


def over_time_order(op: str, picks: Sequence[CellPick]) -> str:
    """How a pair operation's operands run in time: `later_first` (a change, a growth rate), `earlier_first` (a
    difference taken the other way round, `how much less than the year before`: its sign reversed), else ``."""
    if op in _PAIR_OPS and later_first(picks):
        return "later_first"
    if op in _EARLIER_FIRST_OPS and later_first(picks[::-1]):
        return "earlier_first"
    return ""


# Pair operations whose result taken earlier figure first is still a change over time, its sign reversed.
_EARLIER_FIRST_OPS = ("difference", "change")
# Operations whose result is an amount in the operands' unit, restated in its natural scale.
_AMOUNT_OPS = ("difference", "sum", "mean", "before_growth", "before_multiple")
# Operations that work one figure over by a rate or a multiple (the year before from a growth): the subject is that
# figure's.
_ONE_FIGURE_OPS = ("before_growth", "before_multiple")


def state_formula(
    draft: AnswerDraft,
    formula: Formula,
    picks: Sequence[CellPick],
    evidence: Evidence,
    subject: str,
    named: bool = False,
    names_result: bool = False,
) -> None:
    """The formula's answer, every operand cited; `named`: `subject` already names every operand (operands of one
    row in tables of different entities), else it is named from the operands' rows, measure and years;
    `names_result`: `subject` names the result itself (a whole less its parts), with no operation word."""
    refs = cite_operands(draft, picks, evidence)
    named = named or formula.op in _ONE_FIGURE_OPS
    whole = ""
    if formula.op == "share" and len(picks) == 2 and not named and says_share_of(draft):
        subject, whole = share_names(picks[:1], picks[1], evidence.glossary, draft.question)
        named = True
    if len(picks) > 1 and not named:  # the subject names every operand: the rows, the measure and the years
        named = topic_subject(picks, evidence.glossary, draft.question)
        subject = named or operands_subject(picks, evidence.glossary, draft.question.lang)
    unit = picks[0].unit
    kind = cell_kind(picks[0].table, picks[0].row, picks[0].index)
    if formula.op in ("share", "growth_rate", "annual_growth_rate"):
        label, draft.unit = "%", "%"
    elif formula.op == "ratio":
        label = draft.templates["times"]
        draft.unit = "times"
    elif kind == "percent":
        same = formula.op in ("sum", "mean")  # a sum or mean of percentages is a percentage, a difference points
        label = "%" if same else draft.templates["points"].format(value="").strip()
        draft.unit = "%" if same else "percentage points"
    else:
        label = unit.label if unit is not None and unit.label not in ("", "count") else ""
        draft.unit = label or kind
    draft.record(formula, unit.scale if unit is not None and unit.kind == "currency" and unit.scale else 1.0)
    draft.value = draft.source_value = formula.result
    draft.source_unit = draft.unit
    amount = unit is not None and unit.kind == "currency" and bool(unit.scale) and formula.op in _AMOUNT_OPS
    stated, natural = stated_amount(draft, formula, unit, label, amount)
    over_time = over_time_order(formula.op, picks)
    op = "share_of" if whole else "" if names_result else formula.op
    say_derived(draft, subject, stated, refs, op, natural, over_time, whole)
    if amount:
        draft.value, draft.unit = english_unit(unit, to_base(formula.result, unit.scale))
    inferred_scale_note(draft, picks)
