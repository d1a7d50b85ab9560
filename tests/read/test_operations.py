"""Operations as data and the operations they name: average, compare (made-up tables, no eval wording)."""

from __future__ import annotations

import pytest

from rag.read.operations import asks_operation, change_direction, operation_words
from rag.read.question import analyse_question
from rag.read.reader import grounded_answer
from tests.read.test_reader import PROMPTS, USD_1E8, _hits, _index, _row_chunks, _table


@pytest.fixture(scope="module")
def widgets():
    table = _table(
        "9-1",
        USD_1E8,
        {
            "制造业": ("268.7", "271.5", "1.0"),
            "金融业": ("268.0", "221.2", "-17.5"),
            "合计": ("900.0", "800.0", "-11.1"),
        },
    )
    return table, _row_chunks(table)


def ask(question: str, widgets, glossary):
    table, chunks = widgets
    return grounded_answer(question, _hits(chunks), _index([table], chunks), glossary, PROMPTS)


def test_every_operation_has_english_and_chinese_trigger_words():
    words = operation_words()
    for operation in ("sum", "ratio", "rate", "percent_change", "average", "compare"):
        triggers = words[operation]
        assert any(not any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in triggers), operation
        assert any(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in triggers), operation
    assert asks_operation("what is the mean of the two widget sales?", "average")
    assert not asks_operation("what were widget sales?", "average")


def test_average_and_compare_are_recognised_but_an_average_rate_is_not_a_mean(glossary):
    assert analyse_question("What was the average widget output in 2020 and 2021?", glossary).operation == "average"
    assert analyse_question("2020年和2021年制造业的平均投资是多少？", glossary).operation == "average"
    rate = analyse_question("Over five years, how high was the average annual growth rate of widget output?", glossary)
    assert rate.operation != "average"
    assert analyse_question("In which year was widget output larger?", glossary).operation == "extreme_year"
    assert analyse_question("Which is larger, widget or gadget output?", glossary).operation == "compare"


def test_average_of_one_row_over_the_years_named_cites_both_cells(widgets, glossary):
    answer = ask("What was the average investment in manufacturing in 2021 and 2022?", widgets, glossary)
    assert not answer.refused
    assert answer.source_value == pytest.approx(270.1)
    assert answer.value == pytest.approx(27.01) and answer.unit == "USD billion"
    assert answer.formula.startswith("(268.7 + 271.5) / 2 = 270.1")
    assert {c.column for c in answer.citations} == {"2021", "2022"}


def test_average_of_the_rows_named_in_one_year(widgets, glossary):
    answer = ask("What was the average 2022 investment in manufacturing and finance?", widgets, glossary)
    assert answer.source_value == pytest.approx(246.35)
    assert {c.row_label for c in answer.citations} == {"制造业", "金融业"}


def test_compare_years_names_the_year_of_the_larger_figure(widgets, glossary):
    answer = ask("In which year was investment in finance larger?", widgets, glossary)
    assert not answer.refused and answer.spans == ("2021",)
    assert answer.unit == "year" and len(answer.citations) == 2


def test_compare_rows_names_the_smaller_when_asked(widgets, glossary):
    answer = ask("Which was smaller in 2022, manufacturing or finance investment?", widgets, glossary)
    assert answer.spans and "金融业" in answer.spans[0]


