"""A computed answer stated as an analyst writes it (`rag.read.compose`): in a Chinese answer the result in Chinese
unit words (亿美元 after the number, 十亿美元 named once beside it and the result restated in 亿), amounts and ratios
rounded by the data's rules, a prose figure in Chinese number words, and a citation marker said once. Made-up
tables and sentences; every stated number stays verifiable against the cited rows."""

from __future__ import annotations

import pytest

from rag.answer.verify import verify_numbers
from rag.read.compose import AnswerDraft, derived_natural, load_templates, result_first, single_markers, zh_figure
from rag.read.question import analyse_question
from rag.settings import Settings
from rag.text.numbers import extract_quantities, ratio
from rag.types import Unit
from tests.builders import PERCENT, USD_1E8, ask_table, make_table, row_chunks, stored_index

USD_1E9 = Unit(raw="USD billion", label="USD billion", kind="currency", currency="USD", scale=1e9, base="USD")


@pytest.fixture
def flows():
    return make_table(
        {"采矿业": ("12.5", "-4.9"), "制造业": ("30.25", "16.0")},
        columns=(("流量", USD_1E8), ("同比", PERCENT)),
        table_id="9-1",
        title="Industry distribution of gadget flows in Zembla in 2022",
    )


def _verified(answer, table) -> bool:
    index = stored_index([table], row_chunks(table))
    return verify_numbers(answer.text, answer.citations, answer.formula, index.table) == []


def test_a_chinese_sum_states_its_result_in_chinese_unit_words(flows, glossary):
    answer = ask_table("2022年Zembla采矿业和制造业的流量合计是多少？", flows, glossary)
    assert "采矿业、制造业的流量合计为42.75亿美元（12.5 + 30.25） [1][2]。" in answer.text, answer.text
    assert "USD" not in answer.text and answer.value == pytest.approx(4.275) and _verified(answer, flows)


def test_a_chinese_ratio_is_rounded_to_two_decimals_in_times(flows, glossary):
    answer = ask_table("2022年Zembla制造业的流量是采矿业的多少倍？", flows, glossary)
    assert "之比为2.42倍（30.25 / 12.5） [1][2]。" in answer.text, answer.text
    assert _verified(answer, flows)


def test_the_value_a_growth_rate_implies_is_an_amount_to_two_decimals(flows, glossary):
    answer = ask_table("按同比增长推算，2021年Zembla制造业的流量是多少？", flows, glossary)
    assert answer.text.startswith("制造业的流量按增速推算的上年值为26.08亿美元（30.25 / (1 + 16 %)）"), answer.text
    assert answer.value == pytest.approx(2.60776, rel=1e-4) and _verified(answer, flows)


def test_a_unit_chinese_does_not_write_after_a_number_is_named_once_and_the_result_restated(glossary):
    deals = make_table(
        {"Widgets": ("246", "142"), "Gizmos": ("78", "118")},
        columns=(("2021", USD_1E9), ("2022", USD_1E9)),
        table_id="9-2",
        title="Value of gadget projects by sector, 2021-2022",
    )
    answer = ask_table("Widgets的2022年金额比2021年少多少？", deals, glossary)
    # the earlier year's figure less the later's: a fall over time, said by its direction
    assert "从2021年到2022年减少1040亿美元（246 − 142 = 104，单位：十亿美元） [1][2]。" in answer.text, answer.text
    assert "USD" not in answer.text and _verified(answer, deals)


def test_a_computed_answer_states_the_result_first_and_the_working_after_it(flows, glossary):
    """One plain sentence in either language: subject and operation first, the result, the working in brackets, the
    operands cited; an English amount in the table's unit is stated in its natural scale, the working in the
    table's unit."""
    answer = ask_table("2022年Zembla采矿业和制造业的流量平均是多少？", flows, glossary)
    assert answer.text.startswith("采矿业、制造业的流量的平均值为21.38亿美元（(12.5 + 30.25) / 2）"), answer.text
    assert "=" not in answer.text and answer.formula == "(12.5 + 30.25) / 2 = 21.38亿美元" and _verified(answer, flows)
    english = ask_table("What was the average gadget flow of mining and manufacturing in Zembla?", flows, glossary)
    assert english.text == (
        "Gadget flows in Zembla in mining and manufacturing averaged USD 2.138 billion ((12.5 + 30.25) / 2 = 21.38 in"
        " the table's unit of USD 100 million) [1][2]."
    ), english.text
    assert _verified(english, flows)


