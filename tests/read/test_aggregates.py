"""Aggregates over several cells (made-up tables, no eval wording): value per count, counts of rows meeting a
condition, the year of an extreme, a group's share of the total, compound annual growth."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.read.aggregates import per_count
from rag.read.question import analyse_question
from rag.read.reader import grounded_answer
from rag.types import Unit
from tests.builders import PERCENT as PERCENT_UNIT
from tests.builders import USD_1E8, make_table
from tests.builders import ask_table as ask
from tests.builders import hits as _hits
from tests.builders import stored_index as _index
from tests.read.test_reader import PROMPTS

COUNT = Unit(raw="count", label="count", kind="count")
USD_BILLION = Unit(raw="USD billion", label="USD billion", kind="currency", currency="USD", scale=1e9, base="USD")


@pytest.fixture(scope="module")
def gadget_deals():
    """Gadget deals by sector: value (USD billion) and number of deals in two years, with a total row."""
    columns = (
        ("金额 2021", USD_BILLION),
        ("金额 2022", USD_BILLION),
        ("数量 2021", COUNT),
        ("数量 2022", COUNT),
    )
    rows = {
        "制造业": ("40", "50", "100", "80"),
        "金融业": ("30", "20", "60", "70"),
        "采矿业": ("10", "12", "50", "40"),
        "合计": ("80", "82", "210", "190"),
    }
    return make_table(rows, columns=columns, unit=USD_BILLION, table_id="7-1", title="Gadget deals by sector")


def test_value_per_count_divides_a_rows_amount_by_its_count_of_the_same_year(gadget_deals, glossary):
    answer = ask("How large was the average value per gadget deal in manufacturing in 2022?", gadget_deals, glossary)
    assert not answer.refused
    assert answer.source_value == pytest.approx(0.625)
    assert answer.value == pytest.approx(625) and answer.unit == "USD million"
    assert {c.column for c in answer.citations} == {"金额 2022", "数量 2022"}


def test_value_per_count_names_a_unit_with_digits_once_after_the_working(gadget_deals, glossary):
    """`USD 100 million` is said after the working (`= 0.48 in the table's unit of ...`), never nested in brackets;
    a unit in words (`USD billion`) stays inside the working."""
    columns = tuple(replace(c, unit=USD_1E8) if c.unit.kind == "currency" else c for c in gadget_deals.columns)
    hundred_millions = replace(gadget_deals, columns=columns, unit=USD_1E8)
    answer = ask("How large was the average value per gadget deal in mining in 2022?", hundred_millions, glossary)
    assert "USD 30 million" in answer.text and "(12 / 40 = 0.3 in the table's unit of USD 100 million)" in answer.text
    assert "(USD 100 million))" not in answer.text, answer.text
    billions = ask("How large was the average value per gadget deal in mining in 2022?", gadget_deals, glossary)
    assert "USD 300 million (12 / 40 = USD 0.3 billion)" in billions.text, billions.text


def test_a_share_of_two_cells_is_said_as_the_part_being_so_much_of_the_whole(gadget_deals, glossary):
    answer = ask("What share of the total gadget deal value in 2022 came from mining?", gadget_deals, glossary)
    assert answer.text.startswith(
        "The value of gadget deals in mining in 2022 was 14.63 % of the total value of gadget deals"
    ), answer.text
    assert "gave a share" not in answer.text and "(12 / 82)" in answer.text, answer.text


def test_value_per_count_of_the_whole_table_uses_its_total_row(gadget_deals, glossary):
    answer = ask("How large was the average value per gadget deal in 2021?", gadget_deals, glossary)
    assert answer.source_value == pytest.approx(80 / 210, rel=1e-3)
    assert {c.row_label for c in answer.citations} == {"合计"}


def test_per_count_keeps_significant_digits_of_a_small_quotient():
    assert per_count(573, 6808).result == pytest.approx(0.08417)
    assert per_count(916.1, 140).result == pytest.approx(6.544)
    with pytest.raises(ValueError):
        per_count(5, 0)


def test_count_of_rows_above_a_threshold_converts_the_threshold_to_the_tables_scale(gadget_deals, glossary):
    answer = ask(
        "How many of the sectors had gadget deals worth more than USD 15 billion in 2022?", gadget_deals, glossary
    )
    assert not answer.refused and answer.value == 2.0  # 50 and 20; 12 is below, the total is no sector
    assert answer.text.index("Financ") < answer.text.index("The others")  # the rows meeting it first
    assert {c.row_label for c in answer.citations} == {"制造业", "金融业", "采矿业"}  # every sector tested, no total


def test_how_many_items_with_a_threshold_counts_rows_without_an_of_and_leaves_totals_out(glossary):
    table = make_table(
        {
            "Gizmo leases": ("2,400",),
            "Widget loans": ("300",),
            "Gadget notes": ("900",),
            "Total obligations": ("3,600",),
        },
        columns=(("Total", USD_BILLION),),
        unit=USD_BILLION,
        table_id="7-2",
        title="Gizmo obligations",
    )
    answer = ask("How many gizmo obligations had a total that exceeded USD 500 billion?", table, glossary)
    assert not answer.refused and answer.value == 2.0  # leases and notes; the total row is no obligation
    assert analyse_question("How many more gizmo leases than loans were there?", glossary).operation != "count_if"


def test_a_ranking_size_before_the_threshold_is_not_the_threshold(gadget_deals, glossary):
    answer = ask(
        "How many of the top 3 sectors had gadget deals worth more than USD 15 billion in 2022?", gadget_deals, glossary
    )
    assert answer.value == 2.0


def test_count_of_rows_whose_figure_fell_against_the_year_before(gadget_deals, glossary):
    answer = ask("In how many of the sectors did the number of gadget deals shrink in 2022?", gadget_deals, glossary)
    assert not answer.refused and answer.value == 2.0  # manufacturing 100 -> 80, mining 50 -> 40


def test_count_of_rows_whose_later_year_is_below_the_earlier(gadget_deals, glossary):
    # items counted by setting one year's cell against another's: rows counted, not the total's change
    text = "Of the sectors in the gadget table, how many posted fewer gadget deals in 2022 than they had in 2021?"
    assert analyse_question(text, glossary).operation == "count_if"
    answer = ask(text, gadget_deals, glossary)
    assert not answer.refused and answer.value == 2.0  # manufacturing 100 -> 80, mining 50 -> 40; the total left out
    assert len(answer.citations) == 6  # each row's two cells, the counted ones and the rest
    higher = (
        "Of the sectors in the gadget table, how many saw a higher number of gadget deals in 2022"
        " than they had in 2021?"
    )
    more = ask(higher, gadget_deals, glossary)
    assert more.value == 1.0  # finance 60 -> 70
    # `how many fewer` asks a gap between two figures, no count of rows
    gap = "How many fewer gadget deals did manufacturing see in 2022 than in 2021?"
    assert analyse_question(gap, glossary).operation != "count_if"


@pytest.mark.parametrize(
    "text",
    [
        "How many sectors recorded more gadget deals in 2022 than they had in 2021?",
        "Of the sectors in the gadget table, how many saw more gadget deals in 2022 than they saw in 2021?",
    ],
)
def test_more_of_a_counted_noun_counts_rows_whose_later_year_is_above(gadget_deals, glossary, text):
    # `more` before the counted noun names the count column, as `fewer` does: the rows counted, not a gap
    assert analyse_question(text, glossary).operation == "count_if"
    answer = ask(text, gadget_deals, glossary)
    assert not answer.refused and answer.value == 1.0  # finance 60 -> 70; the value columns left out


def test_how_many_more_of_one_row_is_a_gap_not_a_count_of_rows(gadget_deals, glossary):
    text = "How many more gadget deals did finance record in 2022 than in 2021?"
    assert analyse_question(text, glossary).operation != "count_if"
    answer = ask(text, gadget_deals, glossary)
    assert answer.refused or answer.value == 10.0  # 70 - 60, never a count of sectors


def test_the_year_of_a_rows_lowest_figure(glossary):
    table = make_table(
        {"Widgets": ("12", "7", "9")},
        columns=(("2019", USD_1E8), ("2020", USD_1E8), ("2021", USD_1E8)),
        table_id="7-2",
        title="Widget exports",
        label_header="item",
    )
    assert analyse_question("In which year were widget exports lowest?", glossary).operation == "extreme_year"
    answer = ask("In which year were widget exports lowest?", table, glossary)
    assert answer.spans == ("2020",) and len(answer.citations) == 3
    highest = ask("Which year saw the highest widget exports?", table, glossary)
    assert highest.spans == ("2019",)


def test_the_year_of_an_extreme_is_named_as_the_column_prints_it(glossary):
    table = make_table(
        {"Widgets": ("12", "7")},
        columns=(("FY21", USD_1E8), ("FY20", USD_1E8)),
        table_id="7-3",
        title="Widget exports",
        label_header="item",
    )
    assert ask("In which year were widget exports larger?", table, glossary).spans == ("FY21",)
    assert ask("In which year were widget exports smaller?", table, glossary).spans == ("FY20",)


def test_a_groups_share_of_the_total_is_its_summed_amounts_over_the_total_row(gadget_deals, glossary):
    answer = ask(
        "What share of all gadget deals did manufacturing and finance account for together in 2022?",
        gadget_deals,
        glossary,
    )
    assert not answer.refused
    assert answer.value == pytest.approx(85.37) and answer.unit == "%"  # (50 + 20) / 82
    assert "gave a share" not in answer.text and "% of the total value of gadget deals" in answer.text, answer.text


def test_compound_annual_growth_between_two_years(glossary):
    table = make_table(
        {"2010年": ("100",), "2015年": ("150",), "2020年": ("200",)},
        columns=(("流量", USD_1E8),),
        table_id="7-3",
        title="Widget flows, 2010-2020",
        label_header="year",
    )
    answer = ask("From 2010 to 2020, what compound annual growth rate did widget flows show?", table, glossary)
    assert answer.value == pytest.approx(7.18) and answer.unit == "%"  # (200/100)^(1/10) - 1
    plain = ask("By what percent did widget flows grow from 2010 to 2020?", table, glossary)
    assert plain.value == pytest.approx(100.0)


def test_per_item_words_must_stand_alone(glossary):
    assert (
        analyse_question("On average, what value did a gadget deal have per deal?", glossary).operation == "per_count"
    )
    assert analyse_question("平均每个项目有多少金额？", glossary).operation == "per_count"
    # `each` inside another word (`reach`) and `per cent` ask for no item
    assert analyse_question("What average index did the firms reach in 2022?", glossary).operation != "per_count"
    assert analyse_question("What was the average rate, in per cent, in 2022?", glossary).operation != "per_count"


def _prose_under(heading: tuple[str, ...], title: str, text: str):
    from rag.types import Chunk

    return Chunk("t.txt", "prose", f"{title}\n{text}", 3, 3, heading, title=title)


def test_a_world_figure_under_a_world_heading_is_no_answer_for_the_country_of_the_reports_title(glossary):
    text = "In 2022, gadget investment reached $5 billion, up 4% on the previous year."
    title = "Widgetland's outward investment report"
    question = "How much did Widgetland invest in gadgets in 2022?"
    world = _prose_under(("Global investment trends",), title, text)
    home = _prose_under(("Widgetland's investment abroad",), title, text)
    for chunk, refused in ((world, True), (home, False)):
        answer = grounded_answer(question, _hits([chunk]), _index([], [chunk]), glossary, PROMPTS)
        assert answer.refused is refused, chunk.heading
    # a heading naming the country (`... second in the world`) is about the country, not the world
    ranked = _prose_under(("Widgetland investment: second in the world",), title, text)
    answer = grounded_answer(question, _hits([ranked]), _index([], [ranked]), glossary, PROMPTS)
    assert not answer.refused


def test_a_world_word_that_names_no_place_leaves_the_heading_about_the_reports_own_place(glossary):
    """`going global`, `global talent` (group `scope_world_not`): the heading is a task of the title's place."""
    text = "Up to now, 216 gadget reform experiences have been replicated throughout the province."
    title = "Widgetland's gadget trade report"
    question = "How many gadget reform experiences has Widgetland replicated throughout the province?"
    for heading in (("5. Promote the global talent introduction of gadget makers",), ("Gadget firms going global",)):
        chunk = _prose_under(heading, title, text)
        answer = grounded_answer(question, _hits([chunk]), _index([], [chunk]), glossary, PROMPTS)
        assert not answer.refused and answer.value == 216, (heading, answer.text)


