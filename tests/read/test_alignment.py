"""Refusal by alignment: an answer's cited facts must meet the question's constraints. Made-up tables, facts and
questions only; each constraint has a case it refuses and a case it lets through."""

from __future__ import annotations

from dataclasses import replace

from rag.read.alignment import Cited, alignment_words, goods_asked, misalignment, names_group, qualifier_unmet
from rag.read.question import analyse_question
from rag.types import Answer, Citation, Fact, Unit
from tests.builders import PERCENT, USD_1E8, ask_table, make_table, prose_chunk, stored_index

# Passages that make `sector`, `developing` and `widget` common words of the index, so that only a word few
# passages hold (`semiconductor`) narrows a question.
FILLER = [prose_chunk(f"Developing economies invested in the widget sector of region {i}.", i) for i in range(60)]


def cell_citation(fact: Fact, column: str) -> Citation:
    return Citation(
        1, fact.doc_name, "", "row", fact.line, fact.line, table_id=fact.table_id, column=column, value_text=fact.text
    )


def table_fact(row: str, column: str, value: float, kind: str = "amount", periods=(), title: str = "Widgets") -> Fact:
    return Fact(
        "t.txt",
        "table",
        value,
        f"{value}",
        kind,
        "",
        10,
        unit=USD_1E8,
        periods=periods,
        table_id="1-1",
        table_title=title,
        row=(row,),
        column=(column,),
    )


def answer_citing(question: str, fact: Fact, column: str) -> Answer:
    return Answer(question, "…", (cell_citation(fact, column),), value=fact.value, source_value=fact.value)


def check(question: str, fact: Fact, column: str, glossary):
    index = stored_index([], FILLER, [fact])
    parsed = analyse_question(question, glossary)
    return misalignment(parsed, answer_citing(question, fact, column), index, glossary)


def test_a_figure_of_another_period_is_refused_and_the_asked_one_passes(glossary):
    fact = table_fact("制造业", "2021", 5.0, periods=(2021,))
    assert check("What was manufacturing's value in 2022?", fact, "2021", glossary).constraint == "period"
    assert check("What was manufacturing's value in 2021?", fact, "2021", glossary) is None


def test_a_rank_does_not_answer_an_amount_and_a_share_does_not_answer_a_growth_question(glossary):
    rank = table_fact("Freedonia", "排名", 3.0, kind="rank")
    assert check("How much did Freedonia invest abroad?", rank, "排名", glossary).constraint == "kind"
    share = replace(table_fact("Freedonia", "比重", 4.5, kind="percent"), unit=PERCENT)
    unmet = check("How fast did Freedonia's investment grow year on year?", share, "比重", glossary)
    assert (unmet.constraint, unmet.asked, unmet.found) == ("kind", "growth", "share")
    assert check("What share of the investment went to Freedonia?", share, "比重", glossary) is None


def test_a_world_question_is_not_answered_by_a_china_figure(glossary):
    fact = table_fact("合计", "2022", 9.0, periods=(2022,), title="China's widget exports")
    assert check("What were global widget exports in 2022?", fact, "2022", glossary).constraint == "scope"


def test_a_table_of_chinas_investment_does_not_answer_for_the_destination_itself(glossary):
    fact = table_fact("非洲", "金额", 18.0, title="China's widget investment by continent")
    unmet = check("What were Africa's widget outflows?", fact, "金额", glossary)
    assert unmet.constraint == "actor"
    assert check("What did China invest in Africa's widget sector?", fact, "金额", glossary) is None


def test_a_part_of_the_row_asked_for_is_refused(glossary):
    table = make_table({"制造业": ["100.5", "120.0", "19.4"]}, title="Widget investment by industry")
    answer = ask_table("2022年医药制造业的投资是多少？", table, glossary)
    assert answer.refused and answer.value is None
    assert not ask_table("2022年制造业的投资是多少？", table, glossary).refused


