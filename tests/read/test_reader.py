"""The grounded reader: cells, conversions, formulas, quotes, refusals and disagreements.

Unit-level tests build a tiny table and prose chunk in the test; the `real index` tests run on `index/` (skipped
when it has not been built, failed in CI) with hits built by hand from table id + row label.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from rag.answer.verify import verify_answer, verify_numbers
from rag.index.store import StoredIndex
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.text.glossary import Glossary
from rag.types import Cell, Chunk, Column, Hit, Table, TableRow, Unit
from tests.builders import PERCENT, USD_1E8, USD_BARE, make_table
from tests.builders import hits as _hits
from tests.builders import prose_chunk as _prose
from tests.builders import row_chunks as _row_chunks
from tests.builders import stored_index as _index
from tests.builders import table_chunk as _table_chunk
from tests.conftest import skip_or_fail

ROOT = PROJECT_ROOT
PROMPTS = ROOT / "prompts"
INDEX_DIR = ROOT / "index"


# --- a synthetic index ---------------------------------------------------------------------------------------


def _table(table_id: str, unit: Unit, rows: dict[str, tuple[str, ...]]) -> Table:
    """A table of the years 2021 and 2022 in `unit` and a growth rate in percent."""
    columns = (("2021", unit), ("2022", unit), ("增长率", PERCENT))
    return make_table(rows, table_id=table_id, unit=unit, columns=columns)


@pytest.fixture(scope="module")
def small():
    table = _table(
        "1-1",
        USD_1E8,
        {
            "制造业": ("268.7", "271.5", "1.0"),
            "金融业": ("268.0", "221.2", "-17.5"),
            "合计": ("1788.2", "1631.2", "-8.8"),
        },
    )
    bare = _table("1-2", USD_BARE, {"欧洲": ("5732.2", "2242.8", "-60.9")})
    prose = _prose("In 2022 European outward investment was 224.28 billion dollars, down 60.9 percent.")
    chunks = _row_chunks(table) + _row_chunks(bare) + [prose]
    return _index([table, bare], chunks), chunks


def _ask_prose(question: str, chunk: Chunk, glossary: Glossary):
    """The grounded answer when `chunk` is the only passage retrieved and indexed."""
    return grounded_answer(question, _hits([chunk]), _index([], [chunk]), glossary, PROMPTS)


def _ask_table(question: str, table: Table, glossary: Glossary):
    """The grounded answer when `table` is the only table indexed and all its rows are retrieved."""
    chunks = _row_chunks(table)
    return grounded_answer(question, _hits(chunks), _index([table], chunks), glossary, PROMPTS)


def test_cell_lookup_converts_100_million_to_billion(small, glossary):
    index, chunks = small
    answer = grounded_answer(
        "What did China invest in manufacturing in 2022?", _hits(chunks[:3]), index, glossary, PROMPTS
    )
    assert not answer.refused
    assert (answer.value, answer.unit) == (27.15, "USD billion")
    assert (answer.source_value, answer.source_unit) == (271.5, "USD 100 million")
    assert "USD 27.15 billion" in answer.text and "271.5" in answer.text
    assert answer.citations[0].column == "2022" and answer.citations[0].row_label == "制造业"
    assert answer.timings_ms == {}
    # the sentence names the table's subject and the row, and the same row's change follows the amount, in words
    assert answer.text.startswith("China's outward investment flow in manufacturing in 2022 was USD 27.15 billion")
    assert "up 1% year on year [1]" in answer.text and "(growth rate)" not in answer.text
    assert verify_numbers(answer.text, answer.citations, answer.formula, index.table) == []


def test_unscaled_unit_is_not_given_a_scale_but_prose_implies_one(small, glossary):
    index, chunks = small
    answer = grounded_answer(
        "What was Europe's outward investment in 2022?", _hits(chunks[3:]), index, glossary, PROMPTS
    )
    assert answer.source_value == 2242.8 and answer.value == 2242.8
    assert "scale not stated" in answer.unit
    assert "does not state the scale" in answer.text
    assert any("implies" in note for note in answer.notes)
    assert len(answer.citations) == 2  # the cell and the prose sentence that implies the scale


def test_difference_between_two_years_shows_the_formula(small, glossary):
    index, chunks = small
    answer = grounded_answer(
        "By how much did finance investment by China fall from 2021 to 2022?",
        _hits(chunks[:3]),
        index,
        glossary,
        PROMPTS,
    )
    assert answer.formula.startswith("268 − 221.2 = 46.8")
    assert answer.source_value == 46.8
    assert "[1][2]" in answer.text


def test_refusal_for_an_entity_absent_from_the_evidence(small, glossary):
    index, chunks = small
    answer = grounded_answer(
        "In 2022, what was the OFDI flow from China to Antarctica?", _hits(chunks[:3]), index, glossary, PROMPTS
    )
    assert answer.refused and answer.value is None
    assert not re.search(r"\d", answer.text)
    assert any("Antarctica" in note for note in answer.notes)


def test_prose_number_is_converted(small, glossary):
    index, chunks = small
    answer = grounded_answer(
        "How much was European outward investment in 2022 in dollars?", _hits(chunks[-1:]), index, glossary, PROMPTS
    )
    assert (answer.value, answer.unit) == (224.28, "USD billion")
    assert answer.citations[0].quote.startswith("In 2022 European")


def test_chinese_question_gets_a_chinese_answer(small, glossary):
    index, chunks = small
    answer = grounded_answer("2022年制造业的对外投资有多少？", _hits(chunks[:3]), index, glossary, PROMPTS)
    assert answer.lang == "zh" and "271.5亿美元" in answer.text
    refused = grounded_answer("2022年中国对南极洲的投资有多少？", _hits(chunks[:3]), index, glossary, PROMPTS)
    assert refused.refused and refused.lang == "zh" and not re.search(r"\d", refused.text)


def test_growth_rate_question_computes_a_rate_not_a_difference(small, glossary):
    index, chunks = small
    answer = grounded_answer(
        "By what percentage did finance investment by China fall from 2021 to 2022?",
        _hits(chunks[:3]),
        index,
        glossary,
        PROMPTS,
    )
    assert answer.formula.startswith("(221.2 − 268) / 268 = -17.46")  # computed rates keep two decimals
    assert answer.unit == "%" and "[1][2]" in answer.text
    # a fall over time is said by its direction and size, its two years after it; the size stays traceable
    assert "fell by 17.46 % from 2021 to 2022 (" in answer.text and "-17.46" not in answer.text, answer.text
    assert not verify_answer(answer, index.table), verify_answer(answer, index.table)


def test_a_chinese_change_over_time_is_said_by_its_direction_and_its_two_years(glossary):
    table = _table("7-3", USD_1E8, {"渔业": ("84.0", "63.0", "-25.0"), "林业": ("40.0", "50.0", "25.0")})
    fall = _ask_table("2022年渔业投资比2021年减少了多少？", table, glossary)
    # the size without its minus, the years as a span, no `2021、2022年…之差为-…`; the size stays traceable
    assert "渔业" in fall.text and "从2021年到2022年减少21" in fall.text, fall.text
    assert "之差" not in fall.text and "-21" not in fall.text, fall.text
    rise = _ask_table("林业投资由2021年至2022年的涨幅有多大？", table, glossary)
    assert "从2021年到2022年增长25%" in rise.text and "增长率为" not in rise.text, rise.text


def test_year_on_year_growth_without_a_printed_rate_is_computed_not_read_from_a_share(glossary):
    base = _table("1-9", USD_1E8, {"制造业": ("531.5", "611.3", "37.5")})
    columns = base.columns[:2] + (Column("比重", ("比重",), PERCENT),)
    table = replace(base, columns=columns)
    answer = _ask_table("2022年制造业投资同比增长多少？", table, glossary)
    assert answer.formula.startswith("(611.3 − 531.5) / 531.5 = 15.0")
    assert "37.5" not in answer.text


def test_times_as_much_is_a_ratio_of_two_cited_cells(small, glossary):
    index, chunks = small
    answer = grounded_answer(
        "How many times as much as in finance did China invest in manufacturing in 2022?",
        _hits(chunks[:3]),
        index,
        glossary,
        PROMPTS,
    )
    assert answer.formula == "271.5 / 221.2 = 1.227 times"
    assert answer.unit == "times" and len(answer.citations) == 2


def test_missing_operand_row_is_looked_up_in_the_index(small, glossary):
    index, chunks = small
    question = "How much more did China invest in manufacturing than in finance in 2022?"
    hits = _hits(chunks[-1:])  # retrieval returned a passage, not the rows of the table
    answer = grounded_answer(question, hits, index, glossary, PROMPTS)
    assert not answer.refused
    assert answer.formula.startswith("271.5 − 221.2 = 50.3")
    assert "differed by" in answer.text, answer.text  # a gap between two rows is no rise over time
    assert {c.row_label for c in answer.citations} == {"制造业", "金融业"}
    # an operand no indexed row names is still missing: refused, not guessed
    refused = grounded_answer(
        "How much more did China invest in manufacturing than in mining in 2022?",
        _hits(chunks[:1]),
        index,
        glossary,
        PROMPTS,
    )
    assert refused.refused and "refused: operands" in refused.notes


def test_looked_up_operand_rows_keep_the_table_checks(glossary):
    table = replace(
        _table("2-1", USD_1E8, {"制造业": ("10.0", "12.0", "20.0"), "金融业": ("5.0", "6.0", "20.0")}),
        title="Table 2-1: greenfield investment projects by industry, 2021-2022",
        toc_title="Greenfield investment projects by industry",
    )
    chunks = _row_chunks(table) + [_prose("Outward investment kept growing in 2022.")]
    answer = grounded_answer(
        "How much more did China invest in manufacturing than in finance in 2022?",
        _hits(chunks[-1:]),
        _index([table], chunks),
        glossary,
        PROMPTS,
    )
    assert answer.refused  # a greenfield table does not answer a question about all outward investment


def test_percentage_of_another_entity_is_the_one_printed_of_that_entity(glossary):
    prose = _prose(
        "In 2022 Japan's outward stock rose 3.1%, second only to Germany. "
        "Japan's outward stock was 41.5 percent of Germany's."
    )
    answer = _ask_prose("Japan's outward stock is what percentage of Germany's stock?", prose, glossary)
    assert not answer.refused and answer.value == 41.5
    other = _prose("In 2022 Japan's outward stock rose 3.1%, second only to Germany.")
    refused = _ask_prose("Japan's outward stock is what percentage of Germany's stock?", other, glossary)
    assert refused.refused  # 3.1% is Japan's growth, not a percentage of Germany


def test_percentage_of_another_entity_is_computed_from_two_cells(glossary):
    table = _table("3-1", USD_1E8, {"日本": ("10.0", "40.0", "3.0"), "德国": ("20.0", "160.0", "5.0")})
    answer = _ask_table("In 2022 Japan's investment was what percentage of Germany's?", table, glossary)
    assert not answer.refused
    assert answer.formula.startswith("40 / 160") and answer.value == 25.0 and answer.unit == "%"


def _outflow_table() -> Table:
    """A table of economies' own outward investment (rows invest; the column is their outflow)."""
    base = _table("5-1", USD_1E8, {"日本": ("1.0", "1614.7", "3.0"), "中国澳门": ("2.0", "1429.8", "5.0")})
    columns = (Column("排名", ("排名",), None), Column("流出流量", ("流出流量",), USD_1E8))
    rows = tuple(replace(row, cells=row.cells[:2]) for row in base.rows)
    title = "Table 5-1: Top economies by outward direct investment in 2022"
    return replace(base, columns=columns, rows=rows, title=title, toc_title=title, label_header="国家")


