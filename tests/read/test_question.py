"""Question analysis: language, years, entities, measures, operation and asked kind (Chinese and English)."""

from __future__ import annotations

import pytest

from rag.read.question import (
    analyse_question,
    asks_change,
    chinese_comparison,
    detect_language,
    english_entities,
    question_years,
)


def test_language_follows_the_script_of_the_question():
    assert detect_language("2020年德国的对外投资存量是多少？") == "zh"
    assert detect_language("What was the 2022 OFDI flow of China?") == "en"
    assert detect_language("IMF预测2026年印度的增长率是多少？") == "zh"


def test_years_in_both_languages_without_repeats():
    assert question_years("2019年至2020年全球服务业的跨境并购额减少了多少？") == (2019, 2020)
    assert question_years("from 2021 to 2022 and again in 2022") == (2021, 2022)
    assert question_years("How many aspects?") == ()


def test_a_year_in_a_title_is_not_the_year_asked_about():
    assert question_years("Worldwide FDI outflows in 2022 as given by the World Investment Report 2023?") == (2022,)
    assert question_years("What does the Shenzhen Vision 2030 plan say?") == ()
    # a possessive, a month or a preposition before the year leaves it asked about
    assert question_years("What share of China's 2013 OFDI stock came from new equity?") == (2013,)
    assert question_years("What was the stock at the end of December 2022?") == (2022,)
    assert question_years("By 2022 deal value, power ranked where?") == (2022,)


def test_english_industry_names_of_several_words_are_entities(glossary):
    question = analyse_question("How large were M&A deals across borders in renewable energy in 2019?", glossary)
    assert "可再生能源" in question.entities
    # a single word such as `power` or `finance` is too often an ordinary word of the question
    question = analyse_question("Which industry had international project finance value drop 31% in 2020?", glossary)
    assert question.entities == ()


def test_english_entities_drop_question_and_measure_words():
    assert english_entities("What was South America's FDI outflow in 2018?") == ("South America",)
    assert english_entities("How much did Chinese firms invest?") == ("China",)


def test_a_place_hyphenated_to_a_participle_is_the_name_not_the_qualifier(glossary):
    # `Zemblan-funded` qualifies the farms: the evidence names the place (`funded by Zemblan firms`), not the word
    asked = english_entities("How many tonnes did the Zemblan-funded farms in Freedonia harvest in 2031?", glossary)
    assert asked == ("Zemblan", "Freedonia")
    assert english_entities("What did the Chinese-built mill in Freedonia produce?", glossary) == ("China", "Freedonia")
    assert english_entities("How many Zembla-themed fairs were held?", glossary) == ("Zembla-themed",)


def test_an_acronym_hyphenated_to_a_participle_is_no_place(glossary):
    # `XBRL-based` names a standard the figure is measured by, not a place: the name stays whole
    asked = english_entities("What was the XBRL-based Widget Service Margin in 2031?", glossary)
    assert asked == ("XBRL-based Widget Service Margin",)
    assert english_entities("What did the US-owned mill in Freedonia produce?", glossary)[0] in ("US", "United States")


def test_a_chinese_place_outside_the_glossary_is_named_by_its_suffix(glossary):
    assert analyse_question("云梦省2031年的出口额是多少？", glossary).entities == ("云梦省",)
    assert analyse_question("2031年东湖港装卸了多少集装箱？", glossary).entities == ("东湖港",)  # a port: as asked
    assert analyse_question("浙江省2031年的出口额是多少？", glossary).entities == ("浙江省",)  # the glossary's name
    for generic in ("全省的出口额占比是多少？", "哪些省市设立了试点？", "该市2031年港口货运量有多大？"):
        assert analyse_question(generic, glossary).entities == (), generic


def test_a_suffixed_place_is_named_by_its_bare_name_and_not_judged_by_an_english_text(glossary):
    from rag.read.matching import mentions

    assert mentions("云梦省", "2031年，云梦出口额达到120亿元。", glossary)  # a province: its bare name too
    assert not mentions("云梦省", "2031年，甲省出口额达到120亿元。", glossary)
    assert not mentions("东湖港", "东湖的旅游收入", glossary)  # a port is named as a port
    assert mentions("云梦省", "In 2031 the province exported USD 12 billion.", glossary)  # no Chinese: not judged