def test_a_qualifier_the_cited_figure_does_not_name_is_refused(glossary):
    fact = table_fact("发展中经济体", "数量 2022", 6800.0, periods=(2022,), title="Widget projects by economy")
    index = stored_index([], FILLER, [fact])
    question = analyse_question("How many semiconductor widget projects did developing economies announce?", glossary)
    answer = answer_citing(question.text, fact, "数量 2022")
    cited = [Cited(answer.citations[0], (fact,))]
    unmet = qualifier_unmet(question, answer, cited, index, glossary)
    assert unmet is not None and unmet.asked == "semiconductor"
    named = replace(fact, row=("半导体",))
    assert qualifier_unmet(question, answer, [Cited(answer.citations[0], (named,))], index, glossary) is None


def test_the_refusal_names_the_unmet_constraint_and_carries_no_number(glossary):
    table = make_table({"非洲": ["10.0", "18.1", "-63.7"]}, title="China's widget investment by continent")
    answer = ask_table("What were Africa's widget outflows in 2022?", table, glossary)
    assert answer.refused and answer.value is None
    assert "Africa" in answer.text and not any(ch.isdigit() for ch in answer.text)
    assert any("near:" in note for note in answer.notes)


def test_an_answer_citing_no_fact_is_left_alone(glossary):
    question = analyse_question("What was manufacturing's value in 2022?", glossary)
    answer = Answer(question.text, "…", (), value=1.0, source_value=1.0)
    assert misalignment(question, answer, stored_index([], []), glossary) is None


def test_scope_words_are_data():
    assert "world" in alignment_words()["scope_world"]
    assert names_group("全球直接投资", "scope_world") and not names_group("the worldly", "scope_china")


def test_unit_of_facts_is_kept(glossary):
    fact = replace(table_fact("制造业", "2022", 1.0, periods=(2022,)), unit=Unit("x", kind="count"))
    assert check("What was manufacturing's value in 2022?", fact, "2022", glossary) is None


def test_a_prose_share_does_not_answer_a_growth_question(glossary):
    sentence = "In 2022 widget exports reached USD 3 billion, accounting for 4.8% of all exports."
    fact = Fact(
        "t.txt", "prose", 4.8, "4.8%", "percent", "", 3, unit=PERCENT, clause="accounting for 4.8% of all exports"
    )
    citation = Citation(1, "t.txt", "", sentence, 3, 3, value_text="4.8%")
    index = stored_index([], FILLER, [fact])
    for question, constraint in (
        ("How fast did widget exports grow in 2022?", "kind"),
        ("What share of exports were widgets in 2022?", None),
    ):
        answer = Answer(question, "…", (citation,), value=4.8, source_value=4.8)
        unmet = misalignment(analyse_question(question, glossary), answer, index, glossary)
        assert (unmet.constraint if unmet else None) == constraint


def test_a_count_in_words_is_no_qualifier(glossary):
    fact = table_fact("天津港", "吞吐量", 2218.7, title="Widget ports")
    assert check("What was the total throughput of the seven widget ports?", fact, "吞吐量", glossary) is None


def prose_answer(question: str, sentence: str, clause: str, text: str, value: float, glossary):
    fact = Fact("t.txt", "prose", value, text, "amount", "", 3, clause=clause)
    citation = Citation(1, "t.txt", "", sentence, 3, 3, value_text=text)
    answer = Answer(question, "…", (citation,), value=value, source_value=value)
    return misalignment(analyse_question(question, glossary), answer, stored_index([], FILLER, [fact]), glossary)


def test_a_prose_figure_bound_to_a_place_the_question_does_not_name_is_refused(glossary):
    sentence = "Widget makers invested abroad in 2022: Asia USD 13 million, Africa USD 12 million."
    unmet = prose_answer(
        "How much did widget makers invest abroad in the gadget sector in 2022?",
        sentence,
        "Africa USD 12 million",
        "USD 12 million",
        12.0,
        glossary,
    )
    assert unmet is not None and unmet.constraint == "place"
    asked = prose_answer(
        "How much did widget makers invest in Africa in 2022?",
        sentence,
        "Africa USD 12 million",
        "USD 12 million",
        12.0,
        glossary,
    )
    assert asked is None


def test_a_currency_or_a_respectively_list_binds_no_place(glossary):
    assert (
        prose_answer(
            "How much did widget makers invest abroad in 2022?",
            "Widget makers invested US$12 million in 2022.",
            "Widget makers invested US$12 million in 2022",
            "US$12 million",
            12.0,
            glossary,
        )
        is None
    )
    sentence = (
        "Widget makers invested in Japan, Chile and Peru, USD 3 million, USD 2 million and USD 1 million respectively."
    )
    unmet = prose_answer(
        "How much did widget makers invest in Japan?", sentence, "Peru, USD 3 million", "USD 3 million", 3.0, glossary
    )
    assert unmet is None


