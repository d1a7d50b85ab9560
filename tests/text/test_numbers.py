"""Numbers read from text, converted, compared and computed by code."""

from __future__ import annotations

import random

import pytest

from rag.settings import PROJECT_ROOT
from rag.text.numbers import (
    Formula,
    Quantity,
    change,
    convert,
    difference,
    extract_quantities,
    format_amount,
    growth_rate,
    natural_scale,
    numbers_match,
    parse_number,
    ratio,
    read_cell_number,
    same_quantity,
    share,
    to_base,
    total,
    years_in,
)

SEED = PROJECT_ROOT / "seeds" / "000_f2b7a4193a625dc4.txt"


def only(text: str) -> Quantity:
    found = extract_quantities(text)
    assert len(found) == 1, found
    assert text[found[0].start : found[0].end] == found[0].text
    return found[0]


def summary(q: Quantity) -> tuple:
    return (q.value, q.scale, q.kind, q.currency, q.base)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,631.2", (1631.2, 1, "number", "", "")),
        ("1631.2亿美元", (1631.2, 1e8, "currency", "USD", "USD")),
        ("-8.8%", (-8.8, 1, "percent", "", "%")),
        ("−8.8%", (-8.8, 1, "percent", "", "%")),
        ("下降8.8%", (8.8, 1, "percent", "", "%")),
        ("1.49 trillion", (1.49, 1e12, "number", "", "")),
        ("\\$1.49 trillion", (1.49, 1e12, "currency", "USD", "USD")),
        ("US \\$373 billion", (373, 1e9, "currency", "USD", "USD")),
        ("USD 27.15 billion", (27.15, 1e9, "currency", "USD", "USD")),
        ("$163.12 billion", (163.12, 1e9, "currency", "USD", "USD")),
        ("163.12 billion dollars", (163.12, 1e9, "currency", "USD", "USD")),
        ("126 trillion yuan", (126, 1e12, "currency", "CNY", "CNY")),
        ("271.5亿美元", (271.5, 1e8, "currency", "USD", "USD")),
        ("2.75481万亿美元", (2.75481, 1e12, "currency", "USD", "USD")),
        ("49.1万个", (49.1, 1e4, "count", "", "个")),
        ("4.9万家", (4.9, 1e4, "count", "", "家")),
        ("10,000 TEU", (10000, 1, "quantity", "", "TEU")),
        ("4915.8万标箱", (4915.8, 1e4, "quantity", "", "TEU")),
        ("4.9 ten thousand TEU", (4.9, 1e4, "quantity", "", "TEU")),
        ("0.4 percentage points", (0.4, 1, "percentage_points", "", "pp")),
        ("up 0.4 percentage point", (0.4, 1, "percentage_points", "", "pp")),
        ("提高0.4个百分点", (0.4, 1, "percentage_points", "", "pp")),
        ("13.8 percent", (13.8, 1, "percent", "", "%")),
        ("1.2万亿美元", (1.2, 1e12, "currency", "USD", "USD")),
        ("5亿元", (5, 1e8, "currency", "CNY", "CNY")),
        ("70%", (70, 1, "percent", "", "%")),
        ("70％", (70, 1, "percent", "", "%")),
        ("USD 100 million", (100, 1e6, "currency", "USD", "USD")),
        ("5 hundred million euros", (5, 1e8, "currency", "EUR", "EUR")),
        ("880 million RMB yuan", (880, 1e6, "currency", "CNY", "CNY")),
        ("USD -27.15 billion", (-27.15, 1e9, "currency", "USD", "USD")),
        ("2022", (2022, 1, "year", "", "")),
        ("2022年", (2022, 1, "year", "", "")),
        ("2000 TEU", (2000, 1, "quantity", "", "TEU")),
        ("2,022", (2022, 1, "number", "", "")),
    ],
)
def test_extract_examples(text: str, expected: tuple) -> None:
    assert summary(only(text)) == expected


