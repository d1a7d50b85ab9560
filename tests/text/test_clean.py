from rag.text.clean import one_line


def test_white_space_and_control_characters_fold_into_single_spaces():
    assert one_line("first\nsecond\t\tthird\x00 fourth  ") == "first second third fourth"


def test_a_long_text_is_cut_with_an_ellipsis_to_the_limit():
    text = one_line("word " * 100, limit=20)
    assert len(text) == 20 and text.endswith("…")


def test_no_limit_keeps_everything():
    assert one_line(ValueError("a " * 400)) == ("a " * 400).strip()
