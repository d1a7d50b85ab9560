"""Scale inference for tables whose unit line names a currency but no scale (`Unit: us $`)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.answer.verify import verify_numbers
from rag.index.store import table_from_dict
from rag.ingest.scales import WINDOW, infer_scales, states
from rag.ingest.tables import cell_unit, parse_tables
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.text.glossary import Glossary
from rag.types import Document, Hit, Table
from tests.builders import row_chunks, stored_index

PROMPTS = PROJECT_ROOT / "prompts"

INTRO = "Outflows fell to \\$1.25 trillion in 2022; Asia invested \\$412.37 billion and Europe \\$230.5 billion."
TABLE = [
    "Table 9-1: Outflows by region, 2021-2022",
    "Unit: us \\$",
    "区域\t2021 年\t2022 年",
    "世界\t15000.0\t12500.0",
    "亚洲\t4000.0\t4123.7",
    "欧洲\t2000.0\t2305.0",
    "Source: made up",
]


def doc(lines: list[str]) -> Document:
    return Document(name="d.txt", title="d", lines=tuple(lines), headings=tuple(() for _ in lines), sha256="0" * 64)


def inferred(lines: list[str]) -> Table:
    document = doc(lines)
    [table] = infer_scales(parse_tables(document), document)
    return table


def test_prose_next_to_the_table_gives_its_scale():
    table = inferred(["Report", INTRO, "", *TABLE])
    evidence = table.scale_evidence
    assert evidence is not None
    assert (evidence.scale, evidence.label, evidence.line, evidence.agreeing) == (1e8, "USD 100 million", 2, 3)
    assert evidence.sentence.startswith("Outflows fell") and evidence.prose_text in evidence.sentence
    assert table.unit.scale is None  # the printed unit is kept as printed
    row = table.rows[1]
    assert cell_unit(table, row, 1).scale is None
    assert cell_unit(table, row, 1, inferred=True).scale == 1e8
    assert cell_unit(table, row, 1, inferred=True).label == "USD 100 million"


def test_a_single_agreeing_figure_is_not_enough():
    table = inferred(["Report", "Asia invested \\$412.37 billion in 2022.", "", *TABLE])
    assert table.scale_evidence is None


def test_round_figures_prove_nothing():
    # `$1.25 trillion` has three digits; `$4 billion` and `$2 billion` fit too many cells at too many scales
    table = inferred(["Report", "Asia invested \\$4 billion and Europe \\$2 billion.", "", *TABLE])
    assert table.scale_evidence is None


def test_prose_far_from_the_table_is_not_read():
    filler = ["Unrelated sentence."] * (WINDOW + 5)
    assert inferred(["Report", INTRO, *filler, *TABLE]).scale_evidence is None


def test_two_scales_that_both_fit_leave_the_scale_unknown():
    text = (
        "Asia invested \\$412.37 billion and Europe \\$230.5 billion; "
        "the world \\$1.25 million, Asia \\$412.4 thousand."
    )
    assert inferred(["Report", text, "", *TABLE]).scale_evidence is None


def test_a_table_with_a_stated_scale_or_another_currency_is_left_alone():
    stated = [line.replace("us \\$", "USD 100 million") for line in TABLE]
    assert inferred(["Report", INTRO, "", *stated]).scale_evidence is None
    yuan = INTRO.replace("\\$", "").replace("billion", "billion yuan").replace("trillion", "trillion yuan")
    assert inferred(["Report", yuan, "", *TABLE]).scale_evidence is None


@pytest.mark.parametrize(
    ("cell", "scale", "printed", "expected"),
    [
        (14897.6, 1e8, "\\$1.49 trillion", True),
        (14897.6, 1e8, "\\$1.48 trillion", False),
        (2242.8, 1e8, "224.28 billion dollars", True),
        (2240.3, 1e8, "224.28 billion dollars", False),
        (639, 1e9, "\\$639 billion", True),
        (11.30, 1e9, "US \\$11.30 billion", True),
    ],
)
def test_a_cell_states_a_prose_figure_only_at_its_printed_rounding(cell, scale, printed, expected):
    from rag.text.numbers import extract_quantities

    [quantity] = extract_quantities(printed)
    assert states(quantity, cell, scale) is expected


def test_scale_evidence_survives_the_index_round_trip():
    from dataclasses import asdict

    table = inferred(["Report", INTRO, "", *TABLE])
    assert table_from_dict(asdict(table)) == table


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load()


def test_an_answer_converts_with_the_inferred_scale_and_cites_where_it_comes_from(glossary):
    table = inferred(["Report", INTRO, "", *TABLE])
    chunks = row_chunks(table)
    index = stored_index([table], chunks)
    question = "How much did Asia invest abroad in 2022?"
    answer = grounded_answer(question, [Hit(chunks[1], 1.0)], index, glossary, PROMPTS)
    assert (answer.value, answer.unit, answer.source_value, answer.source_unit) == (
        412.37,
        "USD billion",
        4123.7,
        "USD 100 million",
    )
    assert "USD 412.37 billion" in answer.text
    assert answer.text.endswith("The table prints no scale; the report's text gives its unit as USD 100 million [2].")
    scale_source = answer.citations[-1]
    assert scale_source.locator == "line 2" and scale_source.quote.startswith("Outflows fell")
    assert verify_numbers(answer.text, answer.citations, answer.formula, index.table) == []
    assert any("read from line 2" in note for note in answer.notes)


def test_an_inferred_scale_is_said_once_citing_each_table_it_was_read_for(glossary):
    from rag.read.cells import CellPick
    from rag.read.compose import AnswerDraft, inferred_scale_note, load_templates
    from rag.read.question import analyse_question

    first = inferred(["Report", INTRO, "", *TABLE])
    other = "Outflows came to \\$1.31 trillion in 2022; Africa invested \\$52.25 billion and Oceania \\$31.07 billion."
    second = inferred(
        [
            "Report",
            other,
            "",
            *[
                line.replace("亚洲", "非洲")
                .replace("4123.7", "522.5")
                .replace("欧洲", "大洋洲")
                .replace("2305.0", "310.7")
                .replace("12500.0", "13100.0")
                .replace("9-1", "9-2")
                for line in TABLE
            ],
        ]
    )
    second = replace(second, doc_name="e.txt")
    draft = AnswerDraft(
        analyse_question("What share of world outflows was Asia's in 2022?", glossary), load_templates(PROMPTS, "en")
    )
    inferred_scale_note(draft, [CellPick(first, first.rows[1], 1, 1.0), CellPick(second, second.rows[0], 1, 1.0)])
    inferred_scale_note(draft, [CellPick(first, first.rows[0], 1, 1.0)])  # a second path's note for the same table
    text = " ".join(draft.parts)
    assert text == "The table prints no scale; the report's text gives its unit as USD 100 million [1][2].", text


def test_the_real_report_tables_without_a_printed_scale_get_one():
    seed = PROJECT_ROOT / "seeds" / "000_f2b7a4193a625dc4.txt"
    document = doc(seed.read_text(encoding="utf-8").splitlines())
    tables = {t.table_id: t for t in infer_scales(parse_tables(document), document)}
    scales = {tid: t.scale_evidence.label for tid, t in tables.items() if t.scale_evidence}
    # 1-1, 1-2 and 4-2 print `us $` / `$` for 亿美元; 1-3 and 1-4 (greenfield values) for 十亿美元
    assert scales == {
        "1-1": "USD 100 million",
        "1-2": "USD 100 million",
        "1-3": "USD billion",
        "1-4": "USD billion",
        "4-2": "USD 100 million",
    }
