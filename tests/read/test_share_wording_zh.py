"""A Chinese share worked out from a part and its whole is said as an analyst says it, the part first and then the
whole it is of (`2031年采矿业的流量占全部流量的25%`), not as two figures joined by `、` that `gave a share`. Made-up
table."""

from __future__ import annotations

import pytest

from tests.builders import USD_1E8, ask_table, make_table


@pytest.fixture
def gadget_flows():
    return make_table(
        {"采矿业": ("12.0",), "制造业": ("36.0",), "合计": ("48.0",)},
        columns=(("2031年流量", USD_1E8),),
        table_id="9-7",
        title="Industry distribution of gadget flows in Ruritania in 2031",
    )


def test_a_chinese_share_names_its_part_then_the_whole_it_is_of(gadget_flows, glossary):
    answer = ask_table("2031年采矿业的流量在全部流量里所占比重为多少？", gadget_flows, glossary)
    assert not answer.refused and answer.value == pytest.approx(25.0), answer.text
    assert answer.text.startswith("2031年采矿业的流量占全部流量的25"), answer.text
    assert "、" not in answer.text and "（12 / 48）" in answer.text


def test_an_english_share_keeps_its_whole_after_the_result(gadget_flows, glossary):
    answer = ask_table("What share of Ruritania's gadget flows in 2031 went to mining?", gadget_flows, glossary)
    assert not answer.refused and answer.value == pytest.approx(25.0), answer.text
    assert "占" not in answer.text and " of " in answer.text