def test_an_entity_narrower_than_the_cited_row_is_refused(glossary):
    fact = table_fact("制造业", "2022", 120.0, periods=(2022,))
    unmet = check("How much went to Pharmaceutical Manufacturing in 2022?", fact, "2022", glossary)
    assert (unmet.constraint, unmet.found) == ("specific", "制造业 (manufacturing)")
    assert check("How much went to Manufacturing in 2022?", fact, "2022", glossary) is None


def test_words_the_cell_itself_holds_do_not_narrow_its_row(glossary):
    """The entity's extra words are in the cell's section, column or title, or name only a kind of thing."""
    sectioned = replace(table_fact("Federal", "2022", 26.0, periods=(2022,)), row=("Current", "Federal"))
    assert check("In 2022, how large was the Current Federal provision?", sectioned, "2022", glossary) is None
    titled = table_fact("Westland", "2022", 47.0, periods=(2022,), title="Gizmo revenue by region")
    assert check("What was the Westland Revenue in 2022?", titled, "2022", glossary) is None
    generic = table_fact("Foreign", "2022", 88.0, periods=(2022,), title="Widget income by origin")
    assert check("How much income came from Foreign countries in 2022?", generic, "2022", glossary) is None
    plain = table_fact("Westland", "2022", 47.0, periods=(2022,), title="Financial data")
    assert check("What share of total sales were Westland Sales in 2022?", plain, "2022", glossary) is None
    other = table_fact("Westland", "2022", 47.0, periods=(2022,), title="Gizmo revenue by region")
    unmet = check("What was the Westland Harbour Revenue in 2022?", other, "2022", glossary)
    assert unmet is not None and unmet.constraint == "specific"


def test_a_bare_percent_column_tells_no_rate_kind(glossary):
    """A `%` column says neither share nor growth: only a cell whose own labels name the other kind is refused."""
    bare = replace(table_fact("Gizmos", "%", 7.2, kind="percent"), unit=PERCENT)
    assert check("What growth rate did Gizmos have?", bare, "%", glossary) is None
    growth = replace(table_fact("Gizmos", "Growth (%)", 7.2, kind="growth"), unit=PERCENT)
    unmet = check("What share of the total did Gizmos account for?", growth, "Growth (%)", glossary)
    assert (unmet.constraint, unmet.asked, unmet.found) == ("kind", "share", "growth")


def test_an_answer_over_several_rows_is_no_lookup(glossary):
    rows = [table_fact(label, "排名", float(rank), kind="rank") for rank, label in enumerate(("甲", "乙", "丙"), 1)]
    rows = [replace(fact, line=10 + i) for i, fact in enumerate(rows)]
    question = "How many widget economies among the top three are large?"
    citations = tuple(cell_citation(fact, "排名") for fact in rows)
    answer = Answer(question, "…", citations, value=2.0, source_value=2.0)  # a count that equals one row's rank
    index = stored_index([], FILLER, rows)
    assert misalignment(analyse_question(question, glossary), answer, index, glossary) is None


def test_an_entity_named_only_after_the_figures_clause_is_unmet(glossary):
    question = "2022年电气设备的产出是多少？"
    after = "In 2022 widget output reached USD 5 billion, mainly in electrical equipment and cars."
    unmet = prose_answer(question, after, "In 2022 widget output reached USD 5 billion", "USD 5 billion", 5.0, glossary)
    assert unmet is not None and unmet.constraint == "entity"
    before = "In 2022 electrical equipment output reached USD 5 billion."
    clause = "In 2022 electrical equipment output reached USD 5 billion."
    assert prose_answer(question, before, clause, "USD 5 billion", 5.0, glossary) is None
    aside = "In 2022 output of USD 5 billion came from the Alpha and Beta lines in electrical equipment."
    head = "In 2022 output of USD 5 billion came from the Alpha"
    assert prose_answer(question, aside, head, "USD 5 billion", 5.0, glossary) is None  # no part, no other figure


