"""Typed provenance of derived numbers: each step is recomputed and traced to the answer's citations (made-up text)."""

from __future__ import annotations

from dataclasses import replace

from rag.answer.provenance import recomputes
from rag.answer.verify import verify_answer
from rag.types import Answer, Citation, Step
from tests.builders import PERCENT, make_table

GADGETS = make_table(
    {
        "Widgets": ("410", "297", "-27.6"),
        "Gizmos": ("88", "95", "8.0"),
        "Sprockets": ("31", "12", "-61.3"),
        "Doohickeys": ("7", "9", "28.6"),
    },
    columns=(("2031", None), ("2032", None), ("growth", PERCENT)),
    table_id="7-2",
    doc_name="g.txt",
)


def tables(table_id: str, doc_name: str):
    return GADGETS if (table_id, doc_name) == ("7-2", "g.txt") else None


def cell(n: int, label: str, column: str, text: str) -> Citation:
    quote = f"{label} — {column}: {text}"
    return Citation(n, "g.txt", f"row {label}", quote, 9 + n, 9 + n, table_id="7-2", row_label=label, column=column)


def answer(text: str, citations: list[Citation], steps: list[Step], value: float | None = None, unit: str = ""):
    return Answer("q", text, tuple(citations), value=value, unit=unit, steps=tuple(steps))


def uncited(result: Answer) -> list[str]:
    return [p.text for p in verify_answer(result, tables)]


# --- arithmetic steps ----------------------------------------------------------------------------------------------


LISTING = "Widgets fell most: Widgets 410 → 297 (-113) [1][2]; Sprockets 31 → 12 (-19) [3][4]."
LISTED = [
    cell(1, "Widgets", "2031", "410"),
    cell(2, "Widgets", "2032", "297"),
    cell(3, "Sprockets", "2031", "31"),
    cell(4, "Sprockets", "2032", "12"),
]


def test_a_per_row_difference_of_a_listing_is_traced_by_its_step():
    steps = [Step("difference", -113, (297, 410)), Step("difference", -19, (12, 31))]
    assert uncited(answer(LISTING, LISTED, steps)) == []
    assert uncited(answer(LISTING, LISTED, [])) == ["-113", "-19"], "without its step a difference is untraced"


def test_a_step_whose_arithmetic_does_not_hold_supports_nothing():
    wrong = [Step("difference", -113, (297, 410)), Step("difference", -21, (12, 31))]
    text = LISTING.replace("(-19)", "(-21)")
    assert uncited(answer(text, LISTED, wrong)) == ["-21"]


def test_a_step_over_an_operand_no_citation_states_supports_nothing():
    steps = [Step("difference", -113, (297, 410)), Step("difference", -20, (12, 32))]
    text = LISTING.replace("(-19)", "(-20)")
    assert uncited(answer(text, LISTED, steps)) == ["-20"]


def test_an_invented_figure_beside_traced_steps_is_still_caught():
    steps = [Step("difference", -113, (297, 410)), Step("difference", -19, (12, 31))]
    text = LISTING + " Together they lost 157.4."
    assert uncited(answer(text, LISTED, steps)) == ["157.4"]


def test_a_means_divisor_and_result_are_traced_with_negative_operands():
    rates = [cell(n, label, "growth", text) for n, (label, text) in enumerate(
        [("Widgets", "-27.6"), ("Gizmos", "8.0"), ("Doohickeys", "28.6")], start=1
    )]  # fmt: skip
    text = "Average growth: ((-27.6) + 8.0 + 28.6) / 3 = 3.00 % [1][2][3]."
    assert uncited(answer(text, rates, [Step("mean", 3.0, (-27.6, 8.0, 28.6), 2)])) == []
    assert uncited(answer(text, rates, [])) == ["3", "3.00 %"]
    four = text.replace("/ 3", "/ 4")  # a divisor that is not the number of operands averaged
    assert uncited(answer(four, rates, [Step("mean", 3.0, (-27.6, 8.0, 28.6), 2)])) == ["4"]


def test_a_result_restated_in_another_scale_is_traced_through_the_steps_scale():
    row = [cell(1, "Gizmos", "2032", "95"), cell(2, "Doohickeys", "2032", "9")]
    step = Step("ratio", 10.56, (95, 9), 2, scale=1e8)
    text = "95 / 9 = 10.56 [1][2]，即10.56亿美元，即1056百万美元。"
    assert uncited(answer(text, row, [step])) == []
    assert uncited(answer("95 / 9 = 10.56 [1][2]，即1156百万美元。", row, [step])) == ["1156百万美元"]