def test_a_port_the_evidence_never_names_is_refused_as_unnamed(glossary):
    from tests.builders import ask_table, make_table

    ports = make_table(
        {"西湖港": ["1", "4915.8"], "北山港": ["3", "3530.1"]},
        columns=(("全球排名", None), ("吞吐量", None)),
        title="2031年自由国港口吞吐量",
        label_header="港口",
    )
    answer = ask_table("2031年东湖港装卸了多少集装箱？", ports, glossary)
    assert answer.refused and answer.notes == ("refused: entity:东湖港",), answer.notes
    assert ask_table("2031年西湖港装卸了多少集装箱？", ports, glossary).value == 4915.8


def test_a_chinese_entity_inside_a_longer_one_found_is_not_asked_again(glossary):
    question = analyse_question("商务部要在新能源汽车、智能网联汽车方面与哪些国家开展合作？", glossary)
    assert "新能源汽车" in question.entities and "汽车" not in question.entities


def test_chinese_entities_come_from_the_glossary_longest_first(glossary):
    question = analyse_question("东南亚国家联盟2019年对外投资流量有多少？", glossary)
    assert "东南亚" not in question.entities
    assert any(entity.startswith("东南亚国家") for entity in question.entities)


@pytest.mark.parametrize(
    ("text", "operation", "asked"),
    [
        ("What amount did Ruritanian companies put into overseas mining during 2021?", "lookup", "amount"),
        ("By how much did the OFDI stock of China fall from 2019 to 2020?", "difference", "amount"),
        ("How much more did Japan invest abroad than Germany in 2021?", "difference", "amount"),
        ("浙江省2021年对新加坡和越南投资的合计是多少？", "sum", "amount"),
        ("What share of China's 2020 OFDI flow went to the mining sector?", "lookup", "percent"),
        ("How many greenfield projects were recorded by the primary sector in 2020?", "lookup", "count"),
        ("Where did Finland rank in the 2021 Global Innovation Index?", "lookup", "rank"),
        ("What were Sinopec's sales and its Fortune Global 500 rank in 2021?", "lookup", "amount"),
        ("Which country ranked first in the 2021 Global Innovation Index?", "rank", "amount"),
        ("Which central banks launched the digital currency bridge project?", "text", "text"),
        ("2021年全球制造业的绿地投资额增长了多少？", "lookup", "percent"),
        ("2022年服务业全球绿地项目的数量增长了多少？", "lookup", "percent"),
        ("By what year should Shenzhen's exports exceed USD 6 billion?", "lookup", "year"),
        ("深圳计划在哪一年实现这个目标？", "text", "year"),
        ("How much did the count of greenfield projects in services grow in 2022?", "lookup", "percent"),
        ("2019年至2020年全球服务业的跨境并购额减少了多少？", "difference", "amount"),
        (
            "Growth in India is projected to slow by how many percentage points from 2022 to 2026?",
            "difference",
            "points",
        ),
        ("浙江省2021年对德国投资流量的占比是多少？", "lookup", "percent"),
        ("By what percentage did Japan's outward FDI flows rise in 2012 over 2011?", "growth_rate", "percent"),
        ("2020年发达经济体的对外投资比2019年增加了百分之几？", "growth_rate", "percent"),
        ("By what percentage did Freedonia's tin sales in 2031 differ from 2026?", "growth_rate", "percent"),
        (
            "How many times as much as France did Japan invest abroad in 2021?",
            "ratio",
            "amount",
        ),
    ],
)
def test_operation_and_asked_kind(glossary, text, operation, asked):
    question = analyse_question(text, glossary)
    assert (question.operation, question.asked) == (operation, asked)


def test_measures_and_ordinal(glossary):
    question = analyse_question("What was the Zhejiang direct investment stock in Norway at the end of 2021?", glossary)
    assert "stock" in question.measures and "flow" not in question.measures
    assert analyse_question("在2021年的全球创新指数里排名第9位的是哪个国家？", glossary).ordinal == 9
    assert analyse_question("Which industry saw project finance value fall 31% in 2020?", glossary).numbers == (31.0,)


