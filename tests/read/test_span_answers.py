"""Span answers: lists asked by their kind, reported speech, dates to the day, counts of ordinal lists, the list
items a lead ending in a colon brings. Made-up text only."""

from __future__ import annotations

from dataclasses import replace

from rag.answer.verify import verify_answer
from rag.read.dates import asks_day, dates_a_day
from rag.read.evidence import Evidence
from rag.read.list_count import asked_list_size, item_text, led_passages, lists_of, passage_sentences
from rag.read.listed import asked_kind
from rag.read.question import analyse_question
from rag.read.reader import grounded_answer
from rag.read.spans import text_sentences
from rag.read.speakers import spoken_by
from rag.read.tasks import asks_other_kind
from rag.settings import PROJECT_ROOT
from rag.text.sentences import split_sentences
from rag.types import Chunk
from tests.builders import hits, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"

# A press report: the speaker is named once, his points follow in paragraphs of their own.
PRESS = [
    "On Monday the Gadget Office of Zembla held a briefing on the gadget fair.",
    "Ann Quill, head of the Gadget Office, said that the office would work on three fronts:",
    "First, drawing gadget investment from abroad. The office will ease the rules for foreign gadget firms.",
    "Second, widening gadget exports. The office keeps track of shifting gadget rules in foreign markets through "
    "gadget trade leagues and sector help desks.",
    "Third, deeper gadget cooperation. Zembla will push gadget cooperation with Northland, Eastmark and other regions.",
    "Ann Quill noted that next year the office will keep opening the gadget sector. First, it will court more "
    "gadget investors. Second, it will build more gadget fairs.",
    "Bo Venn, a gadget trader, said that fairs help small firms.",
    "Small firms met buyers from many regions at the fair.",
]


def press_chunks() -> list[Chunk]:
    return [prose_chunk(text, line=n, doc_name="press.txt") for n, text in enumerate(PRESS, 1)]


def evidence_of(retrieved: list[Chunk], every: list[Chunk], glossary) -> Evidence:
    return Evidence(tuple(hits(retrieved)), stored_index([], every), glossary)


def test_provinces_are_a_kind_of_list_and_the_sentence_binding_them_answers(glossary):
    assert asked_kind("Which provinces send most gadget fitters abroad?") == "province"
    assert asked_kind("哪些省份的企业建设了工厂？") == "province"
    sentences = [
        "Most gadget fitters abroad work in the gadget parks of Northland.",
        "The gadget fitters sent abroad come mainly from Westvale, Eastmark and other large gadget provinces.",
    ]
    chunk = prose_chunk(" ".join(sentences))
    question = analyse_question("Gadget fitters sent abroad mostly hail from which provinces?", glossary)
    best = text_sentences(question, evidence_of([chunk], [chunk], glossary))
    assert best[0][2] == sentences[1]


def test_a_list_of_fields_or_regions_is_no_question_for_the_plan_task_reader(glossary):
    assert asks_other_kind(analyse_question("赞布拉在什么领域鼓励公司牵头起草规则？", glossary))
    assert not asks_other_kind(analyse_question("哪些措施由赞布拉工业局牵头？", glossary))
    assert not asks_other_kind(analyse_question("Which unit leads the gadget task?", glossary))


def test_a_passage_of_reported_speech_is_its_speaker_s_though_it_does_not_name_him(glossary):
    chunks = press_chunks()
    evidence = evidence_of(chunks, chunks, glossary)
    assert spoken_by("Ann Quill", chunks[4], evidence)  # the third point, after `Ann Quill ... said that`
    assert not spoken_by("Bo Venn", chunks[4], evidence)
    assert spoken_by("Bo Venn", chunks[7], evidence) and not spoken_by("Ann Quill", chunks[7], evidence)
    assert not spoken_by("Ann Quill", chunks[0], evidence)  # before anyone speaks
    answer = grounded_answer(
        "With which regions will Zembla push gadget cooperation, according to Ann Quill?",
        [*hits([chunks[4]])],
        stored_index([], chunks),
        glossary,
        PROMPTS,
    )
    assert not answer.refused and "Northland, Eastmark and other regions" in answer.text, answer.text


