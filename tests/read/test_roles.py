"""Roles: a speaker's name, post and organisation read from `NAME, POST, said` and `组织职务某某表示`, made-up text."""

from __future__ import annotations

from rag.read.evidence import Evidence
from rag.read.question import analyse_question
from rag.read.rank_asks import without_editions
from rag.read.reader import grounded_answer
from rag.read.roles import asked_part, chinese_role, english_role, speaker_unmet
from rag.settings import PROJECT_ROOT
from tests.builders import hits, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"

BRIEFING = [
    "On Tuesday the Lantern Board of Vardonia held a briefing on the 9th Vardonia Lantern Fair in Port Emel.",
    "Reporters asked how the board would widen lantern trade next year.",
    "Mira Tolan, deputy head of the Export Desk of the Vardonia Lantern Board, said that the board would work on "
    "two fronts:",
    "First, easing the rules for foreign lantern makers. Second, opening lantern halls in three harbour towns.",
    "Osk Brell, chairman of the Kiln Guild, noted that kiln makers would join the fair.",
]


def briefing_chunks():
    return [prose_chunk(text, line=n, doc_name="briefing.txt") for n, text in enumerate(BRIEFING, 1)]


def ask(question: str, glossary):
    chunks = briefing_chunks()
    return grounded_answer(
        question, hits([chunks[0], chunks[3], chunks[2]]), stored_index([], chunks), glossary, PROMPTS
    )


def test_a_speaker_s_sentence_is_read_into_person_post_and_organisation():
    assert english_role(BRIEFING[2]) == (
        "Mira Tolan",
        "deputy head of the Export Desk of the Vardonia Lantern Board",
        "Export Desk of the Vardonia Lantern Board",
    )
    assert english_role("Bo Venn, a lantern trader, said that fairs help.") is None  # no title word in the post
    assert english_role("First, Second, and Third, head of the list, are steps.") is None  # no speech verb after
    assert chinese_role("会上，瓦多尼亚灯笼局出口处副处长米拉表示，将从两方面开展工作。") == (
        "米拉",
        "瓦多尼亚灯笼局出口处副处长",
        "瓦多尼亚灯笼局出口处",
    )


def test_an_event_s_edition_is_no_rank_asked(glossary):
    assert (
        without_editions("at the 9th Vardonia Lantern Fair, who spoke?") == "at the Vardonia Lantern Fair, who spoke?"
    )
    assert without_editions("Which port ranked 3rd in the world?") == "Which port ranked 3rd in the world?"
    parsed = analyse_question(
        "At the 9th Vardonia Lantern Fair briefing, which board official spoke on trade?", glossary
    )
    assert parsed.operation == "text" and parsed.ordinal is None


def test_who_spoke_is_answered_with_the_speaker_and_his_post(glossary):
    answer = ask(
        "At the briefing on the 9th Vardonia Lantern Fair, which board official spoke on widening trade?", glossary
    )
    assert not answer.refused and answer.text.startswith("Mira Tolan, deputy head of the Export Desk"), answer.text
    assert answer.citations and "Mira Tolan" in answer.citations[0].quote


def test_a_post_or_an_organisation_asked_of_a_named_person_is_his_role(glossary):
    post = ask("What post does Mira Tolan hold?", glossary)
    assert post.text.startswith("Mira Tolan is deputy head of the Export Desk of the Vardonia Lantern Board"), post.text
    unit = ask("Which department is Osk Brell from?", glossary)
    assert unit.text.startswith("Osk Brell is with the Kiln Guild"), unit.text
    zh = ask("Mira Tolan担任什么职务？", glossary)
    assert zh.text.startswith("Mira Tolan的职务是deputy head of the Export Desk"), zh.text


def test_a_speaker_of_another_organisation_or_event_does_not_answer(glossary):
    other_body = ask("Which Harbour Ministry official spoke on widening lantern trade?", glossary)
    assert other_body.refused, other_body.text
    assert "no post or organisation of a person that fits Harbour Ministry" in other_body.text, other_body.text
    other_event = ask("Who spoke for the lantern board at the Zarkan Silk Expo?", glossary)
    assert other_event.refused, other_event.text


def test_a_who_question_asks_for_a_speaker_only_with_a_speech_verb_or_a_person_noun(glossary):
    assert asked_part(analyse_question("Who spoke on lantern halls?", glossary), named=False) == "person"
    assert asked_part(analyse_question("灯笼局哪位官员介绍了灯笼贸易？", glossary), named=False) == "person"
    assert asked_part(analyse_question("Who is the head of the Kiln Guild?", glossary), named=False) is None
    assert asked_part(analyse_question("Who organised the lantern fair?", glossary), named=False) is None
    assert asked_part(analyse_question("灯笼局官员提到的三类灯笼是什么？", glossary), named=False) is None
    zh = ask("哪位官员介绍了扩大灯笼贸易的工作？", glossary)
    assert zh.text.startswith("报告引述的是Mira Tolan（deputy head"), zh.text


def test_a_figure_of_another_organisation_s_speaker_does_not_answer_for_the_named_one(glossary):
    other = [
        "Tam Oren, director of the Kiln Guild of Vardonia, said that kiln makers signed 42 lantern deals this year.",
    ]
    chunks = briefing_chunks() + [prose_chunk(other[0], line=1, doc_name="kilns.txt")]
    index = stored_index([], chunks)
    asked = "How many lantern deals were signed this year, according to the Lantern Board official?"
    refused = grounded_answer(asked, hits([chunks[-1]]), index, glossary, PROMPTS)
    assert refused.refused, refused.text
    # the Lantern Board is named in the reports: the refusal says whose words the figure is not, not that it is unnamed
    assert "not the words of the Lantern Board speaker" in refused.text and "mention" not in refused.text, refused.text
    kiln = "How many lantern deals were signed this year, according to the Kiln Guild official?"
    answered = grounded_answer(kiln, hits([chunks[-1]]), index, glossary, PROMPTS)
    assert not answered.refused and answered.value == 42, answered.text
    evidence = Evidence(tuple(hits([chunks[-1]])), index, glossary)
    unknown = analyse_question("How many lantern deals were signed, according to the Zarkan official?", glossary)
    assert speaker_unmet(unknown, answered, evidence) is None  # no report names a Zarkan speaker: not checked
    assert speaker_unmet(analyse_question(asked, glossary), answered, evidence) is not None