def test_the_year_before_is_implied_by_the_later_figure_and_its_growth_rate(glossary):
    from rag.types import Cell, Column, TableRow
    from tests.read.test_reader import PERCENT

    columns = (Column("2022", ("2022",), USD_1E8), Column("同比", ("同比",), PERCENT))
    rows = (TableRow(line=10, label="制造业", cells=(Cell("110.0", 110.0), Cell("10.0", 10.0))),)
    base = _table("9-2", USD_1E8, {"x": ("1", "2", "3")})
    from dataclasses import replace

    table = replace(base, columns=columns, rows=rows, header_rows=(("行业", "2022", "同比"),))
    chunks = _row_chunks(table)
    index = _index([table], chunks)
    answer = grounded_answer(
        "What was manufacturing investment the year before 2022?", _hits(chunks), index, glossary, PROMPTS
    )
    assert not answer.refused
    assert answer.source_value == pytest.approx(100.0) and answer.formula.startswith("110 / (1 + 10 %) = 100")
    assert len(answer.citations) == 2
    implied = grounded_answer(
        "What 2021 manufacturing investment does the 2022 growth imply?", _hits(chunks), index, glossary, PROMPTS
    )
    assert implied.source_value == pytest.approx(100.0)
    # a plain question about a year the table does not print is refused, not answered by arithmetic unasked
    plain = grounded_answer("What did China invest in manufacturing in 2021?", _hits(chunks), index, glossary, PROMPTS)
    assert plain.refused and plain.value is None
    # no growth rate printed: the earlier year stays unanswered
    bare = replace(table, columns=columns[:1], rows=(replace(rows[0], cells=rows[0].cells[:1]),))
    chunks = _row_chunks(bare)
    refused = grounded_answer(
        "What was manufacturing investment the year before 2022?",
        _hits(chunks),
        _index([bare], chunks),
        glossary,
        PROMPTS,
    )
    assert refused.refused and refused.value is None


def test_answer_span_is_the_part_of_the_sentence_the_question_does_not_hold(glossary):
    from rag.read.spans import answer_span

    question = analyse_question("What method did the firm use when it adopted the new standard?", glossary)
    sentence = "We adopted the new standard in fiscal 2020 utilizing the modified retrospective method."
    assert answer_span(sentence, question) == "fiscal 2020 utilizing the modified retrospective method"
    why = analyse_question("What caused the increase in widget spending?", glossary)
    span = answer_span("The increase in widget spending was the result of new widget plants.", why)
    assert span == "the result of new widget plants"
    # nothing new in the sentence: the sentence itself
    assert answer_span("Widget spending increased.", why) == "Widget spending increased."


def test_an_answer_span_runs_from_after_the_question_words_to_the_end_of_the_sentence(glossary):
    from rag.read.spans import answer_span

    how = analyse_question("How are bad widget debts written off?", glossary)
    assert answer_span("Bad widget debts are written off by reducing the carrying amount directly.", how) == (
        "by reducing the carrying amount directly"
    )
    # question words inside the answer do not cut it short
    meaning = analyse_question("How is deferred widget revenue defined?", glossary)
    span = answer_span("Deferred widget revenue relates to obligations paid before revenue recognition.", meaning)
    assert span == "relates to obligations paid before revenue recognition"


def test_an_answer_span_starts_after_the_sentences_restatement_of_the_question(glossary):
    from rag.read.spans import answer_span

    # a question word inside the answer stays in it: the span starts right after the restated question
    holds = analyse_question("What do widget credits include?", glossary)
    span = answer_span("Widget credits include widget coupons, store vouchers and gift cards.", holds)
    assert span == "widget coupons, store vouchers and gift cards"
    # the restatement may open with a label and its colon
    means = analyse_question("What does 'Gadgets shipped' represent?", glossary)
    span = answer_span("Gadgets shipped: The count of gadgets that leave a warehouse in a month.", means)
    assert span == "The count of gadgets that leave a warehouse in a month"
    # a word of the question counted before still ends the restatement when it comes in the question's order
    when = analyse_question("When are gizmo options excluded from diluted gizmo earnings per share?", glossary)
    span = answer_span("Gizmo options are excluded from diluted gizmo earnings per share if they would raise it.", when)
    assert span == "if they would raise it"
    # a longer form of a question word (`holders` after `holder`) names no second term
    how = analyse_question("How is the gizmo yield per holder calculated?", glossary)
    span = answer_span(
        "The gizmo yield per holder is calculated by dividing gizmo income by the holders of record.", how
    )
    assert span == "by dividing gizmo income by the holders of record"


def test_a_lookup_naming_two_years_lists_each_years_figure(glossary):
    assert analyse_question("What was gadget revenue in 2022 and 2021?", glossary).operation == "list"
    assert analyse_question("How did gadget revenue change between 2021 and 2022?", glossary).operation != "list"