def test_a_port_is_not_named_by_another_ports_table_row(glossary):
    """`Port of Dalian` shares only `port` with `Port of Tianjin`: a table of other ports does not answer for it."""
    from tests.builders import make_table

    teu = Unit(raw="10,000 TEU", label="10,000 TEU", kind="other", scale=1e4, base="TEU")
    ports = make_table(
        {"天津港": ("2217", "5.0"), "深圳港": ("2988", "3.0")},
        columns=(("吞吐量", teu), ("增长率", PERCENT)),
        unit=teu,
        title="2031年部分港口集装箱吞吐量",
        label_header="港口",
    )
    answer = ask_table("2031年大连港集装箱吞吐量为多少？", ports, glossary)
    assert answer.refused and answer.value is None


def test_a_figure_of_people_does_not_answer_a_question_of_money(glossary):
    sentence = "In 2022, 2,514 widget workers were sent abroad, an increase of 11%."
    fact = Fact("t.txt", "prose", 11.0, "11%", "growth", "", 3, unit=PERCENT, clause="an increase of 11%")
    citation = Citation(1, "t.txt", "", sentence, 3, 3, value_text="11%")
    index = stored_index([], FILLER, [fact])
    for question, constraint in (
        ("How fast did Freedonia's widget investment abroad grow in 2022?", "subject"),
        ("How fast did the number of widget workers sent abroad grow in 2022?", None),
    ):
        answer = Answer(question, "…", (citation,), value=11.0, source_value=11.0)
        unmet = misalignment(analyse_question(question, glossary), answer, index, glossary)
        assert (unmet.constraint if unmet else None) == constraint


def test_a_kind_of_goods_the_trade_flow_is_of_must_be_named_by_the_figure(glossary):
    sentence = "Freedonia's exports reached USD 43 billion in 2022."
    fact = Fact("t.txt", "prose", 43.0, "USD 43 billion", "amount", "", 3, clause=sentence)
    citation = Citation(1, "t.txt", "", sentence, 3, 3, value_text="USD 43 billion")
    index = stored_index([], FILLER, [fact])
    for question, constraint in (
        ("What were Freedonia's zircon gear exports in 2022?", "qualifier"),
        ("What were Freedonia's exports in 2022?", None),
    ):
        answer = Answer(question, "…", (citation,), value=43.0, source_value=43.0)
        unmet = misalignment(analyse_question(question, glossary), answer, index, glossary)
        assert (unmet.constraint if unmet else None) == constraint
    asked = goods_asked(analyse_question("How much did Freedonia's zircon gear exports grow?", glossary))
    assert asked == (("zircon gear", "zircon gear exports"),)


def test_an_investment_figure_does_not_answer_a_question_about_taxes_paid(glossary):
    sentence = "By 2031, the total investment of the Zembla widget zones had reached USD 84 million."
    fact = Fact("t.txt", "prose", 84.0, "USD 84 million", "amount", "", 3, clause=sentence)
    citation = Citation(1, "t.txt", "", sentence, 3, 3, value_text="USD 84 million")
    index = stored_index([], FILLER, [fact])
    for question, constraint in (
        ("How much in taxes had the Zembla widget zones paid by 2031?", "subject"),
        ("截至2031年，泽姆布拉小工具园区缴纳了多少税费？", "subject"),
        ("How much had the Zembla widget zones invested by 2031?", None),
    ):
        answer = Answer(question, "…", (citation,), value=84.0, source_value=84.0)
        unmet = misalignment(analyse_question(question, glossary), answer, index, glossary)
        assert (unmet.constraint if unmet else None) == constraint