def test_investment_into_a_place_is_not_that_place_s_own_outflow(glossary):
    table = _outflow_table()
    chunks = _row_chunks(table)
    index = _index([table], chunks)
    # the row 中国澳门 holds the investor's name 中国, but its outflow is what Macao invested abroad
    for question in ("2022年中国对澳门的投资有多少？", "What did China invest in Macao in 2022?"):
        answer = grounded_answer(question, _hits(chunks), index, glossary, PROMPTS)
        assert answer.refused, question
    own = grounded_answer("How much did Japan invest abroad in 2022?", _hits(chunks), index, glossary, PROMPTS)
    assert not own.refused and own.source_value == 1614.7


def test_figure_whose_sentence_holds_the_question_s_rare_qualifier_wins(glossary):
    passage = _prose(
        "In 2022 the outbound non-financial direct investment of local enterprises reached 50.5 billion US dollars. "
        "And 1.2 billion US dollars for the two southwestern islands."
    )
    filler = [_prose(f"Outbound non-financial direct investment kept growing, report part {i}.") for i in range(150)]
    index = _index([], [passage, *filler])
    answer = grounded_answer(
        "What non-financial direct investment abroad did the two southwestern islands make in 2022?",
        _hits([passage]),
        index,
        glossary,
        PROMPTS,
    )
    assert not answer.refused and answer.value == 1.2


def test_a_total_s_sentence_does_not_outrank_the_cell_of_the_part_the_question_names(glossary):
    """The sentence names more of the question (its country, measure and `previous year`) than the table's labels,
    but not the industry asked about (`education`), which the cell's row names: the cell answers."""
    table = make_table(
        {"合计": ("1631.2", "-8.8"), "教育": ("2.4", "700.0")},
        columns=(("流量", USD_1E8), ("同比", PERCENT)),
        title="China by industry, 2031",
    )
    prose = _prose(
        "In 2031, China's outward widget investment of USD 163 billion fell by 8.8% on the previous year.", 40
    )
    filler = [_prose(f"Widget investment abroad kept growing, report part {i}.", 100 + i) for i in range(150)]
    rows = _row_chunks(table)
    index = _index([table], [*rows, prose, *filler])
    question = (
        "What percentage change on the previous year did China's outward widget investment in education show in 2031?"
    )
    answer = grounded_answer(question, _hits([rows[1], prose]), index, glossary, PROMPTS)
    assert not answer.refused and answer.source_value == 700.0


