"""Near misses by span of time, by the whole of a share, by the item of a `respectively` list and by the kind of a
difference: made-up reports and questions only; each constraint has a case it refuses and one it lets through."""

from __future__ import annotations

from dataclasses import replace

from rag.read.alignment import misalignment, whole_asked_zh
from rag.read.period_span import other_span, spans_named
from rag.read.question import analyse_question
from rag.read.respective import respective_items
from rag.text.numbers import extract_quantities
from rag.types import Answer, Chunk, Citation, Fact
from tests.builders import PERCENT, USD_1E8, prose_chunk, stored_index

FILLER = [prose_chunk(f"Developing economies invested in the widget sector of region {i}.", i) for i in range(60)]


def prose_answer(question: str, sentence: str, value_text: str, value: float, glossary, kind="percent", chunk=None):
    """What `misalignment` makes of a looked-up prose figure (`value_text` of `sentence`) given for `question`."""
    unit = PERCENT if value_text.endswith("%") else USD_1E8
    fact = Fact("t.txt", "prose", value, value_text, kind, "", 3, unit=unit, clause=sentence)
    chunk_id = chunk.id if chunk is not None else ""
    citation = Citation(1, "t.txt", "", sentence, 3, 3, chunk_id=chunk_id, value_text=value_text)
    index = stored_index([], [*FILLER, *([chunk] if chunk is not None else [])], [fact])
    answer = Answer(question, "…", (citation,), value=value, source_value=value)
    return misalignment(analyse_question(question, glossary), answer, index, glossary)


def constraint(unmet) -> str | None:
    return unmet.constraint if unmet is not None else None


def test_spans_are_read_from_words_and_chinese_months():
    assert spans_named("How much did exports grow from January to April?") == {"part_year"}
    assert spans_named("今年1至4月出口增长了多少？") == {"part_year"}
    assert spans_named("the average annual growth rate was 5.3% over the past five years") == {"average_years"}
    assert spans_named("exports rose 4% year on year") == {"one_year"}
    assert spans_named("exports reached USD 9 billion in 2031") == frozenset()
    assert other_span("今年1至4月出口增长了多少？", "年均增长5.3%") == ("part_year", "average_years")
    assert other_span("今年1至4月，出口同比增幅几何？", "1至4月同比增长5.3%") is None
    assert other_span("How large was the average annual growth?", "up 4% year on year") == ("average_years", "one_year")
    assert other_span("How large was the average annual growth?", "up 4% from 2030 to 2035") is None


def test_an_average_over_years_does_not_answer_for_some_months(glossary):
    sentence = "The average annual growth of Zembla's widget exports was 5.3% over the past five years."
    question = "How much did Zembla's widget exports grow from January to April this year?"
    assert constraint(prose_answer(question, sentence, "5.3%", 5.3, glossary, "growth")) == "span"
    months = "From January to April, Zembla's widget exports grew 5.3%."
    assert constraint(prose_answer(question, months, "5.3%", 5.3, glossary, "growth")) is None
    average = "Over the past five years, what average annual growth did Zembla's widget exports have?"
    assert constraint(prose_answer(average, sentence, "5.3%", 5.3, glossary, "growth")) is None
    yearly = "Zembla's widget exports grew 5.3% year on year in 2031."
    assert constraint(prose_answer(average, yearly, "5.3%", 5.3, glossary, "growth")) == "span"


def test_a_chinese_share_question_names_its_whole(glossary):
    question = "到2031年，泽姆布拉小工具贸易占全市GDP比重将达到多少？"
    assert whole_asked_zh(analyse_question(question, glossary)) == "全市GDP"
    other = "By 2031 Zembla's widget trade will account for 77% of that of the gadget trade."
    assert constraint(prose_answer(question, other, "77%", 77.0, glossary)) == "whole"
    same = "By 2031 Zembla's widget trade will account for 77% of the city's GDP."
    assert constraint(prose_answer(question, same, "77%", 77.0, glossary)) is None
    # a whole with Chinese words the glossary does not know is not held against any figure
    unknown = "到2031年，泽姆布拉小工具贸易占全市小玩意产值比重将达到多少？"
    assert constraint(prose_answer(unknown, other, "77%", 77.0, glossary)) is None


