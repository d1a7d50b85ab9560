"""The parts of a whole: the rows above a total that add up to it, or the rows of a named section (made-up tables)."""

from __future__ import annotations

from dataclasses import replace

from rag.read.components import clean_label, table_wholes
from rag.read.reader import grounded_answer
from rag.text.glossary import Glossary
from tests.builders import USD_1E8, make_table
from tests.builders import hits as _hits
from tests.builders import row_chunks as _row_chunks
from tests.builders import stored_index as _index
from tests.read.test_reader import PROMPTS

COLUMNS = (("2021", USD_1E8), ("2022", USD_1E8))


def _ask(question: str, table, glossary: Glossary):
    chunks = _row_chunks(table)
    return grounded_answer(question, _hits(chunks), _index([table], chunks), glossary, PROMPTS)


def test_the_parts_of_a_total_are_the_rows_above_it_that_add_up_to_it(glossary):
    table = make_table(
        {
            "Widget revenue": ("90.0", "95.0"),
            "Spare cogs": ("12.5", "10.0"),
            "Sprockets1": ("7.5", "-5.0"),
            "Total gadget stock": ("20.0", "5.0"),
        },
        columns=COLUMNS,
        title="Gadget stock at year end",
    )
    answer = _ask("What are the components of gadget stock?", table, glossary)
    assert not answer.refused
    assert answer.spans == ("Spare cogs", "Sprockets")  # the footnote number glued to a label is no part of it
    assert len(answer.citations) == 2


def test_a_section_lists_its_rows_and_the_longer_name_named_wins():
    table = make_table({"Trade widgets": ("1.0", "2.0"), "Gadget loans": ("3.0", "4.0"), "Cog leases": ("5.0", "6.0"),
                        "Sprocket loans": ("7.0", "8.0")}, columns=COLUMNS)  # fmt: skip
    rows = table.rows
    sections = ("Current", "Current", "Non-current", "Non-current")
    table = replace(table, rows=tuple(replace(row, section=name) for row, name in zip(rows, sections, strict=True)))
    wholes = {whole.name: [row.label for row in whole.parts] for whole in table_wholes(table, 0)}
    assert wholes == {"Current": ["Trade widgets", "Gadget loans"], "Non-current": ["Cog leases", "Sprocket loans"]}


def test_rows_that_do_not_add_up_make_no_whole_and_the_question_is_refused(glossary):
    table = make_table(
        {"Spare cogs": ("12.5", "10.0"), "Sprockets": ("7.5", "5.0"), "Total gadget stock": ("21.0", "5.0")},
        columns=COLUMNS,
    )
    assert table_wholes(table, 0) == []
    assert _ask("What are the components of gadget stock?", table, glossary).refused


def test_clean_label_keeps_a_spaced_number():
    assert clean_label("Level 2") == "Level 2"
    assert clean_label("Accruals1") == "Accruals"


def test_an_unlabelled_total_is_named_by_the_tables_topic_and_its_parts_can_be_counted(glossary):
    table = make_table(
        {"Spare cogs (1)": ("12", "10"), "Sprockets": ("8", "5"), "Bolts (a)": ("3", "1"), "": ("23", "16")},
        columns=COLUMNS,
        title="Gadget maintenance costs",
    )
    listed = _ask("What are the types of gadget maintenance costs in the table?", table, glossary)
    assert listed.spans == ("Spare cogs", "Sprockets", "Bolts")  # bracketed footnote marks are no part of a name
    counted = _ask("How many kinds of gadget maintenance costs are there?", table, glossary)
    assert (counted.value, counted.unit) == (3.0, "count")
    assert _ask("What are the types of widget licence fees?", table, glossary).refused  # the topic is not named


def test_parts_add_up_only_to_the_printed_rounding():
    """Four of five parts fall 62 short of a total of 38,112: more than half a unit per figure, so no whole."""
    table = make_table(
        {"Reserves": ("62", "45"), "Credits": ("1,730", "1,635"), "Losses": ("27,907", "25,733"),
         "Awards": ("8,402", "8,857"), "Other": ("11", "26"), "Total gadget assets": ("38,112", "36,296")},
        columns=COLUMNS,
    )  # fmt: skip
    (whole,) = table_wholes(table, 0)
    assert [row.label for row in whole.parts] == ["Reserves", "Credits", "Losses", "Awards", "Other"]


def test_a_bare_total_adding_up_into_a_named_whole_is_no_part_of_it(glossary):
    """`Total` (a subtotal ingest labels, or one printed so) plus one more row making `Gadget income`: that whole
    has a single listable part, so it is none, and the question goes to the subtotal's parts instead."""
    table = make_table(
        {
            "Spare cogs": ("12", "10"),
            "Sprockets": ("8", "5"),
            "Total": ("20", "15"),
            "Bolt interest": ("1", "2"),
            "Gadget income": ("21", "17"),
        },
        columns=COLUMNS,
        title="Gadget income",
    )
    assert all(whole.name != "Gadget income" for whole in table_wholes(table, 0))
    listed = _ask("What are the types of gadget income in the table?", table, glossary)
    assert listed.spans == ("Spare cogs", "Sprockets")
