"""The specific measure a table cell or a prose clause is of (a stock, a flow, a turnover), and whether it is the one
a question asks.

Every path that takes a cell as an operand of a share or a ratio asks the same thing, so the reading lives here,
below the paths that use it (`entity_operands`, `apart_operands`, `portions`, `derived`)."""

from __future__ import annotations

from rag.read.bound_measures import named_measures
from rag.read.cells import CellPick
from rag.read.matching import SPECIFIC_MEASURES
from rag.read.question import Question, question_measures
from rag.text.glossary import Glossary

UNNAMED_MEASURE = "flow"  # a year's amount in a table that names no specific measure: the year's flow


def specific_measures(text: str) -> frozenset[str]:
    """The specific measures (`SPECIFIC_MEASURES`: a stock, a flow, a turnover) the text names."""
    return frozenset(question_measures(text)) & frozenset(SPECIFIC_MEASURES)


def column_measures(pick: CellPick, glossary: Glossary) -> set[str]:
    """The measures the pick's column names; a column naming no specific measure (`比重`) takes its title's (a share
    column of a table of flows is a flow share, as `流量占比` is)."""
    named = set(question_measures(f"{pick.column} {glossary.gloss(pick.column) or ''}"))
    if named & set(SPECIFIC_MEASURES):
        return named
    return named | specific_measures(pick.table.title)


def measures_fit(question: Question, offered: set[str]) -> bool:
    """A figure whose own words name the measures `offered` is of the specific measure the question asks
    (`SPECIFIC_MEASURES`: a stock, a flow, a turnover). A figure naming none is a year's flow (`UNNAMED_MEASURE`): it
    answers a flow question, or one naming no measure, never a stock or a turnover, which reports always name; a
    figure naming a stock or a turnover never answers a question naming none."""
    wanted = set(question.measures) & set(SPECIFIC_MEASURES) or {UNNAMED_MEASURE}
    return bool(wanted & (offered & set(SPECIFIC_MEASURES) or {UNNAMED_MEASURE}))


def measure_fits(question: Question, pick: CellPick, glossary: Glossary) -> bool:
    """The cell is of the specific measure the question asks (`measures_fit`), as its column or else its table's
    title names it (`column_measures`, the cell-pair paths' reading). A prose total of China's stock over a world
    table's regional flow is a share of two things. A row whose own label names the measure asked fits too (a
    filing's `Nonvested stock units` row in a table of expenses is the stock units asked for)."""
    if measures_fit(question, column_measures(pick, glossary)):
        return True
    return bool(specific_measures(f"{pick.row.label} {glossary.gloss(pick.row.label) or ''}") & set(question.measures))


def clause_measure_fits(question: Question, clause: str) -> bool:
    """A prose figure's clause is of the specific measure asked (`measures_fit`, read from the clause's words)."""
    return measures_fit(question, set(question_measures(clause)))


DATED_MEASURES = {"period": ("stock", "stock"), "stage": ("completed", "turnover")}  # contrast: (its measure, ours)


def asks_named_measure(question: Question) -> bool:
    """The question names a specific measure other than a year's flow (a stock, a turnover): a figure must name it."""
    return bool(set(question.measures) & set(SPECIFIC_MEASURES) - {UNNAMED_MEASURE})


def sentence_measure_fits(question: Question, text: str) -> bool:
    """A prose figure's sentence (with the one it refers back to) is of the specific measure asked (`measures_fit`),
    named by a measure word (`stock`, `存量`) or by the words that date a level or mark work done (`by the end of
    2031`, `年末`, `completed`: `rag/data/bound_measures.tsv`). A sentence naming none gives a year's flow: no stock."""
    offered = set(question_measures(text))
    named = named_measures(text)
    offered |= {ours for contrast, (theirs, ours) in DATED_MEASURES.items() if theirs in named.get(contrast, ())}
    return measures_fit(question, offered)