def test_of_two_percentages_in_a_sentence_the_one_printed_of_the_asked_whole_answers(glossary):
    prose = _prose(
        "The gadget business of Zembla Works made up 8% of the capacity of the firm and 21% of the revenue of the firm."
    )
    answer = _ask_prose("What share of Zembla Works' revenue came from the gadget business?", prose, glossary)
    assert not answer.refused and answer.value == 21.0


def test_prose_place_must_be_in_the_answering_sentence(glossary):
    prose = _prose("Shanghai reported its figures. Among them, 3.3 billion US dollars were invested abroad in 2022.")
    index = _index([], [prose])
    refused = grounded_answer("How much did Shanghai invest abroad in 2022?", _hits([prose]), index, glossary, PROMPTS)
    assert refused.refused and any("Shanghai" in note for note in refused.notes)
    named = _prose("In 2022 Shanghai invested 3.3 billion US dollars abroad.")
    answer = _ask_prose("How much did Shanghai invest abroad in 2022?", named, glossary)
    assert not answer.refused and answer.value == 3.3


def test_prose_sentence_without_a_year_takes_the_year_of_the_sentences_before_it(glossary):
    prose = _prose(
        "In 2022 Shanghai reported its figures. Shanghai invested 3.3 billion US dollars abroad. In 2023 it plans more."
    )
    index = _index([], [prose])
    refused = grounded_answer("How much did Shanghai invest abroad in 2023?", _hits([prose]), index, glossary, PROMPTS)
    assert refused.refused and "refused: year" in refused.notes
    answer = grounded_answer("How much did Shanghai invest abroad in 2022?", _hits([prose]), index, glossary, PROMPTS)
    assert not answer.refused and answer.value == 3.3


def test_prose_of_another_measure_or_deal_does_not_answer(glossary):
    flow = _prose("In 2022 Qingdao's direct investment flow to Vietnam was 790 million dollars.")
    answer = _ask_prose("What was Qingdao's direct investment stock in Vietnam in 2022?", flow, glossary)
    assert answer.refused
    done = _prose("In 2022 Dalian completed overseas contracted projects worth 7.73 billion dollars.")
    answer = _ask_prose("What was the value of Dalian's newly signed contracts in 2022?", done, glossary)
    assert answer.refused


def test_table_of_another_deal_kind_does_not_answer_a_named_one(small, glossary):
    index, chunks = small
    answer = grounded_answer(
        "How large was the value of M&A deals across borders in manufacturing in 2022?",
        _hits(chunks[:3]),
        index,
        glossary,
        PROMPTS,
    )
    assert answer.refused


# --- the real index ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    if not (INDEX_DIR / "manifest.json").is_file():
        skip_or_fail("index/ has not been built (run `rag index`); the real-index reader tests need it")
    from rag.index.store import load_index

    return load_index(INDEX_DIR)


def _row_hit(index: StoredIndex, table_id: str, label: str, section: str = "") -> Hit:
    table = index.table(table_id)
    row_index = next(i for i, r in enumerate(table.rows) if r.label == label and (not section or r.section == section))
    chunk = next(
        c
        for c in index.chunks
        if c.kind == "table_row"
        and c.table_id == table_id
        and c.row_index == row_index
        and c.doc_name == table.doc_name
    )
    return Hit(chunk, 1.0)


def _prose_hit(index: StoredIndex, needle: str) -> Hit:
    return Hit(next(c for c in index.chunks if c.kind == "prose" and needle in c.text), 0.5)


def test_real_lookup_manufacturing_2022(real, glossary):
    hits = [_row_hit(real, "1-9", "制造业"), _row_hit(real, "1-9", "合计")]
    answer = grounded_answer("What did China invest in manufacturing abroad in 2022?", hits, real, glossary, PROMPTS)
    assert (answer.value, answer.unit, answer.source_value, answer.source_unit) == (
        27.15,
        "USD billion",
        271.5,
        "USD 100 million",
    )
    locator = answer.citations[0].locator
    assert "table 1-9" in locator and "制造业" in locator and "流量" in locator


def test_real_difference_sum_and_share(real, glossary):
    services = [_row_hit(real, "1-4", "服务业")]
    diff = grounded_answer(
        "By how much did services greenfield investment grow from 2021 to 2022?", services, real, glossary, PROMPTS
    )
    assert diff.formula.startswith("679 − 406 = USD 273 billion") and "[1][2]" in diff.text
    both = [_row_hit(real, "4-6", "租赁和商务服务业"), _row_hit(real, "4-6", "批发和零售业")]
    combined = grounded_answer(
        "Wholesale and retail plus leasing and business services: what combined share of the 2022 OFDI of Guangdong "
        "did they take?",
        both,
        real,
        glossary,
        PROMPTS,
    )
    assert combined.formula.startswith("51.9 + 42.7 = 94.6")
    world = [_row_hit(real, "1-1", "发达经济体"), _row_hit(real, "1-1", "世界")]
    part = grounded_answer(
        "Developed economies accounted for what share of FDI outflows worldwide in 2022?",
        world,
        real,
        glossary,
        PROMPTS,
    )
    assert part.formula.startswith("10308.7 / 14897.6 = 69.2") and part.unit == "%"


def test_real_chinese_question(real, glossary):
    hits = [_row_hit(real, "1-9", "房地产业")]
    answer = grounded_answer("2022年中国的对外投资中，房地产业流量有多少？", hits, real, glossary, PROMPTS)
    assert answer.lang == "zh" and "22.1亿美元" in answer.text and answer.source_value == 22.1


def test_real_non_numeric_question_quotes_sentences(real, glossary):
    hits = [_prose_hit(real, "Hong Kong monetary")]
    answer = grounded_answer(
        "Which central banks started the bridge project for multilateral central bank digital currency?",
        hits,
        real,
        glossary,
        PROMPTS,
    )
    assert answer.value is None and not answer.refused
    assert "Hong Kong monetary" in answer.text and answer.citations


def test_real_refusal_for_absent_entity(real, glossary):
    hits = [_row_hit(real, "1-10", "亚洲"), _row_hit(real, "1-10", "非洲")]
    answer = grounded_answer("In 2022, what was the OFDI flow from China to Antarctica?", hits, real, glossary, PROMPTS)
    assert answer.refused and answer.value is None and not re.search(r"\d", answer.text)


def test_real_table_prose_disagreement_is_cited_both_ways(real, glossary):
    hits = [_row_hit(real, "4-4", "制造业"), _prose_hit(real, "accounting for 52.9 percent")]
    answer = grounded_answer(
        "Manufacturing took what share of the 2022 outbound direct investment of Zhejiang?",
        hits,
        real,
        glossary,
        PROMPTS,
    )
    assert answer.value == 56.7
    assert "52.9" in answer.text and any("disagree" in note for note in answer.notes)
    assert len(answer.citations) == 2


def _prose_lines(index: StoredIndex, start: int, end: int) -> Hit:
    return Hit(next(c for c in index.chunks if c.kind == "prose" and (c.start_line, c.end_line) == (start, end)), 0.5)


