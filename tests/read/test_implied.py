"""The value of the year before, implied by a stated growth or fall, in any layout: a question that gives the change
to work from in a clause of its own, a fall in any words, the rate after or before its figure, a count as well as
an amount, a table row's growth column, and operands bound to the entity, year and rate the question names.
Made-up text and tables only."""

from __future__ import annotations

import pytest

from rag.read.implied import stated_rate_of
from rag.read.question import analyse_question, works_from_growth
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.text.numbers import extract_quantities
from tests.builders import PERCENT, USD_1E8, hits, make_table, prose_chunk, stored_index
from tests.builders import ask_table as ask_in_table

PROMPTS = PROJECT_ROOT / "prompts"


def ask(question: str, chunks, glossary, indexed=None):
    """The grounded answer when `chunks` are the passages retrieved and `indexed` (default: the same) indexed."""
    return grounded_answer(question, hits(chunks), stored_index([], indexed or chunks), glossary, PROMPTS)


@pytest.mark.parametrize(
    "question",
    [
        "On the basis of the decline reported, what were Ruritania's gizmo orders worth in 2030?",
        "How many gizmo fitters had Ruritania sent abroad in 2030, judging by the 2031 number and its fall?",
        "Given the 12.5% drop, what turnover had Ruritania's gizmo works completed in 2030?",
        "Roughly what did Ruritania spend on gizmos in 2030, working back from 2031's figure and growth rate",
        "依据2031年出口额及其增速推算，鲁里塔尼亚2030年的小工具出口约为多少？",
        "鲁里塔尼亚小工具2031年出口额与增速均已给出，由此倒推它2030年出口多少亿美元？",
        "Ruritania's 2031 gizmo exports and their growth are known; from these, what were its 2030 gizmo exports?",
        # the verb of implying takes the asked level as its object: the clauses before it give the change
        "Ruritania's gizmo orders rose steeply in 2031; what did that rise imply its 2030 gizmo orders came to?",
        "Gizmo sales in Ruritania fell sharply in 2031. What does the fall rate imply the 2030 sales were?",
    ],
)
def test_a_change_given_in_a_clause_of_its_own_asks_for_the_implied_level(question, glossary):
    assert works_from_growth(question.lower())
    parsed = analyse_question(question, glossary)
    assert parsed.operation == "lookup" and parsed.asked in ("amount", "count")


@pytest.mark.parametrize(
    "question",
    [
        "Based on the 2031 figure, by how much did Ruritania's gizmo orders fall in 2030?",  # the change is asked
        "Given its 2030 figure, how fast did gizmo orders grow in 2031?",  # a rate is asked
        "Based on the report, what value of gizmo orders had Ruritania signed in 2030?",  # no change to work from
        "Given the 2029 fall, what value of gizmo orders had Ruritania signed in 2030?",  # not the next year's change
        "鲁里塔尼亚2031年小工具出口额已给出，由此推算它2030年出口多少亿美元？",  # the clauses before give no change
    ],
)
def test_no_implied_level_when_the_change_is_asked_or_none_is_given(question):
    assert not works_from_growth(question.lower())


@pytest.mark.parametrize(
    ("sentence", "figure", "rate"),
    [
        ("Gizmo orders were US$17.5 billion, down 12.5% from the previous year.", "US$17.5 billion", -12.5),
        ("Gizmo orders fell 20% to US$8 billion in 2031.", "US$8 billion", -20.0),
        ("Gizmo orders rose 25% to US$10 billion.", "US$10 billion", 25.0),
        ("The gizmo fitters sent abroad numbered 2400 people, a decline of 20%.", "2400", -20.0),
        ("2031年小工具出口80亿美元，同比下降20%。", "80亿美元", -20.0),
        ("2031年小工具出口80亿美元，降幅为20%。", "80亿美元", -20.0),
        ("Gizmo orders were US$8 billion and the turnover fell 20%.", "US$8 billion", None),  # another subject
        ("Gizmo orders were US$8 billion, accounting for 20% of the total.", "US$8 billion", None),  # a share
    ],
)
def test_the_rate_stated_for_a_figure_is_signed_by_its_words_before_or_after_it(sentence, figure, rate):
    amount = next(q for q in extract_quantities(sentence) if q.text == figure)
    found = stated_rate_of(sentence, amount)
    assert (found.value if found is not None else None) == rate