def test_a_list_of_names_is_several_entities_and_a_name_with_a_comma_is_one(glossary):
    from rag.read.question import english_entities

    assert english_entities("What did Peru, Chile and Mexico export in 2022?", glossary) == ("Peru", "Chile", "Mexico")
    assert "Hong Kong China" in english_entities("What did Hong Kong, China invest abroad?", glossary)


def test_a_lower_case_group_of_economies_is_an_entity_the_evidence_must_name(glossary):
    question = analyse_question("How large were the gadget sales of developing economies in 2022?", glossary)
    assert "发展中经济体" in question.entities
    capitalised = analyse_question("What was North America's gadget output in 2022?", glossary)
    assert "North America" in capitalised.entities and "北美洲" not in capitalised.entities


def test_an_average_of_several_items_taken_together_is_a_mean_not_a_sum(gadget_deals, glossary):
    question = "Taking manufacturing and finance together, what was the average value of gadget deals in 2022?"
    assert analyse_question(question, glossary).operation == "average"
    assert ask(question, gadget_deals, glossary).source_value == pytest.approx(35)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("In 2022, gadget deals in manufacturing were how many times those in finance?", 2.5),
        ("What multiple of finance's 2022 gadget deals did manufacturing reach?", 2.5),
        ("How many times as much as manufacturing did finance raise in gadget deals in 2022?", 0.4),
        ("2022年制造业的金额是金融业的多少倍？", 2.5),
    ],
)
def test_the_denominator_of_a_ratio_is_the_item_after_the_ratio_words(gadget_deals, glossary, question, expected):
    answer = ask(question, gadget_deals, glossary)
    assert answer.value == pytest.approx(expected) and answer.unit == "times"