def test_an_investment_figure_does_not_answer_a_question_about_outsourcing_executed(glossary):
    sentence = "By 2031, the foreign investment of Zembla in widget software services reached USD 8.4 billion."
    fact = Fact("t.txt", "prose", 8.4, "USD 8.4 billion", "amount", "", 3, clause=sentence)
    citation = Citation(1, "t.txt", "", sentence, 3, 3, value_text="USD 8.4 billion")
    index = stored_index([], FILLER, [fact])
    for question, constraint in (
        ("泽姆布拉小工具软件外包2031年执行额有多大？", "subject"),
        ("In 2031, how large was the executed amount of Zembla's widget software outsourcing?", "subject"),
        ("How much had Zembla invested in widget software services by 2031?", None),
    ):
        answer = Answer(question, "…", (citation,), value=8.4, source_value=8.4)
        unmet = misalignment(analyse_question(question, glossary), answer, index, glossary)
        assert (unmet.constraint if unmet else None) == constraint
    executed = "By 2031, the executed amount of Zembla's widget outsourcing reached USD 8.4 billion."
    fact = Fact("t.txt", "prose", 8.4, "USD 8.4 billion", "amount", "", 3, clause=executed)
    citation = Citation(1, "t.txt", "", executed, 3, 3, value_text="USD 8.4 billion")
    question = "How large was the executed amount of Zembla's widget outsourcing in 2031?"
    answer = Answer(question, "…", (citation,), value=8.4, source_value=8.4)
    unmet = misalignment(analyse_question(question, glossary), answer, stored_index([], FILLER, [fact]), glossary)
    assert unmet is None or unmet.constraint != "subject"


# Passages that make `Zembla` a common word of the index and `Post` a rare one.
ZEMBLA = [prose_chunk(f"Zembla reported its widget figures for district {i}.", 100 + i) for i in range(30)]
POSTAL = [prose_chunk("Zembla Post delivered parcels to every district.", 200)]


def prose_check(question: str, sentence: str, value_text: str, value: float, glossary, chunks=()):
    fact = Fact("t.txt", "prose", value, value_text, "amount", "", 3, clause=sentence)
    chunk = prose_chunk(sentence)
    citation = Citation(1, "t.txt", chunk.id, sentence, 3, 3, value_text=value_text)
    index = stored_index([], [*FILLER, *ZEMBLA, *POSTAL, chunk, *chunks], [fact])
    answer = Answer(question, "…", (citation,), value=value, source_value=value)
    return misalignment(analyse_question(question, glossary), answer, index, glossary)


def test_a_name_found_only_by_its_common_word_is_unmet(glossary):
    """`Zembla Post` is not named by a sentence about Zembla: `Post`, which few passages hold, is what tells it from
    everything else about Zembla."""
    question = "What revenue did Zembla Post earn in 2031?"
    unmet = prose_check(
        question, "Zembla's widget makers earned USD 7 billion in 2031.", "USD 7 billion", 7.0, glossary
    )
    assert unmet is not None and (unmet.constraint, unmet.asked) == ("entity", "Zembla Post")
    named = "Zembla Post earned USD 7 billion in 2031."
    assert prose_check(question, named, "USD 7 billion", 7.0, glossary) is None
    aliased = "What revenue did Zembla Post (the mail office) earn in 2031?"
    other_name = "In Zembla, the mail office earned USD 7 billion in 2031."
    assert prose_check(aliased, other_name, "USD 7 billion", 7.0, glossary) is None


def test_a_good_the_question_names_must_be_named_by_the_figure(glossary):
    """A good or technology of the glossary (category `product`: potash) narrows the question in either language;
    a figure of all investment is a near miss."""
    total = "Zembla invested USD 5 billion abroad in 2031."
    for question in ("How much did Zembla invest in potash abroad in 2031?", "2031年泽姆布拉对境外钾肥的投资是多少？"):
        unmet = prose_check(question, total, "USD 5 billion", 5.0, glossary)
        assert unmet is not None and unmet.constraint == "qualifier", question
    named = "Zembla invested USD 5 billion in potash abroad in 2031."
    assert (
        prose_check("How much did Zembla invest in potash abroad in 2031?", named, "USD 5 billion", 5.0, glossary)
        is None
    )


def test_a_computed_figure_of_the_whole_does_not_answer_for_a_part(glossary):
    """A growth rate computed from two rows of totals is no growth rate of the good the question names."""
    facts = [
        replace(table_fact("合计", str(year), value, periods=(year,)), line=10 + i)
        for i, (year, value) in enumerate(((2030, 40.0), (2031, 50.0)))
    ]
    index = stored_index([], FILLER, facts)
    citations = tuple(cell_citation(fact, str(fact.periods[0])) for fact in facts)
    for question, constraint in (
        ("How much did Zembla's potash investment grow from 2030 to 2031?", "qualifier"),
        ("How much did Zembla's widget investment grow from 2030 to 2031?", None),
    ):
        answer = Answer(question, "…", citations, value=25.0, source_value=25.0, formula="(50 − 40) / 40")
        unmet = misalignment(analyse_question(question, glossary), answer, index, glossary)
        assert (unmet.constraint if unmet else None) == constraint


