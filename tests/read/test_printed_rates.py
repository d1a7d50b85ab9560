"""A change the report prints, quoted instead of the same change computed from two cells (made-up tables and
sentences, no eval wording): a sentence naming the row, the later year and the direction, a rate or an amount at
its own scale; a printed figure of another size, direction, year or row is not used, nor a change column of the
table itself, and the computed change stands."""

from __future__ import annotations

import pytest

from rag.ingest.tables import parse_tables
from rag.read.printed_rates import agrees_printed, printed_decimals
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.types import Document
from tests.builders import USD_1E8, hits, make_table, prose_chunk, row_chunks, stored_index
from tests.builders import ask_table as ask


@pytest.mark.parametrize(("text", "decimals"), [("32%", 0), ("35.1 %", 1), ("(5.25)%", 2), ("1,204.5", 1)])
def test_the_printed_precision_is_read_from_the_figure(text, decimals):
    assert printed_decimals(text) == decimals


def test_a_computed_rate_agrees_with_a_printed_one_to_half_its_last_digit():
    assert agrees_printed(31.94, 32.0, "32%")
    assert agrees_printed(35.07, 35.1, "35.1%")
    assert not agrees_printed(31.4, 32.0, "32%")
    assert not agrees_printed(35.2, 35.1, "35.1%")


@pytest.fixture(scope="module")
def widget_costs():
    """Read by the real table parser, as a report prints it: amounts and a change column in percent."""
    lines = [
        "Table 7-1: Cost of sales by product line",
        "",
        "Line\t2030\t2031\tChange %",
        "Widgets\t$163.1\t$215.2\t32%",
        "Gadgets\t108.0\t92.4\t(14)%",
        "",
    ]
    document = Document(
        name="made_up.txt", title="made up", lines=tuple(lines), headings=tuple(() for _ in lines), sha256="0" * 64
    )
    [table] = parse_tables(document)
    return table


def test_a_change_column_of_the_table_leaves_the_rate_computed_to_two_decimals(widget_costs, glossary):
    answer = ask("By what percent did the cost of widgets grow from 2030 to 2031?", widget_costs, glossary)
    assert not answer.refused and answer.value == pytest.approx(31.94)


def _plain_table():
    rows = {"Widgets": ("163.1", "215.2"), "Gadgets": ("108.0", "92.4")}
    columns = (("2030", USD_1E8), ("2031", USD_1E8))
    return make_table(rows, columns=columns, title="Cost of sales by product line", label_header="Line")


def _ask_with(sentence: str, question: str, glossary):
    table = _plain_table()
    chunks = [*row_chunks(table), prose_chunk(sentence)]
    index = stored_index([table], chunks)
    return grounded_answer(question, hits(chunks), index, glossary, PROJECT_ROOT / "prompts")


def test_a_sentence_stating_the_rate_of_the_row_is_quoted(glossary):
    question = "By what percent did the cost of widgets grow from 2030 to 2031?"
    answer = _ask_with("Cost of widgets increased by 32% to 215.2 in 2031.", question, glossary)
    assert not answer.refused and answer.source_unit.strip() == "32%" and "/" not in answer.text
    falling = "By what percent did the cost of gadgets change from 2030 to 2031?"
    fell = _ask_with("Cost of gadgets decreased by 14% to 92.4 in 2031.", falling, glossary)
    assert fell.source_unit.strip() == "14%" and fell.value == pytest.approx(-14.0)


@pytest.mark.parametrize(
    "sentence",
    [
        "Cost of widgets increased by 30% to 215.2 in 2031.",  # another size: another figure
        "Cost of widgets decreased by 32% in 2031.",  # another direction
        "Cost of widgets increased by 32% in 2029.",  # another year
        "Cost of gadgets increased by 32% in 2031.",  # another row
    ],
)
def test_a_printed_rate_that_does_not_state_the_change_leaves_the_computed_one(sentence, glossary):
    question = "By what percent did the cost of widgets grow from 2030 to 2031?"
    answer = _ask_with(sentence, question, glossary)
    assert not answer.refused and answer.value == pytest.approx(31.94)


@pytest.mark.parametrize(
    ("passage", "quoted"),
    [
        ("In 2031 the maker reported its accounts. Cost of widgets increased by 32% to 215.2.", True),
        # the year the running text named before the sentence is another one: the computed rate stands
        ("In 2029 the maker reported its accounts. Cost of widgets increased by 32% to 215.2.", False),
    ],
)
def test_a_sentence_naming_no_year_is_of_the_year_named_before_it(passage, quoted, glossary):
    question = "By what percent did the cost of widgets grow from 2030 to 2031?"
    answer = _ask_with(passage, question, glossary)
    assert not answer.refused, answer.text
    assert (answer.source_unit.strip() == "32%") is quoted and answer.value == pytest.approx(32.0 if quoted else 31.94)


def _thousands_table():
    lines = [
        "Table 7-2: Operating expenses",
        "",
        "Item\t2031\t2030",
        "\t(in thousands)\t",
        "Widget marketing\t$472,841\t$350,069",
        "",
    ]
    document = Document(
        name="made_up.txt", title="made up", lines=tuple(lines), headings=tuple(() for _ in lines), sha256="0" * 64
    )
    [table] = parse_tables(document)
    return table


def _ask_amount(sentence: str, question: str, glossary):
    table = _thousands_table()
    chunks = [*row_chunks(table), prose_chunk(sentence)]
    index = stored_index([table], chunks)
    return grounded_answer(question, hits(chunks), index, glossary, PROJECT_ROOT / "prompts")


def test_a_rise_asked_is_the_rise_the_report_prints_at_its_own_scale(glossary):
    question = "How much did widget marketing increase from 2030 to 2031?"
    answer = _ask_amount("Widget marketing increased $122.8 million in 2031.", question, glossary)
    assert not answer.refused and answer.source_unit.strip() == "$122.8 million"


@pytest.mark.parametrize(
    ("sentence", "question"),
    [
        (
            "Widget marketing increased $120.0 million in 2031.",
            "How much did widget marketing increase from 2030 to 2031?",
        ),
        (
            "Widget marketing decreased $122.8 million in 2031.",
            "How much did widget marketing increase from 2030 to 2031?",
        ),
        (
            "Widget marketing increased $122.8 million in 2031.",
            "What was the change in widget marketing from 2030 to 2031?",
        ),
    ],
)
def test_a_printed_amount_of_another_size_or_direction_or_a_signed_change_is_computed(sentence, question, glossary):
    answer = _ask_amount(sentence, question, glossary)
    assert not answer.refused and answer.source_value == pytest.approx(122772.0)


def test_a_rise_in_one_named_year_is_the_printed_rise_against_the_year_before(glossary):
    question = "What was the increase in widget marketing in 2031?"
    answer = _ask_amount("Widget marketing increased by $122.8 million in 2031 compared to 2030.", question, glossary)
    assert not answer.refused and answer.source_unit.strip() == "$122.8 million"
    other = _ask_amount("Widget marketing increased by $99.0 million in 2031.", question, glossary)
    assert other.source_value == pytest.approx(122772.0)
