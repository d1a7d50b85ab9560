"""Two-operand operations whose operands come from different places (made-up tables and text, no eval wording):
each operand is resolved on its own (its entity, period and measure), from one table of each entity or from two
figures of one sentence told apart by the question's words; a missing operand is refused by name, and no near
figure (another entity's, another year's, another row's) stands in for it."""

from __future__ import annotations

import pytest

from rag.read.question import analyse_question, spreads_per_item
from rag.read.reader import grounded_answer
from rag.types import Unit
from tests.builders import USD_1E8, make_table, prose_chunk, row_chunks
from tests.builders import hits as _hits
from tests.builders import stored_index as _index
from tests.read.test_reader import PROMPTS

USD_BILLION = Unit(raw="USD billion", label="USD billion", kind="currency", currency="USD", scale=1e9, base="USD")
PERCENT = Unit(raw="%", label="%", kind="percent")
FLOW = (("流量", USD_1E8), ("同比", PERCENT))


def industries(name: str, rows: dict, unit: Unit = USD_1E8, table_id: str = "4-1", title: str = "") -> object:
    """One place's outward investment flows by industry in 2022."""
    columns = (("流量", unit), ("同比", PERCENT))
    title = title or f"Distribution of {name}'s outward investment flows by industry in 2022"
    return make_table(rows, columns=columns, unit=unit, table_id=table_id, title=title)


@pytest.fixture(scope="module")
def places():
    """Two provinces' tables of industries, the country's table of industries, and a table of countries."""
    ruritania = industries("Ruritania", {"建筑业": ("80.8", "9.0"), "批发和零售业": ("11.2", "-44.7")})
    freedonia = industries("Freedonia", {"批发和零售业": ("60.6", "14.1"), "建筑业": ("18.4", "-13.2")}, table_id="4-2")
    country = industries(
        "Gadgetland",
        {"合计": ("1631.2", "-8.8"), "建筑业": ("271.5", "1.0"), "批发和零售业": ("434.8", "-11.9")},
        table_id="1-9",
    )
    return ruritania, freedonia, country


def ask(question: str, tables, glossary, prose=()):
    chunks = [chunk for table in tables for chunk in row_chunks(table)] + list(prose)
    return grounded_answer(question, _hits(chunks), _index(tables, chunks), glossary, PROMPTS)


def test_a_difference_takes_each_entitys_figure_from_its_own_table(places, glossary):
    answer = ask(
        "How much more did Freedonia invest abroad in wholesale and retail trade in 2022 than Ruritania did?",
        places,
        glossary,
    )
    assert not answer.refused, answer.text
    assert answer.source_value == pytest.approx(49.4)
    assert "60.6 − 11.2 = 49.4" in answer.formula
    assert [c.table_id for c in answer.citations] == ["4-2", "4-1"]  # each operand cited from its own table
    assert answer.text.startswith("Freedonia − Ruritania")


def test_a_shortfall_across_tables_is_the_larger_less_the_smaller(places, glossary):
    answer = ask("How much less did Freedonia invest abroad in construction in 2022 than Ruritania?", places, glossary)
    assert answer.source_value == pytest.approx(62.4)
    assert [c.table_id for c in answer.citations] == ["4-1", "4-2"]


def test_a_ratio_across_tables_keeps_the_question_order(places, glossary):
    answer = ask(
        "Ruritania's outward investment in construction in 2022 came to how many times Freedonia's?", places, glossary
    )
    assert answer.value == pytest.approx(80.8 / 18.4, abs=1e-3)
    assert answer.unit == "times"


def test_operands_of_two_scales_are_converted_to_the_first_ones(glossary):
    ruritania = industries("Ruritania", {"建筑业": ("80.8", "9.0")})
    freedonia = industries("Freedonia", {"建筑业": ("1.84", "-13.2")}, unit=USD_BILLION, table_id="4-2")
    answer = ask(
        "How much more did Ruritania invest abroad in construction in 2022 than Freedonia did?",
        (ruritania, freedonia),
        glossary,
    )
    assert answer.source_value == pytest.approx(62.4)  # 80.8 − 18.4, in USD 100 million
    assert answer.value == pytest.approx(6.24) and answer.unit == "USD billion"


