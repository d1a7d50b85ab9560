"""The measure a prose figure's own clause binds it to (stock vs flow, share vs change, revenue vs capacity), a set
named by its size vs one of its members, abbreviations vs long forms, and lists asked by their kind. Made-up
sentences and questions only."""

from __future__ import annotations

from rag.index.facts import sentence_facts
from rag.read.bound_measures import asked_measures, binding, named_measures
from rag.read.evidence import Evidence
from rag.read.listed import asked_kind, binds_list
from rag.read.matching import mentions
from rag.read.question import analyse_question
from rag.read.reader import grounded_answer
from rag.read.set_scope import NamedSet, named_set, names_set
from rag.read.spans import text_sentences
from rag.settings import PROJECT_ROOT
from rag.text.abbreviations import defined_pairs, other_forms
from rag.text.numbers import extract_quantities
from rag.types import Document, Hit
from tests.builders import hits, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"

FITTERS = (
    "In 2031, Zembla dispatched 4,210 gadget fitters of all kinds, down 12.5%, and 9,830 gadget fitters of all kinds "
    "were abroad at year-end."
)
EXPORTS = (
    "In 2031, Zembla's widget exports were USD 3.2 billion, down 8.4% from the previous year, accounting for 27.5% "
    "of the total."
)
GADGETCO = "The overseas business of Gadgetco made up 9% of the firm's production capacity and 23% of its revenue."


def ask(question: str, sentences: list[str], glossary):
    chunks = [prose_chunk(" ".join(sentences))]
    return grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)


def figure(sentence: str, value: float):
    return next(q for q in extract_quantities(sentence) if q.value == value)


def test_a_question_names_one_measure_of_a_contrast_and_a_clause_binds_its_figure_to_one():
    assert asked_measures("How many fitters were abroad at the end of 2031?") == {"period": "stock"}
    assert asked_measures("2031年末在外人员有多少？") == {"period": "stock"}
    assert asked_measures("What proportion of the firm's revenue came from abroad?") == {
        "rate": "share",
        "base": "revenue",
    }
    # naming both measures of a contrast asks for neither; `up` names a change only in a figure's clause
    assert "period" not in asked_measures("How many fitters dispatched in 2031 were still abroad at the end of it?")
    assert asked_measures("What share was made up by gadgets?") == {"rate": "share"}
    assert named_measures("sales were up 4%")["rate"] == {"change"}
    question = "How many gadget fitters were abroad at the end of 2031?"
    assert binding(question, FITTERS, figure(FITTERS, 4210)) == (0, frozenset({"period"}))  # dispatched: a flow
    assert binding(question, FITTERS, figure(FITTERS, 9830)) == (1, frozenset())


def test_the_figure_whose_clause_names_the_asked_measure_answers(glossary):
    abroad = ask("How many gadget fitters did Zembla have abroad at the end of 2031?", [FITTERS], glossary)
    assert not abroad.refused and abroad.value == 9830, abroad.text
    share = ask("What share of the total did Zembla's widget exports account for in 2031?", [EXPORTS], glossary)
    assert not share.refused and share.value == 27.5, share.text
    revenue = ask("What proportion of Gadgetco's revenue came from its overseas business?", [GADGETCO], glossary)
    assert not revenue.refused and revenue.value == 23, revenue.text
    capacity = ask("What proportion of Gadgetco's production capacity is overseas?", [GADGETCO], glossary)
    assert not capacity.refused and capacity.value == 9, capacity.text


def test_a_figure_of_another_measure_is_refused_when_no_clause_names_the_asked_one(glossary):
    dispatched = "In 2031, Zembla dispatched 4,210 gadget fitters of all kinds, down 12.5% from the previous year."
    abroad = ask("How many gadget fitters did Zembla have abroad at the end of 2031?", [dispatched], glossary)
    assert abroad.refused and abroad.value is None and "4,210" not in abroad.text, abroad.text
    fell = "In 2031, Zembla's widget exports were USD 3.2 billion, down 8.4% from the previous year."
    share = ask("What share of the total did Zembla's widget exports account for in 2031?", [fell], glossary)
    assert share.refused and share.value is None, share.text
    capacity = "The overseas business of Gadgetco made up 9% of the firm's production capacity."
    revenue = ask("What proportion of Gadgetco's revenue came from its overseas business?", [capacity], glossary)
    assert revenue.refused and revenue.value is None, revenue.text


def test_a_sentence_s_opening_date_phrase_sets_the_period_of_its_figures(glossary):
    cumulative = (
        "By the end of 2031, the Zembla province in widget making, gadget repair and other areas had invested "
        "USD 7.4 billion abroad."
    )
    question = "How much did Zembla invest abroad in widget making in 2031 (the flow of the year)?"
    assert binding(question, cumulative, figure(cumulative, 7.4))[1] == {"period"}
    flow = ask(question, [cumulative], glossary)
    assert flow.refused and flow.value is None and "7.4" not in flow.text, flow.text
    # the figure's own clause outranks the opening phrase; an opening clause with a figure of its own sets nothing
    own = "By the end of 2031, the flow of widget investment was USD 2.1 billion."
    assert binding(question, own, figure(own, 2.1))[1] == frozenset()
    figured = "Stocks reached USD 9 billion at the end of 2031, and Zembla invested USD 2.1 billion in widget making."
    assert binding(question, figured, figure(figured, 2.1))[1] == frozenset()
    chinese = "截至2031年底，泽姆省在小部件制造等领域对外投资74亿美元。"
    assert binding("2031年泽姆省对外投资流量是多少？", chinese, figure(chinese, 74))[1] == {"period"}