def test_garbled_unit_is_read_literally_and_flagged() -> None:
    q = only("1631.2 \\$billion")
    assert summary(q) == (1631.2, 1e9, "currency", "USD", "USD")
    assert q.note == "garbled unit"
    clean = Quantity(163.12, 1e9, "currency", "USD", "USD")
    assert not same_quantity(q, clean)
    assert not same_quantity(q, Quantity(1631.2, 1e9, "currency", "USD", "USD"))


def test_leading_zero_is_flagged() -> None:
    q = only("\\$090 million")
    assert (q.value, q.scale, q.note) == (90, 1e6, "leading zero")


@pytest.mark.parametrize("text", ["RMB4,308 million", "EUR17.25 million", "CNY906 thousand"])
def test_a_currency_code_glued_to_its_figure_states_the_whole_figure(text: str) -> None:
    """`RMB4,308 million` is 4,308 million yuan, never a 308 million read from after its thousands comma."""
    q = only(text)
    assert q.text == text and q.kind == "currency" and q.value == parse_number(text.split()[0][3:])


def test_digits_glued_to_a_word_are_skipped_whole() -> None:
    assert extract_quantities("the Zorvia K7,250 line and units3,140 sold") == []


@pytest.mark.parametrize("text", ["two thirds", "百分之十", "G20", "5G", "COVID-19", "the 23rd expo", "第3名", "No. 3"])
def test_words_and_identifiers_are_skipped(text: str) -> None:
    assert extract_quantities(text) == []


def test_table_ids_list_markers_and_ranges() -> None:
    text = "See Table 1-9.\n1. First, exports rose 5%.\n（2）第二 grew by 3. The rest\n2003-2022 saw 3年 of growth"
    found = [(q.text, q.kind) for q in extract_quantities(text)]
    assert found == [("5%", "percent"), ("3", "number"), ("2003", "year"), ("2022", "year"), ("3", "number")]


def test_sentence_end_list_marker_is_skipped() -> None:
    assert extract_quantities("over the country. 3. The value") == []


def test_spans_of_seed_line_214() -> None:
    line = SEED.read_text(encoding="utf-8").splitlines()[213]
    found = extract_quantities(line)
    for q in found:
        assert line[q.start : q.end] == q.text
    amounts = [q for q in found if q.kind != "year"]
    assert [q.text for q in amounts[:2]] == ["\\$1.49 trillion", "13.8%"]
    assert amounts[0].base_value == 1.49e12
    assert [q.text for q in found if q.kind == "year"] == ["2023", "2022"]
    assert "458.89 billion dollars" in [q.text for q in found]


def test_seed_line_238() -> None:
    line = SEED.read_text(encoding="utf-8").splitlines()[237]
    texts = [q.text for q in extract_quantities(line)]
    assert texts[:4] == ["US \\$373 billion", "6.6%", "1631.2 \\$billion", "8.8%"]
    assert "\\$142.98 billion" in texts


def test_parse_number() -> None:
    assert parse_number("1,631.2") == 1631.2
    assert parse_number("−3") == -3
    assert parse_number("１２.５") == 12.5
    assert parse_number("-") is None
    assert parse_number("two") is None


