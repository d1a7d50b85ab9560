"""Arithmetic over report tables (made-up tables, no eval wording): which operation a question asks, which cells
are its operands, and the sign and order of the result."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.read.portions import portion_phrases
from rag.read.question import analyse_question
from rag.text.numbers import parse_number
from rag.types import Cell, Unit
from tests.builders import PERCENT, make_table
from tests.builders import ask_table as ask

USD_THOUSAND = Unit(raw="USD thousand", label="USD thousand", kind="currency", currency="USD", scale=1e3, base="USD")


@pytest.fixture(scope="module")
def widget_costs():
    """A made-up cost table whose earlier year column carries a remark and a footnote mark."""
    columns = (("Fiscal 2023", USD_THOUSAND), ("Fiscal 2022 (restated)1", USD_THOUSAND))
    rows = {
        "Widget tooling": ("1,250", "1,400"),
        "Share-based payroll": ("310", "275"),
        "Gizmo licences": ("90", "60"),
        "Total": ("1,650", "1,735"),
    }
    return make_table(rows, columns=columns, unit=USD_THOUSAND, table_id="3-1", title="Widget costs")


def test_a_remark_in_a_year_column_does_not_part_the_years(widget_costs, glossary):
    answer = ask("What was the change in widget tooling from 2022 to 2023?", widget_costs, glossary)
    assert not answer.refused
    assert answer.source_value == pytest.approx(-150)  # later minus earlier: a signed change
    assert {c.column for c in answer.citations} == {"Fiscal 2023", "Fiscal 2022 (restated)1"}


def test_the_difference_between_two_years_is_a_difference_and_a_positive_gap(widget_costs, glossary):
    assert analyse_question("What is the difference in widget tooling between 2022 and 2023?", glossary).operation == (
        "difference"
    )
    answer = ask("What is the difference in widget tooling between 2022 and 2023?", widget_costs, glossary)
    assert answer.source_value == pytest.approx(150)


def test_the_difference_between_two_named_rows_is_their_positive_gap(widget_costs, glossary):
    answer = ask("What is the difference between gizmo licences and widget tooling in 2023?", widget_costs, glossary)
    assert not answer.refused
    assert answer.source_value == pytest.approx(1160)
    assert {c.row_label for c in answer.citations} == {"Gizmo licences", "Widget tooling"}


def test_a_label_holding_a_measure_word_and_a_name_of_its_own_is_a_row_the_question_names(glossary):
    table = make_table(
        {"Stock-based awards": ("40", "25"), "Cash awards": ("10", "12")},
        columns=(("2023", USD_THOUSAND), ("2022", USD_THOUSAND)),
        unit=USD_THOUSAND,
        table_id="4-1",
        title="Awards",
    )
    answer = ask("How did stock-based awards change between 2022 and 2023?", table, glossary)
    assert not answer.refused and answer.source_value == pytest.approx(15)


def test_a_short_fiscal_year_is_a_year_and_no_name(glossary):
    question = analyse_question("What is the difference in gizmo revenue between FY23 and FY22?", glossary)
    assert question.years == (2023, 2022) and question.operation == "difference"
    assert "FY" not in question.entities
    table = make_table(
        {"Gizmo revenue": ("500", "460")},
        columns=(("FY23 USD thousand", USD_THOUSAND), ("FY221 USD thousand", USD_THOUSAND)),  # `1`: a footnote
        unit=USD_THOUSAND,
        table_id="5-1",
        title="Gizmo revenue",
    )
    answer = ask("What is the difference in gizmo revenue between FY23 and FY22?", table, glossary)
    assert answer.source_value == pytest.approx(40)


def test_a_date_in_the_question_is_no_name_but_a_month_alone_is(glossary):
    assert (
        analyse_question("What was the change in widget debt between June 30, 2022 and 2023?", glossary).entities == ()
    )
    assert "March" in analyse_question("How much widget debt was repaid from January to March?", glossary).entities


def test_share_based_and_shareholder_words_ask_no_percentage(glossary):
    for text in (
        "How much did share-based payroll change from 2022 to 2023?",
        "What were shareholder payouts in 2023?",
    ):
        assert analyse_question(text, glossary).asked == "amount"
    assert analyse_question("What share of widget costs was tooling in 2023?", glossary).asked == "percent"


def test_the_change_in_a_rate_row_is_in_points_and_a_count_may_be_printed_as_a_plain_number(glossary):
    rates = make_table(
        {"Widget return rate": ("4.5", "6.0")},
        columns=(("2023", PERCENT), ("2022", PERCENT)),
        unit=PERCENT,
        table_id="6-1",
        title="Widget returns",
    )
    rate = ask("How did the widget return rate change from 2022 to 2023?", rates, glossary)
    assert rate.source_value == pytest.approx(-1.5) and rate.unit == "percentage points"
    plain = Unit(raw="", label="")
    users = make_table(
        {"Active widget users": ("1,200", "1,050")},
        columns=(("2023", plain), ("2022", plain)),
        unit=plain,
        table_id="6-2",
        title="Widget users",
    )
    answer = ask("By how much did active widget users change in number between 2022 and 2023?", users, glossary)
    assert answer.source_value == pytest.approx(150)


@pytest.mark.parametrize(
    ("question", "phrases"),
    [
        ("What was widget tooling as a percentage of total costs in 2023?", ("widget tooling", "total costs")),
        ("What percentage of total costs was widget tooling in 2023?", ("widget tooling", "total costs")),
        ("What is the percentage of gizmo licences in total costs in 2022?", ("gizmo licences", "total costs")),
        ("What proportion of the fleet went to leasing?", None),
    ],
)
def test_a_part_and_its_whole_are_read_from_the_question(question, phrases):
    assert portion_phrases(question) == phrases


def test_a_part_as_a_percentage_of_its_whole_is_computed_from_two_rows_of_one_column(widget_costs, glossary):
    answer = ask("What percentage of total costs was widget tooling in 2022?", widget_costs, glossary)
    assert not answer.refused
    assert answer.source_value == pytest.approx(80.69, abs=0.01)  # 1,400 / 1,735
    assert {(c.row_label, c.column) for c in answer.citations} == {
        ("Widget tooling", "Fiscal 2022 (restated)1"),
        ("Total", "Fiscal 2022 (restated)1"),
    }


def test_a_table_printing_shares_is_read_not_recomputed(glossary):
    table = make_table(
        {"Tooling": ("1,250", "75.8"), "Licences": ("400", "24.2"), "Total": ("1,650", "100.0")},
        columns=(("Amount 2023", USD_THOUSAND), ("Share of total 2023", PERCENT)),
        unit=USD_THOUSAND,
        table_id="7-1",
        title="Gadget costs",
    )
    answer = ask("What percentage of total gadget costs was tooling in 2023?", table, glossary)
    assert answer.formula == "" and answer.source_value == pytest.approx(75.8)


@pytest.fixture(scope="module")
def gizmo_costs():
    """A made-up statement whose costs are printed in brackets (deductions), three years."""
    columns = (("2023", USD_THOUSAND), ("2022", USD_THOUSAND), ("2021", USD_THOUSAND))
    rows = {"Gizmo revenue": ("900", "800", "700"), "Gizmo servicing costs": ("(300)", "(200)", "(250)")}
    table = make_table(rows, columns=columns, unit=USD_THOUSAND, table_id="8-1", title="Gizmo results")
    costs = table.rows[1]
    printed = tuple(Cell(cell.text, parse_number(cell.text)) for cell in costs.cells)  # `(300)` is -300
    return replace(table, rows=(table.rows[0], replace(costs, cells=printed)))


def test_a_row_printed_in_brackets_grows_and_averages_by_its_size(gizmo_costs, glossary):
    grown = ask(
        "How large was the percentage change in gizmo servicing costs from 2022 to 2023?", gizmo_costs, glossary
    )
    assert grown.source_value == pytest.approx(50.0)  # 200 -> 300, not refused for a negative base
    average = ask("What was the average gizmo servicing costs in 2022 and 2023?", gizmo_costs, glossary)
    assert average.source_value == pytest.approx(250.0)


def test_a_change_naming_no_year_is_the_latest_year_against_the_one_before(gizmo_costs, glossary):
    change = ask("What was the change in gizmo revenue?", gizmo_costs, glossary)
    assert change.source_value == pytest.approx(100.0)
    assert {c.column for c in change.citations} == {"2023", "2022"}
    rate = ask("How large was the percentage change in gizmo revenue in 2022?", gizmo_costs, glossary)
    assert rate.source_value == pytest.approx(14.29, abs=0.01)  # 700 -> 800


def test_a_change_named_as_a_noun_with_one_year_is_its_amount_against_the_year_before(gizmo_costs, glossary):
    # the noun names X's change, in X's unit, even where the table prints X's figure of the year asked
    change = ask("What was the increase in gizmo revenue in 2022?", gizmo_costs, glossary)
    assert change.source_value == pytest.approx(100.0)  # 700 -> 800
    assert {c.column for c in change.citations} == {"2022", "2021"}
    assert analyse_question("What was the increase in gizmo revenue in 2022?", glossary).asked == "amount"
    # a percentage or a year-on-year word keeps a growth rate asked
    assert analyse_question("In 2022, gizmo revenue saw what year-on-year change?", glossary).asked == "percent"
    assert analyse_question("How much did gizmo revenue grow in 2022?", glossary).asked == "percent"


def test_a_percent_sign_before_change_asks_a_growth_rate(gizmo_costs, glossary):
    rate = ask("What is the % change in gizmo revenue from 2022 to 2023?", gizmo_costs, glossary)
    assert rate.source_value == pytest.approx(12.5)  # 800 -> 900


def test_the_total_over_years_named_is_their_sum_and_a_plain_list_is_listed(gizmo_costs, glossary):
    total = ask("What was the total gizmo revenue in 2022 and 2023?", gizmo_costs, glossary)
    assert total.source_value == pytest.approx(1700.0)
    assert {c.column for c in total.citations} == {"2023", "2022"}
    listed = ask("What was gizmo revenue in 2022 and 2023?", gizmo_costs, glossary)
    assert listed.spans == ("800", "900")
    assert analyse_question("How many gizmo lines were there in both 2022 and 2023?", glossary).operation != "sum"


def test_a_change_in_a_bracketed_cost_row_is_a_change_in_its_size(gizmo_costs, glossary):
    answer = ask("What was the change in gizmo servicing costs from 2022 to 2023?", gizmo_costs, glossary)
    assert answer.source_value == pytest.approx(100.0)  # costs of (300) after (200) rose by 100


def test_an_average_over_years_of_a_rate_row_or_a_plain_count(glossary):
    rates = make_table(
        {"Widget return rate": ("4.5", "6.0")},
        columns=(("2023", PERCENT), ("2022", PERCENT)),
        unit=PERCENT,
        table_id="9-1",
        title="Widget returns",
    )
    answer = ask("What was the average widget return rate for 2022 and 2023?", rates, glossary)
    assert answer.source_value == pytest.approx(5.25) and answer.unit == "%"
    plain = Unit(raw="", label="")
    users = make_table(
        {"Active widget users": ("1,200", "1,050")},
        columns=(("2023", plain), ("2022", plain)),
        unit=plain,
        table_id="9-2",
        title="Widget users",
    )
    answer = ask("What was the average number of active widget users in 2022 and 2023?", users, glossary)
    assert answer.source_value == pytest.approx(1125)


def test_a_part_named_in_two_blocks_is_taken_from_the_block_adding_up_to_the_whole(glossary):
    """Net additions first, then the totals they change: `Gizmos` of the block that adds up to the whole row."""
    rows = {
        "Net widget additions": ("40", "55"),
        "Gizmos": ("25", "30"),
        "Doodads": ("15", "25"),
        "Widgets in service": ("900", "860"),
        "Gizmos ": ("600", "575"),
        "Doodads ": ("300", "285"),
    }
    columns = (("2023", USD_THOUSAND), ("2022", USD_THOUSAND))
    table = make_table(rows, columns=columns, unit=USD_THOUSAND, table_id="4-1", title="Widget fleet")
    answer = ask("What percentage of widgets in service were Gizmos in 2023?", table, glossary)
    assert answer.source_value == pytest.approx(66.67, abs=0.01)  # 600 / 900, not 25 / 900


def test_an_average_of_a_measure_attributable_to_an_item_is_a_mean_not_a_value_per_item():
    from rag.read.question import averages_an_item

    assert averages_an_item(" what was the average gadget deal in 2022? ")
    assert not averages_an_item(" what is the average income attributable to the parent company? ")


def test_a_figure_named_by_a_rate_noun_is_a_percentage(glossary):
    rates = make_table(
        {"Expected gizmo volatility": ("48.5", "52.0"), "Gizmo discount rate": ("3.1", "2.7")},
        columns=(("December 31, 2023", PERCENT), ("December 31, 2022", PERCENT)),
        unit=PERCENT,
        table_id="9-4",
        title="Gizmo option assumptions",
    )
    answer = ask("What is the expected gizmo volatility as at December 31, 2023?", rates, glossary)
    assert answer.source_value == pytest.approx(48.5)
    assert analyse_question("What was the gizmo discount rate in 2022?", glossary).asked == "percent"
    # a rate naming how an amount was computed, or an exchange rate (a price), leaves the amount asked
    text = "What was the gizmo tax computed at the statutory rate in 2022?"
    assert analyse_question(text, glossary).asked == "amount"
    assert analyse_question("What was the gizmo exchange rate in 2022?", glossary).asked == "amount"


def test_a_restated_year_column_is_one_of_the_row_s_years(glossary):
    table = make_table(
        {"Gizmo fees": ("110.5", "120.7"), "Widget fees": ("40.9", "40.0")},
        columns=(("31 March 2023 $M", USD_THOUSAND), ("31 March 2022 Restated See note 2 $M", USD_THOUSAND)),
        unit=USD_THOUSAND,
        table_id="9-5",
        title="Gizmo fees",
    )
    answer = ask("In which year were gizmo fees larger?", table, glossary)
    assert answer.spans == ("2022",) and len(answer.citations) == 2


def test_a_bracketed_row_naming_no_deduction_averages_and_changes_as_a_negative(glossary):
    """A made-up cash flow statement: outflows printed in brackets under labels that name no loss or cost are
    negative figures, and so are their mean and change; a row naming a cost averages and changes by its size."""
    columns = (("2023", USD_THOUSAND), ("2022", USD_THOUSAND))
    rows = {"Net cash from sprocket investing": ("(1,200)", "(800)"), "Sprocket freight costs": ("(300)", "(100)")}
    table = make_table(rows, columns=columns, unit=USD_THOUSAND, table_id="7-1", title="Sprocket cash flows")
    printed = [replace(row, cells=tuple(Cell(c.text, parse_number(c.text)) for c in row.cells)) for row in table.rows]
    flows = replace(table, rows=tuple(printed))  # `(1,200)` is -1,200
    invested = ask("What was the average net cash from sprocket investing for 2022 and 2023?", flows, glossary)
    assert invested.source_value == pytest.approx(-1000)
    freight = ask("What was the average sprocket freight costs for 2022 and 2023?", flows, glossary)
    assert freight.source_value == pytest.approx(200)
    # the same holds for a change: an outflow printed in brackets falls by its signed change, a cost grows by its size
    invested = ask("What change was there in net cash from sprocket investing from 2022 to 2023?", flows, glossary)
    assert invested.source_value == pytest.approx(-400)
    freight = ask("What was the change in sprocket freight costs from 2022 to 2023?", flows, glossary)
    assert freight.source_value == pytest.approx(200)
    gap = ask("What was the difference in sprocket freight costs between 2023 and 2022?", flows, glossary)
    assert gap.source_value == pytest.approx(200)


def test_a_row_naming_its_negative_in_brackets_is_signed_not_a_deduction(glossary):
    """`Sprocket income (loss)` printed (50) after (120): the income rose by 70; its mean is -85."""
    columns = (("2023", USD_THOUSAND), ("2022", USD_THOUSAND))
    table = make_table(
        {"Sprocket income (loss)": ("(50)", "(120)")},
        columns=columns,
        unit=USD_THOUSAND,
        table_id="7-2",
        title="Sprocket results",
    )
    printed = [replace(row, cells=tuple(Cell(c.text, parse_number(c.text)) for c in row.cells)) for row in table.rows]
    results = replace(table, rows=tuple(printed))
    change = ask("What was the change in sprocket income (loss) from 2022 to 2023?", results, glossary)
    assert change.source_value == pytest.approx(70)
    average = ask("What was the average sprocket income (loss) for 2022 and 2023?", results, glossary)
    assert average.source_value == pytest.approx(-85)