def test_a_trade_figure_is_not_answered_by_an_investment_figure(glossary):
    plan = "Zembla expects inbound gadget investment of over USD 6 billion in 2035."
    question = "Zembla's plan says its gadget trade should reach what size by 2035?"
    assert asked_measures(question) == {"activity": "trade"}
    assert binding(question, plan, figure(plan, 6))[1] == {"activity"}
    refused = ask(question, [plan], glossary)
    assert refused.refused and refused.value is None and "6 billion" not in refused.text, refused.text
    # a question naming both, or a clause naming the asked one, is left to the other checks
    assert "activity" not in asked_measures("How much did Zembla's gadget trade firms invest abroad?")
    traded = "By 2035, gadget trade will reach USD 9 billion and investment USD 6 billion."
    assert binding(question, traded, figure(traded, 9)) == (0, frozenset())
    # the subject named before the figure's clause counts (`economic and trade zones` splits at `and`)
    zones = "By 2035, the investment of Zembla's economic and trade zones reached USD 8 billion."
    assert binding("How much was invested in Zembla's zones?", zones, figure(zones, 8))[1] == frozenset()
    used = "利用外资达到60亿美元"
    assert binding("泽姆省小部件贸易额是几亿美元？", used, figure(used, 60))[1] == {"activity"}


def test_a_contracted_figure_does_not_answer_for_the_actual_one(glossary):
    contracted = "In 2031, Zembla's firms signed new contracts worth USD 8.2 billion for gadget projects abroad."
    actual = "Zembla's firms made an actual investment of USD 1.4 billion in gadget countries."
    question = "What was the actual investment of Zembla's firms in gadget countries in 2031?"
    assert asked_measures(question)["commitment"] == "actual"
    assert binding(question, contracted, figure(contracted, 8.2))[1] == {"commitment"}
    picked = ask(question, [contracted, actual], glossary)
    assert not picked.refused and picked.value == 1.4, picked.text
    refused = ask(question, [contracted], glossary)
    assert refused.refused and refused.value is None, refused.text
    assert binding("泽姆省实际使用外资多少？", "合同外资82亿美元", figure("合同外资82亿美元", 82))[1] == {"commitment"}


def test_a_figure_of_completed_work_does_not_answer_for_new_contracts_signed(glossary):
    both = (
        "Completed in 2031, Zembla's overseas gadget projects had a turnover of USD 3.6 billion, and newly signed "
        "contracts came to USD 5.9 billion."
    )
    question = "What value of new overseas gadget contracts did Zembla's firms sign in 2031?"
    assert asked_measures(question)["stage"] == "signed"
    # each figure's own clause tells the stage; the sentence's opening `Completed` binds neither
    assert binding(question, both, figure(both, 3.6))[1] == {"stage"}
    assert binding(question, both, figure(both, 5.9))[1] == frozenset()
    picked = ask(question, [both], glossary)
    assert not picked.refused and picked.value == 5.9, picked.text
    done = "A total of USD 3.6 billion of Zembla's overseas gadget projects were completed in 2031."
    refused = ask(question, [done], glossary)
    assert refused.refused and refused.value is None and "3.6" not in refused.text, refused.text
    turnover = "完成营业额36亿美元"
    assert binding("泽姆省2031年新签的合同额有多大？", turnover, figure(turnover, 36))[1] == {"stage"}


def test_the_fact_matcher_leaves_out_a_figure_of_another_measure(glossary):
    from rag.read.compose import AnswerDraft, load_templates
    from rag.read.facts_match import fact_lookup

    sentence = "In 2031, Zembla dispatched 4,210 gadget fitters of all kinds, down 12.5% from the previous year."
    chunk = prose_chunk(sentence, line=40)
    document = Document("t.txt", "Report", ("",) * 41, (("Chapter 1",),) * 41, "0" * 64)
    facts = list(sentence_facts(document, 40, sentence))
    evidence = Evidence((Hit(chunk, 1.0, dense_rank=1),), stored_index([], [chunk], facts), glossary)
    question = analyse_question("How many gadget fitters did Zembla have abroad at the end of 2031?", glossary)
    found = fact_lookup(AnswerDraft(question, load_templates(PROMPTS, "en")), question, evidence)
    assert not hasattr(found, "value") or found.value != 4210


PARKS = [
    "By the end of 2031, the five gadget parks of Zembla had drawn 63 firms and created 900 jobs.",
    "The Borgo Gadget Park is the largest of them.",
    "By the end of 2031, the park had drawn 17 firms.",
]


