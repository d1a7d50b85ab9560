"""Answers as an analyst writes them (made-up names and figures): a share's whole with `total` before its measure,
a row that already names its section said once, a rank move stated in one sentence."""

from __future__ import annotations

from rag.read.compose import quoted_clause, row_name, total_before_head
from rag.read.quoted_subject import change_subject, chinese_subject, computed_lead_zh, quoted_subject, share_subject
from rag.read.rank_moves import move_word
from rag.read.reader import grounded_answer
from rag.text.glossary import Glossary, Term
from rag.text.numbers import difference, extract_quantities
from tests.builders import hits, prose_chunk, stored_index
from tests.read.test_reader import PROMPTS


def test_a_total_whole_puts_total_before_its_measure():
    assert total_before_head("Ruritania's gadget exports in total") == "Ruritania's total gadget exports"
    assert total_before_head("the value of widget deals in total") == "the total value of widget deals"
    assert total_before_head("widget deals in total") == "the total widget deals"
    assert total_before_head("the world gadget trade") == "the world gadget trade"


def test_a_row_naming_its_section_is_said_once(glossary):
    assert row_name("其他沿海省份", glossary, "zh", "沿海省份") == "其他沿海省份"
    assert row_name("Other coastal provinces", glossary, "en", "Coastal provinces") == "Other coastal provinces"
    assert row_name("甲省", glossary, "zh", "沿海省份") == "沿海省份甲省"
    assert row_name("Gadgets", glossary, "en", "Consumer goods") == "Gadgets (consumer goods)"


def test_a_listed_row_is_named_without_the_aliases_its_gloss_adds(glossary):
    assert row_name("美国", glossary, "en", bare=True) == "United States"
    assert row_name("Gadgets (all kinds)", glossary, "en", bare=True) == "Gadgets"
    assert row_name("甲省", glossary, "zh", bare=True) == "甲省"


def test_a_rank_move_from_one_sentence_is_said_once(glossary):
    sentence = "In 2031 the Gizmo Openness Index put Zembla at 6th place, up from 2025, 20, among forty economies."
    chunks = [prose_chunk(sentence)]
    question = "From 2025 to 2031, how many places did Zembla climb in the Gizmo Openness Index?"
    answer = grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)
    assert answer.value == 14
    assert answer.text.count("14") == 1 and answer.text.count(sentence) == 1
    assert answer.text.startswith("The rank rose 14 place(s), from 20th to 6th [1]")


def test_a_rank_move_names_its_direction():
    assert move_word(difference(20, 6), 20, 6) == "rank_rose"
    assert move_word(difference(9, 4), 4, 9) == "rank_fell"
    assert move_word(difference(4, 9), 9, 4) == "rank_moved_by"  # a rise asked, a fall found: no direction said


def test_a_quoted_figure_is_said_of_what_both_the_question_and_its_sentence_name():
    sentence = "In 2031, Zembla's gadget exports reached USD 3 billion, up 4% on the year before."
    said = quoted_subject("What were Zembla's gadget exports in 2031?", sentence)
    assert said is not None and (said.phrase, said.verb) == ("Zembla's gadget exports in 2031", "were")
    # a word the sentence lacks (`Freedonia`), a verb opening the phrase, a Chinese question: the report's frame
    # an owner the sentence does not repeat goes, and so does a modifier it lacks (`outbound`); a name it lacks
    # inside the phrase (`ICT`), or a phrase left naming no place, body or year, keeps the report's frame
    said = quoted_subject("What were Freedonia's outbound gadget exports in 2031?", sentence)
    assert said is not None and said.phrase == "The gadget exports in 2031"
    assert quoted_subject("What were Zembla's ICT gadget exports in 2031?", sentence) is None
    assert quoted_subject("What were the gadget exports of Zembla's southern ports?", sentence) is None
    assert quoted_subject("How much was spent on gadgets in 2031?", sentence) is None
    assert quoted_subject("2031年Zembla的出口是多少？", sentence) is None