def test_topics_name_the_kind_of_deal(glossary):
    assert analyse_question("How large were the cross-border M&A deals of 2020?", glossary).topics == ("m&a",)
    assert analyse_question("2021年青岛在对外承包工程上新签的合同额有多少？", glossary).topics == ("new_contracts",)
    assert analyse_question("How much did China put into investment abroad in 2022?", glossary).topics == ()
    assert analyse_question("How many project-finance deals were there?", glossary).topics == ("project_finance",)


def test_chinese_ordinals_and_superlatives_ask_for_a_row_by_position(glossary):
    question = analyse_question("2020年在各大洲中，中国的对外投资存量排名第二的是哪个洲？", glossary)
    assert (question.operation, question.ordinal) == ("rank", 2)
    assert analyse_question("第十二大经济体是哪个？", glossary).ordinal == 12
    assert analyse_question("Which region had the largest outflows in 2022?", glossary).operation == "rank"
    assert analyse_question("第23届工博会在哪里举办？", glossary).ordinal is None  # an edition, not a position


@pytest.mark.parametrize(
    "text",
    [
        "What kind of centre will the port city build for cold-chain logistics?",
        "Toward which markets did the provincial exporters turn after 2020?",
        "Where will the new bonded zone be located?",
        "What strategy does the plan set out for the wine industry?",
        "该规划提出了怎样的发展战略？",
        "哪家媒体首先报道了这个合作项目？",
    ],
)
def test_questions_asking_for_a_name_kind_place_or_source_are_answered_with_sentences(glossary, text):
    assert analyse_question(text, glossary).operation == "text"


@pytest.mark.parametrize(
    "text",
    [
        "What type of zone attracted the most investment in 2021?",
        "Where did the share of services rise above 40 percent?",
        "哪家企业的营业额是多少？",
        "怎样的项目增长最快？",
    ],
)
def test_a_name_question_that_names_a_quantity_stays_numeric(glossary, text):
    assert analyse_question(text, glossary).operation != "text"


@pytest.mark.parametrize(
    "text",
    [
        "What caused the rise in widget sales from 2020 to 2021?",
        "What led to the decrease in gadget margins in 2021?",
        "What does the widget reserve consist primarily of?",
        "What did the gadget obligations include?",
        "What is the widget allowance related to?",
        "What is included in other gadget costs?",
    ],
)
def test_questions_asking_for_a_reason_or_what_something_holds_are_answered_with_sentences(glossary, text):
    assert analyse_question(text, glossary).operation == "text"


@pytest.mark.parametrize(
    "text",
    [
        "How much did widget sales rise in 2021 because of the reason given?",
        "What was the amount of grants included within widget payments in 2021?",
        "What was the widget revenue in 2021?",
    ],
)
def test_a_question_asking_for_an_amount_stays_numeric_whatever_words_of_reasons_it_holds(glossary, text):
    assert analyse_question(text, glossary).operation != "text"


def test_which_year_with_a_comparative_asks_for_the_year_of_the_higher_or_lower_figure(glossary):
    larger = analyse_question("In which year was widget revenue larger?", glossary)
    assert (larger.operation, larger.lowest) == ("extreme_year", False)
    lower = analyse_question("Which year had the lower gadget loans?", glossary)
    assert (lower.operation, lower.lowest) == ("extreme_year", True)
    # `less than N` is a threshold, not a comparison of the years
    assert analyse_question("In which year were gadget loans less than 10,000?", glossary).operation != "extreme_year"


@pytest.mark.parametrize(
    "text",
    [
        "In which years was gadget revenue recorded?",
        "Widget loans: for what years is there information?",
        "Which fiscal years appear in the table?",
        "Which financial year's information does the table show?",
        "For which years does the table give figures on gadgets issued under the plan?",
    ],
)
def test_a_question_asking_which_years_asks_for_the_years_of_the_table(glossary, text):
    assert analyse_question(text, glossary).operation == "table_years"


def test_which_years_met_a_condition_is_no_question_of_the_tables_years(glossary):
    assert analyse_question("In which years was gadget revenue above 3,000?", glossary).operation != "table_years"
    assert analyse_question("In which years were widget loans less than 90?", glossary).operation != "table_years"


def test_where_an_item_is_included_asks_for_words_but_where_it_ranks_does_not(glossary):
    assert analyse_question("Where are widget grants included in 2021?", glossary).operation == "text"
    assert analyse_question("Where did Widgetland rank in 2021?", glossary).operation != "text"


