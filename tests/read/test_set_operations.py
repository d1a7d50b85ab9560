"""Operations over a set of table rows chosen by a named measure or by joined conditions (made-up tables and
wording): the N largest rows by one column of a table ordered by another, summed, from a table retrieval missed next
to a passage it found; and a count of the rows meeting two conditions on two column groups (`the number rose while
the value fell`), read from the year columns themselves, not a growth column that may be misprinted."""

from __future__ import annotations

import pytest

from rag.read.clauses import condition_clauses
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.types import Unit
from tests.builders import PERCENT, USD_1E8, hits, make_table, prose_chunk, row_chunks, stored_index, table_chunk
from tests.builders import ask_table as ask

COUNT = Unit(raw="PCS", label="count", kind="count")


@pytest.fixture(scope="module")
def widget_deals():
    """Widget deals by sector: value and number in two years, each with a printed growth rate (one misprinted 0)."""
    rows = {
        "合计": ("500", "470", "-6", "900", "960", "7"),
        "纺织": ("100", "80", "-20", "200", "230", "15"),  # number up, value down
        "化工": ("90", "85", "0", "150", "170", "13"),  # number up, value down, its value growth printed 0
        "矿业": ("60", "60", "0", "120", "140", "17"),  # value flat: not down
        "建筑": ("50", "70", "40", "100", "90", "-10"),  # number down, value up
        "航运": ("40", "30", "-25", "80", "70", "-13"),  # both down
    }
    columns = (
        ("金额 2030", USD_1E8),
        ("金额 2031", USD_1E8),
        ("金额 增长率", PERCENT),
        ("数量 2030", COUNT),
        ("数量 2031", COUNT),
        ("数量 增长率", PERCENT),
    )
    return make_table(rows, columns=columns, table_id="5-1", title="Main sectors of widget financing deals, 2030-2031")


def test_clauses_each_naming_a_direction_are_joined_conditions():
    clauses = condition_clauses("In 2031, how many sectors saw the number of deals rise while the deal value fell?")
    assert [(c.direction, c.measures) for c in clauses] == [("rise", ("count",)), ("fall", ("amount",))]
    assert clauses[0].year == 2031
    chinese = condition_clauses("有几个行业的交易数量增加而金额减少？")
    assert [c.direction for c in chinese] == ["rise", "fall"]
    assert condition_clauses("How many sectors saw the value of deals fall in 2031?") == ()
    assert condition_clauses("How many sectors grew and how large were they?") == ()  # one direction only


def test_rows_meeting_two_conditions_are_counted_from_the_year_columns(widget_deals, glossary):
    answer = ask(
        "In how many widget financing sectors was the number of deals rising in 2031 while the deal value fell?",
        widget_deals,
        glossary,
    )
    assert not answer.refused
    assert (answer.value, answer.unit) == (2.0, "count")  # 纺织 and 化工: 化工's printed 0 growth is not read
    assert len(answer.citations) == 20  # both years of both groups of every sector but the total


def test_a_condition_on_a_column_the_table_lacks_is_refused_not_half_tested(widget_deals, glossary):
    answer = ask(
        "In how many widget financing sectors was the number of deals rising in 2031 while the stock fell?",
        widget_deals,
        glossary,
    )
    assert answer.refused and answer.value is None


@pytest.fixture(scope="module")
def gizmo_destinations():
    """Gizmo investment by destination, ordered by flow, with a stock column in another order."""
    rows = {
        "德国": ("50.0", "100.0"),
        "埃及": ("30.0", "300.0"),
        "日本": ("20.0", "250.0"),
        "秘鲁": ("10.0", "400.0"),
        "法国": ("5.0", "20.0"),
    }
    columns = (("流量", USD_1E8), ("存量", USD_1E8))
    return make_table(
        rows, columns=columns, table_id="4-2", title="Top five destinations of Freedonia's gizmo investment in 2031"
    )


def test_the_n_largest_by_a_named_column_are_chosen_by_it(gizmo_destinations, glossary):
    answer = ask(
        "What is the combined stock of the two destinations holding the most, in Freedonia's 2031 gizmo table?",
        gizmo_destinations,
        glossary,
    )
    assert not answer.refused
    assert answer.value == pytest.approx(70.0)  # 秘鲁 400 + 埃及 300 (USD 100 million), not the two largest by flow
    assert answer.unit == "USD billion"


def test_a_subset_is_read_from_the_table_next_to_a_retrieved_passage(gizmo_destinations, glossary):
    passage = prose_chunk("In 2031, Freedonia's gizmo investment reached 115 destinations.", line=7)
    chunks = [passage, table_chunk(gizmo_destinations), *row_chunks(gizmo_destinations)]
    index = stored_index([gizmo_destinations], chunks)
    question = (
        "Of {}'s gizmo investment in 2031, what was the combined stock of the three destinations holding the most?"
    )
    answer = grounded_answer(question.format("Freedonia"), hits([passage]), index, glossary, PROJECT_ROOT / "prompts")
    assert not answer.refused
    assert answer.value == pytest.approx(95.0)  # 400 + 300 + 250
    other = grounded_answer(question.format("Ruritania"), hits([passage]), index, glossary, PROJECT_ROOT / "prompts")
    assert other.value is None  # another investor's table is not next to the passage: no near figure