def test_a_question_naming_increase_and_decrease_asks_for_the_signed_change(widgets, glossary):
    answer = ask("Finance investment from 2021 to 2022: how large was the increase / (decrease)?", widgets, glossary)
    assert answer.source_value == pytest.approx(-46.8)
    fell = ask("By how much did finance investment fall from 2021 to 2022?", widgets, glossary)
    assert fell.source_value == pytest.approx(46.8)


def test_the_year_before_is_asked_only_when_not_a_change_against_it():
    from rag.read.operations import asks_year_before

    assert asks_year_before("what was widget output in the year before 2020?")
    assert not asks_year_before("how much did widget output grow over the previous year?")
    assert not asks_year_before("2020年产量比上年增长多少？")


def test_respective_figures_are_listed_in_the_question_order(widgets, glossary):
    answer = ask("What was the respective investment in finance in 2022 and 2021?", widgets, glossary)
    assert not answer.refused and answer.spans == ("221.2", "268.0")
    assert answer.value is None and len(answer.citations) == 2


def test_a_list_over_named_years_gives_one_rows_figure_per_year(glossary):
    from tests.builders import ask_table, make_table

    table = make_table(
        {"Gadget service revenue": ("40", "55"), "Gadget revenue": ("90", "99"), "Widget revenue": ("10", "12")},
        columns=(("2020", USD_1E8), ("2021", USD_1E8)),
        table_id="9-4",
        title="Revenue by line",
        label_header="item",
    )
    answer = ask_table("What is the gadget service revenue in 2021 and 2020 respectively?", table, glossary)
    assert answer.spans == ("55", "40")


def test_dated_year_columns_pair_and_a_yearless_column_is_no_pair(glossary):
    from dataclasses import replace

    from rag.types import Cell, Column, TableRow

    base = _table("9-3", USD_1E8, {"x": ("1", "2", "3")})
    columns = (
        Column("Year Ended July 28, 2020", ("Year Ended", "July 28, 2020"), USD_1E8),
        Column("Year Ended July 29, 2019", ("Year Ended", "July 29, 2019"), USD_1E8),
        Column("Year Ended Variance", ("Year Ended", "Variance"), USD_1E8),
    )
    cells = (Cell("6,332", 6332.0), Cell("6,059", 6059.0), Cell("273", 273.0))
    table = replace(base, columns=columns, rows=(TableRow(line=10, label="Widget research", cells=cells),))
    chunks = _row_chunks(table)
    answer = grounded_answer(
        "What was the change in widget research between 2019 and 2020?",
        _hits(chunks),
        _index([table], chunks),
        glossary,
        PROMPTS,
    )
    assert answer.formula.startswith("6332 − 6059 = 273")
    assert {c.column for c in answer.citations} == {columns[0].header, columns[1].header}


def test_a_number_of_shares_is_no_share_of_a_total():
    from rag.read.question import question_measures

    assert "share" not in question_measures("the number of shares outstanding, weighted average")
    assert "share" not in question_measures("basic earnings per share")
    assert "share" in question_measures("what share of the total did widgets take")


def test_an_average_over_a_year_range_takes_every_year_in_it(glossary):
    from rag.read.derived import year_range

    question = analyse_question("What was the average widget output from 2017-2019?", glossary)
    assert year_range(question) == (2017, 2018, 2019)
    assert year_range(analyse_question("Widget output in 2017 and 2019?", glossary)) == (2017, 2019)


def test_a_list_items_number_is_no_figure():
    from rag.read.prose import figures

    assert [q.value for q in figures("(Lead unit: the widget office; each district) 8.", "count")] == []
    assert [q.value for q in figures("3. Build 12 widget plants.", "count")] == [12]
    assert [q.value for q in figures("The office opened 8 plants.", "count")] == [8]


