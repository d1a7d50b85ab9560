"""Near misses refused by what a figure's own words say it is: a count printed with a modifier of another kind of
the asked noun, a count of contracted projects for investment projects, a day of another event than the one a
day-date question asks about, and a world figure for a China question (made-up text)."""

from __future__ import annotations

from rag.read.alignment import Cited, Misalignment, scope_unmet, world_figure
from rag.read.compose import load_templates
from rag.read.counted import counted_noun, counts_it, other_kind_printed
from rag.read.dates import events_named, undated_event
from rag.read.question import analyse_question
from rag.read.reader import grounded_answer
from rag.read.refusals import refused_answer
from rag.settings import PROJECT_ROOT
from rag.text.numbers import extract_quantities
from rag.types import Citation
from tests.builders import hits, indexed_prose, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"


def ask_prose(question: str, text: str, glossary):
    chunk, index = indexed_prose(text)
    return grounded_answer(question, hits([chunk]), index, glossary, PROMPTS)


def test_a_count_of_another_kind_of_the_noun_does_not_count_the_asked_kind(glossary):
    counted = counted_noun(analyse_question("How many flagship gizmo projects did Zembla approve?", glossary), glossary)
    assert counted is not None and counted.words[-1] == "projects"
    sentence = "At the Zembla gizmo fair, the province signed up 412 tentative projects with buyers from abroad."
    figure = extract_quantities(sentence)[0]
    assert counts_it(sentence, figure, counted) is False
    # a modifier shared, or words that sort nothing (`new`, `total`), leave the figure to the other checks
    assert not other_kind_printed("flagship gizmo projects", "projects", ("flagship",))
    assert not other_kind_printed("new projects", "projects", ("flagship",))
    assert not other_kind_printed("tentative projects", "projects", ())
    refused = ask_prose("How many flagship gizmo projects did Zembla approve in 2031?", sentence, glossary)
    assert refused.refused and "412" not in refused.text, refused.text


def test_a_count_of_contracted_projects_does_not_answer_for_investment_projects(glossary):
    text = "In 2031, Zembla firms won 31 overseas contracted projects in gizmo making worth USD 2.2 billion."
    refused = ask_prose("How many overseas gizmo investment projects did Zembla firms start in 2031?", text, glossary)
    assert refused.refused and "31" not in refused.text, refused.text
    answered = ask_prose("How many overseas contracted gizmo projects did Zembla firms win in 2031?", text, glossary)
    assert not answered.refused and answered.value == 31, answered.text


def test_a_day_of_another_event_does_not_answer_a_day_date_question(glossary):
    briefing = "On the morning of May 3, the Zembla trade office held a briefing to present the Gizmo Fair of Zembla."
    opened = "The Gizmo Fair of Zembla opened in Zembla City on May 20."
    question = "小器件博览会在哪一天开幕？"
    assert events_named(question) == {"open": "开幕"}
    assert undated_event("On what day did the Gizmo Fair of Zembla open?", [briefing]) == "open"
    assert undated_event(question, [briefing, opened]) == ""
    assert undated_event("On what day was the briefing on the fair held?", [briefing]) == ""  # no event of the data
    chunks = [prose_chunk(briefing)]
    answer = grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)
    assert answer.refused and "开幕" in answer.text and "May" not in answer.text, answer.text
    chunks = [prose_chunk(f"{briefing} {opened}")]
    answer = grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)
    assert not answer.refused and "May 20" in answer.text, answer.text


def cited_sentence(sentence: str, heading: tuple[str, ...]) -> Cited:
    citation = Citation(1, "t.txt", "line 3", sentence, 3, 3, heading=heading)
    return Cited(citation, ())


def test_a_world_figure_does_not_answer_a_china_question(glossary):
    world = cited_sentence("Greenfield investment came to USD 1.3 trillion in 2031, up 12%.", ("Global trends",))
    question = analyse_question("2031年中国公司公布的海外绿地投资额有多大？", glossary)
    assert world_figure(world, glossary)
    assert scope_unmet(question, [world], glossary) == Misalignment("scope", "scope_china", "scope_world")
    # the refusal names both scopes in the question's language
    templates = load_templates(PROMPTS, "zh")
    zh = refused_answer(question, templates, Misalignment("scope", "scope_china", "scope_world").refusal(templates))
    assert "全球的数据" in zh.text and "中国的数据" in zh.text and "world" not in zh.text, zh.text
    # a sentence naming China or another place, or a heading naming China too, or a world word naming no place
    named = cited_sentence("China's greenfield investment came to USD 90 billion in 2031.", ("Global trends",))
    assert not world_figure(named, glossary)
    assert not world_figure(cited_sentence("Europe's came to USD 9 billion.", ("Global trends",)), glossary)
    assert not world_figure(cited_sentence("It came to USD 9 billion.", ("China in the global economy",)), glossary)
    assert not world_figure(cited_sentence("It came to USD 9 billion.", ("Going global",)), glossary)
    assert (
        scope_unmet(analyse_question("What was world greenfield investment in 2031?", glossary), [world], glossary)
        is None
    )


def test_a_target_for_a_size_or_share_is_answered_only_by_a_passage_stating_a_figure(glossary):
    tasks = "Zembla will build a gadget trade hub in its free port and promote gadget trade rules."
    target = "By 2030, gadget trade in Zembla will account for over 35% of its services trade."
    question = "泽姆省方案为2030年小器件贸易的比重定了什么目标？"
    chunks = [prose_chunk(tasks)]
    refused = grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)
    assert refused.refused and "hub" not in refused.text, refused.text
    chunks = [prose_chunk(f"{tasks} {target}")]
    answered = grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)
    assert not answered.refused and "35%" in answered.text, answered.text


def test_a_chinese_refusal_names_a_near_figure_by_its_chinese_label(glossary):
    question = analyse_question("2031年铁路对外投资是多少？", glossary)
    templates = load_templates(PROMPTS, "zh")
    near = Misalignment("specific", "railway", "the world").refusal(templates)
    zh = refused_answer(question, templates, near, glossary)
    assert "世界的数据" in zh.text and "铁路的数据" in zh.text and "world" not in zh.text, zh.text
    # a name the glossary has no label for stays as it is
    unknown = Misalignment("specific", "Zorvania Harbour Board", "the world").refusal(templates)
    assert "Zorvania Harbour Board的数据" in refused_answer(question, templates, unknown, glossary).text
    abbreviated = Misalignment("specific", "全市GDP", "the world").refusal(templates)
    assert "全市GDP的数据" in refused_answer(question, templates, abbreviated, glossary).text