@pytest.fixture(scope="module")
def gadget_ranking():
    """A top-five ranking of gadget makers by a rank column, and a table of gadget exports with no rank column."""
    ranking = make_table(
        {"瑞典": ("1",), "日本": ("2",), "德国": ("3",), "法国": ("4",), "秘鲁": ("5",)},
        columns=(("2031 年位次", None),),
        table_id="2-3",
        title="Top five gadget makers in 2031",
        label_header="国家",
    )
    exports = make_table(
        {"瑞典": ("40.0",), "日本": ("90.0",), "德国": ("60.0",), "法国": ("10.0",)},
        columns=(("出口额", USD_1E8),),
        table_id="2-4",
        title="Gadget exports by country in 2031",
        label_header="国家",
    )
    return ranking, exports


def test_the_neighbour_words_are_read():
    from rag.read.neighbours import neighbour_step

    assert neighbour_step("Which country ranked immediately ahead of Japan?") == -1
    assert neighbour_step("Which country came just behind Japan?") == 1
    assert neighbour_step("哪个国家仅次于日本？") == 1
    assert neighbour_step("Which country ranked first?") == 0


def test_the_row_next_to_a_named_row_of_a_ranking_answers(gadget_ranking, glossary):
    ranking, exports = gadget_ranking
    ahead = ask(
        "Which country ranked immediately ahead of Germany among the top gadget makers in 2031?", ranking, glossary
    )
    assert not ahead.refused and "Japan" in ahead.text and "Germany" in ahead.text
    assert len(ahead.citations) == 2
    behind = ask("Which country came just behind Japan in gadget exports in 2031?", exports, glossary)
    assert behind.text.startswith("Germany ranked 2nd")  # by the exports, largest first: 90 > 60 > 40 > 10


def test_no_row_ahead_of_the_first_is_given(gadget_ranking, glossary):
    ranking, _ = gadget_ranking
    answer = ask(
        "Which country ranked immediately ahead of Sweden among the top gadget makers in 2031?", ranking, glossary
    )
    assert "Japan" not in answer.text and "France" not in answer.text


def test_the_places_between_two_named_rows_of_a_ranking(gadget_ranking, glossary):
    ranking, exports = gadget_ranking
    below = ask("Among the top gadget makers in 2031, how many places below Sweden was France?", ranking, glossary)
    assert below.value == 3 and len(below.citations) == 2
    above = ask("2031年法国比瑞典低几位？", ranking, glossary)
    assert above.value == 3 and "低3位" in above.text
    by_exports = ask("In gadget exports in 2031, how many places behind Japan did Sweden come?", exports, glossary)
    assert by_exports.value == 2  # sorted on the exports: Japan 90 first, Sweden 40 third


def test_a_gap_on_the_other_side_of_the_named_row_is_not_given(gadget_ranking, glossary):
    ranking, _ = gadget_ranking
    answer = ask("Among the top gadget makers in 2031, how many places below France was Sweden?", ranking, glossary)
    assert answer.refused


def test_a_superlative_chooses_by_its_figure_and_top_n_by_the_rank_column(glossary):
    ranked_by_flow = make_table(
        {"德国": ("1", "50.0", "100.0"), "埃及": ("2", "30.0", "300.0"), "日本": ("3", "20.0", "250.0")},
        columns=(("排名", None), ("流量", USD_1E8), ("存量", USD_1E8)),
        table_id="4-3",
        title="Top three destinations of Freedonia's widget investment in 2031",
    )
    most = ask(
        "What was the combined stock of the two destinations with the largest stock in 2031?", ranked_by_flow, glossary
    )
    assert most.value == pytest.approx(55.0)  # 埃及 300 + 日本 250 (USD 100 million), not the first two ranked
    top = ask("What was the combined stock of the top two destinations in 2031?", ranked_by_flow, glossary)
    assert top.value == pytest.approx(40.0)  # 德国 100 + 埃及 300: the first two of the ranking


def test_the_rows_meeting_joined_conditions_are_listed(widget_deals, glossary):
    answer = ask(
        "Which widget financing sectors saw the number of deals rise during 2031 while the deal value fell?",
        widget_deals,
        glossary,
    )
    assert not answer.refused and answer.value is None
    assert len(answer.spans) == 2 and "Mining" not in answer.spans  # 纺织 and 化工; 矿业's value did not fall
    one = ask("Which widget financing sectors saw their deal value fall in 2031?", widget_deals, glossary)
    assert len(one.spans) == 3  # 纺织, 化工, 航运: the value columns compared, the printed 0 growth not read