@pytest.mark.parametrize(
    ("text", "value", "currency", "kind", "footnote"),
    [
        ("$1,452.4", 1452.4, "USD", "number", ""),
        ("$ 1,036.9", 1036.9, "USD", "number", ""),
        ("US$12", 12.0, "USD", "number", ""),
        ("¥3.5", 3.5, "CNY", "number", ""),
        ("RMB 120", 120.0, "CNY", "number", ""),
        ("€0.5", 0.5, "EUR", "number", ""),
        ("NZ$ 7", 7.0, "NZD", "number", ""),
        ("(1,234)", -1234.0, "", "number", ""),
        ("$(1,234)", -1234.0, "USD", "number", ""),
        ("($1,234)", -1234.0, "USD", "number", ""),
        ("$ (0.96)", -0.96, "USD", "number", ""),
        ("(20,415 )", -20415.0, "", "number", ""),
        ("(−152)", -152.0, "", "number", ""),
        ("13.0%", 13.0, "", "percent", ""),
        ("(15)%", -15.0, "", "percent", ""),
        ("(5.0%)", -5.0, "", "percent", ""),
        ("+3.6%", 3.6, "", "percent", ""),
        ("1.2x", 1.2, "", "multiple", ""),
        ("0.1 pts", 0.1, "", "points", ""),
        ("(2) bps", -2.0, "", "basis_points", ""),
        ("1,234(a)", 1234.0, "", "number", "(a)"),
        ("1,234*", 1234.0, "", "number", "*"),
        ("1.30 (1)", 1.3, "", "number", "(1)"),
        ("1.73 (2), (3)", 1.73, "", "number", "(2), (3)"),
        ("$1,025,659(1)", 1025659.0, "USD", "number", "(1)"),
    ],
)
def test_read_cell_number(text: str, value: float, currency: str, kind: str, footnote: str) -> None:
    reading = read_cell_number(text)
    assert (reading.value, reading.currency, reading.kind, reading.footnote) == (value, currency, kind, footnote)
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["—", "–", "-", "$—", "$ -", "", "US$000", "$'000", "1.74%-1.94%", "2018 1", "(17", "5)", "-$-5", "n/a"]
)
def test_read_cell_number_rejects(text: str) -> None:
    assert read_cell_number(text) is None


@pytest.mark.parametrize(
    ("value", "from_scale", "to_scale", "expected"),
    [
        (271.5, 1e8, 1e9, 27.15),
        (27.15, 1e9, 1e8, 271.5),
        (1631.2, 1e8, 1e9, 163.12),
        (49.1, 1e4, 1, 491000),
        (491000, 1, 1e4, 49.1),
        (1.49, 1e12, 1e8, 14900),
        (14897.6, 1e8, 1e12, 1.48976),
        (2.75481, 1e12, 1e8, 27548.1),
    ],
)
def test_convert_both_ways(value: float, from_scale: float, to_scale: float, expected: float) -> None:
    assert convert(value, from_scale, to_scale) == expected


def test_to_base_is_exact() -> None:
    assert to_base(271.5, 1e8) == 27150000000
    assert to_base(0.1, 3) == 0.3
    assert Quantity(13.8, 1, "percent").base_value == 13.8
    assert Quantity(0.4, 1, "percentage_points").base_value == 0.4


def test_natural_scale() -> None:
    assert natural_scale(2.715e10, "en") == (27.15, "billion")
    assert natural_scale(2.715e10, "zh") == (271.5, "亿")
    assert natural_scale(1.49e12, "en") == (1.49, "trillion")
    assert natural_scale(1.49e12, "zh") == (1.49, "万亿")
    assert natural_scale(4.91e5, "zh") == (49.1, "万")
    assert natural_scale(5e6, "en") == (5, "million")
    assert natural_scale(950, "en") == (950, "")


@pytest.mark.parametrize(
    ("base", "currency", "lang", "expected"),
    [
        (2.715e10, "USD", "en", "USD 27.15 billion"),
        (2.715e10, "USD", "zh", "271.5亿美元"),
        (1631.2e8, "USD", "en", "USD 163.12 billion"),
        (14897.6e8, "USD", "en", "USD 1.48976 trillion"),
        (1.26e14, "CNY", "en", "CNY 126 trillion"),
        (5e8, "CNY", "zh", "5亿元"),
        (4.91e5, "", "zh", "49.1万"),
        (950000, "USD", "en", "USD 950,000"),
        (-3.846e10, "USD", "en", "USD -38.46 billion"),
    ],
)
def test_format_amount(base: float, currency: str, lang: str, expected: str) -> None:
    assert format_amount(base, currency, lang) == expected


def test_format_amount_digits() -> None:
    assert format_amount(14897.6e8, "USD", "en", digits=2) == "USD 1.49 trillion"
    assert format_amount(2.715e10, "USD", "en", digits=1) == "USD 27.2 billion"