def test_real_lookup_reads_the_table_next_to_retrieved_prose(real, glossary):
    """Only prose retrieved: the table of the same section that names the row answers, not a stock in prose."""
    hits = [_prose_lines(real, 365, 372), _prose_lines(real, 390, 397), _prose_lines(real, 397, 406)]
    for question in (
        "What did China invest in manufacturing abroad in 2022?",
        "2022年中国的对外投资中，制造业流量是多少？",
    ):
        answer = grounded_answer(question, hits, real, glossary, PROMPTS)
        assert answer.source_value == 271.5 and answer.source_unit == "USD 100 million"
        locator = answer.citations[0].locator
        assert "table 1-9" in locator and "制造业" in locator and "流量" in locator


def test_real_row_naming_part_of_the_asked_region_does_not_answer(real, glossary):
    """拉丁美洲 (China's OFDI to Latin America) is not the UNCTAD region Latin America and the Caribbean."""
    hits = [_row_hit(real, "1-10", "拉丁美洲"), _row_hit(real, "1-1", "拉丁美洲和加勒比")]
    answer = grounded_answer(
        "What was the outward direct investment of the Latin America and the Caribbean region in 2022?",
        hits,
        real,
        glossary,
        PROMPTS,
    )
    assert answer.source_value == 590.2 and "table 1-1" in answer.citations[0].locator


def test_real_prose_about_another_place_is_no_disagreement(real, glossary):
    """Shanghai's $2.62 billion in Latin America is not China's total there (table 1-10)."""
    hits = [_row_hit(real, "1-10", "拉丁美洲"), _prose_lines(real, 1602, 1602)]
    answer = grounded_answer(
        "In 2022, what was the OFDI flow from China to Latin America?", hits, real, glossary, PROMPTS
    )
    assert answer.source_value == 163.5
    assert not any("disagree" in note for note in answer.notes) and len(answer.citations) == 1


def test_sentences_quoted_from_one_passage_share_a_citation_whose_quote_holds_them_all():
    from rag.read.compose import AnswerDraft, prose_citation
    from rag.read.question import analyse_question
    from rag.types import Chunk

    chunk = Chunk("d.txt", "prose", "Title\nFirst claim is 23. Second claim is 1,622.", 5, 5, title="Title")
    draft = AnswerDraft(analyse_question("What happened?", Glossary.load()), {})
    first = draft.cite(prose_citation(chunk, "First claim is 23."))
    second = draft.cite(prose_citation(chunk, "Second claim is 1,622."))
    assert first == second == 1
    assert "23" in draft.citations[0].quote and "1,622" in draft.citations[0].quote


def test_chinese_question_is_answered_from_the_english_sentence_that_names_its_subject(glossary):
    """Few words of a Chinese question appear in English prose: the figure is read when nothing is missing from
    the sentence (entity, year, measure), not refused as weakly related."""
    others = [_prose(f"Policy {n} was discussed at length.", line=n) for n in (5, 6, 7)]
    prose = _prose("By the end of 2022, China's ports handled 296 million containers.")
    chunks = [*others, prose]
    answer = grounded_answer(
        "截至2022年底，中国各港口集装箱吞吐总量有多大？", _hits(chunks), _index([], chunks), glossary, PROMPTS
    )
    assert not answer.refused and answer.value == 296
    refused = grounded_answer(
        "截至2022年底，日本各港口集装箱吞吐总量有多少？", _hits(chunks), _index([], chunks), glossary, PROMPTS
    )
    assert refused.refused


def test_which_row_holds_a_named_figure_is_answered_by_the_row_the_question_does_not_name(small, glossary):
    index, chunks = small
    answer = grounded_answer(
        "Which industry saw its outward investment fall 17.5% in 2022?", _hits(chunks[:3]), index, glossary, PROMPTS
    )
    assert not answer.refused and answer.spans == ("金融业",) and answer.value is None  # the row is the answer
    assert answer.text == "China's outward investment flow in finance fell 17.5% in 2022 [1].", answer.text
    assert answer.citations[0].row_label == "金融业"


def test_rank_without_a_rank_column_is_the_position_in_the_sorted_column(small, glossary):
    index, chunks = small
    answer = grounded_answer(
        "Where did finance rank among the industries by 2022 outward investment?",
        _hits(chunks[:3]),
        index,
        glossary,
        PROMPTS,
    )
    # 制造业 271.5 > 金融业 221.2; the total row is not ranked
    assert not answer.refused and (answer.value, answer.unit) == (2.0, "rank")
    assert "2nd" in answer.text and [c.row_label for c in answer.citations] == ["制造业", "金融业"]
    assert not verify_numbers(answer.text, answer.citations, answer.formula, index.table)


def test_english_ordinals():
    from rag.read.ranks import english_ordinal

    assert [english_ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "23rd",
        "101st",
    ]


def _regions() -> tuple[StoredIndex, list[Chunk]]:
    table = _table(
        "2-1",
        USD_1E8,
        {"发达经济体": ("900", "800", "-11"), "发展中经济体": ("700", "750", "7")},
    )
    table = replace(table, label_header="区域 / 经济体", title="Table 2-1: outward investment by region, 2021-2022")
    members = {
        ("发达经济体", "欧洲"): ("500", "300", "-40"),
        ("发达经济体", "北美洲"): ("400", "500", "25"),
        ("发展中经济体", "亚洲"): ("650", "700", "8"),
        ("发展中经济体", "非洲"): ("50", "50", "0"),
    }
    rows = list(table.rows) + [
        TableRow(line=20 + i, label=label, section=section, cells=tuple(Cell(t, float(t)) for t in cells))
        for i, ((section, label), cells) in enumerate(members.items())
    ]
    table = replace(table, rows=tuple(rows))
    chunks = _row_chunks(table)
    return _index([table], chunks), chunks


def test_superlative_ranks_the_section_the_question_names_on_the_year_it_names(glossary):
    index, chunks = _regions()
    ask = lambda q: grounded_answer(q, _hits(chunks), index, glossary, PROMPTS)  # noqa: E731
    # Europe led the developed economies in 2021, North America in 2022; Asia (developing) is larger than both.
    # The answer names the row first and carries it as its span.
    assert ask("Which of the developed economies had the largest outward investment in 2022?").spans == ("北美洲",)
    assert ask("Which of the developed economies had the largest outward investment in 2021?").spans == ("欧洲",)
    assert ask("Which of the developing economies had the largest outward investment in 2022?").spans == ("亚洲",)
    # `第二` is an ordinal too; the section rows themselves are not ranked among their members
    second = ask("2022年排名第二的经济体是哪个？")
    assert second.spans == ("北美洲",) and second.text.startswith("2022年第二高的是北美洲（")  # 亚洲 700 > 北美洲 500


def test_which_row_is_not_ranked_from_a_table_of_other_things(small, glossary):
    index, chunks = small
    answer = grounded_answer("Which country received the most investment?", _hits(chunks[:3]), index, glossary, PROMPTS)
    assert "the answer is" not in answer.text