def test_a_figure_is_summed_or_averaged_over_the_rows_meeting_a_condition(widget_deals, glossary):
    summed = ask(
        "What was the total 2031 deal value of the widget financing sectors whose number of deals rose in 2031?",
        widget_deals,
        glossary,
    )
    assert summed.value == pytest.approx(22.5)  # 80 + 85 + 60 (USD 100 million): 纺织, 化工, 矿业
    averaged = ask(
        "What was the average 2031 deal value of the widget financing sectors whose number of deals rose in 2031 "
        "while the deal value fell?",
        widget_deals,
        glossary,
    )
    assert averaged.value == pytest.approx(8.25)  # (80 + 85) / 2
    missing = ask(
        "What was the total 2031 deal value of the widget financing sectors whose stock rose in 2031?",
        widget_deals,
        glossary,
    )
    assert missing.value != pytest.approx(22.5)  # no stock column: the condition is not tested on another one


def test_the_figure_and_its_condition_are_split_at_a_relative_word():
    from rag.read.row_lists import split_condition

    head, condition = split_condition("How large was the total value of the sectors whose number of deals rose?")
    assert head.strip().endswith("sectors") and condition.strip().startswith("number")
    assert split_condition("How large was the total value of the sectors?") is None


def test_a_sum_over_the_rows_whose_growth_rate_passes_a_threshold(glossary):
    industries = make_table(
        {
            "合计": ("200.0", "-10.0"),
            "制造业": ("80.0", "-60.0"),
            "金融业": ("50.0", "12.0"),
            "教育": ("10.0", "300.0"),
        },
        columns=(("流量", USD_1E8), ("同比", PERCENT)),
        table_id="8-2",
        title="Ruritania's sprocket investment by industry in 2031",
    )
    answer = ask(
        "What was Ruritania's combined 2031 sprocket investment across industries whose flows rose by more than 10% "
        "year on year?",
        industries,
        glossary,
    )
    assert answer.value == pytest.approx(6.0)  # 金融业 50 + 教育 10 (USD 100 million); the total row is no industry


def test_the_members_of_a_class_among_the_first_n_are_counted(glossary):
    ranking = make_table(
        {
            "德国": ("1", "40.0"),
            "埃及": ("2", "20.0"),
            "日本": ("3", "15.0"),
            "法国": ("4", "8.0"),
            "秘鲁": ("5", "7.0"),
        },
        columns=(("序号", None), ("出口额", USD_1E8)),
        table_id="8-1",
        title="Top five sprocket buyers of Ruritania in 2031",
        label_header="国家",
    )
    answer = ask("How many European countries made Ruritania's 2031 top five sprocket buyers?", ranking, glossary)
    assert (answer.value, answer.unit) == (2.0, "count")  # 德国 and 法国


def test_a_part_of_another_operand_is_not_added_again():
    from dataclasses import replace

    from rag.read.cells import CellPick
    from rag.read.derived import outermost

    table = make_table({"金额": ("10.0",), "金额 ": ("4.0",), "金额  ": ("3.0",)}, columns=(("2031", USD_1E8),))
    sections = ("Gizmos", "Gizmos / Sprockets", "Widgets")
    rows = [replace(row, section=section) for row, section in zip(table.rows, sections, strict=True)]
    picks = [CellPick(table, row, 0, 1.0) for row in rows]
    assert [p.row.section for p in outermost(picks)] == ["Gizmos", "Widgets"]
    assert len(outermost(picks[1:])) == 2  # without its parent, the sub-section's row is an operand


def test_a_chinese_place_is_named_by_its_english_adjective(glossary):
    from rag.read.matching import mentions

    assert mentions("日本", "Japanese gadget makers ranked among the top ten", glossary)
    assert not mentions("日本", "Korean gadget makers ranked among the top ten", glossary)


def test_joined_conditions_in_chinese_are_counted_and_listed(widget_deals, glossary):
    counted = ask("2031年有几个小工具融资行业的交易数量增加而金额减少？", widget_deals, glossary)
    assert (counted.value, counted.unit) == (2.0, "count")
    listed = ask("2031年哪些小工具融资行业的交易数量增加而金额减少？", widget_deals, glossary)
    assert listed.spans == ("纺织", "化工")


def test_the_n_highest_ranked_are_read_from_the_rank_column(glossary):
    ranking = make_table(
        {"德国": ("1",), "法国": ("2",), "日本": ("3",), "韩国": ("4",), "秘鲁": ("5",)},
        columns=(("2031 年位次", None),),
        table_id="2-5",
        title="Top five gizmo makers in 2031",
        label_header="国家",
    )
    answer = ask("How many of the two highest-ranked gizmo makers in 2031 are European?", ranking, glossary)
    assert (answer.value, answer.unit) == (2.0, "count")  # 德国 and 法国 of ranks 1-2, not 韩国 and 秘鲁 of 4-5


def test_a_reason_question_is_no_list_of_rows(widget_deals, glossary):
    from rag.read.question import analyse_question
    from rag.read.row_lists import asks_rows_meeting

    assert not asks_rows_meeting(analyse_question("What caused the rise in widget deal values in 2031?", glossary))
    assert asks_rows_meeting(analyse_question("Which widget sectors saw deal values rise in 2031?", glossary))