def test_a_question_asking_the_day_is_answered_by_the_sentence_dating_it_to_the_day(glossary):
    assert asks_day("小工具限额自何日起不再适用？") and asks_day("On what date was the gadget cap lifted?")
    assert not asks_day("In which year was the gadget cap lifted?")
    assert dates_a_day("The cap was lifted on June 12, 2031.") and dates_a_day("上限于2031年6月12日取消。")
    assert dates_a_day("The cap was lifted on 12 June 2031.") and dates_a_day("Lifted: 2031-06-12.")
    assert not dates_a_day("The cap was lifted in June 2031.") and not dates_a_day("Gadget sales may rise 5%.")
    sentences = [
        "In March 2031, the Gadget Office announced a review of the gadget cap.",
        "After the review, on July 3, 2031 the cap of at most 20 gadgets per crate was lifted.",
    ]
    chunk = prose_chunk(" ".join(sentences))
    question = analyse_question("On what date was the cap on gadgets per crate lifted?", glossary)
    assert text_sentences(question, evidence_of([chunk], [chunk], glossary))[0][2] == sentences[1]


def test_a_count_of_a_list_s_points_counts_the_list_whose_lead_names_the_question(glossary):
    chunks = press_chunks()
    listed = lists_of([(sentence, chunk) for chunk in chunks for sentence in _sentences(chunk)])
    assert [len(found.items) for found in listed] == [3, 2]
    assert listed[0].colon and not listed[1].colon
    answer = grounded_answer(
        "How many steps did Ann Quill set out for opening the gadget sector next year?",
        hits([chunks[5], chunks[0]]),
        stored_index([], chunks),
        glossary,
        PROMPTS,
    )
    assert not answer.refused and answer.value == 2 and answer.unit == "count", answer.text


def test_no_list_count_where_no_list_s_lead_names_the_question(glossary):
    chunks = press_chunks()
    answer = grounded_answer(
        "How many steps did Bo Venn set out for the widget harbour?",
        hits([chunks[6], chunks[7]]),
        stored_index([], chunks),
        glossary,
        PROMPTS,
    )
    assert answer.value is None


def test_a_lead_ending_in_a_colon_brings_the_points_of_its_list(glossary):
    chunks = press_chunks()
    evidence = evidence_of([chunks[1]], chunks, glossary)  # only the lead was retrieved
    brought = [chunk.start_line for _, chunk in led_passages(evidence)]
    assert brought == [2, 3, 4, 5]  # the lead and its three points; not the next list, not the trader's words
    question = analyse_question(
        "Through which channels does the Gadget Office keep track of foreign gadget rules?", glossary
    )
    best = text_sentences(question, evidence)
    assert "gadget trade leagues and sector help desks" in best[0][2]


def _sentences(chunk: Chunk) -> list[str]:
    return split_sentences(chunk.body)


def test_a_question_asking_which_n_points_names_the_size_of_its_list(glossary):
    assert asked_list_size(analyse_question("安娜提出的小工具工作包括哪三个方面？", glossary)) == 3
    assert asked_list_size(analyse_question("小工具新政有哪五条？", glossary)) == 5
    assert asked_list_size(analyse_question("What are the three fronts of the gadget office's work?", glossary)) is None
    assert asked_list_size(analyse_question("Which two steps will the office take next year?", glossary)) == 2
    assert asked_list_size(analyse_question("哪三个国家买了小工具？", glossary)) is None  # countries: no list points
    # the size stated before the list's noun, the question asking what its items are
    assert asked_list_size(analyse_question("小工具署提出的两项举措分别是什么？", glossary)) == 2
    assert asked_list_size(analyse_question("安娜要抓好的三方面工作有哪些？", glossary)) == 3
    assert asked_list_size(analyse_question("三项指标的数值是什么？", glossary)) is None  # indicators: no list points
    assert asked_list_size(analyse_question("三项举措中的第二项是什么？", glossary)) is None  # one item by position
    assert item_text("Second, we will build more gadget fairs.") == "we will build more gadget fairs."
    assert item_text("（三）Gadget fairs") == "Gadget fairs"


def test_which_n_points_are_the_items_of_the_retrieved_list_of_that_size(glossary):
    chunks = press_chunks()
    answer = grounded_answer(
        "Which two steps will the office take next year, as Ann Quill noted?",
        hits([chunks[5]]),
        stored_index([], chunks),
        glossary,
        PROMPTS,
    )
    assert answer.spans == ("it will court more gadget investors.", "it will build more gadget fairs."), answer.text
    answer = grounded_answer(
        "安娜提出的小工具工作包括哪三个方面？",
        hits([chunks[3], chunks[5]]),
        stored_index([], chunks),
        glossary,
        PROMPTS,
    )
    assert answer.spans[0] == "drawing gadget investment from abroad.", answer.text
    assert len(answer.spans) == 3