def test_respective_figures_are_a_list_whatever_their_rows_are_called(glossary):
    question = "What are the respective weighted average gadget prices per unit in 2020 and 2021?"
    assert analyse_question(question, glossary).operation == "list"


def test_capitalised_ordinary_words_are_no_entities(glossary):
    # a question's first word is capitalised whatever it is: a preposition or a participle there is no entity
    assert english_entities("Toward which markets did the exporters of Chile turn?", glossary) == ("Chile",)
    assert english_entities("Ranked by sales, which firm came first?", glossary) == ()
    assert english_entities("Compared with 2020, what did Peru export?", glossary) == ("Peru",)
    # a name the glossary knows, a possessive or an acronym stays an entity at the start too
    assert english_entities("Africa received how much?", glossary) == ("Africa",)
    assert english_entities("Ruritania's exports grew how fast?", glossary) == ("Ruritania",)
    assert english_entities("OPEC output rose how much?", glossary) == ("OPEC",)
    assert english_entities("New Ruritania exported how much?", glossary) == ("New Ruritania",)


def test_the_growth_of_an_economy_is_a_rate_and_two_such_rates_differ_in_points(glossary):
    question = analyse_question("据预测，2026年巴西经济将增长多少？", glossary)
    assert (question.operation, question.asked) == ("lookup", "percent")
    question = analyse_question("预计巴西2026年的经济增速比2025年高多少个百分点？", glossary)
    assert (question.operation, question.asked) == ("difference", "points")
    question = analyse_question("How much higher is the 2026 GDP growth forecast for Chile than for 2025?", glossary)
    assert (question.operation, question.asked) == ("difference", "points")


def test_a_ranking_that_only_qualifies_a_named_measure_is_not_the_figure_asked(glossary):
    question = analyse_question(
        "Among the ports ranked in the top five, what was Busan's throughput in 2021?", glossary
    )
    assert question.asked == "amount"
    assert analyse_question("排名前五的港口中，釜山港2021年的吞吐量是多少？", glossary).asked == "amount"
    # the rank itself asked, with or without the measure it is by
    assert analyse_question("Where did Busan rank by throughput in 2021?", glossary).asked == "rank"
    assert analyse_question("What was Busan's ranking in throughput?", glossary).asked == "rank"
    assert analyse_question("釜山港2021年吞吐量排名第几？", glossary).asked == "rank"


def test_add_up_asks_for_a_sum(glossary):
    assert analyse_question("What did equity and debt investment add up to in 2021?", glossary).operation == "sum"
    assert analyse_question("2021年股权投资和债务投资加起来是多少？", glossary).operation == "sum"


@pytest.mark.parametrize(
    "text",
    [
        "At what rate did the county's tea exports grow over the decade?",
        "At what average yearly rate have Ruritania's car sales grown over the past three years?",
        "What was the compound annual rate of growth of its tourism receipts?",
    ],
)
def test_a_rate_asked_for_is_a_percentage(glossary, text):
    assert analyse_question(text, glossary).asked == "percent"


@pytest.mark.parametrize(
    "text",
    [
        "What trade hub did Ruritania win approval to set up?",
        "What kind-hearted programme has the city launched for young engineers?",
        "What port did the company build in the Gulf?",
    ],
)
def test_what_noun_did_asks_for_a_named_thing(glossary, text):
    question = analyse_question(text, glossary)
    assert (question.operation, question.asked) == ("text", "text")


@pytest.mark.parametrize(
    "text",
    [
        "What did Ruritania and Freedonia invest abroad together in 2022?",
        "What level did Ruritania's exports reach in 2022?",
        "What growth rate does the bank project for Freedonia in 2024?",
        "What turnover did the province's contractors achieve in 2022?",
    ],
)
def test_what_quantity_did_stays_numeric(glossary, text):
    assert analyse_question(text, glossary).asked != "text"


@pytest.mark.parametrize(
    "text",
    [
        "How far ahead of farming was mining in Ruritania's 2022 exports?",
        "By how much did mining exceed farming in Ruritania's 2022 exports?",
        "2022年采矿业领先农业多少？",
        "2022年采矿业超过农业多少亿元？",
    ],
)
def test_how_far_ahead_and_exceed_ask_for_a_difference(glossary, text):
    assert analyse_question(text, glossary).operation == "difference"


