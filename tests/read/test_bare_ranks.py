"""A place in a ranking printed as a bare number after `in`/`at`/`第` (`Alpha Lines ... in 57,`): read as a rank
only inside a ranking sentence, and only for the name its own clause holds. Made-up text only."""

from __future__ import annotations

from rag.read.prose import bare_ranks
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.text.glossary import Glossary
from tests.builders import hits, prose_chunk, stored_index

LISTED = "In the 2031 Harbour Global 300, nine shipping firms of Ruritania are listed."
PLACED = (
    "In shipping, Ruritania Lines with revenues of $41.5 billion in 57, ahead of Zembla Freight (88) and "
    "Osterlich Cargo (120)."
)


def test_a_bare_number_after_in_is_the_place_of_the_name_its_clause_holds(glossary: Glossary):
    assert [q.value for q in bare_ranks(PLACED, LISTED, ["Ruritania Lines"], glossary)] == [57.0]
    assert all(q.kind == "rank" for q in bare_ranks(PLACED, LISTED, ["Ruritania Lines"], glossary))
    assert bare_ranks(PLACED, LISTED, ["Zembla Freight"], glossary) == []  # another name's clause: not its place


def test_no_ranking_word_or_a_number_going_on_to_a_noun_is_no_rank(glossary: Glossary):
    assert bare_ranks(PLACED, "Shipping firms grew fast in 2031.", ["Ruritania Lines"], glossary) == []
    held = "Ruritania Lines opened offices in 12 ports, and its ranking improved."
    assert bare_ranks(held, "", ["Ruritania Lines"], glossary) == []


def test_a_rank_question_reads_the_bare_place_and_refuses_it_for_another_company(glossary: Glossary):
    chunks = [prose_chunk(f"{LISTED} {PLACED}")]

    def ask(question: str):
        return grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROJECT_ROOT / "prompts")

    answer = ask("Where did Ruritania Lines rank in 2031?")
    assert answer.value == 57 and answer.unit == "rank"
    other = ask("Where did Osterlich Cargo rank in 2031?")
    assert other.value != 57
