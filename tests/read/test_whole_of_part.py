"""A part's figure that states its share of a whole (`accounting for 40% of the outflow`) gives way to the whole's own
figure, stated in a sentence that leaves its subject to the sentence before; with no such sentence the near-miss
refusal naming the part stands (made-up report)."""

from __future__ import annotations

import pytest

from rag.read.reader import grounded_answer
from rag.types import Chunk
from tests.builders import hits, stored_index
from tests.read.test_reader import PROMPTS

WHOLE = (
    "By the end of 2031, 210 investors in Vesperia Province had set up 300 firms abroad, with a stock of US $8.40 "
    "billion; The flow of outward FDI in 2031 was US $2.50 billion."
)
PARTS = (
    "In 2031, 90 investors in Vesperia Province invested abroad. Among them, there were 9 guild-run trading houses "
    "with an investment flow of 1,000 million US dollars, accounting for 40% of the FDI flow in that year."
)


def chapter(text: str, line: int) -> Chunk:
    """A passage under a chapter whose heading names the province (as a report's provincial chapter does)."""
    title = "Report / Chapter Vesperia Province's investment abroad"
    return Chunk("t.txt", "prose", f"{title}\n{text}", line, line, (title.split(" / ")[1],), title=title)


def ask(question: str, texts: list[str], glossary):
    chunks = [chapter(text, line=10 * (i + 1)) for i, text in enumerate(texts)]
    return grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)


@pytest.mark.parametrize(
    "question",
    ["What was the outward FDI flow of Vesperia Province in 2031?", "2031年Vesperia省对外投资的流量是多少？"],
)
def test_the_whole_stated_without_its_subject_answers_over_a_part(question, glossary):
    answer = ask(question, [PARTS, WHOLE], glossary)
    assert not answer.refused, answer.text
    assert answer.source_value == pytest.approx(2.5)  # US $2.50 billion, as printed


def test_without_the_whole_the_part_is_refused(glossary):
    answer = ask("What was the outward FDI flow of Vesperia Province in 2031?", [PARTS], glossary)
    assert answer.refused, answer.text
