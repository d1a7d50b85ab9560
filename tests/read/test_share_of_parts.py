"""A share whose whole is built from the named parts (`derive_share_of_parts`): two groups named by modifiers sharing
one head noun (`shared_head` data) are two entities, and `combined` / `together` (`parts_whole` data) with one group
named again asks that group over the two added. Made-up gadget-plant table."""

from __future__ import annotations

from rag.read.question import analyse_question
from tests.builders import PERCENT, USD_1E8, make_table
from tests.read.test_apart_operands import ask

NOTE = "Gadget plant announcements rose in 2031 as makers moved assembly nearer their buyers."
PORTION = (
    "What portion of the 2031 gadget plant value of developed and developing countries, taken together, "
    "belonged to developing countries?"
)


def test_two_modifiers_sharing_a_head_noun_name_two_groups(glossary):
    question = analyse_question("How did developed and developing countries fare in gadget plants in 2031?", glossary)
    assert set(question.entities) >= {"发达国家", "发展中国家"}


def test_a_share_of_two_groups_combined_is_one_over_their_sum(glossary):
    table = make_table(
        {"世界": ["400.0", "520.0", "30"], "发达国家": ["150.0", "210.0", "40"], "发展中国家": ["90.0", "140.0", "56"]},
        columns=(("2030", USD_1E8), ("2031", USD_1E8), ("增长率", PERCENT)),
        title="Gadget plant announcements by group of economies, 2030-2031",
        label_header="经济体",
    )
    answer, problems = ask(PORTION, NOTE, glossary, table)
    assert not answer.refused and answer.value == 40.0  # 140 / (210 + 140) × 100
    assert "140.0 / (210.0 + 140.0)" in answer.formula
    assert problems == []


def test_two_groups_held_together_are_still_a_share_of_the_total(glossary):
    """Neither group is named again after `together`: the two added over the world's row, not one over the two."""
    table = make_table(
        {"世界": ["520.0"], "发达国家": ["210.0"], "发展中国家": ["140.0"]},
        columns=(("2031", USD_1E8),),
        title="Gadget plant announcements by group of economies, 2031",
        label_header="经济体",
    )
    question = "In 2031, what share of world gadget plant value did developed and developing countries hold together?"
    answer, _ = ask(question, NOTE, glossary, table)
    assert answer.value != 40.0