def test_a_comparative_between_two_named_items_is_a_comparison(gadget_deals, glossary):
    question = "Did finance or manufacturing see more gadget deals by value in 2022?"
    assert analyse_question(question, glossary).operation == "compare"
    answer = ask(question, gadget_deals, glossary)
    assert answer.spans and "制造业" in answer.spans[0]


def test_the_year_of_the_largest_share_in_a_table_whose_rows_are_years(glossary):
    rows = {"2018年": ("10", "20.0"), "2019年": ("12", "35.5"), "2020年": ("9", "30.1"), "2021年": ("15", "25.0")}
    table = make_table(
        rows,
        columns=(("流量", USD_1E8), ("比重", PERCENT_UNIT)),
        table_id="7-4",
        title="Widget flows and their share, 2018-2021",
        label_header="year",
    )
    answer = ask("In which year between 2018 and 2021 did widget flows make up the largest share?", table, glossary)
    assert answer.spans == ("2019",) and len(answer.citations) == 4


def test_a_change_asked_by_how_many_between_two_years_is_a_difference(gadget_deals, glossary):
    question = "By how many did the number of gadget deals in manufacturing drop from 2021 to 2022?"
    assert analyse_question(question, glossary).operation == "difference"
    assert ask(question, gadget_deals, glossary).value == pytest.approx(20)


