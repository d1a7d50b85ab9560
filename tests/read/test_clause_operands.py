"""Two figures of one passage bound to the two sides a question names (`rag.read.clause_operands`): a points gap
across two sentences, a ratio and a difference across the semicolon clauses of one sentence, scales aligned, and a
refusal where the passage gives a side two readings. Made-up paragraphs only."""

from __future__ import annotations

from rag.read.clause_operands import derive_clause_difference, question_sides
from rag.read.compose import AnswerDraft, load_templates
from rag.read.evidence import Evidence
from rag.read.question import analyse_question
from rag.read.reader import grounded_answer, second_chance
from rag.settings import PROJECT_ROOT
from rag.text.glossary import Glossary
from rag.types import Chunk
from tests.builders import hits, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"


def ask(question: str, chunks: list[Chunk], glossary: Glossary):
    return grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)


KETTLES = (
    "Despite weak demand, the Ruritanian trade market held steady, with exports rising by 4.2% in the first half. "
    "Kettle makers opened two new plants. "
    "The export of kettles, toasters, hair dryers and other small appliances grew by 38% in the first half."
)

LEVELS = (
    "Over the last five years, Ruritania's gadget trade grew from 1.1 trillion yuan in 2017 to 2.4 trillion yuan in "
    "2022, ranking first for 12 years in a row; the use of foreign loans rose from 50.2 billion yuan to 60 billion "
    "yuan; lamp sales reached 1 trillion yuan, expanding from 0.8 trillion yuan to 1.2 trillion yuan, ranking first "
    "for 15 years in a row."
)


def test_a_points_gap_binds_the_named_part_and_the_whole_across_two_sentences(glossary):
    answer = ask(
        "In the first half, Ruritania's kettle, toaster and hair dryer exports grew by how many points more than "
        "its exports overall?",
        [prose_chunk(KETTLES)],
        glossary,
    )
    assert not answer.refused and answer.value == 33.8 and answer.unit == "percentage points"
    assert "38%" in answer.citations[0].value_text and "4.2%" in answer.citations[0].value_text


def test_a_ratio_of_two_clauses_aligns_trillions_and_billions(glossary):
    answer = ask(
        "Ruritania's 2022 gadget trade came to how many times its use of foreign loans?",
        [prose_chunk(LEVELS)],
        glossary,
    )
    assert not answer.refused and answer.value is not None and round(answer.value, 2) == 40.0


def test_the_level_a_from_to_pair_dates_to_the_year_asked_is_the_operand(glossary):
    # `reached 1 trillion` is undated; `to 1.2 trillion` is the 2022 level, as the sentence's first pair is
    answer = ask(
        "By how much did Ruritania's gadget trade exceed its lamp sales in 2022?", [prose_chunk(LEVELS)], glossary
    )
    assert not answer.refused and answer.value is not None and round(answer.value, 2) == 1.2


def test_counts_of_two_clauses_are_told_apart_by_their_own_words(glossary):
    answer = ask(
        "How many more years in a row has Ruritania ranked first in lamp sales than in gadget trade?",
        [prose_chunk(LEVELS)],
        glossary,
    )
    assert not answer.refused and answer.value == 3


def test_a_whole_side_with_two_readings_in_the_passage_is_refused(glossary):
    prose = prose_chunk(
        "Ruritania's exports rose 4.2% in the first half. Ruritania's exports rose 6% in the second half. "
        "The export of kettles grew by 38%."
    )
    answer = ask(
        "Ruritania's kettle exports grew by how many points more than its exports overall?",
        [prose],
        glossary,
    )
    assert answer.refused and answer.value is None


def test_the_sides_of_a_question_are_split_by_its_joining_words(glossary):
    sides = question_sides(analyse_question("By how much did kettle sales exceed lamp sales?", glossary), glossary)
    assert sides is not None and "kettl" in " ".join(sides.a) and "lamp" in sides.b and "sale" in sides.shared
    chinese = question_sides(analyse_question("2022年水壶销量是台灯销量的多少倍？", glossary), glossary)
    assert chinese is not None and chinese.a and chinese.b
    assert question_sides(analyse_question("水壶销量在本省所占比重？", glossary), glossary) is None


RULES = (
    "The pilot zone keeps reforming its trade rules. So far, a total of 540 pilot reforms have been launched, and "
    "180 kettle rules have been adopted across the region, 30 of which have been adopted nationwide; 90 cases were "
    "published."
)


def test_a_whole_less_the_part_the_question_negates(glossary):
    answer = ask(
        "How many of the pilot reforms have not been adopted across the region?", [prose_chunk(RULES)], glossary
    )
    assert not answer.refused and answer.value == 360
    answer = ask(
        "How many of the kettle rules adopted across the region have not been adopted nationwide?",
        [prose_chunk(RULES)],
        glossary,
    )
    assert not answer.refused and answer.value == 150