def test_a_share_worked_out_from_a_sentence_that_names_no_qualifier_is_refused(glossary):
    sentence = "In 2031 Zembla signed 27 widget contracts, 25 of them abroad."
    facts = [
        Fact("t.txt", "prose", value, text, "count", "", 3, clause=sentence)
        for value, text in ((27.0, "27"), (25.0, "25"))
    ]
    citation = Citation(1, "t.txt", "", sentence, 3, 3)
    index = stored_index([], FILLER, facts)
    for question, constraint in (
        ("What share of Zembla's potash contracts in 2031 were signed abroad?", "qualifier"),
        ("What share of Zembla's widget contracts in 2031 were signed abroad?", None),
    ):
        answer = Answer(question, "…", (citation,), value=92.6, source_value=92.6, formula="25 / 27")
        unmet = misalignment(analyse_question(question, glossary), answer, index, glossary)
        assert (unmet.constraint if unmet else None) == constraint


def test_a_world_question_is_not_answered_by_a_clause_about_china(glossary):
    """The sentence names the world only after the figure, as what China's figure is a share of."""
    sentence = "At the end of 2031, China's widget stock reached USD 2 trillion, 6.9% of the global widget stock."
    clause = "At the end of 2031, China's widget stock reached USD 2 trillion"
    fact = Fact("t.txt", "prose", 2.0, "USD 2 trillion", "amount", "", 3, clause=clause)
    citation = Citation(1, "t.txt", "", sentence, 3, 3, value_text="USD 2 trillion")
    index = stored_index([], FILLER, [fact])
    for question, constraint in (
        ("What was the global widget stock at the end of 2031?", "scope"),
        ("What was China's widget stock at the end of 2031?", None),
    ):
        answer = Answer(question, "…", (citation,), value=2.0, source_value=2.0)
        unmet = misalignment(analyse_question(question, glossary), answer, index, glossary)
        assert (unmet.constraint if unmet else None) == constraint


def test_a_figure_of_goods_traded_does_not_answer_a_question_about_investment(glossary):
    sentence = "In 2031 Zembla's return shipments of widgets reached imports of nearly USD 40 million."
    fact = Fact("t.txt", "prose", 40.0, "USD 40 million", "amount", "", 3, clause=sentence)
    citation = Citation(1, "t.txt", "", sentence, 3, 3, value_text="USD 40 million")
    index = stored_index([], FILLER, [fact])
    for question, constraint in (
        ("How much did Zembla invest in widgets abroad in 2031?", "subject"),
        ("2031年泽姆布拉的小工具投资是多少？", "subject"),
        ("How large were Zembla's widget imports in 2031?", None),
    ):
        answer = Answer(question, "…", (citation,), value=40.0, source_value=40.0)
        unmet = misalignment(analyse_question(question, glossary), answer, index, glossary)
        assert (unmet.constraint if unmet else None) == constraint, question


def test_a_share_of_another_whole_does_not_answer(glossary):
    """`77% of that of the gadget trade` is no share of Zembla's output; `of the province` or `of the total` names no
    other whole."""

    def share(question: str, sentence: str):
        fact = Fact("t.txt", "prose", 77.0, "77%", "percent", "", 3, unit=PERCENT, clause=sentence)
        citation = Citation(1, "t.txt", "", sentence, 3, 3, value_text="77%")
        answer = Answer(question, "…", (citation,), value=77.0, source_value=77.0)
        return misalignment(analyse_question(question, glossary), answer, stored_index([], FILLER, [fact]), glossary)

    question = "By 2031, what share of Zembla's output should the widget trade account for?"
    unmet = share(question, "By 2031 Zembla's widget trade will account for 77% of that of the gadget trade.")
    assert unmet is not None and unmet.constraint == "whole"
    assert share(question, "By 2031 the widget trade will account for 77% of Zembla's output.") is None
    assert share(question, "By 2031 Zembla's widget trade will account for 77% of the province.") is None
    assert share(question, "By 2031 Zembla's widget trade will account for 77% of the total.") is None