def test_the_earlier_value_implied_by_a_growth_rate_in_a_table_of_one_year(glossary):
    table = make_table(
        {"采矿业": ("12.0", "20.0")},
        columns=(("流量", USD_1E8), ("同比", PERCENT_UNIT)),
        table_id="7-5",
        title="Widget province investment abroad by industry in 2022",
    )
    answer = ask(
        "Working backwards from the growth rate of 2022, how much was invested in mining in 2021?", table, glossary
    )
    assert answer.source_value == pytest.approx(10.0) and {c.column for c in answer.citations} == {"流量", "同比"}


def test_a_figure_attributed_to_a_source_must_come_from_a_sentence_naming_it(glossary):
    from rag.read.prose import prose_problems
    from rag.read.refusals import missing
    from tests.builders import prose_chunk

    question = analyse_question("据商务部介绍，2022年的出口增幅有多大？", glossary)
    assert question.sources == ("商务部",)
    named = "The Ministry of Commerce said exports grew 7% in 2022."
    other = "Customs data showed exports grew 7% in 2022."
    assert missing("商务部") not in prose_problems(prose_chunk(named), named, question, glossary)
    assert missing("商务部") in prose_problems(prose_chunk(other), other, question, glossary)


def test_value_per_item_from_one_sentence_stating_an_amount_and_a_count(glossary):
    from tests.builders import prose_chunk

    text = (
        "By 2022, the five widget parks of Gadget Province had drawn 250 million US dollars, and 40 firms had moved in."
    )
    chunk = prose_chunk(text)
    question = "How large, across Gadget Province's five widget parks, was the average investment in each park in 2022?"
    answer = grounded_answer(question, _hits([chunk]), _index([], [chunk]), glossary, PROMPTS)
    assert not answer.refused
    assert answer.value == pytest.approx(50) and answer.unit == "USD million"  # 250 / 5, not 250 / 40