def test_a_chinese_question_binds_the_stated_part_by_its_glossed_words(glossary):
    prose = prose_chunk(
        "So far, 180 experiences have been promoted throughout the province, 30 of which have been promoted "
        "nationwide; 90 cases were published."
    )
    answer = ask("在全省推广的经验中，有几项尚未推广到全国？", [prose], glossary)
    assert not answer.refused and answer.value == 150


def test_the_share_of_a_stated_part_in_its_whole(glossary):
    answer = ask(
        "What share of the kettle rules adopted across the region were adopted nationwide?",
        [prose_chunk(RULES)],
        glossary,
    )
    assert not answer.refused and answer.value is not None and round(answer.value, 1) == 16.7


PROMOTED = prose_chunk(
    "Ruritania's pilot zone reported its reform record. So far, 480 institutional innovation achievements "
    "have been formed, and 120 experiences have been promoted throughout the province; 60 cases were published."
)


def test_a_chinese_share_naming_its_whole_first_without_zhan_is_the_part_over_the_whole(glossary):
    """`X中，Y的比例` (no `占`): the part Y over the whole X, both counts of one sentence."""
    answer = ask("鲁里塔尼亚新区的制度创新成果当中，已在全省推广的比例为多少？", [PROMOTED], glossary)
    assert not answer.refused and answer.value is not None and round(answer.value, 1) == 25.0


def test_a_chinese_share_whose_part_the_passage_does_not_state_is_refused(glossary):
    answer = ask("鲁里塔尼亚新区的制度创新成果当中，已在全国推广的比例为多少？", [PROMOTED], glossary)
    assert answer.refused


def test_a_part_the_passage_does_not_state_gives_no_difference(glossary):
    answer = ask(
        "How many of the kettle rules adopted across the region have not been adopted abroad?",
        [prose_chunk(RULES)],
        glossary,
    )
    assert answer.value not in (150, 360, 510)


def test_a_points_gap_binds_the_two_rates_beside_the_amounts_of_two_clauses(glossary):
    # the reader tries this path again when the answer it found first is the gap of two amounts (`second_chance`)
    prose = prose_chunk(
        "From 2017 to 2022, Ruritania's gadget exports expanded from 10 billion yuan to 13 billion yuan, with an "
        "average annual growth rate of 5.6%; its lamp sales expanded from 3 billion yuan to 3.5 billion yuan, with an "
        "average annual growth rate of 4.2%."
    )
    question = analyse_question(
        "From 2017 to 2022, the average annual growth of Ruritania's gadget exports was how many points higher than "
        "that of its lamp sales?",
        glossary,
    )
    assert second_chance(question) is derive_clause_difference
    draft = AnswerDraft(question, load_templates(PROMPTS, "en"))
    answer = derive_clause_difference(draft, question, Evidence(hits([prose]), stored_index([], [prose]), glossary))
    assert answer.value == 1.4 and answer.unit == "percentage points"


LAMP_RATE = prose_chunk(
    "Over five years, Ruritania's lamp exports doubled to 90 billion crowns, with an average annual growth of 15%.",
    line=10,
    doc_name="r.txt",
)
KETTLE_RATE = prose_chunk(
    "Kettle leasing grew from 3 billion crowns in 2030 to 4 billion crowns in 2035, with an average annual growth "
    "rate of 6%, and kettle leasing firms employ 2,000 people.",
    line=30,
    doc_name="r.txt",
)
KETTLE_YEAR = prose_chunk(
    "In 2035, Ruritania's kettle leasing grew by 9% on the previous year.", line=50, doc_name="r.txt"
)


def test_a_points_gap_binds_two_average_annual_rates_of_two_paragraphs_of_one_document(glossary):
    answer = ask(
        "How many percentage points faster have Ruritania's lamp exports grown on average each year than its kettle "
        "leasing?",
        [LAMP_RATE, KETTLE_RATE],
        glossary,
    )
    assert not answer.refused and answer.value == 9.0 and answer.unit == "percentage points"


def test_rates_of_two_paragraphs_of_other_spans_are_no_pair(glossary):
    answer = ask(
        "How many percentage points faster have Ruritania's lamp exports grown on average each year than its kettle "
        "leasing?",
        [LAMP_RATE, KETTLE_YEAR],
        glossary,
    )
    assert answer.refused


AFRICA_RATE = prose_chunk(
    "Over five years, Ruritania's lamp exports to Africa grew at an average annual rate of 12%, with 300 shops opened.",
    line=70,
    doc_name="r.txt",
)
TRADE_RATE = prose_chunk(
    "Over five years, Ruritania's trade rose from 2 trillion crowns to 2.6 trillion crowns, with an average annual "
    "growth of 5%.",
    line=90,
    doc_name="r.txt",
)