def test_count_of_years_meeting_a_threshold(glossary):
    from dataclasses import replace

    from rag.types import Cell, Column, TableRow

    usd_million = replace(USD_1E8, raw="USD million", label="USD million", scale=1e6)
    base = _table("9-4", usd_million, {"x": ("1", "2", "3")})
    columns = tuple(Column(str(y), (str(y),), usd_million) for y in (2021, 2020, 2019))
    cells = (Cell("1,827", 1827.0), Cell("2,144", 2144.0), Cell("1,993", 1993.0))
    table = replace(base, columns=columns, rows=(TableRow(line=10, label="Widget overheads", cells=cells),))
    chunks = _row_chunks(table)
    answer = grounded_answer(
        "In how many years did widget overheads exceed $2,000 million?",
        _hits(chunks),
        _index([table], chunks),
        glossary,
        PROMPTS,
    )
    assert not answer.refused and answer.value == 1.0 and len(answer.citations) == 3


def test_the_years_a_table_covers(widgets, glossary):
    answer = ask("For which years does the table give widget investment figures?", widgets, glossary)
    assert answer.spans == ("2021", "2022") and len(answer.citations) == 1


def test_a_growth_rate_from_a_negative_base_is_refused_not_raised(glossary):
    from dataclasses import replace

    from rag.types import Cell, Column, TableRow

    base = _table("9-5", USD_1E8, {"x": ("1", "2", "3")})
    columns = tuple(Column(str(y), (str(y),), USD_1E8) for y in (2021, 2020))
    cells = (Cell("50", 50.0), Cell("(20)", -20.0))
    table = replace(base, columns=columns, rows=(TableRow(line=10, label="Widget income", cells=cells),))
    chunks = _row_chunks(table)
    answer = grounded_answer(
        "How large was the percentage change in widget income between 2020 and 2021?",
        _hits(chunks),
        _index([table], chunks),
        glossary,
        PROMPTS,
    )
    assert answer.refused and answer.value is None and "refused: undefined" in answer.notes


def test_what_a_table_shows_is_the_sentence_that_introduces_it(glossary):
    from rag.read.reader import grounded_answer
    from rag.settings import PROJECT_ROOT
    from tests.builders import hits, make_table, prose_chunk, row_chunks, stored_index

    table = make_table({"North": ("5", "6")}, columns=(("2020", USD_1E8), ("2021", USD_1E8)), title="Stock")
    intro = prose_chunk("Widget stock is counted each quarter. The following table sets out widget stock by hall.", 6)
    later = prose_chunk("Widget halls are leased for ten years.", table.end_line + 2)
    chunks = [*row_chunks(table), intro, later]
    index = stored_index([table], chunks)
    answer = grounded_answer(
        "What does the table show?", hits(row_chunks(table)), index, glossary, PROJECT_ROOT / "prompts"
    )
    assert answer.spans == ("sets out widget stock by hall",)


def _best_sentence(question: str, text: str, glossary) -> str:
    from rag.read.evidence import Evidence
    from rag.read.spans import text_sentences
    from tests.builders import hits, prose_chunk, stored_index

    chunk = prose_chunk(text)
    evidence = Evidence(tuple(hits([chunk])), stored_index([], [chunk]), glossary)
    return text_sentences(analyse_question(question, glossary), evidence)[0][2]


def test_a_reason_question_prefers_the_sentence_that_states_a_cause(glossary):
    text = "Widget costs were 9 in 2021. The increase was mainly due to higher costs of steel."
    best = _best_sentence("Why did widget costs increase?", text, glossary)
    assert best == "The increase was mainly due to higher costs of steel."


def test_a_heading_of_a_few_words_is_no_answer_sentence(glossary):
    best = _best_sentence(
        "What do widget costs include?", "Widget costs. Widget costs cover steel and labour.", glossary
    )
    assert best == "Widget costs cover steel and labour."


