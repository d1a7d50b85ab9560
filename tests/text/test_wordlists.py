"""The one reader of the word lists kept as data."""

from __future__ import annotations

import pytest

from rag.text.wordlists import grouped_words, read_pairs


def test_comments_blank_lines_and_the_header_are_skipped(tmp_path):
    path = tmp_path / "words.tsv"
    path.write_text(
        "# about the list\ngroup\tword\n\nrise\tGrew\n# a note\nrise\t plus \nfall\tfell\n", encoding="utf-8"
    )
    assert read_pairs(path, "test words") == [("rise", "Grew"), ("rise", " plus "), ("fall", "fell")]
    assert grouped_words(path, "test words") == {"rise": ("grew", "plus"), "fall": ("fell",)}
    assert grouped_words(path, "test words", strip=False)["rise"] == ("grew", " plus ")


def test_a_missing_list_is_one_line_saying_to_restore_it(tmp_path):
    with pytest.raises(ValueError) as info:
        read_pairs(tmp_path / "gone.tsv", "test words")
    assert "\n" not in str(info.value) and "restore" in str(info.value)