def test_a_set_named_by_its_size_averages_over_the_firms_the_sentence_before_lists(glossary):
    """`the three firms` refers back to the firms the sentence before lists; the world list they joined is named
    there by `world's`, which names `全球` as it names `世界`."""
    from tests.builders import prose_chunk

    text = (
        "In 2031, 40 sprocket makers of Norland province sold abroad. Among them, Alba Works, Brenna Forge and "
        "Corvo Mills entered the world's top 300 sprocket exporters list. The combined exports of the three firms "
        "came to 0.96 billion US dollars, 12% of the total."
    )
    chunk = prose_chunk(text)
    question = "Norland入选全球前300家链轮出口商名单的那几家企业，平均每家出口额是多少？"
    answer = grounded_answer(question, _hits([chunk]), _index([], [chunk]), glossary, PROMPTS)
    assert not answer.refused
    assert answer.source_value == pytest.approx(0.32e9)  # 0.96 billion / 3, not / 40


def test_a_world_name_is_named_by_the_others_english_name(glossary):
    from rag.read.matching import mentions

    assert mentions("全球", "the world's top sprocket exporters", glossary)
    assert mentions("世界", "the world's top sprocket exporters", glossary)
    assert not mentions("全球", "Norland's top sprocket exporters", glossary)


def test_answers_name_the_figure_subject_first_without_table_coordinates(gadget_deals, glossary):
    lookup = ask("What was the value of gadget deals in manufacturing in 2022?", gadget_deals, glossary)
    expected = "The value of gadget deals in manufacturing in 2022 was USD 50 billion [1]"
    assert lookup.text.startswith(expected), lookup.text
    summed = ask(
        "What was the combined value of gadget deals in manufacturing and finance in 2022?", gadget_deals, glossary
    )
    # result first, the working after it in brackets, every operand cited
    assert summed.text.startswith(
        "The value of gadget deals in manufacturing and finance in 2022 totalled USD 70 billion (50 + 20) [1][2]."
    ), summed.text
    chinese = ask("2022年制造业的金额是多少？", gadget_deals, glossary)
    assert chinese.text.startswith("2022年制造业的金额为500亿美元"), chinese.text


def test_overall_growth_is_computed_from_the_stated_amounts_not_read_from_an_average_rate_or_a_share(glossary):
    from tests.builders import prose_chunk

    text = (
        "Widget exports grew from 10 billion yuan in 2017 to 16 billion yuan in 2022, an average annual growth "
        "of 9.9%, and the share of gadgets will exceed 40%; gizmo sales expanded from 20 billion yuan to 25 billion "
        "yuan, an average annual growth rate of 4.6%."
    )
    chunk = prose_chunk(text)

    def answer(question):
        return grounded_answer(question, _hits([chunk]), _index([], [chunk]), glossary, PROMPTS)

    assert answer("By what percentage did widget exports grow overall from 2017 to 2022?").value == pytest.approx(60)
    # the second pair names no years of its own: the sentence's period is its period
    assert answer("By what percentage did gizmo sales rise in total over 2017 to 2022?").value == pytest.approx(25)
    stated = answer("How high was the average annual growth rate of widget exports from 2017 to 2022?")
    assert stated.value == pytest.approx(9.9)