def test_an_entity_with_no_table_is_refused_by_name_not_replaced_by_the_countrys_figure(places, glossary):
    answer = ask(
        "How much more did Freedonia invest abroad in wholesale and retail trade in 2022 than Sylvania did?",
        places,
        glossary,
    )
    assert answer.refused and answer.value is None
    assert "Sylvania" in answer.text


def test_another_year_is_no_operand(places, glossary):
    answer = ask(
        "How much more did Freedonia invest abroad in wholesale and retail trade in 2021 than Ruritania did?",
        places,
        glossary,
    )
    assert answer.refused and answer.value is None


def test_an_entitys_own_row_is_not_set_against_an_industry_row_of_anothers_table(glossary):
    """A table of countries has the country's own row (its whole outflow): against a province's construction row it
    would leave construction out of the country's side."""
    ruritania = industries("Ruritania", {"建筑业": ("80.8", "9.0")})
    countries = make_table(
        {"Gadgetland": ("1631.2",), "Sylvania": ("900.0",)},
        columns=(("流量", USD_1E8),),
        table_id="1-2",
        title="Outward investment flows by country in 2022",
        label_header="国家",
    )
    answer = ask(
        "How much more did Gadgetland invest abroad in construction in 2022 than Ruritania did?",
        (ruritania, countries),
        glossary,
    )
    assert answer.refused and answer.value is None


def test_a_chinese_difference_across_tables(glossary):
    """Places the glossary knows (made-up figures): a Chinese question over tables titled in English."""
    jiangsu = industries("Jiangsu Province", {"批发和零售业": ("21.5", "3.0"), "建筑业": ("40.0", "1.0")})
    hubei = industries("Hubei Province", {"批发和零售业": ("30.0", "2.0")}, table_id="4-2")
    answer = ask("2022年对外投资流量中，湖北省的批发和零售业比江苏省多多少？", (jiangsu, hubei), glossary)
    assert answer.source_value == pytest.approx(8.5), answer.text
    assert answer.text.startswith("湖北省"), answer.text
    missing = ask("2022年对外投资流量中，湖北省的批发和零售业比浙江省多多少？", (jiangsu, hubei), glossary)
    assert missing.refused and "浙江省" in missing.text


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("what sum of investment per enterprise have the parks drawn?", True),
        ("what was the value per project in 2022?", True),
        ("每家入区企业的投资额是多少？", True),
        ("per the ministry's report, how much did exports grow?", False),
        ("how much did the parks invest per year?", False),
        ("每个国家的投资是多少？", False),
    ],
)
def test_a_per_word_before_one_item_asks_a_value_per_item(text, asks):
    assert spreads_per_item(text.lower()) is asks


def test_a_value_per_item_from_a_sentence_with_no_average_word(glossary):
    text = (
        "By the end of 2022, the five widget parks of Zembla had drawn total investment of 600 million US dollars, "
        "and 40 enterprises had moved into the parks."
    )
    chunk = prose_chunk(text)
    question = "What sum of investment per enterprise have Zembla's widget parks drawn?"
    assert analyse_question(question, glossary).operation == "per_count"
    answer = grounded_answer(question, _hits([chunk]), _index([], [chunk]), glossary, PROMPTS)
    assert answer.value == pytest.approx(15) and answer.unit == "USD million"


PARKS = (
    "In 2022 the widget parks of Zembla achieved an output value of 2.5 billion US dollars, driving exports of "
    "500 million US dollars."
)


@pytest.mark.parametrize(
    "question",
    [
        "The exports driven by Zembla's widget parks equalled what percentage of 2022's output value?",
        "What percentage of the output value of Zembla's widget parks in 2022 was their exports?",
        "What were the exports of Zembla's widget parks in 2022 as a percentage of their output value?",
    ],
)
def test_a_percentage_of_two_prose_amounts_names_each_by_its_side_of_the_question(question, glossary):
    chunk = prose_chunk(PARKS)
    answer = grounded_answer(question, _hits([chunk]), _index([], [chunk]), glossary, PROMPTS)
    assert answer.value == pytest.approx(20.0), answer.text
    assert "500 million US dollars / 2.5 billion US dollars = 20 %" in answer.formula  # operands as printed