def test_a_name_the_sentence_gives_in_another_form_is_held_only_where_its_segment_is_held_whole(glossary):
    sentence = "In 2031, Zembla's foreign direct investment position stood at USD 3.4 billion."
    said = quoted_subject("What was Zembla's FDI position in 2031?", sentence, glossary)
    assert said is not None and said.phrase == "Zembla's FDI position in 2031"
    assert quoted_subject("What was Zembla's FDI position in 2031?", sentence) is None  # no glossary
    # `outward` dropped beside `FDI` could change what the other form names: the report's frame
    assert quoted_subject("What was Zembla's outward FDI position in 2031?", sentence, glossary) is None


def test_a_quoted_figure_opens_with_its_subject(glossary):
    sentence = "In 2031, Zembla's gadget exports reached USD 3 billion, up 4% on the year before."
    chunks = [prose_chunk(sentence)]
    answer = grounded_answer(
        "What were Zembla's gadget exports in 2031?", hits(chunks), stored_index([], chunks), glossary, PROMPTS
    )
    assert answer.text.startswith("Zembla's gadget exports in 2031 were USD 3 billion [1]: "), answer.text


def _zembla_glossary(glossary):
    """The project's glossary with a made-up country and measure, each with its English name."""
    made_up = (Term("泽姆拉", "Zembla", "country"), Term("小工具出口额", "gadget exports", "other"))
    return Glossary(glossary.terms + made_up)


def test_a_chinese_question_names_its_figure_only_by_what_the_sentence_holds(glossary):
    zembla = _zembla_glossary(glossary)
    sentence = "In 2031, Zembla's gadget exports reached USD 3 billion, up 4% on the year before."
    said = chinese_subject("2031年泽姆拉的小工具出口额是多少？", sentence, zembla)
    assert said is not None and said.phrase == "2031年泽姆拉的小工具出口额"
    # a year the sentence lacks, a year's end it does not name, a word the glossary cannot check, a clause before
    # a comma, an English question: no subject
    assert chinese_subject("2030年泽姆拉的小工具出口额是多少？", sentence, zembla) is None
    assert chinese_subject("2031年底泽姆拉的小工具出口额是多少？", sentence, zembla) is None
    assert chinese_subject("2031年泽姆拉南部的小工具出口额是多少？", sentence, zembla) is None
    assert chinese_subject("据报道，泽姆拉的小工具出口额是多少？", sentence, zembla) is None
    assert chinese_subject("What were Zembla's gadget exports in 2031?", sentence, zembla) is None
    assert (
        chinese_subject("2031年泽姆拉的小工具出口额是多少？", "Gadget exports reached USD 3 billion in 2031.", zembla)
        is None
    )


def test_a_chinese_answer_from_prose_opens_with_its_subject_and_leaves_the_quote_to_the_citation(glossary):
    sentence = "In 2031, Zembla's gadget exports reached USD 3 billion, up 4% on the year before."
    chunks = [prose_chunk(sentence)]
    question = "2031年泽姆拉的小工具出口额是多少？"
    answer = grounded_answer(question, hits(chunks), stored_index([], chunks), _zembla_glossary(glossary), PROMPTS)
    assert answer.text == "2031年泽姆拉的小工具出口额为30亿美元 [1]。", answer.text
    assert answer.value == 3 and answer.citations[0].quote == sentence


def test_a_figure_computed_from_one_sentence_is_said_result_first_with_its_working(glossary):
    sentence = (
        "Over five years, Zembla's gadget exports expanded from USD 400 million in 2030 to USD 450 million in 2031."
    )
    chunks = [prose_chunk(sentence)]
    for question, text in (
        (
            "By what percentage did Zembla's gadget exports grow from 2030 to 2031?",
            "Zembla's gadget exports grew by 12.5 % from 2030 to 2031 ((450 − 400) / 400) [1].",
        ),
        ("2030年到2031年，泽姆拉的小工具出口额增长了百分之几？", "12.5%（(450 − 400) / 400） [1]。"),
    ):
        answer = grounded_answer(question, hits(chunks), stored_index([], chunks), _zembla_glossary(glossary), PROMPTS)
        assert answer.value == 12.5 and answer.text.endswith(text), answer.text
        assert sentence not in answer.text and answer.citations[0].quote == sentence