def test_a_value_worked_from_a_named_growth_rate_is_the_earlier_years_implied_value(glossary):
    table = make_table(
        {"采矿业": ("12.0", "20.0")},
        columns=(("流量", USD_1E8), ("同比", PERCENT_UNIT)),
        table_id="7-6",
        title="Widget province investment abroad by industry in 2022",
    )
    question = "Using the 2022 flow and its change year-on-year, what was mining investment in 2021?"
    assert analyse_question(question, glossary).operation == "lookup"
    assert ask(question, table, glossary).source_value == pytest.approx(10.0)
    # a rate asked for is no value worked back
    assert (
        analyse_question("Using its 2021 figure, how fast did mining grow in percent in 2022?", glossary).asked
        == "percent"
    )


def test_an_average_of_one_item_is_its_value_per_count_else_a_mean(gadget_deals, glossary):
    per_item = ask("On average, how big was a gadget deal in manufacturing in 2022?", gadget_deals, glossary)
    assert per_item.value == pytest.approx(625) and per_item.unit == "USD million"  # 50 billion / 80 deals
    assert per_item.text.startswith("Manufacturing's value and number in 2022")


def test_a_share_question_takes_the_percentage_worded_as_a_share_not_the_growth_rate(glossary):
    from tests.builders import prose_chunk

    text = "Trade with the partner countries grew at an average annual rate of 8.4%, accounting for 27.1% of the total."
    chunk = prose_chunk(text)
    question = "What share of total trade is with the partner countries?"
    answer = grounded_answer(question, _hits([chunk]), _index([], [chunk]), glossary, PROMPTS)
    assert answer.value == pytest.approx(27.1)
    growth = grounded_answer(
        "How fast did trade with the partner countries grow?", _hits([chunk]), _index([], [chunk]), glossary, PROMPTS
    )
    assert growth.value == pytest.approx(8.4)


def test_a_subject_leaves_out_a_headers_period_and_scale_words(glossary):
    columns = (
        ("Years ended December 31, 2019 (in thousands)", USD_1E8),
        ("Years ended December 31, 2018 (in thousands)", USD_1E8),
    )
    table = make_table({"Widget revenue": ("120", "100")}, columns=columns, table_id="7-7", title="Widget results")
    answer = ask("What was widget revenue in 2019?", table, glossary)
    assert answer.text.startswith("The figure for Widget revenue in 2019 was"), answer.text


def test_a_percentage_printed_with_its_sign_is_not_given_a_second_one(glossary):
    from dataclasses import replace as with_

    from rag.types import Cell

    base = make_table(
        {"Widgets": ("4", "5")},
        columns=(("2019", PERCENT_UNIT), ("2018", PERCENT_UNIT)),
        table_id="7-8",
        title="Widget mix",
    )
    row = with_(base.rows[0], cells=(Cell("4%", 4.0), Cell("5%", 5.0)))
    answer = ask("What was the percentage of widgets in 2019?", with_(base, rows=(row,)), glossary)
    assert "4%" in answer.text and "%%" not in answer.text


def test_a_count_of_items_described_by_a_threshold_is_not_a_count_of_rows(glossary):
    # the report may state such a count itself: it is looked up, not worked out from a table's rows
    text = "How many Ruritanian gizmo makers achieved export sales above USD 60 million in 2031?"
    assert analyse_question(text, glossary).operation != "count_if"
    text = "How many gizmo obligations had a total that exceeded USD 500 billion?"
    assert analyse_question(text, glossary).operation == "count_if"
    # a comparison word inside another word is none (`overseas`)
    text = "How many overseas staff did the 100 largest gizmo makers have in 2022?"
    assert analyse_question(text, glossary).operation != "count_if"