GIZMOS = prose_chunk(
    "In 2031 Ruritania's gizmo works completed a turnover of US$8 billion, down 20% from the previous year, while "
    "its gizmo orders fell 37.5% to US$5 billion. The gizmo fitters sent abroad numbered 2400 people, a decline of 20%."
)


def test_a_fall_in_any_words_is_a_negative_growth_and_both_operands_are_cited(glossary):
    answer = ask(
        "Going by the decline it states, what turnover had Ruritania's gizmo works completed in 2030?",
        [GIZMOS],
        glossary,
    )
    assert not answer.refused and answer.value == pytest.approx(10.0) and answer.unit == "USD billion"
    assert answer.formula.startswith("8 / (1 − 20 %)")
    assert answer.citations[0].value_text == "US$8 billion; 20%"
    before = ask("Given the 37.5% drop, what value of gizmo orders had Ruritania signed in 2030?", [GIZMOS], glossary)
    assert before.value == pytest.approx(8.0) and before.formula.startswith("5 / (1 − 37.5 %)")


def test_a_count_is_worked_back_from_its_number_and_fall(glossary):
    question = "How many gizmo fitters had Ruritania sent abroad in 2030, judging by the 2031 number and its fall?"
    answer = ask(question, [GIZMOS], glossary)
    assert not answer.refused and answer.value == pytest.approx(3000) and answer.unit == "count"


def test_a_rate_the_question_states_must_be_the_one_found(glossary):
    answer = ask(
        "Given the 12.5% drop, what turnover had Ruritania's gizmo works completed in 2030?", [GIZMOS], glossary
    )
    assert answer.refused and answer.value is None  # the sentence states a 20% fall, not 12.5%


def test_the_later_figure_s_passage_is_found_in_the_index_when_retrieval_missed_it(glossary):
    other = prose_chunk("Ruritania's gizmo makers hired more engineers in 2030.", line=40)
    question = "Going by the decline it states, what turnover had Ruritania's gizmo works completed in 2030?"
    answer = ask(question, [other], glossary, [other, GIZMOS])
    assert not answer.refused and answer.value == pytest.approx(10.0)
    assert ask(question, [other], glossary).refused  # not indexed: no figure to work from


def test_a_table_row_s_figure_and_growth_column_imply_its_year_before_never_another_row_s(glossary):
    table = make_table(
        {"制造业": ("150.0", "-25.0"), "采矿业": ("120.0", "20.0")},
        columns=(("流量", USD_1E8), ("同比", PERCENT)),
        table_id="7-7",
        title="Ruritania's investment abroad by industry in 2031",
    )
    question = "Working back from the 2031 figure and its fall, how much did Ruritania invest in manufacturing in 2030?"
    answer = ask_in_table(question, table, glossary)
    assert not answer.refused and answer.source_value == pytest.approx(200.0)
    assert answer.formula.startswith("150 / (1 − 25 %)") and len(answer.citations) == 2
    assert {c.row_label for c in answer.citations} == {"制造业"}
    # a table of another year gives no operand for the year asked
    earlier = "Working back from the 2032 figure and its fall, how much did Ruritania invest in manufacturing in 2031?"
    assert ask_in_table(earlier, table, glossary).value is None


def test_a_region_the_question_names_twice_by_its_two_names_is_the_row_not_a_missing_investor(glossary):
    table = make_table(
        {"非洲": ("40.0", "25.0"), "拉丁美洲": ("90.0", "-40.0")},
        columns=(("金额", USD_1E8), ("同比", PERCENT)),
        table_id="7-8",
        title="2031年鲁里塔尼亚对外投资按洲别",
    )
    question = "以表中拉丁美洲一行的金额与同比为准，倒推鲁里塔尼亚2030年对拉美的投资约为多少？"
    answer = ask_in_table(question, table, glossary)
    assert not answer.refused and answer.source_value == pytest.approx(150.0)
    assert {c.row_label for c in answer.citations} == {"拉丁美洲"}
    # an investor the table does not name is still missing
    other = "以表中拉丁美洲一行的金额与同比为准，倒推日本2030年对拉美的投资约为多少？"
    assert ask_in_table(other, table, glossary).value is None