def test_the_closed_set_of_operations_recomputes_each_result():
    assert recomputes(Step("growth_rate", 8.0, (95, 88), 1))
    assert recomputes(Step("share", 75.0, (3, 4), 1))
    assert recomputes(Step("annual_growth_rate", 50.0, (9, 4, 2), 1))
    assert recomputes(Step("before_growth", 2.5, (2.2, -12), 2))
    assert not recomputes(Step("share", 80.0, (3, 4), 1))
    assert not recomputes(Step("ratio", 1.0, (3, 0), 2)), "a division by zero recomputes nothing"
    assert not recomputes(Step("guess", 4.0, (3, 4))), "an operation outside the closed set is never traced"


# --- counts of rows ----------------------------------------------------------------------------------------------


def count_steps(counted: tuple[str, ...], pool: tuple[str, ...]) -> list[Step]:
    return [Step("count", float(len(rows)), rows=rows, table_id="7-2", doc_name="g.txt") for rows in (counted, pool)]


def test_a_count_of_rows_and_the_size_of_its_set_are_traced_to_the_cited_table():
    text = "2 of the 4 rows are gadgets of the east: Widgets [1]; Sprockets [2]."
    cited = [cell(1, "Widgets", "2032", "297"), cell(2, "Sprockets", "2032", "12")]
    pool = ("Widgets", "Gizmos", "Sprockets", "Doohickeys")
    assert uncited(answer(text, cited, count_steps(("Widgets", "Sprockets"), pool))) == []
    assert uncited(answer(text, cited, [], 2.0, "count")) == ["4"], "the rows cited count 2, not the set's 4"


def test_a_count_naming_a_row_the_table_lacks_or_a_row_twice_is_untraced():
    text = "2 of the 5 rows are gadgets of the east: Widgets [1]; Sprockets [2]."
    cited = [cell(1, "Widgets", "2032", "297"), cell(2, "Sprockets", "2032", "12")]
    made_up = ("Widgets", "Gizmos", "Sprockets", "Doohickeys", "Thingamajigs")
    assert uncited(answer(text, cited, count_steps(("Widgets", "Sprockets"), made_up))) == ["5"]
    twice = ("Widgets", "Gizmos", "Sprockets", "Doohickeys", "Widgets")
    assert uncited(answer(text, cited, count_steps(("Widgets", "Sprockets"), twice))) == ["5"]


def test_a_count_over_a_table_the_answer_does_not_cite_is_untraced():
    text = "2 of the 4 rows are gadgets of the east: Widgets [1]; Sprockets [2]."
    other = [replace(c, table_id="7-3") for c in (cell(1, "Widgets", "2032", "9"), cell(2, "Sprockets", "2032", "8"))]
    steps = count_steps(("Widgets", "Sprockets"), ("Widgets", "Gizmos", "Sprockets", "Doohickeys"))
    assert uncited(answer(text, other, steps)) == ["2", "4"]


# --- a table's scale read from the prose ---------------------------------------------------------------------------


def test_a_scale_read_from_a_cited_sentence_is_traced_by_a_unit_step():
    row = cell(1, "Gizmos", "2032", "95")
    sentence = Citation(2, "g.txt", "line 3", "Gizmo orders reached 95 billion US dollars in 2032.", 3, 3)
    text = "2032年Gizmos为95 [1]。表格未注明数量级，按报告正文的10亿美元换算 [2]。"
    assert uncited(answer(text, [row, sentence], [Step("unit", 1e9)])) == []
    assert uncited(answer(text, [row, sentence], [])) == ["10亿美元"]
    no_scale = replace(sentence, quote="Gizmo orders reached 95 in 2032.")
    assert uncited(answer(text, [row, no_scale], [Step("unit", 1e9)])) == ["10亿美元"]


def test_a_step_may_take_an_earlier_steps_result_as_its_operand():
    rows = [cell(1, "Gizmos", "2032", "95"), cell(2, "Doohickeys", "2032", "9"), cell(3, "Widgets", "2032", "297")]
    chain = [Step("sum", 104, (95, 9)), Step("share", 35.02, (104, 297), 2)]
    text = "Gizmos and Doohickeys together were 35.02 % of Widgets [1][2][3]."
    assert uncited(answer(text, rows, chain)) == []
    assert uncited(answer(text, rows, chain[1:])) == ["35.02 %"], "104 is in no citation without the sum's step"


def test_a_count_with_its_steps_is_checked_by_them_not_by_the_rows_it_cites():
    cited = [cell(1, "Widgets", "2032", "297"), cell(2, "Sprockets", "2032", "12"), cell(3, "Gizmos", "2032", "95")]
    steps = count_steps(("Widgets", "Sprockets"), ("Widgets", "Sprockets", "Gizmos"))
    text = "{} of the 3 rows are gadgets of the east: Widgets [1]; Sprockets [2]. The others: Gizmos [3]."
    assert uncited(answer(text.format(2), cited, steps, 2.0, "count")) == []
    # one counted row is within the rows cited, but it is not the count of the rows named as counted
    assert uncited(answer(text.format(1), cited, steps, 1.0, "count")) == ["1"]
    assert uncited(answer(text.format(1), cited, [], 1.0, "count")) == [], "without steps: no more than the rows cited"
