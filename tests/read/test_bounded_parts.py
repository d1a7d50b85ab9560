"""A bound asked on a part (`at least how much`, `至多多少`) over a share stated with a bound word: the whole times the
share, stated as the bound; refused when the share is bounded the other way, exact, or of another part.
Made-up text only."""

from __future__ import annotations

import pytest

from rag.read.question import analyse_question, asked_bound
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from tests.builders import hits, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"

KELP = prose_chunk(
    "Ruritania's kelp farm output is set to climb from US$7.5 billion in 2029 to US$12.5 billion in 2033, "
    "of which the share of seaweed biofuel will exceed 30%."
)
KELP_UNDER = prose_chunk(
    "Ruritania's kelp farm output is set to climb from US$7.5 billion in 2029 to US$12.5 billion in 2033, "
    "of which the share of seaweed biofuel will be less than 30%."
)
KELP_EXACT = prose_chunk(
    "Ruritania's kelp farm output is set to reach US$12.5 billion in 2033, with seaweed biofuel accounting for 30%."
)


@pytest.mark.parametrize(
    ("question", "bound"),
    [
        ("At least how much of the output was biofuel?", "over"),
        ("按其占比，鲁里塔尼亚海藻产值中生物燃料至多有多少？", "under"),
        ("How much of the output was biofuel at most?", "under"),
        ("How many farms had at least 30% biofuel?", ""),  # a count, no bounded amount
        ("How much of the output was biofuel?", ""),
    ],
)
def test_the_bound_asked(question, bound):
    assert asked_bound(question.lower()) == bound


def test_a_bounded_part_asks_an_amount(glossary):
    question = "Going by the biofuel share, at least how much of Ruritania's 2033 kelp farm output was biofuel?"
    assert analyse_question(question, glossary).asked == "amount"


def test_a_share_over_a_bound_gives_the_whole_times_the_share_as_a_lower_bound(glossary):
    question = "Going by the biofuel share, at least how much of Ruritania's 2033 kelp farm output was biofuel?"
    answer = grounded_answer(question, hits([KELP]), stored_index([], [KELP]), glossary, PROMPTS)
    assert not answer.refused
    assert answer.value == pytest.approx(3.75)
    assert "more than" in answer.text and "12.5 × 30" in answer.text
    assert answer.text.startswith("Seaweed biofuel")
    assert answer.steps and answer.steps[-1].op == "part_from_share"


@pytest.mark.parametrize(
    ("question", "chunk"),
    [
        # the share is an upper bound: no lower bound follows
        ("Going by the biofuel share, at least how much of Ruritania's 2033 kelp farm output was biofuel?", KELP_UNDER),
        # an upper bound asked of a lower-bounded share
        ("Going by the biofuel share, at most how much of Ruritania's 2033 kelp farm output was biofuel?", KELP),
        # an exact share is no bound
        ("Going by the biofuel share, at least how much of Ruritania's 2033 kelp farm output was biofuel?", KELP_EXACT),
        # the share of another part
        ("Going by the tourism share, at least how much of Ruritania's 2033 kelp farm output was tourism?", KELP),
    ],
)
def test_no_bound_from_a_share_bounded_otherwise_or_of_another_part(question, chunk, glossary):
    answer = grounded_answer(question, hits([chunk]), stored_index([], [chunk]), glossary, PROMPTS)
    assert answer.refused or answer.value != pytest.approx(3.75)
    assert answer.value not in (12.5, 30.0)


KELP_ZH = prose_chunk("2033年鲁里塔尼亚海藻养殖产值将达125亿美元，其中生物燃料占比超过30%。")


def test_a_chinese_bounded_share_gives_a_chinese_lower_bound(glossary):
    question = "按生物燃料的占比，鲁里塔尼亚2033年海藻养殖产值中至少有多少来自生物燃料？"
    answer = grounded_answer(question, hits([KELP_ZH]), stored_index([], [KELP_ZH]), glossary, PROMPTS)
    assert not answer.refused
    assert answer.value == pytest.approx(37.5)
    assert "超过" in answer.text and answer.text.startswith("生物燃料")
