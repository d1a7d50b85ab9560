"""What a count question counts, and whether a printed figure counts it: a count is bound to its noun.

`How many jobs has X created?` counts jobs: a figure answers only when the words right after it name that noun
(`created 1628 jobs`, `nearly 2,000 ports`) or the clause before it does (`the number of jobs reached 1628`); a
count of another thing in the same passage (`seven cooperation zones`) is a near miss. The other words of the
counted phrase (`sister` of `sister cities`) must be in the figure's sentence: `two cities` of a slogan does not
count sister cities. A Chinese noun is matched in English evidence by its glossary gloss, and the other way round;
where the evidence is in a language the noun has no name in, nothing is decided. The words that end the counted
phrase of an English question and the measure words that stand between `多少` and a Chinese noun are data
(`rag/data/counted.tsv`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from rag.read.matching import term_in
from rag.read.operations import counted_nouns
from rag.read.question import Question
from rag.read.refusals import Refusal, Unmet
from rag.text.glossary import Glossary, has_cjk
from rag.text.numbers import Quantity, extract_quantities
from rag.text.tokens import token_set
from rag.text.wordlists import grouped_words

WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "counted.tsv"


@lru_cache(maxsize=1)
def count_words() -> dict[str, tuple[str, ...]]:
    """group -> its words (lower case); see `rag/data/counted.tsv`."""
    return grouped_words(WORDS_PATH, "counted words")


_ENGLISH_ASK = re.compile(r"\b(?:how many|number of|count of)\s+([a-z][a-z&.\s'’-]*)")
_CHINESE_ASK = re.compile(r"(?:多少|几)([\u4e00-\u9fff]+)")
# How far after a figure its noun may stand: English words (`1,628 new local jobs`), Chinese characters.
AFTER_WORDS = 6
AFTER_CHARS = 10
_SEGMENT_BREAK = re.compile(r"[;；。]")  # a clause with no noun of its own takes the one its segment names earlier
_PHRASE_END = re.compile(r"[;:()（），；：。、]|(?<!\d)[,.]|[,.](?!\d)")  # not the point or comma of `9.2`, `1,628`


@dataclass(frozen=True)
class Counted:
    """The counted phrase of a question: its English words in order (`international`, `sister`, `cities`; for a
    Chinese question, its noun's glossary gloss) and its Chinese names (the noun as asked, or the glossary labels of
    the English noun)."""

    phrase: str
    words: tuple[str, ...]
    chinese: tuple[str, ...] = ()
    # other English names of the last word (`enterprise`: `company`, `firm`), any of which binds a figure
    heads: tuple[str, ...] = ()


def counted_noun(question: Question, glossary: Glossary) -> Counted | None:
    """What a count question counts; None for a question that asks no count or names no noun to count."""
    if question.asked != "count":
        return None
    return _chinese_counted(question.text, glossary) if has_cjk(question.text) else _english_counted(question, glossary)


def _english_counted(question: Question, glossary: Glossary) -> Counted | None:
    match = _ENGLISH_ASK.search(question.text.lower().replace("’", "'"))
    if not match:
        return None
    words = count_words()
    ends, skip = set(words.get("count_end", ())), set(words.get("count_skip", ()))
    # a capitalised word after the first is a name (`Chinese`, `Belt and Road`): left to the entity checks; an
    # abbreviation in capitals (`M&A`) names a kind of thing
    capitalised = {word.lower() for word in question.text.split()[1:] if word[:1].isupper() and not word.isupper()}
    phrase: list[str] = []
    for word in match.group(1).split():
        if word in ("and", "or") and not any(w not in skip and w not in capitalised for w in phrase):
            phrase = []  # `Chinese and foreign banks`: names and adjectives joined before the noun
            continue
        if word in ends:
            break
        phrase.append(word)
    kept = tuple(word.rstrip("'") for word in phrase if word not in skip and word not in capitalised)
    if not kept:
        return None
    stems = token_set(kept[-1])
    labels = tuple(term.zh for term in glossary.terms if token_set(term.en) == stems)
    return Counted(" ".join(phrase), kept, labels, other_names(kept[-1]))


def other_names(noun: str) -> tuple[str, ...]:
    """The other English names `rag/data/counted_nouns.tsv` gives an English counted noun (`firms`: enterprise,
    company), any of which binds a figure as the noun does (`81 companies` counts the firms asked about)."""
    stems = token_set(noun)
    names = [name for row in counted_nouns().values() if any(token_set(n) == stems for n in row) for name in row]
    return tuple(dict.fromkeys(name for name in names if token_set(name) != stems))


def _chinese_counted(text: str, glossary: Glossary) -> Counted | None:
    """The noun phrase after `多少` and its measure word (`多少项管理创新案例`), or, when nothing follows them, the one
    before the verb that asks (`境内投资者（...）有多少家`): its last noun is what is counted, read in English by
    `rag/data/counted_nouns.tsv` or the glossary."""
    tagged = _tagged(text)
    at = next((i for i, (token, _) in enumerate(tagged) if token in ("多少", "几")), None)
    if at is None:
        return None
    rest = at + 1
    if rest < len(tagged) and (tagged[rest][0] in count_words().get("count_classifier", ()) or tagged[rest][1] == "q"):
        rest += 1
    skip = count_words().get("count_skip", ())
    run = _noun_run([(token, tag) for token, tag in tagged[rest:] if token not in skip])  # `多少名各类人员`
    before = not run and _asks_at_end(tagged[rest:])
    if before:
        run = _noun_run_before(tagged[:at])
        if run and tagged[rest - 1][0] in count_words().get("count_person", ()) and run[-1] not in counted_nouns():
            return None  # `一共派出多少人`: the noun before a person's measure word must be a known kind of person
    if not run or len(run[-1]) < 2:
        return None  # `多少人`, `几次`: the measure word is the noun, no word to bind
    return _run_counted(text, tagged, run, at, before, glossary)


def subject_counted(question: Question, glossary: Glossary) -> Counted | None:
    """What a Chinese question comparing a count over time counts (`外派的员工比上年增长了几成`: 员工): the noun
    phrase right before its comparison word (group `count_compare`); None without one."""
    if not has_cjk(question.text):
        return None
    tagged = _tagged(question.text)
    at = next((i for i, (token, _) in enumerate(tagged) if token in count_words().get("count_compare", ())), None)
    run = _noun_run_before(tagged[:at]) if at else []
    if not run or len(run[-1]) < 2:
        return None
    return _run_counted(question.text, tagged, run, at, True, glossary)


def _run_counted(
    text: str, tagged: list[tuple[str, str]], run: list[str], at: int, before: bool, glossary: Glossary
) -> Counted:
    """The Counted of a noun run of a Chinese question, `at` the token that asks (or compares)."""
    if len(run) > 1 and run[-1] in count_words().get("count_number", ()):
        run = run[:-1]  # `劳务人员数量`: the number of the noun before it counts that noun
    asking = sum(len(token) for token, _ in tagged[:at])
    compound = _compound_noun(text, "".join(run), asking, before)
    if compound:  # `观察成员`: a noun of the data file longer than the word jieba ends the run with
        names = counted_nouns()[compound]
        return Counted(compound, names[:1], (compound,), names[1:])
    kinds = counted_nouns().get(run[-1], ())
    if len(run) > 1 and run[-1] in count_words().get("count_kind", ()) and counted_nouns().get(run[-2]):
        run = run[:-1]  # `期权品种`: a noun for a kind of the noun before it counts that noun (or its kinds)
    else:
        kinds = ()
    head = run[-1]
    # the glossary's name of the noun with the word before it (`境外企业`: overseas enterprises) keeps its modifier
    phrase = _english(glossary.gloss("".join(run[-2:]))) if len(run) > 1 else []
    names = counted_nouns().get(head, ()) or tuple((phrase or _english(glossary.gloss(head)))[-1:])
    chinese = "".join(run[-2:]) if phrase else head
    return Counted("".join(run), (*phrase[:-1], *names[:1]), (chinese,), (*names[1:], *kinds))


def _compound_noun(text: str, run: str, asking: int, before: bool) -> str:
    """The longest noun of `rag/data/counted_nouns.tsv` that the question's text ends the counted run with, longer
    than the run's last word (`观察成员` where jieba reads `观察` as a verb): the run is sought after the asking
    word, or before it where the question asks at its end."""
    at = text.rfind(run, 0, asking) if before else text.find(run, asking)
    if at < 0:
        return ""
    prefix = text[: at + len(run)]
    longer = [noun for noun in counted_nouns() if prefix.endswith(noun) and len(noun) > 1 and not run.endswith(noun)]
    return max(longer, key=len, default="")


def _english(gloss: str | None) -> list[str]:
    """The words of a glossary gloss without its bracketed aside."""
    return re.sub(r"\s*\([^)]*\)", "", gloss).split() if gloss else []


def _tagged(text: str) -> list[tuple[str, str]]:
    """The words of a Chinese text with their parts of speech (jieba's tags: `n` noun, `v` verb, `q` measure word)."""
    import rjieba

    tagged: list[tuple[str, str]] = []
    for token, tag in rjieba.tag(text):
        asking = next((word for word in ("多少", "几") if token.startswith(word) and token != word), None)
        if asking:  # jieba joins the asking word and its measure word (`几项`, `几个`): keep them apart
            tagged += [(asking, "m"), (token[len(asking) :], "q")]
        elif token.strip():
            tagged.append((token, tag))
    return tagged


def _nounish(tag: str) -> bool:
    """A noun or a verbal noun (`改革` in `改革经验`), not a place or a person's name."""
    return (tag.startswith("n") and tag not in ("ns", "nr", "nt")) or tag in ("vn", "j")


_MODIFIER_TAGS = ("s", "b", "a", "f")  # jieba's place words (境外), distinguishing words, adjectives, directions


def _noun_run(tagged: list[tuple[str, str]]) -> list[str]:
    """The words of the noun phrase a text opens with. A verb counts only between a verbal noun and a noun, as one
    of verbal nouns joined (`管理创新案例`), or when it is a verbal noun itself (`count_verbal_noun` data:
    `制度创新成果`), not as the verb of a clause (`企业入驻园区`)."""
    run: list[str] = []
    for n, (token, tag) in enumerate(tagged):
        following = tagged[n + 1][1] if n + 1 < len(tagged) else ""
        verbal = tagged[n - 1][1] == "vn" or token in count_words().get("count_verbal_noun", ())
        joined = tag == "v" and n > 0 and verbal and _nounish(following)
        modifier = tag in _MODIFIER_TAGS and _nounish(following)  # `境外企业`, `新项目`: a word that sorts the noun
        if not (_nounish(tag) or modifier or (run and joined)):
            break
        run.append(token)
    return run


def _asks_at_end(tagged: list[tuple[str, str]]) -> bool:
    """Nothing but punctuation or a particle after the measure word (`有多少家？`, `多少个呢`)."""
    return all(tag in ("x", "y", "ul", "uj") for _, tag in tagged)


def _noun_run_before(tagged: list[tuple[str, str]]) -> list[str]:
    """The noun phrase right before the verb that asks (`投资者有多少`, `成员扩大到多少`): verbs and a bracketed
    aside (`（不是...）`) between them skipped."""
    n = len(tagged) - 1
    while n >= 0 and tagged[n][1].startswith("v") and tagged[n][1] != "vn":
        n -= 1
    if n >= 0 and tagged[n][0] in (")", "）"):
        while n >= 0 and tagged[n][0] not in ("(", "（"):
            n -= 1
        n -= 1
    run: list[str] = []
    while n >= 0 and _nounish(tagged[n][1]):
        run.insert(0, tagged[n][0])
        n -= 1
    return run


def counts_it(sentence: str, quantity: Quantity, counted: Counted, context: str = "") -> bool | None:
    """Whether the figure at `quantity` of `sentence` counts what the question counts: a word of the counted phrase
    right after it (`1628 jobs`) or in its clause before it (`the number of jobs reached 1628`, `projects ... 91`),
    and at least half of the phrase's words before that one in the sentence or `context` (its heading): `two cities`
    does not count `international sister cities`. None when the phrase has no name in the sentence's language, or a
    unit of counting stands in place of the noun (`127000 person-time`)."""
    if counts_persons(sentence, quantity) and counts_no_persons(counted):
        return False  # `39 people` is no count of training classes
    cjk = has_cjk(sentence)
    if not cjk and counted.heads:  # any English name of the counted noun binds the figure
        verdicts = [
            counts_it(sentence, quantity, replace(counted, words=(*counted.words[:-1], head), heads=()), context)
            for head in (counted.words[-1:] + counted.heads)
        ]
        return True if True in verdicts else (None if None in verdicts else False)
    names = counted.chinese if cjk else counted.words
    if not names:
        return None
    after = words_after(sentence, quantity)
    if _counting_unit(after.strip().lower()):
        return None
    clause = _PHRASE_END.split(sentence[: quantity.start])[-1]
    before = re.split(r"\d", clause)[-1]
    if not cjk and (not after.split() or _starts_with(after, "count_end")):
        before = clause  # `X fell from 9.26 million to 9.16 million`: no noun after it, its clause's subject counts
        if all(word in count_words().get("count_end", ()) for word in clause.lower().split()):
            before = _SEGMENT_BREAK.split(sentence[: quantity.start])[-1]  # `301 cases released, and 7 chosen`
    elif not cjk and figure_in(clause) and not _starts_with(after, "count_elided"):
        before = ""  # `3,645 investors had set up 4,753 enterprises`: the words before are the earlier figure's noun
    if _starts_with(after, "count_elided") or _ends_with(before, "count_total"):
        before = sentence[: quantity.start]  # `8,600 more`, `a total of 25`: the noun is named earlier on
    if cjk:
        return any(name in after or name in before for name in names)
    plain_after, plain_before = outside_names(after), outside_names(before)
    bound = [i for i, word in enumerate(names) if _holds(plain_after, word) or _holds(plain_before, word)]
    if not bound:
        return False
    modifiers = names[: bound[-1]]
    if other_kind_printed(after, names[bound[-1]], modifiers):
        return False
    held = token_set(f"{sentence} {context}")
    found = sum(any(term_in(stem, held) for stem in token_set(word)) for word in modifiers)
    return found * 2 >= len(modifiers)  # at least half of them, as for a name of several words (translations vary)


# A run of two or more capitalised words after a lower-case word of running text: a proper name (`the Loom Gazette`).
_NAME_RUN = re.compile(r"(?<=[a-z,]\s)[A-Z][\w'’&-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w'’&-]*)+")


def outside_names(text: str) -> str:
    """`text` without the capitalised names of several words its running text holds: `27 companies, reported by the
    Loom Gazette` counts companies, and the `Loom` of the newspaper's name binds no count of looms. A title-cased
    text (a label, a heading: most of its longer words capitalised) keeps its words."""
    if not re.search(r"[a-z,]\s[A-Z]", text):
        return text
    long_words = [word for word in text.split() if len(word) > 3]
    if sum(word[:1].isupper() for word in long_words) * 2 > len(long_words):
        return text
    return _NAME_RUN.sub(" ", text)


def counts_persons(sentence: str, quantity: Quantity) -> bool:
    """The figure is printed with a measure word of persons in place of its noun (`39 people`, `120名`; group
    `count_person_unit`): it counts persons of some kind."""
    after = words_after(sentence, quantity).strip().lower()
    first = after.split()[0].strip(".,;") if after.split() else ""
    units = count_words().get("count_person_unit", ())
    return any(after.startswith(unit) if has_cjk(unit) else first == unit for unit in units)


def counts_no_persons(counted: Counted) -> bool:
    """The question counts a known kind of thing that is no person (`培训班`, `项目`): its Chinese noun is listed in
    `rag/data/counted_nouns.tsv` and none of its English names is a person's (group `count_person_noun`). A noun
    that is not listed decides nothing."""
    nouns = counted_nouns()
    persons = set(count_words().get("count_person_noun", ()))
    listed = [zh for zh in counted.chinese if zh in nouns]
    names = {name for zh in listed for name in nouns[zh]} | set(counted.words[-1:]) | set(counted.heads)
    return bool(listed) and not names & persons


def other_kind_printed(after: str, noun: str, modifiers: tuple[str, ...]) -> bool:
    """The figure's own words name its noun with a modifier of their own (`1,370 intentional projects`) while the
    question names the noun with others (`key foreign-funded projects`), and neither shares a word with the other:
    a count of one kind of the noun is no count of another kind. Words that sort nothing (`new`, `total`: group
    `count_skip`) are no modifiers."""
    words = after.lower().split()
    at = next((n for n, word in enumerate(words) if _holds(word, noun)), None)
    skip = set(count_words().get("count_skip", ()))
    printed = token_set(" ".join(word for word in words[:at] if word not in skip)) if at else frozenset()
    asked = token_set(" ".join(word for word in modifiers if word not in skip))
    return bool(printed and asked) and not any(term_in(stem, printed) for stem in asked)


def figure_in(text: str) -> bool:
    """The text holds a figure other than a year (`3,645 investors had set up`, not `In 2022 the ports reached`)."""
    return any(q.kind != "year" for q in extract_quantities(text))


def words_after(sentence: str, quantity: Quantity) -> str:
    """The words right after a figure that may name what it counts (`1,628 new local jobs`, `27个项目`): up to the
    next figure, and in English up to the end of the phrase, at most AFTER_WORDS words (AFTER_CHARS characters of
    Chinese)."""
    after = re.split(r"\d", sentence[quantity.end :], maxsplit=1)[0]
    if has_cjk(sentence):
        return after[:AFTER_CHARS]
    return " ".join(_PHRASE_END.split(after, maxsplit=1)[0].split()[:AFTER_WORDS])


def counted_phrase(sentence: str, quantity: Quantity) -> str:
    """The noun phrase an English count names right after it (`2,300 local suppliers in the region`: `local
    suppliers`), up to the first word that ends the phrase (group `count_end`); "" in a Chinese sentence."""
    if has_cjk(sentence):
        return ""
    ends = set(count_words().get("count_end", ()))
    phrase: list[str] = []
    for word in words_after(sentence, quantity).lower().split():
        if word in ends:
            break
        phrase.append(word)
    return " ".join(phrase)


def names_no_noun(sentence: str, quantity: Quantity) -> bool:
    """An English figure printed without its noun (`... cases were released, and 7 have been chosen`, `8,600 more`):
    the words after it open with a verb or a word that ends a noun phrase (groups `count_end`, `count_elided`), so
    what it counts is a thing named before it."""
    if has_cjk(sentence):
        return False
    after = words_after(sentence, quantity)
    return bool(after) and (_starts_with(after, "count_end") or _starts_with(after, "count_elided"))


def _holds(text: str, word: str) -> bool:
    stems = token_set(word)
    return bool(stems) and all(term_in(stem, token_set(text)) for stem in stems)


def _starts_with(text: str, group: str) -> bool:
    first = text.split()[0].lower() if text.split() else ""
    return first in count_words().get(group, ())


def _ends_with(text: str, group: str) -> bool:
    low = text.lower().rstrip()
    return any(low.endswith(word) for word in count_words().get(group, ()))


def _counting_unit(after: str) -> bool:
    """The words after a figure start with a unit of counting (group `count_unit`), not a noun."""
    first = after.split()[0].rstrip(".") if after.split() else ""
    units = count_words().get("count_unit", ())
    return any(after.startswith(unit) if has_cjk(unit) else first == unit for unit in units)


def other_count(counted: Counted) -> Refusal:
    """The refusal of a count of other things than the question counts."""
    return Refusal(Unmet.COUNTED, counted.phrase)