@pytest.mark.parametrize("text", ["2031年鲁里塔尼亚小工具出口额超过多少？", "鲁里塔尼亚玩具订单总额超出了多少？"])
def test_exceeding_how_much_with_no_second_item_asks_for_the_level_stated(glossary, text):
    """`出口额超过多少` names nothing it exceeds: it asks for the level a figure is stated to be over, no gap."""
    assert analyse_question(text, glossary).operation == "lookup"


@pytest.mark.parametrize(
    "text",
    [
        "Count of new factories opened in Ruritania in 2022?",
        "What was the number of deals in mining in 2022?",
        "2022年采矿业项目的个数是多少？",
    ],
)
def test_a_count_asked_for_in_other_words_is_a_count(glossary, text):
    question = analyse_question(text, glossary)
    assert question.asked == "count" and "count" in question.measures


def test_a_ranking_named_as_the_source_list_does_not_make_the_rank_asked(glossary):
    text = "In Acme Weekly's 2023 port ranking, what throughput growth did Freeport post?"
    assert analyse_question(text, glossary).asked == "percent"
    assert analyse_question("In the 2023 ranking, what was Freeport's throughput?", glossary).asked == "amount"
    assert analyse_question("What was Freeport's rank in the 2023 ranking?", glossary).asked == "rank"


@pytest.mark.parametrize("text", ["部长说要抓好几个方面工作？", "该计划提出了几项任务？", "有几家企业入选？"])
def test_ji_with_a_measure_word_asks_for_a_count(glossary, text):
    assert analyse_question(text, glossary).asked == "count"


@pytest.mark.parametrize(
    "text",
    [
        "Where did Freedonia place in the 2023 Acme Index?",
        "What place did Freedonia take in the 2023 Acme Index?",
        "Ranked by gadget sales growth in 2031, where did Freedonia place among the five markets?",
        "Ranked by gadget sales growth in 2031, where did Freedonia place?",
    ],
)
def test_where_did_x_place_asks_for_a_rank(glossary, text):
    assert analyse_question(text, glossary).asked == "rank"


def test_a_negated_chinese_term_is_no_entity(glossary):
    assert "金融" not in analyse_question("2022年对外非金融类投资有多少？", glossary).entities
    entities = analyse_question("2022年金融业对外投资有多少？", glossary).entities
    assert any("金融" in entity for entity in entities)


@pytest.mark.parametrize(
    "text", ["At what exchange rate was the loan converted in 2022?", "What was the exchange rate on average in 2022?"]
)
def test_an_exchange_rate_is_no_growth_percentage(glossary, text):
    assert analyse_question(text, glossary).asked != "percent"


def test_a_question_opening_with_after_and_a_superlative_asks_for_the_next_row_of_a_ranking(glossary):
    assert analyse_question("After gadgets, which product sold the most in 2022?", glossary).operation == "rank"
    assert analyse_question("After gadgets, which product had the highest sales?", glossary).operation == "rank"
    # `after` inside a measure (`profit after tax`) sets no rows aside
    assert analyse_question("Which year had the highest profit after tax?", glossary).operation != "rank"


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("How much did gadget sales shrink in 2022?", True),
        ("小工具销量在2022年的变化是多少？", True),
        ("How did gizmo output compare with widget output in 2022?", True),
        ("What were gadget sales in 2021 and 2022?", False),
        ("How many gadget enterprises were listed in 2022?", False),  # `rise` inside a word names no change
    ],
)
def test_a_change_or_comparison_is_named_by_a_change_word_or_a_comparison_word(text, changes):
    assert asks_change(text.lower()) is changes


@pytest.mark.parametrize(
    ("text", "operation"),
    [
        ("How many kinds of gadget fees are there?", "components"),  # the parts counted
        ("What are the types of gadget fees?", "components"),
        ("How many kinds of gadget fees were above 500?", None),  # a condition on the figures: not the parts
    ],
)
def test_counting_the_parts_of_a_whole(text, operation, glossary):
    question = analyse_question(text, glossary)
    assert question.operation == operation if operation else question.operation != "components"