def test_a_reason_question_naming_a_figure_is_answered_with_words_not_the_row_holding_it(glossary):
    from rag.read.reader import grounded_answer
    from rag.settings import PROJECT_ROOT
    from tests.builders import hits, make_table, prose_chunk, row_chunks, stored_index

    table = make_table({"Widget revenue": ("30", "42", "40.0"), "Gadget revenue": ("9", "10", "12.0")}, title="Revenue")
    prose = prose_chunk("Widget revenue grew 12% in 2022 primarily due to new widget plants.", 30)
    chunks = [prose, *row_chunks(table)]
    question = "Why did widget revenue grow 12% in 2022?"
    answer = grounded_answer(question, hits(chunks), stored_index([table], chunks), glossary, PROJECT_ROOT / "prompts")
    assert answer.value is None and answer.spans and "new widget plants" in answer.spans[0]


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("How many gadget makers shrank their output in 2022?", "fall"),
        ("Which widget line saw the steepest decline?", "fall"),
        ("有几个小工具项目的产量下滑？", "fall"),
        ("By how much did gizmo sales grow?", "rise"),
        ("小工具产量增长了多少？", "rise"),
        ("Zembla's gadget fleet expanded by 40 units in 2031.", "rise"),
        # both directions named: a signed change (later minus earlier), no one direction
        ("What was the net increase / (decrease) in gadget cash?", ""),
        # a word holding a change word inside it names no change
        ("How many gadget enterprises are listed?", ""),
    ],
)
def test_one_direction_of_change_is_named_by_a_word_start_and_both_name_none(text, direction):
    assert change_direction(text) == direction


def test_what_a_sentence_introducing_a_table_says_it_shows():
    from rag.read.spans import intro_clause

    assert intro_clause("WIDGET COSTS The split of widget costs by plant is as follows:") == (
        "The split of widget costs by plant"
    )
    assert intro_clause("Gadget fees charged to the cog division in 2020 and 2021 are given below") == (
        "Gadget fees charged to the cog division in 2020 and 2021"
    )
    assert intro_clause("The table below details our sprocket reserves for 2021: (1) Excludes spare cogs.") == (
        "The table below details our sprocket reserves for 2021"
    )
    assert intro_clause("The following table shows: gadgets") == "The following table shows: gadgets"


def test_a_reason_question_is_answered_by_the_sentence_that_goes_on_about_the_deed(glossary):
    text = (
        "Freedonia's widget builder handed the gadget works to teams run by its own staff. "
        "This step can cut the labour cost of the works. Widget output rose in 2022."
    )
    best = _best_sentence("Why did Freedonia's widget builder hand the gadget works to its own staff?", text, glossary)
    assert best == "This step can cut the labour cost of the works."
    plain = _best_sentence("What did Freedonia's widget builder hand to its own staff?", text, glossary)
    assert plain.startswith("Freedonia's widget builder")


def test_a_reason_question_reads_an_effect_clause_with_the_sentence_naming_its_subject(glossary):
    text = (
        "Under the new rule, Dorvan traders may claim the levy refund at the inland depot. "
        "Compared with a claim at the coast, the money comes back ten days sooner, easing the cash needs of trading "
        "houses. Wheat output in Dorvan rose in 2031."
    )
    best = _best_sentence("Why does the inland depot levy refund help Dorvan traders?", text, glossary)
    assert best.startswith("Compared with a claim at the coast")  # `, easing ...`: the effect, its subject before
    plain = _best_sentence("Where may Dorvan traders claim the levy refund?", text, glossary)
    assert plain.startswith("Under the new rule")  # no reason asked: the sentence naming the question answers
    from rag.read.spans import asks_cause

    assert asks_cause(analyse_question("多尔万内陆仓的退税试点为什么对贸易商有利？", glossary))
    assert asks_cause(analyse_question("多尔万内陆仓的退税试点有何作用？", glossary))


@pytest.mark.parametrize(
    ("question", "text", "item"),
    [
        (
            "What is the third aspect of gadget work the ministry will focus on?",
            "The ministry will focus on three aspects of gadget work. First, gadget work attracts widget investment. "
            "Second, gadget work expands widget exports. Third, deepen cooperation on supply chains.",
            "Third, deepen cooperation on supply chains.",
        ),
        (
            "What is the second measure of the gadget plan?",
            "The gadget plan sets out measures. 1. The gadget plan builds halls. 2. Train widget makers. 3. The gadget "
            "plan opens ports.",
            "Train widget makers.",
        ),
        (
            "部里小工具工作的第二方面是什么？",
            "小工具工作有三个方面。一是吸引投资。二是扩大出口。三是深化合作。",
            "二是扩大出口。",
        ),
    ],
)
def test_a_question_for_the_nth_item_of_a_list_prefers_the_sentence_opening_that_item(glossary, question, text, item):
    from rag.read.question import item_position

    assert item_position(question) is not None
    assert _best_sentence(question, text, glossary) == item