def test_a_growth_that_implies_an_earlier_level_answers_with_that_level_never_the_rate(glossary):
    # the rate is what the question works from; the earlier year's flow, an amount, is what it asks
    table = make_table(
        {"渔业": ("8.0", "300.0"), "制造业": ("150.0", "-25.0")},
        columns=(("流量", USD_1E8), ("同比", PERCENT)),
        table_id="7-10",
        title="Ruritania's investment abroad by industry in 2031",
    )
    question = "Ruritania's outward investment in fisheries leapt in 2031; what did its growth imply the 2030 flow was?"
    parsed = analyse_question(question, glossary)
    assert parsed.operation == "lookup" and parsed.asked == "amount"
    answer = ask_in_table(question, table, glossary)
    assert not answer.refused and answer.source_value == pytest.approx(2.0)
    assert {c.column for c in answer.citations} == {"流量", "同比"} and answer.formula.startswith("8 / (1 + 300 %)")


FITTERS = prose_chunk(
    "In 2031 Ruritania sent 4,800 gizmo workers of all kinds abroad, up 33 percent from the previous year, or 1,200 "
    "more than the previous year."
)


def test_a_count_asked_by_its_noun_alone_is_worked_back_by_the_stated_increment_not_the_rounded_rate(glossary):
    assert analyse_question("2030年鲁里塔尼亚派往国外的小工具人员大约有多少？", glossary).asked == "count"
    assert analyse_question("2030年鲁里塔尼亚小工具出口额大约有多少？", glossary).asked == "amount"
    answer = ask("2030年鲁里塔尼亚派往国外的小工具人员大约有多少？", [FITTERS], glossary)
    assert not answer.refused and answer.value == pytest.approx(3600) and answer.unit == "count"
    assert answer.formula.startswith("4800 − 1200")
    # an increment against another year is not the year before's: the rate gives it
    other = prose_chunk(
        "In 2031 Ruritania sent 4,800 gizmo workers of all kinds abroad, up 33 percent from the previous year, or "
        "1,200 more than in 2025."
    )
    asked = "2030年鲁里塔尼亚派往国外的小工具人员大约有多少？"
    assert ask(asked, [other], glossary).value == pytest.approx(4800 / 1.33)


def test_a_plain_question_for_the_year_before_takes_the_next_year_s_level_less_its_stated_increment(glossary):
    # the report states only 2031's level with its change against the year before: 2030's level, exactly
    answer = ask("2030年鲁里塔尼亚派往国外的小工具人员有多少人？", [FITTERS], glossary)
    assert not answer.refused and answer.value == pytest.approx(3600) and answer.formula.startswith("4800 − 1200")
    answer = ask("How many gizmo workers did Ruritania send abroad in 2030?", [FITTERS], glossary)
    assert not answer.refused and answer.value == pytest.approx(3600)
    # a rate alone states no exact earlier level: no estimate unasked
    rated = prose_chunk("In 2031 Ruritania sent 4,800 gizmo workers abroad, up 33 percent from a year earlier.")
    assert ask("How many gizmo workers did Ruritania send abroad in 2030?", [rated], glossary).value is None
    # the asked year's own figure, stated as well, answers itself
    own = prose_chunk("In 2030 Ruritania sent 3,650 gizmo workers of all kinds abroad.")
    answer = ask("How many gizmo workers did Ruritania send abroad in 2030?", [own, FITTERS], glossary)
    assert answer.value == pytest.approx(3650)


EXPORTS = prose_chunk(
    "In 2031 Ruritania's gizmo exports reached US$96 billion, up 3% on the previous year. Gizmo exports were 40 "
    "times as high as in 2011, growing 20% a year on average."
)


def test_a_multiple_the_passage_states_of_an_earlier_year_implies_that_year_s_level(glossary):
    question = "鲁里塔尼亚2031年小工具出口额是2011年的40倍，由此倒推它2011年小工具出口额约为多少？"
    answer = ask(question, [EXPORTS], glossary)
    assert not answer.refused and answer.value == pytest.approx(2.4) and answer.unit == "USD billion"
    assert answer.formula.startswith("96 / 40")
    # another multiple, or a multiple of another year, is no operand
    assert ask(question.replace("40倍", "50倍"), [EXPORTS], glossary).value is None
    other = prose_chunk(EXPORTS.body.replace("as high as in 2011", "as high as in 2009"))
    assert ask(question, [other], glossary).value is None