CRATES = "In 2031, the number of crates shipped and the value of widgets rose by 1.4 times and 58% respectively."


def test_a_respectively_list_pairs_figures_that_lead_up_to_it_or_follow_it():
    def items(sentence: str):
        paired = respective_items(sentence, extract_quantities(sentence), lambda quantity: "figure")
        return [item.strip() for item in paired[1]] if paired else None

    assert items(CRATES) == ["the number of crates shipped", "the value of widgets rose by"]
    assert items("Gadgets, widgets and gears respectively made up 47.3%, 55.2% and 49.0%.") == [
        "Gadgets",
        "widgets",
        "gears",
    ]
    assert items("Exports rose 5% and imports 3%, respectively.") is None
    led = "Gears, bolts and nuts, with sales of 4.1, 2.2 and 1.3 billion respectively."
    assert items(led) == ["Gears", "bolts", "nuts"]  # the clause carrying the figures is no item


def test_a_figure_of_another_item_of_a_respectively_list_does_not_answer(glossary):
    sentence = CRATES
    unmet = prose_answer(
        "In percent, how much did the output value of Zembla's parks grow in 2031?", sentence, "58%", 58.0, glossary
    )
    assert constraint(unmet) == "item" and unmet.found == "the value of widgets"
    assert (unmet.refusal({}).entity, unmet.refusal({}).found) == ("", "the value of widgets")  # said as is
    asked = "By what percentage did the value of widgets grow in 2031?"
    assert constraint(prose_answer(asked, sentence, "58%", 58.0, glossary)) is None


def test_a_difference_of_amounts_is_no_difference_in_percentage_points(glossary):
    sentence = "Widget sales grew from USD 18.6 billion in 2030 to USD 32.2 billion in 2035."
    question = "From 2030 to 2035, widget sales outgrew gadget sales by how many percentage points?"
    facts = [
        Fact("t.txt", "prose", value, text, "amount", "", 3, unit=USD_1E8, clause=sentence)
        for value, text in ((18.6, "USD 18.6 billion"), (32.2, "USD 32.2 billion"))
    ]
    citation = Citation(1, "t.txt", "", sentence, 3, 3)
    answer = Answer(question, "…", (citation,), value=13.6, formula="32.2 − 18.6 = 13.6", source_value=13.6)
    unmet = misalignment(analyse_question(question, glossary), answer, stored_index([], FILLER, facts), glossary)
    assert constraint(unmet) == "kind"
    rates = [replace(fact, kind="growth", unit=PERCENT) for fact in facts]
    unmet = misalignment(analyse_question(question, glossary), answer, stored_index([], FILLER, rates), glossary)
    assert constraint(unmet) is None


def test_a_title_cut_short_after_export_still_names_both_ways_of_trade(glossary):
    """`import and expor` (a title cut short) is a stem of `import and export`: it names no imports alone."""
    sentence = "Zembla's widget outsourcing grew at an average annual rate of 11.7% from 2030 to 2035."
    chunk = Chunk("t.txt", "prose", sentence, 3, 3, (), title="Zembla's annual import and expor")
    question = "How fast did Zembla's foreign trade grow on average each year from 2030 to 2035?"
    assert constraint(prose_answer(question, sentence, "11.7%", 11.7, glossary, "growth", chunk)) != "flow"


def test_foreign_investment_actually_used_is_an_inflow(glossary):
    """A report whose title is about outward investment does not answer for foreign investment actually used."""
    sentence = "Zembla's private investors put in USD 7 billion, up 1.5% from a year earlier."
    question = "How much did Zembla's actual use of foreign investment grow this year?"
    outward = Chunk("t.txt", "prose", sentence, 3, 3, (), title="Zembla's outward investment report")
    assert constraint(prose_answer(question, sentence, "1.5%", 1.5, glossary, "growth", outward)) == "flow"
    inward = Chunk("t.txt", "prose", sentence, 3, 3, (), title="Zembla's inward investment report")
    assert constraint(prose_answer(question, sentence, "1.5%", 1.5, glossary, "growth", inward)) is None


