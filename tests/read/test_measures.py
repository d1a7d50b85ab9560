"""The kind of measure a question asks (a count of items or their value, a share of a count or of a value) and the
prose figure bound to it (made-up tables and text, no eval wording)."""

from __future__ import annotations

import pytest

from rag.read.question import analyse_question, counts_items
from rag.read.reader import grounded_answer
from rag.types import Unit
from tests.builders import PERCENT, make_table, prose_chunk
from tests.builders import ask_table as ask
from tests.builders import hits as _hits
from tests.builders import stored_index as _index
from tests.read.test_reader import PROMPTS

COUNT = Unit(raw="count", label="count", kind="count")
USD_BILLION = Unit(raw="USD billion", label="USD billion", kind="currency", currency="USD", scale=1e9, base="USD")
COLUMNS = (("金额 2021", USD_BILLION), ("金额 2022", USD_BILLION), ("数量 2021", COUNT), ("数量 2022", COUNT))


@pytest.fixture(scope="module")
def gizmo_deals():
    """Gizmo deals by sector, value and number: finance is second by value but third by count."""
    rows = {
        "合计": ("100", "120", "300", "340"),
        "制造业": ("50", "60", "100", "150"),
        "金融业": ("30", "40", "80", "70"),
        "采矿业": ("20", "20", "120", "120"),
    }
    return make_table(rows, columns=COLUMNS, unit=USD_BILLION, table_id="9-2", title="Gizmo deals by sector")


def ask_prose(question: str, *texts: str, glossary):
    chunks = [prose_chunk(text, line=3 + i) for i, text in enumerate(texts)]
    return grounded_answer(question, _hits(chunks), _index([], chunks), glossary, PROMPTS)


def test_count_words_of_deals_read_the_count_column(gizmo_deals, glossary):
    assert analyse_question("2022年采矿业的交易有多少笔？", glossary).asked == "count"
    answer = ask("2022年采矿业的交易有多少笔？", gizmo_deals, glossary)
    assert answer.value == pytest.approx(120)
    # `not counting X` leaves X out: it asks for no count
    assert "count" not in analyse_question("What was the gizmo value not counting mining?", glossary).measures


def test_a_difference_of_counts_of_a_table_naming_no_row_is_its_total_rows(gizmo_deals, glossary):
    answer = ask("How many more gizmo deals were made in 2022 than in 2021?", gizmo_deals, glossary)
    assert not answer.refused
    assert answer.value == pytest.approx(40)  # 340 - 300, the total row's counts
    assert {c.row_label for c in answer.citations} == {"合计"}


def test_a_rank_counting_items_sorts_the_count_column(gizmo_deals, glossary):
    by_count = ask(
        "Counting deals, not dollars, where did finance rank among the sectors in 2022?", gizmo_deals, glossary
    )
    assert by_count.value == pytest.approx(3)  # 150, 120, 70
    by_value = ask("By value, where did finance rank among the sectors in 2022?", gizmo_deals, glossary)
    assert by_value.value == pytest.approx(2)  # 60, 40, 20


def test_an_average_word_before_one_item_asks_a_value_per_item(gizmo_deals, glossary):
    assert analyse_question("How much was the average cross-border gizmo deal worth in 2022?", glossary).operation == (
        "per_count"
    )
    assert analyse_question("What was the average of the gizmo deals in 2021 and 2022?", glossary).operation != (
        "per_count"
    )
    answer = ask("How much was the average gizmo deal in mining worth in 2022?", gizmo_deals, glossary)
    assert answer.source_value == pytest.approx(20 / 120, rel=1e-3)  # a value per deal, not a mean of two years


def test_a_share_of_items_named_in_the_plural_is_of_their_count(gizmo_deals, glossary):
    assert counts_items("What share of all gizmo deals in 2022 were in finance?")
    assert not counts_items("What share of the 2022 value of gizmo deals was in finance?")
    of_count = ask("What share of all gizmo deals in 2022 were in finance?", gizmo_deals, glossary)
    assert of_count.value == pytest.approx(70 / 340 * 100, abs=0.01)
    of_value = ask("What fraction of the 2022 value of gizmo deals was in finance?", gizmo_deals, glossary)
    assert of_value.value == pytest.approx(40 / 120 * 100, abs=0.01)


def test_a_whole_naming_no_row_is_the_total_of_a_table_printing_the_same_columns(gizmo_deals, glossary):
    by_economy = make_table(
        {"发达经济体": ("70", "90", "200", "250"), "发展中经济体": ("30", "30", "100", "90")},
        columns=COLUMNS,
        unit=USD_BILLION,
        table_id="9-1",
        title="Gizmo deals by economy",
        label_header="经济体",
    )
    from tests.builders import row_chunks

    chunks = row_chunks(by_economy) + row_chunks(gizmo_deals)
    index = _index([by_economy, gizmo_deals], chunks)
    question = "What fraction of the 2022 value of gizmo deals was in the developed economies?"
    answer = grounded_answer(question, _hits(chunks), index, glossary, PROMPTS)
    assert answer.value == pytest.approx(90 / 120 * 100, abs=0.01)  # the total of the table by sector