def test_numbered_headings_make_a_list_of_their_own(glossary):
    lead = prose_chunk("Ann Quill said the office has four tasks this year.", line=2, doc_name="plan.txt")
    names = ["gadgets", "gears", "widgets", "sprockets"]
    items = [heading_chunk(f"{n}. Task {name}", f"Work on {name}.", 2 + 2 * n) for n, name in enumerate(names, 1)]
    listed = lists_of(passage_sentences([lead, *items]))
    assert [sentence for _, sentence in listed[0].items] == [f"{n}. Task {name}" for n, name in enumerate(names, 1)]


def heading_chunk(heading: str, body: str, line: int) -> Chunk:
    return Chunk("plan.txt", "prose", f"Plan / {heading}\n{body}", line, line, (heading,), title=f"Plan / {heading}")


def test_a_kind_noun_after_a_long_chinese_modifier_is_still_the_kind_asked():
    assert asked_kind("赞布拉打算设立哪些跨境信息保护机制？") == "mechanism"
    assert asked_kind("赞布拉的试点园区拿到了哪些优惠政策？") == "policy"
    assert asked_kind("Which policies did the gadget zone win?") == "policy"


def test_a_scope_clause_before_what_must_leaves_a_question_asking_for_words(glossary):
    question = analyse_question(
        "Under the gadget plan, what must every bureau draw up once it sets its targets?", glossary
    )
    assert question.operation == "text"
    assert analyse_question("Under the gadget plan, how many gadgets were sold in 2031?", glossary).operation != "text"


def test_a_measure_word_before_another_noun_asks_no_list_of_points(glossary):
    assert asked_list_size(analyse_question("小工具新政有哪三项？", glossary)) == 3
    assert asked_list_size(analyse_question("哪两项指标在2031年下降了？", glossary)) is None
    assert asked_list_size(analyse_question("Which two areas grew fastest in 2031?", glossary)) is None  # a ranking


def test_items_in_two_languages_are_no_list_of_points(glossary):
    lines = [
        "Bo Venn listed the gadget fair points:",
        "First, more gadget buyers.",
        "Second, 小工具协会供稿",
        "Third, more gadget sellers.",
    ]
    chunks = [prose_chunk(text, line=n, doc_name="fair.txt") for n, text in enumerate(lines, 1)]
    answer = grounded_answer(
        "Bo Venn的小工具展会工作有哪三点？", hits(chunks), stored_index([], chunks), glossary, PROMPTS
    )
    assert answer.spans != ("more gadget buyers.", "小工具协会供稿", "more gadget sellers."), answer.text


def test_the_count_of_a_list_s_points_is_a_step_naming_each_quoted_item(glossary):
    """`哪三个方面` answers with `3项`, a number in no passage: a count step names each item the answer quotes."""
    chunks = press_chunks()
    index, retrieved = stored_index([], chunks), hits([chunks[3], chunks[5]])
    answer = grounded_answer("安娜提出的小工具工作包括哪三个方面？", retrieved, index, glossary, PROMPTS)
    counts = [step for step in answer.steps if step.op == "count"]
    assert len(counts) == 1 and counts[0].result == 3 and not counts[0].table_id
    assert counts[0].rows[0].startswith("First, drawing gadget investment")
    assert "3" in answer.text and verify_answer(answer) == []
    unquoted = replace(answer, citations=tuple(replace(c, quote=c.quote[:20]) for c in answer.citations))
    assert verify_answer(unquoted) != []  # an item no citation quotes traces no count


def test_a_chinese_question_finds_the_english_sentence_holding_its_words_in_translation(glossary):
    # the first passage is retrieved best and names the same kind of desk; the asked head noun (结算平台) is only in
    # the later one, as `settlement platform`
    desk = prose_chunk('Zembla runs a "one-stop" help desk where gadget traders file their papers.', line=1)
    platform = prose_chunk(
        'Zembla will explore a "one-stop" settlement platform for gadget exports paid in foreign money.', line=5
    )
    question = analyse_question("泽姆布拉拟为小工具出口推出一个什么样的结算平台（一站式）？", glossary)
    best = text_sentences(question, evidence_of([desk, platform], [desk, platform], glossary))
    assert "settlement platform" in best[0][2]