def test_respectively_pairs_each_listed_item_with_its_figure(glossary):
    prose = _prose("In 2022 the province's exports, imports and re-exports respectively grew 5.1%, 7.2% and 9.3%.")
    ask = lambda q: _ask_prose(q, prose, glossary)  # noqa: E731
    assert ask("By what percent did the province's imports grow in 2022?").value == 7.2
    assert ask("By what percent did the province's re-exports grow in 2022?").value == 9.3


def test_a_table_of_flows_does_not_answer_a_stock_question(small, glossary):
    index, chunks = small
    answer = grounded_answer(
        "What was China's manufacturing investment stock in 2022?", _hits(chunks[:3]), index, glossary, PROMPTS
    )
    assert answer.refused and "refused: measure" in answer.notes


def test_sentence_naming_the_subject_answers_before_a_table_matching_only_year_and_entity(glossary):
    table = _table("1-8", USD_1E8, {"2022年": ("1500", "1631.2", "37.5")})
    prose = _prose("In 2022 China took 55.0% of global shipbuilding orders.", line=40)
    chunks = [*_row_chunks(table), prose]
    answer = grounded_answer(
        "What share of shipbuilding orders worldwide went to China in 2022?",
        _hits(chunks),
        _index([table], chunks),
        glossary,
        PROMPTS,
    )
    assert answer.value == 55.0 and answer.citations[0].locator == prose.locator


def test_a_unit_named_in_a_caption_is_no_figure(glossary):
    prose = _prose("Figure 1-4: China's OFDI stock from 2002 to 2022 (Unit: USD 100 million).")
    answer = _ask_prose("What was China's OFDI stock in 2022?", prose, glossary)
    assert answer.refused


def test_a_table_of_one_kind_of_deal_does_not_answer_a_question_about_all_investment(glossary):
    table = replace(
        _table("1-3", USD_1E8, {"发展中经济体": ("274", "573", "110")}),
        title="Table 1-3: Greenfield investment projects by economy, 2021-2022",
        toc_title="Greenfield investment projects by economy, 2021-2022",
    )
    chunks = _row_chunks(table)
    index = _index([table], chunks)
    general = grounded_answer(
        "What was the outward investment of developing economies in 2022?", _hits(chunks), index, glossary, PROMPTS
    )
    assert general.refused
    named = grounded_answer(
        "What was the greenfield investment of developing economies in 2022?", _hits(chunks), index, glossary, PROMPTS
    )
    assert not named.refused and named.source_value == 573


def test_a_count_written_in_words_answers_a_how_many_question(glossary):
    prose = _prose("The official said the ministry should focus on three aspects of work in 2024.")
    answer = _ask_prose("The ministry should focus on how many aspects of its work?", prose, glossary)
    assert not answer.refused and answer.value == 3 and "3 (three)" in answer.text
    assert not verify_numbers(answer.text, answer.citations)


def test_growth_of_the_number_of_deals_is_no_disagreement_with_growth_of_their_value(glossary):
    table = _table("1-6", USD_1E8, {"初级品行业": ("27", "122", "-38")})
    columns = (*table.columns[:2], Column("数量 增长率", ("数量", "增长率"), PERCENT))
    table = replace(table, columns=columns, title="Table 1-6: Net cross-border M&A by industry, 2021-2022")
    prose = _prose("In 2022 primary industry M&A transactions were 12.2 billion dollars, an increase of 352%.", 40)
    chunks = [*_row_chunks(table), prose]
    answer = grounded_answer(
        "By what percent did the count of primary-industry M&A deals across borders change in 2022?",
        _hits(chunks),
        _index([table], chunks),
        glossary,
        PROMPTS,
    )
    assert answer.value == -38 and not any("disagree" in note for note in answer.notes)


def test_an_edition_or_position_printed_as_an_ordinal_answers_a_which_number_question(glossary):
    prose = _prose("The press conference introduced the 25th China International Trade Fair, held in 2023.")
    answer = _ask_prose("发布会上介绍了第几届中国国际贸易博览会？", prose, glossary)
    assert not answer.refused and (answer.value, answer.unit) == (25.0, "rank") and "25th" in answer.text
    assert not verify_numbers(answer.text, answer.citations)


def test_a_year_answers_a_by_what_year_question(glossary):
    prose = _prose("By 2027, exports of the high-tech zone should exceed USD 6 billion, up from 2.1 billion in 2022.")
    answer = _ask_prose("By what year should exports of the high-tech zone exceed USD 6 billion?", prose, glossary)
    assert not answer.refused and answer.value == 2027


def test_who_publishes_a_table_is_answered_by_its_source_line(glossary):
    chunk = Chunk(
        "t.txt",
        "table",
        "Table 3-1: container ports ranked in the world\nUnit: ten thousand TEU\nSource: Port ranking published by "
        "Harbour Weekly\n上海港 — 吞吐量: 4915.8",
        40,
        50,
        ("Chapter 3",),
        "3-1",
        title="Table 3-1",
    )
    prose = _prose("Ports handled more containers than ever before.", line=30)
    chunks = [chunk, prose]
    answer = grounded_answer(
        "Who publishes the ranking of container ports?", _hits(chunks), _index([], chunks), glossary, PROMPTS
    )
    assert not answer.refused and "Harbour Weekly" in answer.text
    unasked = grounded_answer(
        "Which ports handled the most containers?", _hits(chunks), _index([], chunks), glossary, PROMPTS
    )
    assert "Harbour Weekly" not in unasked.text


def _doc_chunk(
    body: str, line: int, title: str = "Harbour Plan for the Eastern District (2024-2026) / I. Tasks"
) -> Chunk:
    return Chunk("p.txt", "prose", f"{title}\n{body}", line, line, ("I. Tasks",), title=title)


def test_when_questions_quote_the_dated_title_and_the_posting_line_of_the_document(glossary):
    hit = _doc_chunk("We will build a harbour logistics centre and train pilots.", 5)
    tail = _doc_chunk("Please indicate the source when reprinting. Post time: Mar-02-2024", 40)
    index = _index([], [hit, tail])
    period = grounded_answer(
        "What period does the Eastern District harbour plan cover?", _hits([hit]), index, glossary, PROMPTS
    )
    assert "(2024-2026)" in period.text
    posted = grounded_answer(
        "When was the Eastern District harbour plan posted?", _hits([hit]), index, glossary, PROMPTS
    )
    assert "Post time: Mar-02-2024" in posted.text
    other = grounded_answer(
        "Which facilities will the Eastern District harbour plan build?", _hits([hit]), index, glossary, PROMPTS
    )
    assert "2024-2026" not in other.text and "logistics centre" in other.text


def test_an_abbreviation_counts_as_named_where_the_report_spells_it_out():
    from rag.text.abbreviations import abbreviations_named as abbreviations_in

    assert abbreviations_in("China's foreign direct investment flow of $163 billion") == {"fdi"}
    assert abbreviations_in("outward direct investment of Zhejiang") == {"ofdi"}
    assert abbreviations_in("direct investment") == frozenset()


