"""Refusal by alignment, the period: a figure's year is the one its sentence, the sentences before it, or (with none
in reach) the running text before it under its heading names; a garbled table title's year stands only for a year
one digit away (made-up reports)."""

from __future__ import annotations

from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.types import Chunk
from tests.builders import hits, stored_index

PROMPTS = PROJECT_ROOT / "prompts"


def _chunk(text: str, line: int, part: str) -> Chunk:
    heading = ("Chapter 1 Outward investment of the world", part)
    return Chunk("t.txt", "prose", f"Report / {part}\n{text}", line, line, heading, title=f"Report / {part}")


def _by_country_index(part: str = "Trends"):
    overview = _chunk(
        "In 2022 world outward investment fell to USD 1.5 trillion. Its 2022 level was the lowest since 2019. "
        "Investment by developed economies in 2022 was USD 1.0 trillion.",
        3,
        "Trends",
    )
    countries = _chunk(
        "By country, Freedonia's outward investment reached USD 37 billion, up 6.5%. "
        "Sylvania's outward investment was USD 14.3 billion, down 12.4%.",
        5,
        part,
    )
    return stored_index([], [overview, countries]), countries


def test_a_sentence_with_no_year_in_reach_takes_the_year_its_heading_ran_on(glossary):
    index, countries = _by_country_index()
    text = "By what percentage did Sylvania's outward investment fall in {}?"
    answer = grounded_answer(text.format(2022), hits([countries]), index, glossary, PROMPTS)
    assert not answer.refused and answer.value == -12.4, answer.text


def test_a_sentence_with_no_year_in_reach_is_refused_for_another_year(glossary):
    index, countries = _by_country_index()
    text = "By what percentage did Sylvania's outward investment fall in {}?"
    assert grounded_answer(text.format(2020), hits([countries]), index, glossary, PROMPTS).refused


def test_a_passage_first_under_its_heading_takes_no_year_from_other_headings(glossary):
    index, countries = _by_country_index(part="Case studies")
    text = "By what percentage did Sylvania's outward investment fall in {}?"
    assert grounded_answer(text.format(2022), hits([countries]), index, glossary, PROMPTS).refused


def _ports_index(glossary):
    from rag.index.facts import table_facts
    from tests.builders import USD_1E8, make_table, row_chunks, table_document

    table = make_table(
        {"Alphaport": ["2", "4915.8"], "Betaport": ["5", "2541.0"]},
        columns=(("rank", None), ("throughput", USD_1E8)),
        table_id="3-1",
        title="Freedonian ports among the top ten ports of the world in 2013",
        label_header="port",
    )
    prose = Chunk(
        "t.txt", "prose", "Report / Chapter 1\nIn 2022 the ports grew. By the end of 2023 Freedonia's ports led.",
        3, 3, ("Chapter 1",), title="Report / Chapter 1",
    )  # fmt: skip
    facts = tuple(table_facts(table_document(table), [table], glossary))
    return stored_index([table], [*row_chunks(table), prose], facts)


def test_a_title_year_one_digit_off_stands_for_the_year_its_section_names():
    from rag.read.evidence import garbled_from

    assert garbled_from(2012, 2022) and garbled_from(2013, 2023) and garbled_from(2022, 2022)
    assert garbled_from(2013, 2031)  # two neighbouring digits swapped
    assert not garbled_from(2013, 2022) and not garbled_from(2031, 2022)


def test_a_garbled_title_does_not_stand_for_a_year_two_digits_away(glossary):
    index = _ports_index(glossary)
    rows = [chunk for chunk in index.chunks if chunk.kind == "table_row"]
    text = "What was Alphaport's throughput in {}?"
    answered = grounded_answer(text.format(2023), hits(rows), index, glossary, PROMPTS)
    assert not answered.refused and answered.source_value == 4915.8, answered.text
    assert grounded_answer(text.format(2022), hits(rows), index, glossary, PROMPTS).refused