def test_a_points_gap_whose_sides_one_entity_frames_is_bound_by_the_sides_clauses(glossary):
    answer = ask(
        "How many percentage points faster have Ruritania's lamp exports to Africa grown on average each year than "
        "its trade overall?",
        [AFRICA_RATE, TRADE_RATE],
        glossary,
    )
    assert not answer.refused and answer.value == 7.0


def test_a_chinese_points_gap_of_two_average_rates_is_a_difference(glossary):
    question = analyse_question("甲国灯具出口年均增长率比水壶租赁的平均增速快了几个百分点？", glossary)
    assert question.operation == "difference" and question.asked == "points"


HARBOURS = (
    "Ruritania's five offshore fishing harbours posted a catch value of 4.2 billion US dollars in 2021, bringing "
    "in fuel imports of 600 million US dollars."
)


def test_dollars_of_one_measure_for_each_dollar_of_another_are_their_ratio(glossary):
    # `for each dollar of B, how many dollars of A`: A / B, though both sides say `they`
    answer = ask(
        "For Ruritania's five offshore fishing harbours, how many dollars of catch value did they post in 2021 for "
        "each dollar of fuel imports they brought in?",
        [prose_chunk(HARBOURS)],
        glossary,
    )
    assert not answer.refused and answer.value is not None and round(answer.value, 2) == 7.0
    assert "4.2 billion" in answer.text and "600 million" in answer.text


REGIONS = (
    "In 2031, outward loans of Velorian city banks reached 40.5 billion crowns. Among them, the northern region lent "
    "28.2 billion crowns, or 69.6%. Middle parts of 6.14 billion crowns, accounting for 15.2%; Southern region 5.03 "
    "billion crowns, or 12.4 percent; And 1.13 billion crowns for the coastal islands."
)

SECTORS = (
    "In 2031, the non-state sector of Velorian lenders issued green loans of 12.6 billion crowns, up 3.1%. "
    "And green loans by the state sector were 9.8 billion crowns, down 2.2%."
)


def test_a_sum_binds_each_coordinated_part_to_its_own_clause(glossary):
    answer = ask(
        "What were the 2031 outward loans of Velorian city banks from the middle and southern regions put together?",
        [prose_chunk(REGIONS)],
        glossary,
    )
    assert not answer.refused and answer.value is not None and round(answer.value, 2) == 11.17
    assert "6.14 billion" in answer.citations[0].value_text and "5.03 billion" in answer.citations[0].value_text


def test_a_sum_binds_a_sector_by_lacking_the_other_sectors_own_word(glossary):
    answer = ask(
        "Taking the state and non-state sectors together, what value of green loans did Velorian lenders issue in "
        "2031?",
        [prose_chunk(SECTORS)],
        glossary,
    )
    assert not answer.refused and answer.value is not None and round(answer.value, 1) == 22.4


def test_a_sum_whose_second_item_the_passage_gives_for_another_year_is_refused(glossary):
    other_year = SECTORS.replace("And green loans", "In 2030, green loans")
    answer = ask(
        "Taking the state and non-state sectors together, what value of green loans did Velorian lenders issue in "
        "2031?",
        [prose_chunk(other_year)],
        glossary,
    )
    assert answer.refused and answer.value is None


def test_a_sum_of_an_item_the_passage_does_not_state_is_refused(glossary):
    answer = ask(
        "What were the 2031 outward loans of Velorian city banks from the middle and eastern regions put together?",
        [prose_chunk(REGIONS)],
        glossary,
    )
    assert answer.refused and answer.value is None


FLOW_SHARE = prose_chunk(
    "In 2031, Ruritania's outward investment flow of 41.5 billion crowns, down 3% on a year earlier, was 7.2% of the "
    "world's share, a record high.",
    line=120,
    doc_name="q.txt",
)
STOCK_SHARE = prose_chunk(
    "At the end of 2031, Ruritania's outward investment stock of 610 billion crowns made up 3.9% of the world's "
    "stock, up from 1.1% a decade before.",
    line=150,
    doc_name="q.txt",
)
STOCK_SHARE_EARLIER = prose_chunk(
    "At the end of 2029, Ruritania's outward investment stock of 540 billion crowns made up 3.5% of the world's stock.",
    line=150,
    doc_name="q.txt",
)


def test_a_points_gap_binds_a_flow_share_and_a_stock_share_of_two_paragraphs(glossary):
    answer = ask(
        "In 2031, how many percentage points higher was Ruritania's flow share of the world than its stock share "
        "of the world?",
        [FLOW_SHARE, STOCK_SHARE],
        glossary,
    )
    assert not answer.refused and abs(answer.value - 3.3) < 1e-9 and answer.unit == "percentage points"


def test_a_stock_share_stated_for_another_year_gives_no_points_gap(glossary):
    answer = ask(
        "In 2031, how many percentage points higher was Ruritania's flow share of the world than its stock share "
        "of the world?",
        [FLOW_SHARE, STOCK_SHARE_EARLIER],
        glossary,
    )
    assert answer.refused