def test_a_set_named_by_its_size_and_the_sentences_that_name_it_or_one_member():
    question = "How many firms had Zembla's five gadget parks drawn by the end of 2031?"
    assert named_set(question) == NamedSet(5, "parks")
    assert named_set("赞布拉五个小工具园区共吸引多少家企业？") == NamedSet(5, "")
    assert named_set("How many firms did Zembla's gadget parks draw?") is None
    assert names_set(PARKS[0], NamedSet(5, "parks"))
    assert names_set("The firms of these parks employ 900 people.", NamedSet(5, "parks"))
    assert not names_set("It ranks first among all parks.", NamedSet(5, "parks"))
    assert not names_set(PARKS[2], NamedSet(5, "parks"))
    assert names_set(PARKS[0], NamedSet(5, ""))  # a Chinese question's `五个园区` in an English sentence
    assert not names_set("Five firms opened.", NamedSet(5, "parks"))


def test_a_set_question_gets_the_whole_set_s_figure_never_one_member_s(glossary):
    question = "How many firms had Zembla's five gadget parks drawn by the end of 2031?"
    whole = ask(question, PARKS, glossary)
    assert not whole.refused and whole.value == 63, whole.text
    member = ask(question, PARKS[1:], glossary)
    assert member.value != 17, member.text
    # the set's size the question states is no answer of the sentence naming the set
    in_all = ask("How many firms had Zembla's five gadget parks drawn in all by the end of 2031?", PARKS, glossary)
    assert in_all.value == 63, in_all.text


def test_an_abbreviation_and_its_long_form_name_the_same_thing(glossary):
    assert other_forms("IoT") == ("Internet of Things",)
    assert other_forms("artificial intelligence") == ("AI",)
    assert defined_pairs("We back the Zorbic Quantum Lattice (ZQL) and the Widget Exchange Hub (WEH).") == [
        ("ZQL", "Zorbic Quantum Lattice"),
        ("WEH", "Widget Exchange Hub"),
    ]
    assert defined_pairs("Sales rose (USD) sharply.") == []
    assert mentions("IoT", "Zembla will build Internet of Things networks.", glossary)
    answer = ask(
        "Besides IoT, what new field does Zembla plan projects in?",
        ["Zembla plans projects in the Internet of Things and quantum gadgets."],
        glossary,
    )
    assert not answer.refused and "quantum gadgets" in answer.text, answer.text


def test_a_list_asked_by_its_kind_comes_from_the_sentence_binding_a_list_to_that_kind(glossary):
    assert asked_kind("Through which modes does Zembla build gadget plants?") == "method"
    assert asked_kind("赞布拉通过哪些模式建设工厂？") == "method"
    assert asked_kind("What new-gadget field does Zembla name?") == "field"
    assert asked_kind("What was Zembla's revenue?") == ""
    assert binds_list("Firms build plants through GLOP, FLOP and other methods.", "method")
    assert binds_list("重点发展小工具、齿轮等领域。", "field")
    assert not binds_list("Zembla built the plant by the method of a joint venture.", "method")
    sentences = [
        "Zembla encourages its gadget firms to build gadget plants abroad with local partners in gadget parks.",
        "Firms may build plants through GLOP, FLOP and other methods.",
    ]
    chunk = prose_chunk(" ".join(sentences))
    evidence = Evidence(tuple(hits([chunk])), stored_index([], [chunk]), glossary)
    question = analyse_question("Through which modes does Zembla encourage gadget firms to build plants?", glossary)
    assert text_sentences(question, evidence)[0][2] == sentences[1]


def test_a_generic_noun_binds_a_list_of_any_kind_and_a_question_s_exclusions_leave_the_other_items(glossary):
    assert binds_list("Exports of the “new two things” such as gadgets and gears rose.", "product")
    answer = ask(
        "Besides 4G, IoT and AI, what new gadget field does Zembla plan projects in?",
        ["Zembla will plan new gadget projects such as 4G, Internet of Things, artificial intelligence and quantum "
         "gadgets, and promote them abroad."],
        glossary,
    )  # fmt: skip
    assert not answer.refused and answer.spans == ("quantum gadgets",), answer.text
    assert answer.text.startswith("Besides 4G, IoT, AI, the reports name quantum gadgets [1]."), answer.text


def test_a_province_wide_count_does_not_answer_for_the_nationwide_one(glossary):
    copied = (
        "So far Zembla Harbour has drafted 380 gadget rules, and 95 gadget rules were copied and adopted throughout "
        "the province, 17 of which were copied and adopted nationwide."
    )
    assert named_measures("were copied and adopted nationwide")["reach"] == {"national"}
    question = "How many of Zembla Harbour's gadget rules were copied nationwide?"
    assert binding(question, copied, figure(copied, 95))[1] == frozenset({"reach"})
    assert binding(question, copied, figure(copied, 17))[1] == frozenset()
    adopted = "In Zembla Harbour, " + copied.split(", and ", 1)[1]  # the province-wide and the nationwide figure
    answer = ask(question, [adopted], glossary)
    assert not answer.refused and answer.value == 17, answer.text