def test_an_english_sum_states_its_natural_amount_first(flows, glossary):
    question = "How much did mining and manufacturing in Zembla draw together in gadget flows?"
    answer = ask_table(question, flows, glossary)
    assert answer.text == (
        "Gadget flows in Zembla in mining and manufacturing totalled USD 4.275 billion (12.5 + 30.25 = 42.75 in the"
        " table's unit of USD 100 million) [1][2]."
    ), answer.text
    assert _verified(answer, flows)


def test_a_result_restated_in_chinese_units_leads_and_the_printed_unit_stays_in_the_working(glossary):
    templates = load_templates(Settings().prompts_dir, "zh")
    draft = AnswerDraft(question=analyse_question("Gizmos少多少？", glossary), templates=templates)
    fields = result_first(draft, "246 − 142 = 104（单位：十亿美元），即1040亿美元")
    assert fields == {"result": "1040亿美元", "calculation": "（246 − 142 = 104，单位：十亿美元）"}
    assert result_first(draft, "4.2亿美元") == {"result": "4.2亿美元", "calculation": ""}


def test_a_result_under_one_of_its_unit_is_restated_in_a_smaller_chinese_unit():
    small = ratio(385.7, 718)
    assert small.render("USD 100 million", "zh") == "385.7 / 718 = 0.537（单位：亿美元）"
    assert not small.unit_follows("USD 100 million") and ratio(718, 385.7).unit_follows("USD 100 million")


def test_a_computed_amount_in_its_natural_unit_is_rounded_but_a_small_one_keeps_its_digits():
    assert derived_natural(281.516, USD_1E8, "zh") == "281.52亿美元"
    assert derived_natural(13265.517, USD_1E8, "en") == "USD 1.327 trillion"  # 1.33 would move it by 0.26 %
    assert derived_natural(0.04496, USD_1E9, "en") == "USD 44.96 million"
    assert derived_natural(-1.6, USD_1E9, "zh") == "-16亿美元"


def test_a_scaled_prose_figure_is_said_in_chinese_number_words_with_every_digit():
    assert zh_figure(extract_quantities("370 million tons")[0]) == "3.7亿吨"
    assert zh_figure(extract_quantities("1.5 million")[0]) == "150万"
    assert zh_figure(extract_quantities("2.25 million TEU")[0]) == "225万标箱"
    assert zh_figure(extract_quantities("228000 tons")[0]) == "22.8万吨"
    assert zh_figure(extract_quantities("10.9 percent")[0]) == "10.9%"


def test_a_citation_marker_is_said_once_where_operands_of_one_passage_repeat_it():
    assert single_markers("a / b = 7.09倍 [1][1]。") == "a / b = 7.09倍 [1]。"
    assert single_markers("x [1][2][2][3]") == "x [1][2][3]"
    assert single_markers("x [1] [1]") == "x [1]"
    assert single_markers("x [1][2][1]") == "x [1][2][1]"  # markers apart are not repeats


def test_a_chinese_lookup_names_the_tables_unit_in_chinese_words(glossary):
    deals = make_table(
        {"Widgets": ("246", "142")},
        columns=(("2021", USD_1E9), ("2022", USD_1E9)),
        table_id="9-3",
        title="Value of gadget projects by sector, 2021-2022",
    )
    answer = ask_table("2021年Widgets的金额是多少？", deals, glossary)
    assert "2460亿美元（表中单位为十亿美元，数值246）" in answer.text, answer.text


def test_a_chinese_lookup_in_a_unit_chinese_writes_after_the_number_needs_no_table_unit_beside(glossary):
    teu = Unit(raw="10,000 TEU", label="10,000 TEU", kind="quantity", scale=1e4, base="TEU")
    ports = make_table(
        {"曾达港": ("2541", "2.21")},
        columns=(("吞吐量 2022", teu), ("年增长", PERCENT)),
        table_id="9-4",
        title="Container throughput of ports in 2022",
    )
    answer = ask_table("曾达港2022年吞吐量有多大？", ports, glossary)
    assert "2541万标箱" in answer.text and "TEU" not in answer.text, answer.text