@pytest.mark.parametrize(
    "text",
    ["Where did Gizmoland place in the 2023 Gadget Index?", "Gizmoland placed how high in the 2023 Gadget Index?"],
)
def test_a_place_in_a_ranking_asks_for_a_rank(glossary, text):
    assert analyse_question(text, glossary).asked == "rank"


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("What were Gizmo Corp's sales and its rank in the 2021 gadget list?", "amount"),
        ("What was Gizmo Corp's turnover and ranking in 2021?", "amount"),
        ("What was Gizmo Corp's rank and turnover in 2021?", "rank"),  # the rank named first is the one asked
    ],
)
def test_an_amount_asked_before_a_rank_is_the_principal_figure(glossary, text, asked):
    assert analyse_question(text, glossary).asked == asked


@pytest.mark.parametrize(
    ("text", "compares_two"),
    [
        ("东港比西港的吞吐量高多少？", True),
        ("小工具销量比玩具销量少多少？", True),
        # `比上年` / `比去年` compare a figure with its own year before: a change, not a gap between two items
        ("东港吞吐量比上年高多少？", False),
        ("小工具销量比去年少多少？", False),
    ],
)
def test_a_chinese_comparison_names_two_items_not_the_year_before(text, compares_two):
    assert chinese_comparison(text) is compares_two


@pytest.mark.parametrize(
    "text",
    [
        "Why did gadget revenue rise from 2020 to 2021?",  # a reason, whatever years and change words it names
        "What is the recovery of the widget credits dependent upon?",
        "What were the sprocket grants received for?",
        "What was the gizmo segment formerly reported as?",
    ],
)
def test_questions_asking_for_words_whatever_figures_they_name(text, glossary):
    assert analyse_question(text, glossary).operation == "text"


def test_why_with_how_much_still_asks_a_figure(glossary):
    question = analyse_question("Why and by how much did gadget revenue rise from 2020 to 2021?", glossary)
    assert question.operation != "text"


def test_a_threshold_word_inside_a_label_does_not_make_a_larger_figure_a_condition(glossary):
    question = analyse_question("In which year was the Over 90 days overdue gadget balance greater?", glossary)
    assert question.operation == "extreme_year"
    assert analyse_question("In which years was gadget revenue over 500?", glossary).operation == "years_if"


def test_the_current_portion_of_a_balance_is_an_amount_not_a_share(glossary):
    assert analyse_question("What was the current portion of the gadget loan in 2031?", glossary).asked == "amount"
    assert analyse_question("What portion of gadget sales came from exports in 2031?", glossary).asked == "percent"


def test_an_average_word_naming_the_figure_is_not_the_operation(glossary):
    # `weighted average` is the name of a row; the change of it is asked
    text = "By how much did the weighted average widget count change from 2020 to 2021?"
    assert analyse_question(text, glossary).operation == "difference"
    text = "Between 2020 and 2021, what percentage change did the weighted-average gadget price show?"
    assert analyse_question(text, glossary).operation == "growth_rate"
    # an average word after a change word names the figure changed (`average price per unit`), no value per item
    text = "Tell me the change of the average price per gizmo from 2020 to 2021."
    assert analyse_question(text, glossary).operation == "difference"
    # an average asked of the figures stays one, also of a figure that is itself a weighted average
    assert analyse_question("What was the average widget count in 2020 and 2021?", glossary).operation == "average"
    text = "What is the average weighted average gadget price for 2020 and 2021?"
    assert analyse_question(text, glossary).operation == "average"
    text = "What is the average change in gizmo sales from 2019 to 2021?"
    assert analyse_question(text, glossary).operation == "average"


def test_the_words_of_a_period_are_no_entity():
    assert english_entities("What was the change in gadget sales in Ruritania from Fiscal Year Ended May 2, 2020?") == (
        "Ruritania",
    )
    assert english_entities("What is the average widget output for the Years Ending June 30, 2021 and 2020?") == ()


def test_english_entities_end_a_name_at_a_figure_with_its_unit():
    # the unit glued to a figure is no word of the name before it
    assert english_entities("What did the Zorvath 250MW wind farm in Ruritania cost?") == ("Zorvath", "Ruritania")