def test_an_answer_without_a_figure_meets_a_direction_any_cited_passage_names(glossary):
    """A quoted answer (a service, a name) has no figure's own words: the direction is met when any of its passages
    names it, though another cited passage's figure is of exports."""
    named = "Zembla's widget labs enjoy services such as tax relief for imported tools and fast visas."
    other = "Zembla's widget exports made up 94.7% of the total."
    fact = Fact("t.txt", "prose", 94.7, "94.7%", "percent", "", 4, unit=PERCENT, clause=other)
    index = stored_index([], FILLER, [fact])
    question = "Besides tax relief for imported tools, what service do Zembla's widget labs enjoy?"
    lines = {named: 3, other: 4}
    for passages, expected in (((named, other), None), ((other,), "flow")):
        citations = tuple(Citation(1, "t.txt", "", quote, lines[quote], lines[quote]) for quote in passages)
        answer = Answer(question, "…", citations)
        assert constraint(misalignment(analyse_question(question, glossary), answer, index, glossary)) == expected


def test_a_cell_of_a_flow_table_does_not_answer_for_a_stock(glossary):
    def cell(title: str, question: str):
        fact = Fact(
            "t.txt",
            "table",
            163.5,
            "163.5",
            "amount",
            "",
            10,
            unit=USD_1E8,
            table_id="1-1",
            table_title=title,
            row=("Zembla",),
            column=("Value",),
        )
        citation = Citation(1, "t.txt", "", "row", 10, 10, table_id="1-1", column="Value", value_text="163.5")
        answer = Answer(question, "…", (citation,), value=163.5, source_value=163.5)
        return misalignment(analyse_question(question, glossary), answer, stored_index([], FILLER, [fact]), glossary)

    question = "What was the stock of widget investment in Zembla at the end of 2031?"
    assert constraint(cell("Table 1-1: widget investment flows by destination", question)) == "measure"
    assert constraint(cell("Table 1-1: widget investment stocks by destination", question)) is None
    assert constraint(cell("Table 1-1: widget investment by destination", question)) is None
    both = "What were the stock and the flow of widget investment in Zembla at the end of 2031?"
    assert constraint(cell("Table 1-1: widget investment flows by destination", both)) is None
    # a measure set aside (`not the flow`) is not asked: the flow table does not answer
    negated = "What was the stock, not the flow, of widget investment in Zembla at the end of 2031?"
    assert constraint(cell("Table 1-1: widget investment flows by destination", negated)) == "measure"


def test_a_share_of_another_part_does_not_answer(glossary):
    """`the proportion of gear casting will exceed 40%` is gear casting's share of widget output, not spring
    making's; words of the whole asked (`widget output`) do not name the part."""
    sentence = (
        "Zembla's widget output will reach USD 9 billion, of which the proportion of gear casting will exceed 40%."
    )
    unmet = prose_answer("What share of Zembla's widget output was spring pressing?", sentence, "40%", 40.0, glossary)
    assert constraint(unmet) == "item" and unmet.found == "gear casting"
    asked = "What share of Zembla's widget output was gear casting?"
    assert constraint(prose_answer(asked, sentence, "40%", 40.0, glossary)) is None


def test_a_part_named_by_its_abbreviation_is_named(glossary):
    """`IT` in the question names `information technology` in the report's sentence."""
    sentence = "Zembla's widget output reached USD 9 billion, of which the share of information technology was 40%."
    asked = "What share of Zembla's widget output was IT at least?"
    assert constraint(prose_answer(asked, sentence, "40%", 40.0, glossary)) is None
    other = "What share of Zembla's widget output was spring pressing?"
    assert constraint(prose_answer(other, sentence, "40%", 40.0, glossary)) == "item"


def test_a_figure_over_several_years_does_not_answer_for_this_year():
    from rag.read.period_span import other_span, spans_named

    assert spans_named("今年Zembla已落地多少个工厂？") == {"this_year"}
    assert spans_named("今年1至4月Zembla出口多少？") == {"part_year"}
    assert spans_named("Over the past five years, Zembla built 250 plants.") == {"over_years"}
    given = "Over the past five years, Zembla built more than 250 plants."
    assert other_span("今年Zembla已落地多少个工厂？", given) == ("this_year", "over_years")
    assert other_span("How many plants did Zembla build this year?", given) == ("this_year", "over_years")
    assert other_span("How many plants did Zembla build over the past five years?", given) is None
    assert other_span("How many plants did Zembla build?", given) is None  # the question names no span