def test_a_part_the_sentence_does_not_state_is_no_percentage_of_its_figures(glossary):
    chunk = prose_chunk(PARKS)
    question = "The imports of Zembla's widget parks equalled what percentage of 2022's output value?"
    answer = grounded_answer(question, _hits([chunk]), _index([], [chunk]), glossary, PROMPTS)
    assert answer.value != pytest.approx(20.0)


def test_a_chinese_per_word_divides_by_the_count_of_its_item_not_by_a_number_the_question_states(glossary):
    text = (
        "By the end of 2022, the five widget parks of Zembla had drawn total investment of 600 million US dollars, "
        "and attracted 40 enterprises."
    )
    chunk = prose_chunk(text)
    question = "截至2022年底，Zembla的5个小部件园区每家入区企业的投资额是多少？"
    answer = grounded_answer(question, _hits([chunk]), _index([], [chunk]), glossary, PROMPTS)
    assert answer.value == pytest.approx(15) and answer.unit == "USD million", answer.text  # 600 / 40, not 600 / 5


def test_a_percentage_of_levels_at_a_point_is_taken_from_the_sentence_dated_so(glossary):
    annual = prose_chunk(
        "In 2022 the widget parks of Zembla achieved an output value of 2.5 billion US dollars, driving exports of "
        "500 million US dollars.",
        line=3,
    )
    levels = prose_chunk(
        "By the end of 2022 the widget parks of Zembla had achieved an accumulated output value of 8 billion US "
        "dollars, driving exports of 2 billion US dollars.",
        line=5,
    )
    question = (
        "The exports driven by Zembla's widget parks equalled what percentage of their output value by the end of 2022?"
    )
    chunks = [annual, levels]
    answer = grounded_answer(question, _hits(chunks), _index([], chunks), glossary, PROMPTS)
    assert answer.value == pytest.approx(25.0), answer.text
    flow = "The exports driven by Zembla's widget parks in 2022 equalled what percentage of their output value?"
    answer = grounded_answer(flow, _hits(chunks), _index([], chunks), glossary, PROMPTS)
    assert answer.value == pytest.approx(20.0), answer.text


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Outward investment of Zhejiang Province by industry", False),  # another province's full name
        ("Chapter 2 zhejiang province", False),
        ("Widget trade accounted for 30% of the province.", True),  # `the province` of the passage
        ("Outward investment of Guangdong Province by industry", True),
    ],
)
def test_a_province_word_left_of_another_provinces_name_does_not_name_a_province(text, named, glossary):
    from rag.read.matching import mentions

    assert mentions("广东省", text, glossary) is named


def test_a_sum_and_a_comparison_across_tables(places, glossary):
    summed = ask("What did Freedonia and Ruritania invest abroad in construction in 2022 combined?", places, glossary)
    assert summed.source_value == pytest.approx(99.2), summed.text
    compared = ask("Which invested more abroad in construction in 2022, Freedonia or Ruritania?", places, glossary)
    assert compared.spans == ("Ruritania",), compared.text
    missing = ask("Which invested more abroad in construction in 2022, Freedonia or Sylvania?", places, glossary)
    assert missing.refused and "Sylvania" in missing.text


def test_two_tables_of_two_specific_measures_give_no_one_measure(glossary):
    """`占比` of a table of flows by destination and `占比` of a table of contracted-project turnover are shares of
    two wholes: no formula joins them (`rag.read.entity_operands.one_measure`)."""
    from rag.read.cells import CellPick
    from rag.read.entity_operands import one_measure
    from tests.builders import PERCENT

    columns = (("占比", PERCENT),)
    flows = make_table({"秘鲁": ["21.4"]}, columns=columns, title="Ruritania's gadget investment flows by destination")
    turnover = make_table(
        {"秘鲁": ["7.9"]}, columns=columns, title="Turnover of Ruritania's contracted projects", table_id="1-2"
    )
    other_flows = make_table({"秘鲁": ["3.3"]}, columns=columns, title="Freedonia's investment flows", table_id="1-3")
    pick = lambda table: CellPick(table, table.rows[0], 0, 1.0)  # noqa: E731
    assert not one_measure(pick(flows), pick(turnover), glossary)
    assert one_measure(pick(flows), pick(other_flows), glossary)