def test_a_quoted_clause_is_the_one_that_holds_the_figure_unless_it_is_too_short():
    sentence = (
        "In 2031, the trade ministry of Zembla reported that 1,246 firms made gadget exports of USD 3 billion, "
        "while imports of tools fell."
    )
    figure = next(q for q in extract_quantities(sentence) if q.text.strip() == "USD 3 billion")
    assert (
        quoted_clause(sentence, figure)
        == "In 2031, the trade ministry of Zembla reported that 1,246 firms made gadget exports of USD 3 billion"
    )
    short = "Zembla sent USD 770 million, or 0.9 percent, to its three northern isles."
    figure = next(q for q in extract_quantities(short) if "770" in q.text)
    assert quoted_clause(short, figure) == "Zembla sent USD 770 million, or 0.9 percent"


def test_a_quoted_clause_takes_the_clauses_before_it_and_keeps_the_date_that_opens_the_sentence():
    sentence = (
        "In 2031, the gadget board of Zembla counted 412 member firms, of which 97 were new, "
        "and the gadget exports reached USD 3 billion, ranking first among the northern isles for the tenth year."
    )
    figure = next(q for q in extract_quantities(sentence) if "USD 3 billion" in q.text)
    assert quoted_clause(sentence, figure) == (
        "In 2031 … of which 97 were new, and the gadget exports reached USD 3 billion"
    )
    adjacent = "By the end of 2031, 88 Zembla firms had set up 140 workshops abroad, with a stock of USD 2 billion."
    figure = next(q for q in extract_quantities(adjacent) if "USD 2 billion" in q.text)
    assert quoted_clause(adjacent, figure) == adjacent


def test_a_quoted_clause_cut_from_mid_sentence_is_marked_by_a_leading_ellipsis():
    sentence = (
        "Marvolia's lamp makers opened 31 new plants across the delta in 2029, the survey found, "
        "with lamp output reaching 4.6 million units, the highest in a decade."
    )
    figure = next(q for q in extract_quantities(sentence) if "4.6 million" in q.text)
    assert quoted_clause(sentence, figure).startswith("… ")
    fragment = "and the lamp exports of Marvolia came to USD 820 million over the whole of the year 2029."
    figure = next(q for q in extract_quantities(fragment) if "820" in q.text)
    assert quoted_clause(fragment, figure) == f"… {fragment}"
    whole = "Marvolia exported lamps worth USD 820 million in 2029, a tenth more than the year before it."
    figure = next(q for q in extract_quantities(whole) if "820" in q.text)
    assert not quoted_clause(whole, figure).startswith("…")


def test_a_chinese_answer_computed_from_one_sentence_opens_with_the_question_lead_the_sentence_holds(glossary):
    zembla = _zembla_glossary(glossary)
    sentence = "Zembla's gadget exports expanded from USD 400 million in 2030 to USD 450 million in 2031."
    chunks = [prose_chunk(sentence)]
    question = "泽姆拉的小工具出口额2031年较2030年上升了百分之多少？"
    answer = grounded_answer(question, hits(chunks), stored_index([], chunks), zembla, PROMPTS)
    assert answer.text == "泽姆拉的小工具出口额2031年较2030年上升了12.5%（(450 − 400) / 400） [1]。", answer.text
    assert computed_lead_zh("泽姆拉的小工具出口额2031年是2030年的多少倍？", sentence, zembla) == (
        "泽姆拉的小工具出口额2031年是2030年的"
    )
    # the place owning the figure may open the lead unnamed by the sentence; no place inside it, no term alone
    owned = Glossary(zembla.terms + (Term("北岛", "North Isle", "region"),))
    assert (
        computed_lead_zh("北岛泽姆拉的小工具出口额上升了百分之多少？", sentence, owned)
        == "北岛泽姆拉的小工具出口额上升了"
    )
    assert computed_lead_zh("泽姆拉北岛的小工具出口额上升了百分之多少？", sentence, owned) is None
    assert computed_lead_zh("北岛的进口上升了百分之多少？", sentence, owned) is None
    # a year the sentence lacks, a figure it may not print, a clause before a comma, no term the glossary checks
    assert computed_lead_zh("泽姆拉的小工具出口额2031年比2029年上升了百分之多少？", sentence, zembla) is None
    assert computed_lead_zh("前3家企业的小工具出口额上升了百分之多少？", sentence, zembla) is None
    assert computed_lead_zh("据此推算，泽姆拉的小工具出口额上升了百分之多少？", sentence, zembla) is None
    assert computed_lead_zh("某岛的某种货物上升了百分之多少？", sentence, zembla) is None


