"""Word tests of lower-cased text: `holds_term` / `holds_any` (a Chinese word anywhere, another as a word)."""

from rag.text.tokens import holds_any, holds_term


def test_a_chinese_word_is_held_anywhere():
    assert holds_term("开幕", "博览会于五月开幕式前")
    assert not holds_term("闭幕", "博览会于五月开幕")


def test_an_english_word_is_held_only_as_a_word():
    assert holds_term("open", "the fair will open in may")
    assert not holds_term("open", "the reopened fair")
    assert not holds_term("open", "the fair's opening day")  # a whole word by default
    assert holds_term("open", "the fair's opening day", whole=False)  # at a word's start


def test_holds_any_is_one_of_the_words():
    assert holds_any(("close", "开幕"), "开幕了")
    assert not holds_any(("close", "闭幕"), "the fair opened")
    assert not holds_any((), "anything")