def test_a_bracketed_other_name_is_kept_with_its_name_and_names_it(glossary):
    from rag.read.matching import mentions

    entities = english_entities("How many staff does the Zembla (Blue Hill) park employ?", glossary)
    assert entities == ("Zembla (Blue Hill)",)
    assert mentions("Zembla (Blue Hill)", "the blue hill park employs 90 staff", glossary)
    assert mentions("Zembla (Blue Hill)", "Zembla park employs 90 staff", glossary)
    assert not mentions("Zembla (Blue Hill)", "the blue lagoon park employs 90 staff", glossary)
    # a place in brackets says where the thing is: no other name of it
    assert english_entities("How much did Zembla (Japan) earn?", glossary) == ("Zembla Japan",)


def test_a_footnote_mark_in_brackets_is_no_other_name(glossary):
    from rag.read.matching import bracket_names, mentions

    assert bracket_names("Widget obligations (3)", glossary) == []
    assert not mentions("Widget obligations (3)", "we paid 3 gadgets", glossary)


@pytest.mark.parametrize(
    "text, asked",
    [
        ("What year-on-year change did gizmo revenue show in 2031?", "percent"),
        ("What year over year growth did gizmo exports post in 2031?", "percent"),
        ("In what year did gizmo revenue peak?", "year"),
    ],
)
def test_a_year_on_year_word_asks_no_year(text, asked, glossary):
    assert analyse_question(text, glossary).asked == asked


def test_the_most_negative_figure_is_counted_from_the_bottom(glossary):
    assert analyse_question("Which region recorded the most negative gadget balance in 2031?", glossary).lowest
    assert not analyse_question("Which region recorded the most gadget sales in 2031?", glossary).lowest


def test_the_average_growth_of_listed_rows_asks_for_the_mean_of_their_rates(glossary):
    text = "What was the average annual gadget sales growth of the five Freedonian markets in the 2031 table?"
    assert analyse_question(text, glossary).asked == "percent"
    plain = "What were the average gadget sales of the five markets in 2031?"
    assert analyse_question(plain, glossary).asked != "percent"


def test_a_participle_opening_the_question_is_no_part_of_the_name_after_it(glossary):
    assert english_entities("Counting Peru's exports as a whole, how large were Chile's imports?", glossary) == (
        "Peru",
        "Chile",
    )
    assert english_entities("Assuming Brazil's rate holds, what is the total?", glossary) == ("Brazil",)
    # a name the glossary knows is kept whole, possessive or not
    assert english_entities("Peru's exports in 2022?", glossary) == ("Peru",)


def test_a_chinese_industry_is_named_by_the_singular_of_its_plural_gloss(glossary):
    from rag.read.matching import mentions

    assert mentions("电子", "Firms may file electronic forms for the permit.", glossary)
    assert mentions("汽车", "Eight steps to lift automobile sales abroad.", glossary)
    assert not mentions("电子", "Firms may file paper forms for the permit.", glossary)


def test_an_average_over_years_listed_one_by_one_is_a_mean_not_a_compound_rate(glossary):
    listed = analyse_question("Averaged over 2021, 2022 and 2023, what growth rate does Zembla post?", glossary)
    assert listed.operation == "average"
    ranged = analyse_question("What was Zembla's average growth rate from 2021 to 2023?", glossary)
    assert ranged.operation == "growth_rate"  # from the first and last year: a compound rate
    annual = analyse_question("What was Zembla's average annual growth rate in 2021, 2022 and 2023?", glossary)
    assert annual.operation == "growth_rate"


def test_of_two_overlapping_names_of_one_length_the_first_is_the_entity(glossary):
    from rag.read.question import chinese_entities

    assert chinese_entities("2031年山东非国有企业的小部件出口", glossary) == ("山东",)  # not 东非 (East Africa)


def test_a_later_sentence_opens_with_a_capital_that_names_nothing():
    # each sentence's first word is read as the question's first word is: a name only when it is one
    text = "Zembla's tin output climbed 40% in 2021. Approximately which 2020 figure follows from it?"
    assert english_entities(text) == ("Zembla",)
    assert english_entities("Sales rose in 2019. Acme Corp booked what total?") == ("Acme Corp",)
    assert english_entities("Sales rose in 2019. Zembla's share stood at what?") == ("Zembla",)
    assert english_entities("Which ships did the U.S. Navy order?") == ("U.S Navy",)