def test_same_quantity() -> None:
    hundred_million = only("271.5亿美元")
    assert same_quantity(hundred_million, only("USD 27.15 billion"))
    assert same_quantity(hundred_million, only("$27,150 million"))
    assert not same_quantity(hundred_million, only("271.5亿元"))
    assert not same_quantity(hundred_million, only("USD 27.2 billion"))
    assert not same_quantity(only("0.4%"), only("0.4 percentage points"))
    assert same_quantity(only("13.8 percent"), only("13.8%"))


def test_bare_number_matches_stated_or_base_value() -> None:
    amount = only("271.5亿美元")
    assert same_quantity(only("271.5"), amount)
    assert same_quantity(amount, only("27,150,000,000"))
    assert not same_quantity(only("27.15"), amount)
    assert same_quantity(only("13.8"), only("13.8%"))
    assert not same_quantity(only("13.8"), only("1.38%"))


def test_numbers_match() -> None:
    assert numbers_match(271.5, 27.15)
    assert numbers_match(27.15, 271.5)
    assert numbers_match(27150, 2.715)
    assert numbers_match(163.12, 1631.2)
    assert not numbers_match(271.5, 27.2)
    assert not numbers_match(271.5, 27.2, rel_tol=0.001)
    assert not numbers_match(271.5, 27.15, scales=(1,))
    assert not numbers_match(2.715, 27150000)  # 1e-7 is not a unit change the reports make
    assert numbers_match(64.14, 64.1)


def test_percent_and_points_never_match() -> None:
    assert not same_quantity(Quantity(0.4, 1, "percent", base="%"), Quantity(0.4, 1, "percentage_points", base="pp"))


def test_formulas() -> None:
    assert difference(679, 406) == Formula("difference", (679, 406), 273, 0)
    assert difference(679, 406).render("USD billion", "en") == "679 − 406 = USD 273 billion"
    assert difference(0.3, 0.1).result == 0.2
    assert difference(5, -3.5).render() == "5 − (-3.5) = 8.5"
    assert growth_rate(1213, 739).render() == "(1213 − 739) / 739 = 64.1 %"
    assert growth_rate(1213, 739).render(lang="zh") == "(1213 − 739) / 739 = 64.1%"
    assert difference(679, 406).render("USD billion", "zh") == "679 − 406 = 273（单位：十亿美元）"
    assert difference(679, 406).render("亿美元", "zh") == "679 − 406 = 273亿美元"
    assert share(273, 679).render() == "273 / 679 = 40.2 %"
    assert ratio(679, 406).render() == "679 / 406 = 1.67"
    assert total([1.5, 2.25, 3]).render("亿美元", "zh") == "1.5 + 2.25 + 3 = 6.75亿美元"
    assert change(30.8, 15.6).render("percentage points") == "30.8 − 15.6 = 15.2 percentage points"
    assert growth_rate(100, 80, decimals=2).result == 25.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ratio(1, 0), "denominator is zero"),
        (lambda: share(1, 0), "whole is zero"),
        (lambda: growth_rate(1, 0), "old value is zero"),
        (lambda: growth_rate(1, -5), "negative"),
        (lambda: total([]), "no values"),
        (lambda: convert(1, 1, 0), "target scale is zero"),
    ],
)
def test_division_by_zero_raises(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_format_extract_round_trip() -> None:
    rng = random.Random(20240601)
    scales = (1, 1e3, 1e4, 1e6, 1e8, 1e9, 1e12)
    for _ in range(1000):
        value = round(rng.uniform(-1, 1) * 10 ** rng.randint(-1, 5), rng.randint(0, 4)) or 1.0
        scale, currency, lang = rng.choice(scales), rng.choice(("USD", "CNY", "EUR", "")), rng.choice(("en", "zh"))
        stated = Quantity(value, scale, "currency" if currency else "number", currency, currency)
        rendered = format_amount(stated.base_value, currency, lang)
        read = only(rendered)
        assert same_quantity(stated, read, rel_tol=1e-9), (stated, rendered, read)
        assert read.currency == currency


def test_counts_written_in_words():
    from rag.text.numbers import word_numbers

    text = "Eighty-one companies made the list; three aspects; one of them; twenty percent; sixty five firms."
    assert [(q.text, q.value, q.kind) for q in word_numbers(text)] == [
        ("Eighty-one", 81.0, "count"),
        ("three", 3.0, "count"),
        ("sixty five", 65.0, "count"),
    ]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("That is -USD 503.33 billion.", [-503.33]),  # the reader's signed amounts read back with their sign
        ("growth fell to -3.2% in 2022", [-3.2]),
        ("in 2003-2022 it grew", []),  # a range of years: the minus is a dash
        ("items 1 - 9", [1.0, 9.0]),
        ("after COVID-19 hit", []),
    ],
)
def test_a_minus_after_a_word_and_a_space_is_a_sign_but_a_dash_between_numbers_is_not(text, values):
    assert [q.value for q in extract_quantities(text) if q.kind != "year"] == values


