"""A prose figure answers a question naming a stock (or a turnover) only when its own sentence names that measure
(`cell_measures.sentence_measure_fits`): by its word (`stock`, `存量`) or by the words dating a level (`by the end
of 2031`). A sentence naming none gives a year's flow. Made-up report of Norvania's outward investment."""

from __future__ import annotations

from rag.read.alignment import amount_part, figure_lead
from rag.read.cell_measures import sentence_measure_fits
from rag.read.question import analyse_question
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from tests.builders import hits, indexed_prose

FLOW_TEXT = (
    "In 2031 Norvania's firms invested abroad in twelve industries. Among them, gadget makers invested "
    "US$3.1 billion, accounting for 41.5 percent, the largest of all industries."
)
STOCK_TEXT = (
    "By the end of 2031, gadget makers held US$9.4 billion of Norvania's outward investment stock, "
    "accounting for 38.2 percent."
)
STOCK_QUESTION = "What percentage of Norvania's outward investment stock at the end of 2031 did gadget makers hold?"


def ask(question: str, text: str, glossary):
    chunk, index = indexed_prose(text, heading="Norvania's outward investment")
    return grounded_answer(question, hits([chunk]), index, glossary, PROJECT_ROOT / "prompts")


def test_a_flow_sentence_does_not_answer_a_stock_question(glossary):
    answer = ask(STOCK_QUESTION, FLOW_TEXT, glossary)
    assert answer.refused and answer.value is None


def test_a_sentence_naming_the_stock_answers_it(glossary):
    answer = ask(STOCK_QUESTION, STOCK_TEXT, glossary)
    assert not answer.refused and answer.value == 38.2


def test_a_dated_level_names_the_stock(glossary):
    question = analyse_question(STOCK_QUESTION, glossary)
    assert sentence_measure_fits(question, "At the close of 2031年末, gadget makers held US$9.4 billion.")
    assert sentence_measure_fits(question, "By the end of 2031, gadget makers held US$9.4 billion.")
    assert not sentence_measure_fits(question, "In 2031, gadget makers invested US$3.1 billion.")


def test_a_flow_question_takes_a_sentence_naming_no_measure(glossary):
    question = analyse_question("What share of Norvania's outward investment in 2031 went to gadget makers?", glossary)
    assert sentence_measure_fits(question, "In 2031, gadget makers invested US$3.1 billion.")


SHARE_TEXT = (
    "In 2031 Norvania's firms invested abroad in twelve industries. Among them, gadget makers invested "
    "US$3.1 billion, accounting for 41.5 percent, the largest of all industries."
)


def test_a_share_printed_after_an_amount_is_the_amount_part_share():
    quote = SHARE_TEXT.split(". ")[1]
    lead = figure_lead(quote, "41.5 percent")
    assert amount_part(quote, "41.5 percent", lead) == "gadget makers invested"


def test_a_share_of_another_part_does_not_answer(glossary):
    answer = ask(
        "What share of Norvania's outward investment in 2031 was held by its five largest investors?",
        SHARE_TEXT,
        glossary,
    )
    assert answer.refused and answer.value is None


def test_a_share_of_the_part_named_answers(glossary):
    answer = ask("What share of Norvania's outward investment in 2031 came from gadget makers?", SHARE_TEXT, glossary)
    assert not answer.refused and answer.value == 41.5


def test_a_share_printed_after_a_rate_names_no_part():
    quote = "Trade with the coastal partners grew 6.2% a year, accounting for 31.4% of Norvania's total."
    assert amount_part(quote, "31.4%", figure_lead(quote, "31.4%")) == ""
