"""The number verifier: every stated number must be found, unit-aware, in a cited passage."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.answer.verify import (
    citations_for_markers,
    stated_quantities,
    substance_problem,
    verify_answer,
    verify_numbers,
)
from rag.types import Answer, Cell, Citation, TableRow
from tests.builders import PERCENT, USD_1E8, make_table

TABLE = replace(
    make_table(
        {"制造业": ("271.5", "1.0", "16.6")},
        columns=(("流量", USD_1E8), ("同比", PERCENT), ("比重", PERCENT)),
        table_id="1-9",
        doc_name="r.txt",
        title="Industry distribution of China's OFDI flows in 2022",
        source="Bulletin",
        title_line=442,
    ),
    title="Table 1-9",
    unit_line="Unit: USD 100 million, %",
    rows=(TableRow(449, "制造业", (Cell("271.5", 271.5), Cell("1.0", 1.0), Cell("16.6", 16.6))),),
    start_line=446,
    end_line=467,
)
ROW = Citation(
    1,
    "r.txt",
    "table 1-9, row 制造业",
    "制造业 — 流量: 271.5; 同比: 1.0; 比重: 16.6",
    449,
    449,
    table_id="1-9",
    row_label="制造业",
)
PROSE = Citation(
    2, "r.txt", "lines 214-214", "global FDI of \\$1.49 trillion, down 13.8% on the previous year", 214, 214
)


def tables(table_id: str, doc_name: str):
    return TABLE if (table_id, doc_name) == ("1-9", "r.txt") else None


def test_a_converted_table_figure_is_supported():
    text = "USD 27.15 billion (271.5 in the table's unit of USD 100 million), 16.6 % of the total [1]."
    assert verify_numbers(text, [ROW], tables=tables) == []


def test_an_invented_number_is_caught():
    problems = verify_numbers("USD 31.2 billion [1].", [ROW], tables=tables)
    assert [p.text for p in problems] == ["USD 31.2 billion"]


def test_a_wrong_unit_is_caught():
    # 271.5 is in USD 100 million; stating it as billions is off by ten.
    problems = verify_numbers("USD 271.5 billion [1].", [ROW], tables=tables)
    assert len(problems) == 1 and "not found" in problems[0].reason


def test_percent_is_not_a_currency_amount():
    assert verify_numbers("a share of 16.6 % [1]", [ROW], tables=tables) == []
    assert verify_numbers("USD 16.6 billion [1]", [ROW], tables=tables)


def test_a_number_from_an_uncited_passage_is_caught():
    text = "Global FDI was USD 1.49 trillion [1]."
    cited = citations_for_markers(text, [ROW, PROSE])
    assert [c.n for c in cited] == [1]
    assert verify_numbers(text, cited, tables=tables)
    assert verify_numbers("Global FDI was USD 1.49 trillion [2].", [PROSE]) == []


def test_no_citation_means_every_number_is_unsupported():
    problems = verify_numbers("It fell 13.8% in 2022.", [])
    assert [p.reason for p in problems] == ["no passage is cited"]


def test_years_markers_and_unit_names_are_not_claims():
    texts = [q.text for q in stated_quantities("In 2022 [3] the unit of USD 100 million applied; 16.6 % rose.")]
    assert texts == ["16.6 %"]


def test_a_formula_with_cited_operands_supports_its_result():
    row = Citation(1, "r.txt", "row", "服务业 — 2021: 406; 2022: 679", 282, 282)
    formula = "679 − 406 = 273 USD billion"
    assert verify_numbers("It grew by USD 273 billion [1].", [row], formula=formula) == []
    assert verify_numbers("It grew by USD 273 billion [1].", [row], formula="")
    uncited = "680 − 406 = 274"
    assert verify_numbers("It grew by 274 [1].", [row], formula=uncited)


def test_a_unit_a_formula_names_after_its_result_is_no_operand():
    row = Citation(1, "r.txt", "row", "Widgets — 2021: 1.5; 2022: 2.25", 282, 282)
    for formula in ("1.5 + 2.25 = 3.75 (USD 100 million)", "1.5 + 2.25 = 3.75（单位：十亿美元）"):
        assert verify_numbers("Together 3.75 [1].", [row], formula=formula) == [], formula
    assert verify_numbers("Together 3.75 [1].", [row], formula="1.5 + 2.5 = 4.0 (USD 100 million)")


def test_a_figure_quoted_verbatim_from_its_passage_is_supported_even_with_a_garbled_unit():
    quote = "China's foreign investment is 1631.2 \\$billion, down 8.8%"
    passage = Citation(1, "r.txt", "lines 238-238", quote, 238, 238)
    assert verify_numbers('The report says "1631.2 \\$billion, down 8.8%" [1].', [passage]) == []
    assert verify_numbers("It was 1631.3 \\$billion [1].", [passage])
    assert verify_numbers("It was 631.2 [1].", [passage]), "a fragment of a cited figure is not that figure"


def test_a_count_written_in_words_in_the_passage_supports_the_figure():
    words = Citation(3, "r.txt", "lines 3-3", "The ministry will focus on three aspects of work.", 3, 3)
    assert not verify_numbers("3 (three) [3].", [words])
    assert verify_numbers("4 [3].", [words])


# --- does an answer say anything? -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit", "problem"),
    [
        ("1. [1] 2. [2] 3. [3] 4. [4] 5. [5]", 124.28, "USD billion", "it states no figure"),
        ("1. [1] 2. [2] 3. [3] 4. [4] 5. [5]", None, "", "it says nothing beyond its citations"),
        ("See the passages [1][2].", 27.15, "USD billion", "it states no figure"),
        ("Flows grew in 2022 [1].", 3.5, "%", "it states no percentage"),
        ("Manufacturing received USD 27.15 billion [1].", 27.15, "USD billion", ""),
        ("271.5 [1]", 27.15, "USD billion", ""),
        ("It grew 3.5% [1].", 3.5, "%", ""),
        ("It rose 1.2 percentage points [1].", 1.2, "percentage points", ""),
        ("It ranked third [1].", 3, "rank", ""),
        ("Exchange rate volatility raised the cost of capital [1].", None, "", ""),
        ("汇率波动提高了资本成本[1]。", None, "", ""),
    ],
)
def test_an_answer_must_state_what_is_asked(text, value, unit, problem):
    assert substance_problem(text, value, unit) == problem


def test_a_fall_stated_in_words_is_the_cells_negative_rate():
    falling = replace(
        TABLE, rows=(TableRow(449, "制造业", (Cell("271.5", 271.5), Cell("-4.9", -4.9), Cell("16.6", 16.6))),)
    )
    tables = {"1-9": falling}.get

    def problems(text):
        return verify_numbers(text, [ROW], tables=lambda table_id, doc: tables(table_id))

    assert problems("Manufacturing fell 4.9% year on year [1].") == []
    assert problems("2022年制造业同比下降4.9% [1]。") == []
    assert problems("Manufacturing was USD 27.15 billion, down 4.9% year on year [1].") == []
    assert [p.text for p in problems("Manufacturing rose 4.9% year on year [1].")] == ["4.9%"]


def test_the_constants_of_a_compound_rate_or_an_implied_earlier_value_are_no_operands_to_cite():
    quote = "Gadget sales rose from $4 trillion in 2019 to $9 trillion in 2021; orders were $2.2 billion, down 12%."
    cited = [Citation(1, "g.txt", "lines 3-3", quote, 3, 3)]
    compound = "(9 / 4)^(1/2) − 1 = 50.00 %"
    assert verify_numbers(f"{compound} [1].", cited, compound) == []
    earlier = "2.2 / (1 − 12 %) = 2.5000 USD billion"
    assert verify_numbers(f"{earlier} [1].", cited, earlier) == []
    # an operand the passage does not hold is still caught
    made_up = "(9 / 5)^(1/2) − 1 = 34.16 %"
    assert verify_numbers(f"{made_up} [1].", cited, made_up) != []


def test_arithmetic_written_out_in_the_text_supports_its_result_when_its_operands_are_cited():
    row = Citation(1, "r.txt", "row", "Gizmos — 2030: 60.0; total: 120.0", 90, 90)
    assert verify_numbers("Gizmos 60.0 / 120.0 = 50.00 % [1].", [row]) == []
    assert verify_numbers("Gizmos 61.0 / 120.0 = 50.83 % [1].", [row])


def _count_answer(question: str, text: str, value: float, rows: tuple[str, ...]) -> Answer:
    citations = tuple(
        Citation(n, "r.txt", f"row {label}", f"{label} — 同比: -60.0", 90 + n, 90 + n, table_id="9-1", row_label=label)
        for n, label in enumerate(rows, 1)
    )
    return Answer(question=question, text=text, citations=citations, value=value, unit="count")


def test_a_count_is_supported_by_the_rows_it_cites_and_a_threshold_by_the_question():
    question = "How many gizmo lines fell by more than 55%?"
    text = "2 of the 3 rows meet the condition (below -55%): A -60.0 [1]; B -60.0 [2]. The others: C -60.0 [3]."
    assert verify_answer(_count_answer(question, text, 2, ("A", "B", "C"))) == []
    # more counted than cited, a set size that is not the rows cited, a threshold the question does not state
    assert verify_answer(_count_answer(question, text.replace("2 of", "4 of"), 4, ("A", "B", "C")))
    assert verify_answer(_count_answer(question, text, 2, ("A", "B")))
    assert verify_answer(_count_answer("How many gizmo lines fell?", text, 2, ("A", "B", "C")))


def test_a_sign_word_states_a_threshold_of_zero():
    text = "Years that meet the condition: 2032 (gizmo exports, against 0): 2031: 4.5 [1]; 2032: -1.5 [2]."
    cells = enumerate((("2031", "4.5"), ("2032", "-1.5")), 1)
    rows = [Citation(n, "g.txt", "cell", f"Gizmo exports — {year}: {value}", 5, 5) for n, (year, value) in cells]
    negative = Answer("In which years were Zembla's gizmo exports negative?", text, tuple(rows))
    assert verify_answer(negative) == []
    assert verify_answer(replace(negative, question="In which years did Zembla export gizmos?"))


def test_a_means_count_of_terms_is_no_operand_to_cite():
    row = Citation(1, "g.txt", "row", "Gizmos — 2031: 8.2; 2032: 5.8; 2033: 4.0", 7, 7)
    mean = "(8.2 + 5.8 + 4.0) / 3 = 6.000"
    assert verify_numbers(f"{mean} [1].", [row], mean) == []
    wrong_count = "(8.2 + 5.8 + 4.0) / 7 = 2.571"  # a divisor that is not the number of terms must be cited
    assert verify_numbers(f"{wrong_count} [1].", [row], wrong_count) != []


def test_a_count_of_years_read_along_two_rows_supports_the_number_of_years():
    cells = [
        Citation(n, "g.txt", "cell", f"{label} — {year}: {value}", 5, 5, table_id="9-4", row_label=label, column=year)
        for n, (label, year, value) in enumerate(
            [
                ("A", "2031", "1"),
                ("B", "2031", "2"),
                ("A", "2032", "3"),
                ("B", "2032", "1"),
                ("A", "2033", "4"),
                ("B", "2033", "0"),
            ],  # fmt: skip
            start=1,
        )
    ]
    answer = Answer("q", "In 2 of the 3 years A was above B [1][2][3][4][5][6].", tuple(cells), 2.0, "count")
    assert verify_answer(answer) == []
    assert verify_answer(replace(answer, text="In 2 of the 9 years A was above B [1][2][3][4][5][6].")) != []