def test_a_prose_figure_narrowed_to_a_part_of_its_measure_does_not_answer_the_whole(glossary):
    sentence = "By 2031, Zembla's use of foreign capital in green widget industries will exceed USD 6 billion."
    clause = "Zembla's use of foreign capital in green widget industries will exceed USD 6 billion"
    whole = prose_answer(
        "How much foreign capital will Zembla use in total by 2031?", sentence, clause, "USD 6 billion", 6.0, glossary
    )
    assert whole is not None and whole.constraint == "item" and whole.found == "green widget industries"
    part = prose_answer(
        "How much foreign capital will Zembla's green industries use by 2031?",
        sentence,
        clause,
        "USD 6 billion",
        6.0,
        glossary,
    )
    assert part is None or part.constraint != "item"


def test_a_prose_figure_must_name_the_industry_the_question_names(glossary):
    sentence = "By the end of 2031, Zembla's outward widget stock stood at USD 41 billion."
    clause = "Zembla's outward widget stock stood at USD 41 billion"
    unmet = prose_answer(
        "What was Zembla's mining outward widget stock in 2031?", sentence, clause, "USD 41 billion", 41.0, glossary
    )
    assert unmet is not None and unmet.constraint == "qualifier" and unmet.asked == "mining"
    named = sentence.replace("outward widget stock", "outward widget stock in mining")
    assert (
        prose_answer(
            "What was Zembla's mining outward widget stock in 2031?",
            named,
            clause.replace("stock", "stock in mining"),
            "USD 41 billion",
            41.0,
            glossary,
        )
        is None
    )


def test_a_prose_figure_must_name_the_group_of_places_the_question_names(glossary):
    sentence = "Under its Pacific accord, Zembla's gadget trade with member states rose 6.1% a year over the decade."
    clause = "Zembla's gadget trade with member states rose 6.1% a year over the decade"
    question = "At what yearly rate did Zembla's gadget exports to Belt and Road countries rise over the decade?"
    unmet = prose_answer(question, sentence, clause, "6.1%", 6.1, glossary)
    assert unmet is not None and unmet.constraint == "qualifier" and unmet.asked == "Belt and Road"
    named = sentence.replace("Pacific accord", "Belt and Road plan")
    assert prose_answer(question, named, clause, "6.1%", 6.1, glossary) is None


def test_a_group_name_that_names_another_noun_asks_no_places(glossary):
    from rag.read.alignment import group_terms

    assert (
        group_terms(
            analyse_question("How many Zembla firms back the Belt and Road Gadget Charter?", glossary), glossary
        )
        == ()
    )
    places = analyse_question("How many Zembla firms sell gadgets in Belt and Road regions?", glossary)
    assert group_terms(places, glossary) == ("belt", "road")


def test_a_list_named_by_its_size_is_met_by_the_passage_not_the_figures_clause(glossary):
    """`the Acme Global 300` names the list a figure comes from: its passage must name it, the figure's own sentence
    need not; a passage that never names it leaves it unmet."""
    question = "What revenue did Zembla Motors report in the 2031 Acme Global 300?"
    sentence = "Zembla Motors ranked 41st with revenue of USD 52.6 billion."
    clause = "Zembla Motors ranked 41st with revenue of USD 52.6 billion"

    def unmet(passage: str):
        chunk = prose_chunk(passage, 3)
        fact = Fact("t.txt", "prose", 52.6, "USD 52.6 billion", "amount", "", 3, clause=clause)
        citation = Citation(1, "t.txt", "", sentence, 3, 3, chunk_id=chunk.id, value_text="USD 52.6 billion")
        answer = Answer(question, "…", (citation,), value=52.6, source_value=52.6)
        index = stored_index([], [chunk, *FILLER], [fact])
        return misalignment(analyse_question(question, glossary), answer, index, glossary)

    assert analyse_question(question, glossary).listings == ("Acme Global",)
    assert unmet(f"In the 2031 Acme Global 300, nine carmakers are listed. {sentence}") is None
    found = unmet(f"Nine carmakers are listed among the largest firms. {sentence}")
    assert found is not None and found.constraint == "entity"