def test_a_rise_is_said_of_the_phrase_the_question_asks_it_of_over_the_years_the_sentence_names():
    sentence = "Borovia's tin output reached 9.1 million tonnes in 2033, up from 7.4 million tonnes in 2029."
    rise = change_subject("How much, in percent, did Borovia's tin output rise overall from 2029 to 2033?", sentence)
    assert (rise.phrase, rise.verb, rise.period, rise.direction) == (
        "Borovia's tin output",
        "rose by",
        " from 2029 to 2033",
        "rise",
    )
    unit = change_subject(
        "By how many tonnes did Borovia's tin output expand between 2029 and 2033, in percent?", sentence
    )
    assert unit is not None and unit.verb == "expanded by"
    # a year the sentence lacks, a rate per year, a gap to another, a word the sentence lacks: no subject
    assert change_subject("By how much did Borovia's tin output grow between 2025 and 2033?", sentence) is None
    assert change_subject("How much did Borovia's tin output grow each year between 2029 and 2033?", sentence) is None
    assert change_subject("By how much did Borovia's tin output grow more than Kravia's in 2033?", sentence) is None
    assert change_subject("By how much did Borovia's refined tin output grow from 2029 to 2033?", sentence) is None
    assert quoted_subject("By how much did Borovia's tin output grow from 2029 to 2033?", sentence).direction == "rise"
    assert change_subject("How much did Borovia's tin output fall in 2033?", sentence).verb == "fell by"
    months = "Borovia's copper output rose 6.2% from March to June."
    spring = change_subject("By how much did Borovia's copper output increase from March to June?", months)
    assert spring is not None and spring.period == " from March to June"
    assert change_subject("By how much did Borovia's copper output increase from March to July?", months) is None


def test_a_quoted_change_is_said_of_its_phrase_only_in_the_direction_the_sentence_states(glossary):
    chunks = [prose_chunk("In 2031, Zembla's gadget exports fell 4.9% to USD 450 million.")]
    for question, opening in (
        ("How much did Zembla's gadget exports fall in 2031?", "Zembla's gadget exports fell by 4.9% in 2031 [1]:"),
        ("How much did Zembla's gadget exports grow in 2031?", "The report gives"),
    ):
        answer = grounded_answer(question, hits(chunks), stored_index([], chunks), _zembla_glossary(glossary), PROMPTS)
        assert answer.text.startswith(opening), answer.text


def test_a_share_is_said_of_the_part_and_the_whole_the_question_names_where_the_sentence_holds_both():
    sentence = "In 2034, Tarvenia's ceramics accounted for 18.5% of the kiln exports of the Osk valley."
    share = share_subject(
        "What share of the kiln exports of the Osk valley did Tarvenia's ceramics make up in 2034?", sentence
    )
    assert (share.phrase, share.whole, share.period) == (
        "Tarvenia's ceramics",
        "the kiln exports of the Osk valley",
        " in 2034",
    )
    came = share_subject(
        "What proportion of the kiln exports of the Osk valley came from Tarvenia's ceramics?", sentence
    )
    assert came is not None and came.phrase == "Tarvenia's ceramics" and came.period == ""
    # a year the sentence lacks, a word of the whole or the part it lacks: no subject
    assert (
        share_subject(
            "What share of the kiln exports of the Osk valley did Tarvenia's ceramics take in 2033?", sentence
        )
        is None
    )
    assert (
        share_subject("What share of the kiln imports of the Osk valley did Tarvenia's ceramics take?", sentence)
        is None
    )
    assert (
        share_subject("What share of the kiln exports of the Osk valley did Tarvenia's glass take?", sentence) is None
    )


def test_a_quoted_share_opens_with_its_part_and_names_its_whole(glossary):
    chunks = [prose_chunk("In 2034, Tarvenia's ceramics accounted for 18.5% of the kiln exports of the Osk valley.")]
    question = "What share of the kiln exports of the Osk valley did Tarvenia's ceramics account for in 2034?"
    answer = grounded_answer(question, hits(chunks), stored_index([], chunks), _zembla_glossary(glossary), PROMPTS)
    assert answer.text.startswith(
        "Tarvenia's ceramics accounted for 18.5% of the kiln exports of the Osk valley in 2034 [1]:"
    ), answer.text