def test_which_is_higher_compares_two_named_rows_of_rates(glossary):
    forecasts = make_table(
        {"德国": ("1.1", "0.6"), "法国": ("0.9", "1.3")},
        columns=(("2030 年", PERCENT), ("2031 年", PERCENT)),
        unit=PERCENT,
        table_id="3-3",
        title="Gizmo output forecasts",
        label_header="国家",
    )
    answer = ask("德国和法国2031年的预测值，哪个更高？", forecasts, glossary)
    assert not answer.refused
    assert "法国" in answer.text.split("：")[0]


def test_a_year_question_over_one_amount_row_answers_a_year_not_a_rate_row(glossary):
    """`In which year was X less than N` compares X's own years, not the rate rows beside it."""
    costs = make_table(
        {"Cost of gizmo sales": ("149,495", "176,223"), "% of gizmo sales": ("46%", "54%")},
        columns=(("2023", USD_BILLION), ("2022", USD_BILLION)),
        unit=USD_BILLION,
        table_id="3-4",
        title="Gizmo costs",
        label_header="Item",
    )
    answer = ask("Which year had a cost of gizmo sales below 150,000 billion?", costs, glossary)
    assert not answer.refused and "2023" in answer.text and "%" not in answer.text


def test_a_count_counts_the_items_the_question_names(glossary):
    text = "In 2030, Gadget Province's firms on four continents invested in 57 countries and regions."
    answer = ask_prose(
        "Gadget Province's firms put money into how many countries and regions in 2030?", text, glossary=glossary
    )
    assert answer.value == pytest.approx(57)
    ranked = "Gadget Province's firms invested most in the top three countries and regions, led by Widgetland."
    both = ask_prose(
        "Gadget Province's firms put money into how many countries and regions in 2030?",
        ranked,
        text,
        glossary=glossary,
    )
    assert both.value == pytest.approx(57)  # `top three` is the size of a ranking


def test_a_share_question_passes_over_a_growth_rate(glossary):
    text = (
        "The average annual growth rate of widget trade with partner countries and regions is 6.1%, accounting for "
        "22.5% of the province's total."
    )
    answer = ask_prose(
        "What share of the province's total trade is widget trade with partner countries?", text, glossary=glossary
    )
    assert answer.value == pytest.approx(22.5)
    rose = "Gadget Province's widget exports were increasing by 3.3% in the first quarter."
    held = "High-tech widget trade accounted for nearly 30% of the province."
    alone = ask_prose(
        "About what share of Gadget Province's trade is high-tech widget trade?", rose, held, glossary=glossary
    )
    assert alone.value == pytest.approx(30)


def test_a_value_per_item_pairs_the_amount_with_the_count_of_the_items_named(glossary):
    text = (
        "Among them, 12 state-owned gizmo firms invested USD 1.2 billion; 48 private gizmo firms invested USD 2.4 "
        "billion."
    )
    answer = ask_prose("How much did each private gizmo firm invest on average?", text, glossary=glossary)
    assert answer.value == pytest.approx(50) and answer.unit == "USD million"


def test_an_expansion_between_two_years_in_percent_is_computed_from_the_stated_amounts(glossary):
    text = "Gizmo sales reached 9 trillion yuan, expanding from 6 trillion yuan in 2025 to 7.5 trillion yuan in 2030."
    question = "In percent, by how much did gizmo sales expand in total between 2025 and 2030?"
    assert analyse_question(question, glossary).operation == "growth_rate"
    answer = ask_prose(question, text, glossary=glossary)
    assert answer.value == pytest.approx(25.0)  # (7.5 - 6) / 6


def test_a_count_of_years_at_a_stated_rank_asks_a_count(glossary):
    assert analyse_question("For how many years in a row has Gizmo Province ranked first?", glossary).asked == "count"
    assert analyse_question("Where did Gizmo Province rank in 2030?", glossary).asked == "rank"


def test_how_many_times_with_no_two_figures_reads_a_stated_multiple(glossary):
    text = "Gizmo Province's cross-border widget trade increased by 2.4 times in the first half."
    answer = ask_prose(
        "Gizmo Province's cross-border widget trade grew how many times in the first half?", text, glossary=glossary
    )
    assert not answer.refused
    assert answer.value == pytest.approx(2.4)


def test_an_adjective_of_a_place_names_the_place_the_glossary_knows(glossary):
    from rag.read.question import place_of_demonym

    assert place_of_demonym("Egyptian", glossary) == "Egypt"
    assert place_of_demonym("Indonesian", glossary) == "Indonesia"
    assert place_of_demonym("Japanese", glossary) == "Japan"
    assert place_of_demonym("Gizmonian", glossary) == "Gizmonian"  # no such place: the word as it is
    assert "Egypt" in analyse_question("Which Egyptian park does the report name?", glossary).entities


def test_a_count_may_be_printed_with_a_scale_word(glossary):
    text = "In 2030, Gizmo Province's widget firms employed 3.4 million people abroad, in 12 countries."
    answer = ask_prose(
        "How many people did Gizmo Province's widget firms employ abroad in 2030?", text, glossary=glossary
    )
    assert answer.source_value == pytest.approx(3.4) or answer.value == pytest.approx(3.4e6)