def test_a_change_between_two_years_is_computed_from_one_sentence_when_no_table_has_it(glossary):
    prose = _prose("Ningbo's exports grew from 1.2 trillion yuan in 2018 to 1.9 trillion yuan in 2023, a record.")
    answer = _ask_prose("By how much did Ningbo's exports grow between 2018 and 2023?", prose, glossary)
    assert not answer.refused and answer.value == 0.7 and "1.9 − 1.2 = CNY 0.7 trillion" in answer.formula
    assert not verify_numbers(answer.text, answer.citations, answer.formula)
    other = _ask_prose("By how much did Xiamen's exports grow between 2018 and 2023?", prose, glossary)
    assert other.refused


def test_a_figure_under_a_heading_about_another_place_yields_to_the_asked_place(glossary):
    title = "Report / Chapter 4 Shanghai's foreign investment cooperation"
    local = Chunk(
        "t.txt",
        "prose",
        f"{title}\nIn 2022 the value of newly signed contracts by Chinese firms here reached US$9.2 billion.",
        50,
        50,
        ("Chapter 4 Shanghai's foreign investment cooperation", "I. Total scale"),
        title=title,
    )
    national = _prose("In 2022 the newly signed contracts of Chinese firms were worth $253.07 billion, down 2.1%.", 9)
    chunks = [local, national]
    answer = grounded_answer(
        "How large was the value of contracts newly signed by Chinese firms in 2022?",
        _hits(chunks),
        _index([], chunks),
        glossary,
        PROMPTS,
    )
    assert answer.value == 253.07
    shanghai = grounded_answer(
        "How large was the value of contracts newly signed by Shanghai in 2022?",
        _hits(chunks),
        _index([], chunks),
        glossary,
        PROMPTS,
    )
    assert shanghai.value == 9.2


def test_a_row_the_question_names_is_read_from_a_sibling_of_the_retrieved_table(glossary):
    sectors = replace(
        _table("1-7", USD_1E8, {"汽车": ("385.7", "589.5", "53")}),
        title="Table 1-7: Greenfield investment in major manufacturing industries, 2021-2022",
        toc_title="Greenfield investment in major manufacturing industries, 2021-2022",
    )
    industries = replace(
        _table("1-4", USD_1E8, {"制造业": ("3200", "4370", "37"), "服务业": ("4060", "6790", "67")}),
        title="Table 1-4: Greenfield investment projects by industry, 2021-2022",
        toc_title="Greenfield investment projects by industry, 2021-2022",
        start_line=30,
        end_line=33,
    )
    chunks = [*_row_chunks(sectors), _table_chunk(sectors), _table_chunk(industries), *_row_chunks(industries)]
    answer = grounded_answer(
        "How much greenfield investment flowed into manufacturing globally in 2021?",
        _hits(chunks[:2]),  # only the sector table was retrieved
        _index([sectors, industries], chunks),
        glossary,
        PROMPTS,
    )
    assert not answer.refused and answer.source_value == 3200 and answer.citations[0].table_id == "1-4"


def test_a_passage_starting_mid_paragraph_takes_the_year_from_the_overlapping_passage_before_it(glossary):
    first = _prose("In 2022 Ningbo's firms invested abroad. The port area took US$9.35 billion.", line=7)
    window = _prose("The port area took US$9.35 billion. The islands took US$770 million.", line=7)
    answer = grounded_answer(
        "How much did the islands receive in 2022?", _hits([window]), _index([], [first, window]), glossary, PROMPTS
    )
    assert not answer.refused and (answer.value, answer.unit) == (770, "USD million")


def test_a_name_question_is_answered_with_quoted_sentences_not_refused_for_its_first_word(glossary):
    prose = _prose(
        "In 2022 the province's wine exporters turned toward Southeast Asia and the Gulf states. Prices rose."
    )
    answer = _ask_prose("Toward which markets did the province's wine exporters turn in 2022?", prose, glossary)
    assert not answer.refused and answer.value is None
    assert "Southeast Asia and the Gulf states" in answer.text and answer.citations


def test_an_entity_is_found_under_its_glossary_alias(glossary):
    prose = _prose("In 2022 the United Kingdom opened a wine import office in the province.")
    question = "What kind of office did Britain open in the province in 2022?"
    answer = _ask_prose(question, prose, glossary)
    assert not answer.refused and "wine import office" in answer.text
    # an acronym alias is a whole word in capitals: `uk` inside `Ukraine` does not name the United Kingdom
    other = _prose("In 2022 Ukraine opened a wine import office in the province.")
    refused = _ask_prose(question, other, glossary)
    assert refused.refused


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("In 2022, how much did the fund invest in Latin America?", 3.4),
        ("How much did the fund invest in Europe in 2022?", 1.2),
        ("How much did the fund invest in Asia in 2022?", 2.1),
    ],
)
def test_the_figure_bound_to_the_question_place_in_its_clause_answers(glossary, question, value):
    prose = _prose(
        "In 2022 the fund invested 2.1 billion dollars in Asia, 3.4 billion dollars in Latin America "
        "and 1.2 billion dollars in Europe."
    )
    answer = _ask_prose(question, prose, glossary)
    assert not answer.refused and answer.value == value


def test_a_figure_before_its_place_is_bound_to_that_place(glossary):
    prose = _prose(
        "In 2022 the group raised its commitment to 6.5 billion dollars of investment in Africa, "
        "to invest 0.8 billion dollars in Oceania."
    )
    question = "How much does the group plan to invest in Oceania according to the 2022 plan?"
    answer = _ask_prose(question, prose, glossary)
    assert not answer.refused and (answer.value, answer.unit) == (800.0, "USD million")


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("How fast did the city's retail sales grow in 2022?", 4.2),
        ("How fast did the city's foreign trade grow in 2022?", 4.0),
    ],
)
def test_the_figure_whose_clause_names_the_measure_answers(glossary, question, value):
    prose = _prose("In 2022 the city's foreign trade grew 4 percent year on year, while its retail sales grew 4.2%.")
    answer = _ask_prose(question, prose, glossary)
    assert not answer.refused and answer.value == value


def _forecasts() -> tuple[StoredIndex, list[Chunk]]:
    table = replace(
        _table("9-1", PERCENT, {"巴西": ("3.1", "2.4", "0"), "智利": ("1.9", "2.6", "0")}),
        title="Table 9-1: Real GDP growth forecasts by economy (%)",
    )
    chunks = _row_chunks(table)
    return _index([table], chunks), chunks


@pytest.mark.parametrize(
    "question",
    [
        "预计巴西2022年的经济增速比2021年要低几个百分点？",
        "How much lower is Brazil's 2022 GDP growth forecast than its 2021 forecast?",
        "How much lower was Chile's GDP growth forecast for 2021 than for 2022?",
    ],
)
def test_a_lower_by_question_gets_a_positive_gap_in_points(glossary, question):
    index, chunks = _forecasts()
    answer = grounded_answer(question, _hits(chunks), index, glossary, PROMPTS)
    assert not answer.refused and answer.value == 0.7, answer.text


