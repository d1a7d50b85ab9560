"""Answers as an analyst writes them (made-up names and figures): a share's whole with `total` before its measure,
a row that already names its section said once, a rank move stated in one sentence."""

from __future__ import annotations

from rag.read.compose import row_name, total_before_head
from rag.read.reader import grounded_answer
from tests.builders import hits, prose_chunk, stored_index
from tests.read.test_reader import PROMPTS


def test_a_total_whole_puts_total_before_its_measure():
    assert total_before_head("Ruritania's gadget exports in total") == "Ruritania's total gadget exports"
    assert total_before_head("the value of widget deals in total") == "the total value of widget deals"
    assert total_before_head("widget deals in total") == "the total widget deals"
    assert total_before_head("the world gadget trade") == "the world gadget trade"


def test_a_row_naming_its_section_is_said_once(glossary):
    assert row_name("其他沿海省份", "沿海省份", glossary, "zh") == "其他沿海省份"
    assert row_name("Other coastal provinces", "Coastal provinces", glossary, "en") == "Other coastal provinces"
    assert row_name("甲省", "沿海省份", glossary, "zh") == "沿海省份甲省"
    assert row_name("Gadgets", "Consumer goods", glossary, "en") == "Gadgets (consumer goods)"


def test_a_rank_move_from_one_sentence_is_said_once(glossary):
    sentence = "In 2031 the Gizmo Openness Index put Zembla at 6th place, up from 2025, 20, among forty economies."
    chunks = [prose_chunk(sentence)]
    question = "From 2025 to 2031, how many places did Zembla climb in the Gizmo Openness Index?"
    answer = grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)
    assert answer.value == 14
    assert answer.text.count("14") == 1 and answer.text.count(sentence) == 1
    assert answer.text.startswith("The rank moved 14 place(s), from 20th to 6th [1]")
