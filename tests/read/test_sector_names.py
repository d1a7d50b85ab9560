"""A single-word industry of the glossary is a question's subject when a sector noun follows it (made-up text)."""

from rag.read.question import analyse_question


def test_a_single_word_industry_before_a_sector_noun_is_an_entity(glossary):
    assert (
        "金融业" in analyse_question("How much did Freedonia put into its financial sector in 2031?", glossary).entities
    )
    assert "采矿业" in analyse_question("What did the mining industry of Freedonia earn in 2031?", glossary).entities


def test_a_single_word_industry_alone_stays_an_ordinary_word(glossary):
    entities = analyse_question("How much finance did Freedonia raise abroad in 2031?", glossary).entities
    assert "金融业" not in entities and "金融" not in entities


def test_a_sector_word_inside_a_longer_industry_name_adds_no_second_entity(glossary):
    entities = analyse_question("What was the oil and gas industry's deal value in Freedonia?", glossary).entities
    assert "燃气" not in entities and "石油和天然气" in entities


def test_a_sector_word_inside_a_glossary_compound_names_no_industry(glossary):
    for text in (
        "Across Freedonia's eight project finance sectors, how many grew in 2031?",
        "Which of the project-finance sectors of Freedonia shrank most in 2031?",
    ):
        assert "金融业" not in analyse_question(text, glossary).entities, text


def test_another_word_of_the_industrys_stem_names_no_industry(glossary):
    entities = analyse_question("In how many widget financing sectors did Freedonia's deals rise?", glossary).entities
    assert "金融业" not in entities