def test_fewer_than_between_two_rows_is_a_positive_gap(glossary):
    index, chunks = _forecasts()
    answer = grounded_answer(
        "In 2022, how much lower was the GDP growth forecast for Brazil than for Chile?",
        _hits(chunks),
        index,
        glossary,
        PROMPTS,
    )
    assert not answer.refused and answer.value == 0.2, answer.text


def test_two_named_columns_of_one_row_add_up(glossary):
    base = _table("7-1", USD_1E8, {"制造业": ("40.5", "12.25", "3.0"), "金融业": ("30.0", "10.0", "1.0")})
    columns = (
        Column("Equity investment 2022", ("Equity investment", "2022"), USD_1E8),
        Column("Debt instruments 2022", ("Debt instruments", "2022"), USD_1E8),
        Column("Reinvested earnings 2022", ("Reinvested earnings", "2022"), USD_1E8),
    )
    table = replace(base, columns=columns, title="Table 7-1: Outward investment flows by industry and form, 2022")
    answer = _ask_table(
        "In 2022, what did equity investment and debt instruments in manufacturing add up to?", table, glossary
    )
    assert not answer.refused and answer.source_value == 52.75, answer.text
    assert "40.5" in answer.formula and "12.25" in answer.formula


# --- generalisation round 3 ------------------------------------------------------------------------------------


def test_multi_word_place_is_not_named_by_a_shared_word(glossary):
    """`South Korea` is not named by `South Africa`'s row or sentence: a word many names share is not enough."""
    table = _table("2-1", PERCENT, {"南非": ("1.9", "1.1", "-0.8"), "新西兰": ("2.4", "2.0", "-0.4")})
    answer = _ask_table("What was the growth of South Korea in 2022?", table, glossary)
    assert answer.refused and "South Korea" in answer.notes[0]
    assert _ask_table("What was the growth of New Caledonia in 2022?", table, glossary).refused
    answer = _ask_table("What was the growth of South Africa in 2022?", table, glossary)
    assert not answer.refused and answer.value == 1.1
    prose = _prose("In 2022 South Africa's exports grew 6.5 percent.")
    assert _ask_prose("How fast did South Sudan's exports grow in 2022?", prose, glossary).refused
    assert _ask_prose("How fast did South Africa's exports grow in 2022?", prose, glossary).value == 6.5


def test_how_far_ahead_is_a_positive_gap_whichever_item_is_named_first(glossary):
    table = _table("3-1", USD_1E8, {"制造业": ("100.0", "120.5", "1.0"), "金融业": ("80.0", "90.0", "2.0")})
    for text in (
        "How far ahead of finance was manufacturing in 2022?",
        "By how much did manufacturing exceed finance in 2022?",
    ):
        answer = _ask_table(text, table, glossary)
        assert not answer.refused, answer.notes
        assert answer.value == pytest.approx(3.05)  # (120.5 - 90.0) USD 100 million, in billions


def _ports(glossary):
    columns = (
        Column("吞吐量", ("吞吐量",), Unit(raw="万标箱", label="10k TEU", kind="quantity", scale=1e4, base="TEU")),
        Column("年增长", ("年增长",), PERCENT),
    )
    rows = {"甲港": ("300.0", "2.5"), "乙港": ("500.0", "-1.0"), "丙港": ("400.0", "7.5")}
    records = tuple(
        TableRow(line=20 + i, label=label, cells=tuple(Cell(text, float(text)) for text in cells))
        for i, (label, cells) in enumerate(rows.items())
    )
    table = replace(
        _table("5-1", PERCENT, {}),
        title="Table 5-1: container ports of Ruritania",
        toc_title="Container ports of Ruritania",
        label_header="港口",
        header_rows=(("港口", "吞吐量", "年增长"),),
        columns=columns,
        rows=records,
    )
    chunks = _row_chunks(table)
    return table, chunks, _index([table], chunks)


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ("表中哪个港口集装箱吞吐量每年增长最快？", "丙港"),
        ("表中哪个港口的吞吐量增长最慢？", "乙港"),
        ("表中哪个港口的吞吐量最大？", "乙港"),
        ("表中哪个港口的吞吐量最小？", "甲港"),
        ("Which port in the table grew fastest?", "丙港"),
        ("Which port in the table had the smallest throughput?", "甲港"),
    ],
)
def test_superlative_over_a_named_column_in_both_directions(glossary, text, row):
    table, chunks, index = _ports(glossary)
    answer = grounded_answer(text, _hits(chunks), index, glossary, PROMPTS)
    assert not answer.refused, answer.notes
    assert answer.citations[0].row_label == row, answer.text


def test_count_wording_reads_the_count_column_of_a_table_with_amounts(glossary):
    amount = Column("金额 2022", ("金额", "2022"), USD_1E8)
    number = Column("数量 2022", ("数量", "2022"), Unit(raw="a", label="count", kind="count"))
    table = replace(
        _table("6-1", USD_1E8, {}),
        columns=(amount, number),
        header_rows=(("行业", "金额", "数量"), ("", "2022", "2022")),
        rows=(TableRow(line=10, label="制造业", cells=(Cell("512.0", 512.0), Cell("1234", 1234.0))),),
    )
    for text in ("Count of projects in manufacturing in 2022?", "How many projects in manufacturing in 2022?"):
        answer = _ask_table(text, table, glossary)
        assert not answer.refused and answer.value == 1234, answer.text


@pytest.mark.parametrize(("year", "value"), [(2015, 15.2), (2022, 50.5)])
def test_a_times_multiplier_is_no_amount_and_each_year_takes_its_own_figure(glossary, year, value):
    prose = _prose(
        "In 2022 the Ruritanian fund drove USD 50.5 billion of exports, an increase of 2.3 times compared with "
        "USD 15.2 billion in 2015."
    )
    answer = _ask_prose(f"How much in exports did the Ruritanian fund drive in {year}?", prose, glossary)
    assert not answer.refused and answer.value == value, answer.text


def test_a_publisher_named_by_the_table_source_is_no_missing_entity(glossary):
    table = replace(_table("7-1", USD_1E8, {"制造业": ("268.7", "271.5", "1.0")}), source="Acme Statistical Yearbook")
    text = "In the Acme Statistical Yearbook, what did China invest in manufacturing in 2022?"
    answer = _ask_table(text, table, glossary)
    assert not answer.refused and answer.value == 27.15, answer.notes
    other = "In the Zenith Monthly, what did China invest in manufacturing in 2022?"
    assert _ask_table(other, table, glossary).refused


def test_a_growth_rate_between_two_years_that_the_prose_states_is_quoted(glossary):
    prose = _prose(
        "Ruritania's tea exports rose from USD 2.0 billion in 2012 to USD 5.0 billion in 2022, an average annual "
        "growth rate of 9.6%."
    )
    answer = _ask_prose(
        "Ruritania's tea exports showed what average annual growth rate from 2012 to 2022?", prose, glossary
    )
    assert not answer.refused and (answer.value, answer.unit) == (9.6, "%"), answer.text