def test_annual_growth_rate_is_compound():
    from rag.text.numbers import annual_growth_rate

    formula = annual_growth_rate(5.0, 2.0, 10)
    assert formula.result == 9.6 and formula.render() == "(5 / 2)^(1/10) − 1 = 9.6 %"
    with pytest.raises(ValueError):
        annual_growth_rate(5.0, 0.0, 10)


def test_mean_and_the_value_before_a_stated_growth():
    from rag.text.numbers import before_growth, mean

    assert mean([1.5, 2.25]).result == 1.875 and mean([1.5, 2.25]).render().startswith("(1.5 + 2.25) / 2 = 1.87")
    earlier = before_growth(110, 10)
    assert earlier.result == 100 and earlier.render("USD") == "110 / (1 + 10 %) = 100 USD"
    fallen = before_growth(19.0, -5.0)  # a fall is a negative growth, written as a subtraction
    assert fallen.render("USD billion") == "19 / (1 − 5 %) = USD 20 billion"
    with pytest.raises(ValueError):
        before_growth(5, -100)


def test_extract_quantities_gives_each_caller_its_own_list():
    from rag.text.numbers import extract_quantities

    found = extract_quantities("Exports rose 5% to USD 12 billion in 2023.")
    found.clear()
    again = extract_quantities("Exports rose 5% to USD 12 billion in 2023.")
    assert [q.text for q in again] == ["5%", "USD 12 billion", "2023"]


@pytest.mark.parametrize(
    ("text", "printed"),
    [("1.73 (2), (3)", "1.73"), ("$(20,597)", "$(20,597)"), ("13.0%", "13.0%"), ("1,234(a)", "1,234"), ("—", ""),
     ("n/a", "")],
)  # fmt: skip
def test_printed_figure_is_the_cell_as_printed_without_its_footnote(text: str, printed: str) -> None:
    from rag.text.numbers import printed_figure

    assert printed_figure(text) == printed


def test_a_minus_after_a_chinese_character_is_a_sign():
    from rag.text.numbers import extract_quantities

    assert [q.value for q in extract_quantities("小部件的同比为-13.2%。")] == [-13.2]
    assert all(q.value > 0 for q in extract_quantities("the 2003-2022 series"))


def test_year_label_is_the_year_as_the_text_prints_it():
    from rag.text.numbers import year_label

    assert year_label("FY19 53 weeks", 2019) == "FY19"
    assert year_label("2018/2019", 2018) == "2018/2019"
    assert year_label("Fiscal 2020", 2020) == "2020"
    assert year_label("Total", 2021) == "2021"


def test_years_in_gives_each_caller_its_own_set():
    first = years_in("Zembla's output, FY29 and 2031")
    first.add(1999)  # a caller may grow the set it is given; the next reader of the same text is not affected
    assert years_in("Zembla's output, FY29 and 2031") == {2029, 2031}