def test_a_rate_stated_in_a_sentence_before_the_asking_one_implies_the_named_row_s_earlier_level(glossary):
    # the asking sentence opens with a capitalised ordinary word: no entity, as the question's first word is none
    question = "Ruritania's gizmo exports jumped about 300% in 2031. Approximately what 2030 level does that imply?"
    assert analyse_question(question, glossary).entities == ("Ruritania",)
    table = make_table(
        {"Ruritania": ("12.0", "300.0"), "Zembla": ("8.0", "100.0")},
        columns=(("Gizmo exports", USD_1E8), ("Growth", PERCENT)),
        table_id="7-9",
        title="Gizmo exports by country, 2031",
        label_header="Country",
    )
    answer = ask_in_table(question, table, glossary)
    assert not answer.refused and answer.source_value == pytest.approx(3.0)
    assert {c.row_label for c in answer.citations} == {"Ruritania"}
    assert ask_in_table(question.replace("300%", "250%"), table, glossary).value is None  # not the row's rate


MARKETS = prose_chunk(
    "In 2031 Ruritania's gizmo makers signed new contracts worth US$200 billion, down 2% on the previous year, and "
    "completed a turnover of US$150 billion. By market, the business was mainly in Asia and Africa: new contracts "
    "accounted for 60% and 25%, respectively, and the turnover for 50% and 30% respectively."
)


def test_a_part_is_its_whole_times_the_share_a_respective_list_states_for_it(glossary):
    answer = ask("Roughly how much of Ruritania's new contracts in 2031 was in Africa?", [MARKETS], glossary)
    assert not answer.refused and answer.value == pytest.approx(50.0) and answer.unit == "USD billion"
    assert answer.formula.startswith("200 × 25 %")
    turnover = ask("Roughly how much of Ruritania's 2031 turnover was earned in Asia?", [MARKETS], glossary)
    assert turnover.value == pytest.approx(75.0) and turnover.formula.startswith("150 × 50 %")


def test_a_part_asked_from_its_share_in_chinese_is_its_whole_times_that_share(glossary):
    prose = prose_chunk(MARKETS.body.replace("Ruritania's", "China's"))
    answer = ask("按新签合同额占比推算，2031年中国在非洲新签的合同额约有多少？", [prose], glossary)
    assert not answer.refused and answer.value == pytest.approx(50.0) and answer.formula.startswith("200 × 25 %")


def test_a_part_whose_share_is_not_stated_is_not_given_another_part_s_share(glossary):
    answer = ask("Roughly how much of Ruritania's new contracts in 2031 was in Europe?", [MARKETS], glossary)
    assert answer.value not in (50.0, 120.0, 200.0)


def test_a_change_stated_in_the_next_sentence_binds_the_figure_the_sentence_before_ends_with(glossary):
    prose = prose_chunk("In 2031 Ruritania's gizmo exports were US$19 billion. This was a decrease of 5% from 2030.")
    answer = ask("Given the stated decrease, what were Ruritania's gizmo exports in 2030?", [prose], glossary)
    assert not answer.refused and answer.value == pytest.approx(20.0)
    unrelated = prose_chunk("In 2031 Ruritania's gizmo exports were US$19 billion. Gadget imports fell by 5%.")
    answer = ask("Given the stated decrease, what were Ruritania's gizmo exports in 2030?", [unrelated], glossary)
    assert answer.value != pytest.approx(20.0)


def test_a_part_of_one_measure_is_not_given_the_share_stated_for_another(glossary):
    prose = prose_chunk(
        "In 2031 Ruritania's gizmo makers completed a turnover of US$150 billion. By market, the business was mainly "
        "in Asia and Africa, and new contracts accounted for 60% and 25% respectively."
    )
    answer = ask("Roughly how much of Ruritania's 2031 turnover was earned in Asia?", [prose], glossary)
    assert answer.value != pytest.approx(90.0)  # 60% is Asia's share of the new contracts, not of the turnover
