"""TAT-QA's metric on made-up gold/prediction pairs: normalisation, exact match, numeracy-focused F1, scale."""

import pytest

from evals.tatqa_metric import aligned_f1, normalise_item, score, to_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,568.6", 1568.6),
        ("$ 7.6", 7.6),
        ("US$12", 12.0),
        ("13.0%", 13.0),
        ("(2,020)", -2020.0),
        ("-3.5", -3.5),
        ("−4", -4.0),
        ("0.25", 0.25),
        ("2019", 2019.0),
        ("12a", None),
        ("1,23", None),
        ("n/a", None),
        ("", None),
    ],
)
def test_to_number_reads_printed_numbers(text, value):
    assert to_number(text) == value


def test_normalisation_rounds_numbers_and_drops_articles_and_punctuation():
    assert normalise_item(17.7) == normalise_item("17.70") == normalise_item(17.7012) == "17.70"
    assert normalise_item("$1,234") == normalise_item(1234) == "1234.00"
    assert normalise_item(-0.001) == "0.00"
    assert normalise_item("The  Modified-Retrospective method.") == "modified retrospective method"
    assert normalise_item("$0.5 million") == "0.50 million"
    assert normalise_item("an increase, of 13.0%") == "increase of 13.00"
    assert normalise_item("fell by -19.4 in 2018-2019") == "fell by -19.40 in 2018.00 2019.00"


def test_exact_match_on_a_span_ignores_case_articles_and_punctuation():
    result = score(["the straight-line method"], "", ["Straight line method."], "", "span")
    assert (result.em, result.f1) == (1.0, 1.0)


def test_partial_span_gets_bag_of_words_f1_but_no_exact_match():
    # gold bag {widget, sales, in, europe}; predicted bag {widget, sales}: P=1, R=0.5, F1=0.67
    result = score("widget sales", "", ["widget sales in Europe"], "", "span")
    assert result.em == 0.0
    assert result.f1 == pytest.approx(0.67)


def test_a_span_with_a_number_scores_nothing_when_the_number_differs():
    # The words overlap, but the gold holds a number the prediction does not: F1 0 (numeracy-focused).
    assert score("$7.5 million", "", ["$7.6 million"], "", "span").f1 == 0.0
    assert score("7.60 million dollars", "", ["$7.6 million"], "", "span").f1 == pytest.approx(0.8)


def test_arithmetic_answers_match_after_rounding_to_two_decimals():
    assert score(17.6972, "percent", 17.7, "percent", "arithmetic") == score(
        "17.70", "percent", "17.7", "percent", "arithmetic"
    )
    assert score(17.6972, "percent", 17.7, "percent", "arithmetic").em == 1.0
    near = score(17.68, "percent", 17.7, "percent", "arithmetic")
    assert (near.em, near.f1) == (0.0, 0.0)  # arithmetic F1 is its exact match


def test_a_wrong_scale_scores_zero_even_with_the_right_number():
    assert score(624, "thousand", ["624"], "million", "span") == score(624, "", 624, "million", "arithmetic")
    assert score(624, "thousand", ["624"], "million", "span").em == 0.0
    assert score(624, "million", ["624"], "million", "span").em == 1.0
    assert score(-19.4, "", -19.4, "million", "arithmetic").f1 == 0.0


def test_counts_compare_as_numbers():
    assert score("3", "", 3, "", "count").em == 1.0
    assert score(4, "", 3, "", "count").f1 == 0.0


def test_multi_span_exact_match_ignores_order_but_not_count():
    gold = ["1,568.6", "690.5"]
    assert score(["690.5", "1568.6"], "", gold, "", "multi-span").em == 1.0
    assert score(["690.5", "690.5", "1568.6"], "", gold, "", "multi-span").em == 0.0


def test_multi_span_f1_aligns_items_one_to_one():
    gold = ["North America", "Western Europe"]
    # one item right, one missing: (1 + 0) / 2
    assert score(["north america"], "", gold, "", "multi-span").f1 == 0.5
    # one right, one half right ({europe} vs {western, europe}: P=1, R=0.5 → 0.67): (1 + 0.67) / 2
    assert score(["Europe", "North America"], "", gold, "", "multi-span").f1 == pytest.approx(0.83)
    # a spare predicted item costs a slot: (1 + 1 + 0) / 3
    assert score(["North America", "Western Europe", "Asia"], "", gold, "", "multi-span").f1 == pytest.approx(0.67)


def test_alignment_is_one_to_one_not_best_per_gold():
    # Both gold items would pick the same predicted item; one-to-one alignment leaves one unmatched.
    assert aligned_f1(["north america"], ["north america", "north"]) == pytest.approx(0.5)


def test_multi_span_numbers_must_match_per_item():
    gold = ["$ 65,646", "$ 72,831"]
    assert score([65646, 72831], "thousand", gold, "thousand", "multi-span").em == 1.0
    assert score([65646, 72830], "thousand", gold, "thousand", "multi-span").f1 == 0.5


def test_parenthesised_numbers_are_negative():
    assert score(-59.9, "percent", ["(59.9)"], "percent", "span").em == 1.0
    assert score(59.9, "percent", ["(59.9)"], "percent", "span").em == 0.0


def test_an_empty_prediction_scores_zero():
    assert score(None, "", ["anything"], "", "span") == score([], "", ["anything"], "", "span")
    assert score("", "", ["anything"], "", "span").f1 == 0.0
