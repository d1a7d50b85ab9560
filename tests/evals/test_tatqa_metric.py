"""TAT-QA's metric as its official script scores made-up gold/prediction pairs: numbers, scales, spans, lists."""

import pytest

from evals.tatqa_metric import answer_string, is_number, normalise, score, to_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,568.6", 1568.6),
        ("$ 7.6", 7.6),
        ("13.0%", 0.13),
        ("(134)", -134),
        ("(2,020)", 2020),  # the official negative pattern allows no comma
        ("-3.5", -3.5),
        ("$0.5 million", 500000.0),
        ("2019", 2019),
        ("n/a", None),
        ("", None),
    ],
)
def test_to_number_reads_printed_numbers_with_their_scale_and_percent(text, value):
    assert to_number(text) == pytest.approx(value) if value is not None else to_number(text) is None


def test_a_number_with_a_word_after_it_is_a_number_only_when_the_word_is_a_scale():
    assert is_number("$0.5 million") and is_number("12 percent") and is_number("(2,020)")
    assert not is_number("2019 revenue") and not is_number("n/a") and not is_number("")


def test_normalisation_drops_case_articles_and_punctuation_and_reads_numbers():
    assert normalise("The  straight-line method.") == "straightline method"
    assert normalise("an increase of 13.0%") == "increase of 0.13"


def test_numbers_are_rounded_to_two_decimals_then_scaled():
    assert answer_string(["17.6972"], "percent") == answer_string(["17.70"], "percent") == "0.1770"
    assert answer_string(["$1,500"], "thousand") == "1500000.0000"
    assert answer_string(["b", "a"], "million") == "a million b million"


def test_exact_match_on_a_span_ignores_case_articles_and_punctuation():
    result = score(["the straight line method"], "", ["Straight line method."], "", "span")
    assert (result.em, result.f1) == (1.0, 1.0)


def test_partial_span_gets_bag_of_words_f1_but_no_exact_match():
    # gold bag {widget, sales, in, europe}; predicted bag {widget, sales}: P=1, R=0.5, F1=0.67
    result = score("widget sales", "", ["widget sales in Europe"], "", "span")
    assert result.em == 0.0
    assert result.f1 == pytest.approx(0.67)


def test_arithmetic_answers_match_after_rounding_to_two_decimals():
    assert score(17.6972, "percent", 17.7, "percent", "arithmetic").em == 1.0
    near = score(17.68, "percent", 17.7, "percent", "arithmetic")
    assert (near.em, near.f1) == (0.0, 0.0)  # arithmetic F1 is its exact match


def test_the_scale_is_part_of_the_value():
    assert score("624", "thousand", ["624"], "million", "span").em == 0.0
    assert score("624", "million", ["624"], "million", "span").em == 1.0
    assert score("1.5", "million", 1500, "thousand", "arithmetic").em == 1.0
    assert score("-19.4", "", -19.4, "million", "arithmetic").f1 == 0.0


def test_a_percentage_may_be_given_with_its_sign_its_scale_or_as_a_fraction():
    assert score(["27%"], "", ["27"], "percent", "span").em == 1.0
    assert score(["27"], "percent", ["27%"], "", "span").em == 1.0
    assert score(["0.2734"], "", 27.34, "percent", "arithmetic").em == 1.0  # the unrounded second reading
    assert score(["27"], "", ["27%"], "", "span").em == 0.0


def test_counts_compare_as_integers():
    assert score("3", "", 3, "", "count").em == 1.0
    assert score("4", "", 3, "", "count").f1 == 0.0


def test_a_list_is_one_bag_of_words_in_the_order_of_its_sorted_items():
    gold = ["North America", "Western Europe"]
    assert score(["Western Europe", "North America"], "", gold, "", "multi-span").em == 1.0
    assert score(["North America", "North America", "Western Europe"], "", gold, "", "multi-span").em == 0.0
    # one item of two: bag {north, america} against {north, america, western, europe}: P=1, R=0.5
    assert score(["north america"], "", gold, "", "multi-span").f1 == pytest.approx(0.67)


def test_an_empty_prediction_scores_zero():
    assert score(None, "", ["anything"], "", "span") == score([], "", ["anything"], "", "span")
    assert score("", "", ["anything"], "", "span").f1 == 0.0