def test_an_ordinal_before_a_rank_or_period_word_names_no_list_item():
    from rag.read.question import item_position

    assert item_position("Which is the third largest gadget port?") is None
    assert item_position("What was widget growth in the third quarter?") is None
    assert item_position("2031年第三季度小工具产量增长多少？") is None


def test_a_question_for_what_a_heading_names_lists_the_numbered_items_under_it(glossary):
    from rag.read.reader import grounded_answer
    from rag.settings import PROJECT_ROOT
    from rag.types import Chunk
    from tests.builders import hits, stored_index

    title = "Gadget plan of Ruritania"
    bodies = (
        (10, "1. Tighten widget oversight. Widget boards at all levels should meet each month to review the plan."),
        (12, "2. Pooling gadget efforts. The plan office works with the trade bureau on every gadget task."),
        (14, "3. Outreach. Tell widget makers at home and abroad what the plan offers them."),
    )
    heading = ("Third, guarantees",)
    chunks = [Chunk("t.txt", "prose", f"{title}\n{text}", line, line, heading, title=title) for line, text in bodies]
    index = stored_index([], chunks)
    prompts = PROJECT_ROOT / "prompts"
    answer = grounded_answer(
        "What guarantees does Ruritania's gadget plan set out?", hits(chunks[1:2]), index, glossary, prompts
    )
    assert not answer.refused
    assert answer.spans == ("Tighten widget oversight; Pooling gadget efforts; Outreach",), answer.text
    assert [c.start_line for c in answer.citations] == [10, 12, 14]
    # a question for something else in the section quotes its sentences as before
    other = grounded_answer("How often should widget boards meet?", hits(chunks[:1]), index, glossary, prompts)
    assert "Outreach" not in other.text


def test_an_item_in_a_passage_of_its_own_takes_the_lead_of_its_list_from_an_earlier_passage(glossary):
    """Items are often paragraphs of their own: `... three aspects of gadget work: First, ...` in one passage, `Third,
    ...` in another; the third item is read with the words of that lead, and wins over a sentence sharing a few of
    the question's words elsewhere."""
    from rag.read.evidence import Evidence
    from rag.read.spans import text_sentences
    from tests.builders import hits, prose_chunk, stored_index

    chunks = [
        prose_chunk(
            "The minister said the ministry will focus on three aspects of gadget work: First, widget investment.", 3
        ),
        prose_chunk("Second, widget exports grow.", 4),
        prose_chunk("Third, deepen cooperation on supply chains.", 5),
        prose_chunk("The ministry held a gadget fair on work safety.", 9),
    ]
    evidence = Evidence(tuple(hits(chunks[::-1])), stored_index([], chunks), glossary)
    question = analyse_question("What is the third aspect of gadget work the ministry will focus on?", glossary)
    assert text_sentences(question, evidence)[0][2] == "Third, deepen cooperation on supply chains."


def test_a_chinese_sum_word_adds_the_rows_named_one_with_enumeration_commas_in_its_label(glossary):
    """`加总` asks a sum; a label holding `、` (`电力、热力、...`) names one row, not three."""
    table = _table(
        "9-7",
        USD_1E8,
        {"电力、热力、燃气及水生产和供应业": ("12.5", "14.0", "12.0"), "金融业": ("30.0", "21.5", "-28.3")},
    )
    question = "2022年金融业和电力、热力、燃气及水生产和供应业的投资加总为多少？"
    answer = ask(question, (table, _row_chunks(table)), glossary)
    assert not answer.refused
    assert answer.source_value == pytest.approx(35.5)
    assert len(answer.citations) == 2
