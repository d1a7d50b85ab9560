"""A class's members a table does not list (`rag.read.class_rest`): the class's whole for the investor, stated in
prose, less its members' rows in the column of the asked measure; on a made-up report of Ruritania's gadget
investment by destination."""

from __future__ import annotations

from rag.answer.verify import verify_answer
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from tests.builders import USD_1E8, hits, make_table, prose_chunk, row_chunks, stored_index

PROMPTS = PROJECT_ROOT / "prompts"

TABLE = make_table(
    {"马来西亚": ["8.2", "40.1"], "德国": ["5.0", "22.0"], "菲律宾": ["6.5", "18.0"], "巴西": ["2.0", "9.0"]},
    columns=(("流量", USD_1E8), ("存量", USD_1E8)),
    title="Table 2-4: Ruritania's leading destinations of gadget investment in 2041",
    label_header="国家",
)
ASEAN_2041 = "In 2041, Ruritania's gadget firms made a direct investment of US$2.35 billion in the ASEAN region."


def ask(question: str, glossary, prose: str = ASEAN_2041):
    chunks = [prose_chunk(prose, line=40), *row_chunks(TABLE)]
    index = stored_index([TABLE], chunks)
    answer = grounded_answer(question, hits(chunks), index, glossary, PROMPTS)
    tables = lambda table_id, doc: TABLE if table_id == TABLE.table_id else None  # noqa: E731
    return answer, [p.text for p in verify_answer(answer, tables)]


def test_the_members_a_table_leaves_out_are_the_class_whole_less_its_listed_rows(glossary):
    answer, problems = ask("鲁里塔尼亚2041年对东盟的小工具投资里，表中未列出的其余东盟成员一共得到多少？", glossary)
    assert not answer.refused and answer.value == 8.8, answer.text  # 23.5 − 8.2 − 6.5
    assert "23.5 − 8.2 − 6.5" in answer.formula and "亿美元" in answer.text
    assert [s.op for s in answer.steps] == ["rescale", "difference"]
    assert problems == []


def test_an_english_question_is_answered_in_the_table_scale(glossary):
    answer, problems = ask(
        "In 2041, how much of Ruritania's gadget investment in ASEAN went to other ASEAN members not listed in the "
        "leading-destinations table?",
        glossary,
    )
    assert not answer.refused and answer.value == 8.8, answer.text
    assert answer.text.startswith("Ruritania's figure for the ASEAN members its table does not list"), answer.text
    assert "US$2.35 billion" in answer.text and problems == []


def test_a_stock_asked_of_a_flow_whole_is_refused(glossary):
    answer, _ = ask("鲁里塔尼亚2041年末对东盟的小工具投资存量里，表中未列出的其余东盟成员一共持有多少？", glossary)
    assert answer.refused and answer.value is None  # the prose whole is the year's flow: a near figure


def test_a_whole_of_another_year_is_refused(glossary):
    answer, _ = ask(
        "鲁里塔尼亚2041年对东盟的小工具投资里，表中未列出的其余东盟成员一共得到多少？",
        glossary,
        prose=ASEAN_2041.replace("2041", "2040"),
    )
    assert answer.refused and answer.value is None


def test_without_a_word_of_rows_left_unlisted_the_rest_is_not_derived(glossary):
    answer, _ = ask("鲁里塔尼亚2041年对东盟的小工具投资里，其余东盟成员一共得到多少？", glossary)
    assert answer.refused and answer.value is None