@pytest.mark.parametrize(
    ("text", "value", "formula"),
    [
        ("Ruritania's tea exports grew at what average annual growth rate from 2012 to 2022?", 9.6, "^(1/10)"),
        ("2012年到2022年Ruritania茶叶出口年均增长率为多少？", 9.6, "^(1/10)"),
        ("How much did Ruritania's tea exports grow in percent from 2012 to 2022?", 150.0, "(5 − 2) / 2"),
    ],
)
def test_a_growth_rate_is_computed_from_two_amounts_one_sentence_states(glossary, text, value, formula):
    prose = _prose("Ruritania's tea exports rose from USD 2.0 billion in 2012 to USD 5.0 billion in 2022.")
    answer = _ask_prose(text, prose, glossary)
    assert not answer.refused and answer.value == value and answer.unit == "%", answer.text
    assert formula in answer.formula and answer.citations[0].quote == prose.body


def test_a_change_over_the_year_before_that_the_prose_states_answers(glossary):
    prose = _prose(
        "In 2023 Ruritania sent 52,000 engineers abroad, up 20 percent from the previous year, or 8,600 more than "
        "the previous year."
    )
    answer = _ask_prose(
        "How many more engineers did Ruritania send abroad in 2023 than in the year before?", prose, glossary
    )
    assert not answer.refused and answer.value == 8600, answer.text
    # without a change stated in the figure's clause, nothing is answered
    plain = _prose("In 2023 Ruritania sent 52,000 engineers abroad.")
    text = "How many more engineers did Ruritania send abroad in 2023 than in the year before?"
    assert _ask_prose(text, plain, glossary).refused


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2022年中国制造业投资是2021年的多少倍？", 1.01),
        ("How many times China's 2021 investment in manufacturing was its 2022 investment?", 0.99),
    ],
)
def test_a_ratio_of_two_years_divides_the_year_named_first_by_the_other(small, glossary, text, value):
    index, chunks = small
    answer = grounded_answer(text, _hits(chunks[:3]), index, glossary, PROMPTS)
    assert not answer.refused and answer.value == value, answer.text


def test_a_day_of_the_month_is_no_count(glossary):
    prose = _prose("On the morning of March 9, the Ruritanian minister said the ministry would focus on four tasks.")
    answer = _ask_prose("How many tasks would the Ruritanian ministry focus on?", prose, glossary)
    assert not answer.refused and answer.value == 4, answer.text
    answer = _ask_prose("部长说Ruritanian ministry要抓好几个方面的tasks？", prose, glossary)
    assert not answer.refused and answer.value == 4, answer.text


def test_who_leads_a_task_quotes_the_lead_unit_line_of_that_task(glossary):
    first = _prose(
        "1. Grow Ruritania's tea trade. We will open tea markets abroad. (Lead unit: Ministry of Tea; "
        "Participants: Port Office)",
        line=5,
    )
    second = _prose(
        "2. Train young engineers in Ruritania. We will fund engineering colleges. (Lead unit: Ministry of Schools; "
        "Participants: City Office)",
        line=7,
    )
    chunks = [first, second]
    index = _index([], chunks)
    for text, lead in (
        ("Who leads Ruritania's task of training young engineers?", "Ministry of Schools"),
        ("Who is responsible for growing Ruritania's tea trade?", "Ministry of Tea"),
    ):
        answer = grounded_answer(text, _hits(chunks), index, glossary, PROMPTS)
        assert not answer.refused and lead in answer.citations[0].quote, answer.text


def test_in_that_year_takes_the_year_its_section_is_about(glossary):
    def chunk(text: str, line: int, part: str) -> Chunk:
        heading = ("Chapter 2 Ruritania's outward investment", part)
        return Chunk("t.txt", "prose", f"Report / {part}\n{text}", line, line, heading, title=f"Report / {part}")

    overview = chunk(
        "In 2022 Ruritania invested USD 1.5 billion abroad. Its 2022 investment reached 41 countries. "
        "Investment in Asia in 2022 was USD 0.9 billion.",
        3,
        "Overview",
    )
    structure = chunk(
        "Investment went mainly to farming and mining. Among them, USD 0.6 billion went to farming, accounting "
        "for 40% of the total investment in that year.",
        5,
        "Structure by industry",
    )
    index = _index([], [overview, structure])
    text = "What share of Ruritania's {} investment abroad went to farming?"
    answer = grounded_answer(text.format(2022), _hits([structure]), index, glossary, PROMPTS)
    assert not answer.refused and answer.value == 40, answer.text
    assert grounded_answer(text.format(2021), _hits([structure]), index, glossary, PROMPTS).refused


def test_answer_templates_are_read_again_when_their_file_changes(tmp_path):
    import json
    import os

    from rag.read.compose import load_templates

    path = tmp_path / "grounded_en.json"
    path.write_text(json.dumps({"points": "{value} points"}), encoding="utf-8")
    first = load_templates(tmp_path, "en")
    first["points"] = "changed by a caller"
    assert load_templates(tmp_path, "en") == {"points": "{value} points"}  # a caller's copy: the held one is intact
    path.write_text(json.dumps({"points": "{value} pp"}), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert load_templates(tmp_path, "en") == {"points": "{value} pp"}
    path.unlink()
    with pytest.raises(ValueError, match="cannot be read"):
        load_templates(tmp_path, "en")


def test_year_on_year_growth_from_the_table_beats_a_weak_sentence_about_another_measure(glossary):
    """A sentence stating another measure's change over the year before (a weak match) does not answer a growth
    question the table's two years of the asked measure answer: the rate is worked out from the asked column."""
    table = make_table(
        {"2021年": ("412.0", "230.5"), "2022年": ("455.2", "201.9")},
        columns=(("出口 金额", USD_1E8), ("进口 金额", USD_1E8)),
        label_header="年份",
        title="Trade by year",
    )
    other = _prose("In 2022, investment in machinery was 21.6 billion US dollars, down 12.4% from the previous year.")
    chunks = _row_chunks(table) + [other]
    index = _index([table], chunks)
    answer = grounded_answer("2022年出口额的同比增长率为多少？", _hits(chunks), index, glossary, PROMPTS)
    assert answer.formula.startswith("(455.2 − 412) / 412 = 10.49")
    assert "12.4" not in answer.text


def _industries_two_years() -> Table:
    return make_table(
        {
            "合计": ("1000", "1000"),
            "制造业": ("300", "150"),
            "金融业": ("200", "320"),
            "采矿业": ("100", "180"),
            "批发和零售业": ("50", "40"),
        },
        columns=(("2021", USD_1E8), ("2022", USD_1E8)),
    )


def test_rank_move_between_two_years_is_worked_out_by_sorting_each_year(glossary):
    """No rank column: the row's position in each year (totals left out, largest first) and the places between."""
    answer = _ask_table(
        "How many places did manufacturing slip in the ranking of industries from 2021 to 2022?",
        _industries_two_years(),
        glossary,
    )
    assert not answer.refused
    assert (answer.value, answer.unit) == (2.0, "rank")  # first among four in 2021, third in 2022: the total left out
    assert "from 1st to 3rd" in answer.text
    rose = _ask_table("2021年到2022年，采矿业的排名上升了几位？", _industries_two_years(), glossary)
    assert (rose.value, rose.unit) == (1.0, "rank")
