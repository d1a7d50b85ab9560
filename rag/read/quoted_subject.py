"""The subject of a figure quoted from one sentence, as an analyst opens the answer (`Zembla's gadget exports in
2031 were USD 3 billion [1]: "..."`): the noun phrase an English question asks one figure of (`What were Zembla's
gadget exports in 2031?`), with the question's own verb. It is said only where the cited sentence holds every
word of the phrase, so the answer never names more than the evidence shows; otherwise the answer keeps the
report's frame (`The report gives ...`). The opening words, verbs and phrase starts are data (`figure_opener`,
`copula`, `subject_start` in `rag/data/question_words.tsv`). A Chinese question (`2031年甲省的出口额是多少？`) gives its
phrase whole, and only where every part of it is one the sentence is seen to hold: a year the sentence names, a
glossary term it mentions (in either language), or a joining character (`figure_ask_zh`, `subject_joiner_zh`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rag.read.head_noun import phrase_ends
from rag.read.matching import mentions
from rag.read.operations import change_direction
from rag.read.question import QUESTION_WORDS
from rag.text.glossary import Glossary, has_cjk
from rag.text.numbers import years_in
from rag.text.tokens import token_set, tokenize
from rag.text.units import normalize_unit

MAX_SUBJECT_WORDS = 10  # a longer run is a clause, not the name of one figure
_NAMED = re.compile(r"[A-Z]|(?:19|20)\d\d\b")  # a word naming a place, a body or a year
_POSSESSIVE_END = re.compile(r"(?:'s|’s|'|’)(?=\s|$)")
MAX_SUBJECT_CHARS_ZH = 24  # a longer Chinese phrase is a clause, not the name of one figure
_YEAR_ZH = re.compile(r"((?:19|20)\d\d)年")  # a bare year (`2031年`; not `2031年底`, which dates a stock)


@dataclass(frozen=True)
class QuotedSubject:
    phrase: str  # `Zembla's gadget exports in 2031`, as the question words it, first letter capitalised
    verb: str  # the question's own copula (`were`), or a rise's past tense and `by` (`grew by`)
    period: str = ""  # the years a rise is over, said after its size (` between 2030 and 2031`)
    direction: str = (
        ""  # `rise` or `fall`: the phrase is asked the size of its change (`change_subject`), not its level
    )
    whole: str = ""  # the whole the phrase is asked its share of (`share_subject`): `the gadget exports of Zembla`


@lru_cache(maxsize=1)
def _asking() -> re.Pattern[str]:
    """`what|how much` + copula + the phrase, the whole question (no second question after a comma)."""
    openers = "|".join(re.escape(w) for w in sorted(QUESTION_WORDS["figure_opener"], key=len, reverse=True))
    verbs = "|".join(re.escape(w) for w in QUESTION_WORDS["copula"])
    return re.compile(rf"^\s*(?:{openers})\s+({verbs})\s+([^?,;:]+?)\s*\?\s*$", re.IGNORECASE)


def quoted_subject(question: str, sentence: str, glossary: Glossary | None = None) -> QuotedSubject | None:
    """The phrase the question asks the figure of, cut to the words the sentence holds (`checked_phrase`), and its
    verb; None for a Chinese question, another form of question, or a phrase `checked_phrase` refuses. A question
    asking by how much a phrase rose (`change_subject`) gives the rise's verb and period instead."""
    if has_cjk(question):
        return None
    match = _asking().match(question)
    if match is None:
        return change_subject(question, sentence, glossary) or share_subject(question, sentence, glossary)
    phrase = checked_phrase(match.group(2).split(), sentence, glossary)
    return QuotedSubject(phrase, match.group(1).lower()) if phrase else None


def checked_phrase(words: list[str], sentence: str, glossary: Glossary | None = None, dated: bool = False) -> str:
    """The question's phrase cut to the words the sentence holds (`pruned`), first letter capitalised; "" for a phrase
    that opens with neither a capital nor a `subject_start` word (`how much was spent on ...`: a verb), one longer
    than MAX_SUBJECT_WORDS, one whose head noun the sentence lacks, or one left with no name nor year. With a
    `glossary`, a capitalised word the sentence names in another form (`FDI` as `foreign direct investment`:
    `mentions`) counts as held, but only in a segment the sentence holds whole. `dated`: the answer names the
    figure's years beside the phrase (a rise's period), which then need not hold a name or year past its owner."""
    if not words or len(words) > MAX_SUBJECT_WORDS or any(w.lower() in QUESTION_WORDS["figure_opener"] for w in words):
        return ""
    if not (words[0][:1].isupper() or words[0].lower() in QUESTION_WORDS["subject_start"]):
        return ""
    aliased = frozenset(_named_otherwise(words, sentence, glossary)) if glossary is not None else frozenset()
    kept = pruned(words, token_set(_POSSESSIVE_END.sub("", sentence)), aliased)
    if not kept or not (dated or any(_NAMED.match(w) for w in kept[1:])):
        return ""  # no name nor year left: the phrase would not say what the figure is of
    if kept[0] is not words[0] and kept[0].lower() not in QUESTION_WORDS["subject_start"]:
        kept = ["the", *kept]  # `the FDI flow`, its owner left out
    phrase = " ".join(kept)
    return phrase[:1].upper() + phrase[1:]


_PERIOD = re.compile(r"^(?:(?:between|from)\s+(\w+)\s+(?:and|to)\s+(\w+)|in\s+(\w+))$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _rising() -> re.Pattern[str]:
    """`change_opener` (+ its unit words) + `did` + the phrase + a `change_verb` + what follows, the whole question."""
    openers = "|".join(re.escape(w) for w in sorted(QUESTION_WORDS["change_opener"], key=len, reverse=True))
    verbs = "|".join(re.escape(w.split()[0]) for w in QUESTION_WORDS["change_verb"])
    return re.compile(
        rf"^\s*(?:{openers})\b[^?,;:]*?(?:,[^?,;:]*,)?\s+did\s+([^?,;:]+?)\s+({verbs})\b([^?;:]*)\?\s*$",
        re.IGNORECASE,
    )


def change_subject(question: str, sentence: str, glossary: Glossary | None = None) -> QuotedSubject | None:
    """The phrase an English question asks the rise of (`By how much did Zembla's gadget exports grow between 2030 and
    2031, in percent?`), checked as `checked_phrase` checks it, with the verb's past tense and `by` (`grew by`) and
    the period the question names (` between 2030 and 2031`, ` from January to April`), whose every year and month
    the sentence names. None where what
    follows the verb is more than a period, `in total`-like words (`change_tail`) and a unit (`in trillion yuan`):
    a rate `each year` or a gap `than ...` is another figure than a rise."""
    match = _rising().match(question)
    if match is None:
        return None
    period = _change_period(match.group(3), sentence)
    if period is None:
        return None
    words = match.group(1).split()
    phrase = checked_phrase(words, sentence, glossary, dated=bool(period))
    if phrase.lower() != " ".join(words).lower():
        return None  # a word the sentence lacks (`outward`, `average`) may name another figure than the one it rose by
    past = {w.split()[0]: w.split()[-1] for w in QUESTION_WORDS["change_verb"]}[match.group(2).lower()]
    return QuotedSubject(phrase, f"{past} by", period, change_direction(past))


@lru_cache(maxsize=1)
def _sharing() -> re.Pattern[str]:
    """`share_opener` + the whole + `did` + the part + a `share_verb` + a period, or `share_opener` + the whole +
    a `share_part_verb` + the part: the whole question."""
    openers = "|".join(re.escape(w) for w in sorted(QUESTION_WORDS["share_opener"], key=len, reverse=True))
    verbs = "|".join(re.escape(w) for w in sorted(QUESTION_WORDS["share_verb"], key=len, reverse=True))
    part_verbs = "|".join(re.escape(w) for w in sorted(QUESTION_WORDS["share_part_verb"], key=len, reverse=True))
    return re.compile(
        rf"^\s*(?:{openers})\s+(?:([^?,;:]+?)\s+did\s+([^?,;:]+?)\s+(?:{verbs})\b([^?,;:]*)"
        rf"|([^?,;:]+?)\s+(?:{part_verbs})\s+([^?,;:]+?))\s*\?\s*$",
        re.IGNORECASE,
    )


def share_subject(question: str, sentence: str, glossary: Glossary | None = None) -> QuotedSubject | None:
    """The part and the whole an English question asks a share of (`What share of Zembla's exports did gadgets
    account for in 2031?`), each held by the sentence word for word (`checked_phrase` keeping all of it: a word it
    lacks may name another whole), with the period after the verb, whose every year the sentence names; None
    otherwise."""
    match = _sharing().match(question)
    if match is None:
        return None
    whole, part, tail = (match.group(1), match.group(2), match.group(3)) if match.group(1) else match.group(4, 5, 3)
    period = _change_period(tail or "", sentence)
    if period is None:
        return None
    part_words, whole_words = part.split(), whole.split()
    if not (whole[:1].isupper() or whole_words[0].lower() in QUESTION_WORDS["subject_start"]):
        whole_words = ["the", *whole_words]  # `global FDI flows`: the answer names it `the global FDI flows`
    said_part = checked_phrase(part_words, sentence, glossary, dated=True)
    said_whole = checked_phrase(whole_words, sentence, glossary, dated=True)
    if said_part.lower() != part.lower() or said_whole.lower() != " ".join(whole_words).lower():
        return None
    return QuotedSubject(said_part, "accounted for", period, whole=" ".join(whole_words))


def _names_time(word: str, sentence: str = "") -> bool:
    """`word` is a year or a month (`months`); with a `sentence`, one the sentence names too."""
    if re.fullmatch(r"(?:19|20)\d\d", word):
        return not sentence or int(word) in years_in(sentence)
    if word.lower() not in QUESTION_WORDS["months"]:
        return False
    return not sentence or word.lower() in token_set(sentence)


def _change_period(tail: str, sentence: str) -> str | None:
    """The period a rise question names after its verb, said as the question words it (` between 2030 and 2031`;
    "" for none), where the rest of `tail` is only `change_tail` words and units; None otherwise, or where the
    sentence does not name every year of the period."""
    period = ""
    for part in (p.strip() for p in re.split(r",|\s+(?=(?:between|from|in|over)\s)", tail.strip())):
        if not part or part.lower() in QUESTION_WORDS["change_tail"]:
            continue
        dated = _PERIOD.match(part)
        if dated and not period and all(_names_time(t) for t in dated.groups() if t):
            if not all(_names_time(t, sentence) for t in dated.groups() if t):
                return None
            period = f" {part}"
        elif not (part.lower().startswith("in ") and normalize_unit(part[3:]).kind != "unknown"):
            return None
    return period


def _named_otherwise(words: list[str], sentence: str, glossary: Glossary) -> list[str]:
    """The capitalised words of the phrase the sentence names by another form the glossary or the abbreviations
    know (`FDI` by `foreign direct investment`), not by the word itself."""
    held = token_set(_POSSESSIVE_END.sub("", sentence))
    bare = [(w, _POSSESSIVE_END.sub("", w)) for w in words if w[:1].isupper()]
    return [w for w, name in bare if not set(tokenize(name)) <= held and mentions(name, sentence, glossary)]


def pruned(words: list[str], held: frozenset[str], aliased: frozenset[str] = frozenset()) -> list[str]:
    """The phrase's words the sentence holds (`held` tokens), by segments that open at a preposition (`in 2031`,
    `of the four builders`): a segment whose last word (its noun) the sentence lacks goes whole, a modifier it
    lacks goes alone (`outward` of `outward FDI stock`); [] where the sentence lacks the first segment's noun or
    the phrase keeps no word of the sentence, or a kept segment loses a name (an owner opening the phrase may go:
    the sentence need not repeat whose figure its passage gives). A word in `aliased` is held only in a segment
    whose every other word is held: a modifier dropped beside it (`outward` of `outward FDI`) may change what the
    other form names."""
    segments: list[list[str]] = [[]]
    for word in words:
        if word.lower() in phrase_ends() and segments[-1]:
            segments.append([])
        segments[-1].append(word)

    def plain(word: str) -> bool:
        return set(tokenize(_POSSESSIVE_END.sub("", word))) <= held

    whole = [s for s in segments if all(plain(w) or w in aliased for w in s)]

    def holds(word: str) -> bool:
        return plain(word) or (word in aliased and any(word in s for s in whole))

    if not holds(segments[0][-1]):
        return []
    kept = [w for segment in segments if holds(segment[-1]) for w in segment if holds(w)]
    dropped_names = [w for w in words if w not in kept and w[:1].isupper() and not _POSSESSIVE_END.search(w)]
    if any(w in segment[1:] for segment in segments if holds(segment[-1]) for w in dropped_names):
        return []  # a name inside a kept segment (`FDI` of `outward FDI stock`) the sentence words otherwise
    return kept if any(tokenize(_POSSESSIVE_END.sub("", w)) for w in kept) else []


@lru_cache(maxsize=1)
def _asking_zh() -> re.Pattern[str]:
    """The phrase + `figure_ask_zh` + a question mark, the whole question (no clause before a comma, no quotes)."""
    asks = "|".join(re.escape(w) for w in sorted(QUESTION_WORDS["figure_ask_zh"], key=len, reverse=True))
    return re.compile(rf"^\s*([^，,；;：:、？?“”\"《》（）()]+?)(?:{asks})\s*[？?]\s*$")


def chinese_subject(question: str, sentence: str, glossary: Glossary) -> QuotedSubject | None:
    """The phrase a Chinese question asks one figure of (`2031年甲省的出口额`), whole, where the sentence holds all of
    it: every year named in the sentence, every glossary term mentioned by it, nothing else but joining characters;
    None otherwise (a word the glossary does not know cannot be checked against an English sentence)."""
    if not has_cjk(question):
        return None
    match = _asking_zh().match(question)
    if match is None or len(match.group(1)) > MAX_SUBJECT_CHARS_ZH:
        return None
    phrase = match.group(1).strip()
    if any(int(year) not in years_in(sentence) for year in _YEAR_ZH.findall(phrase)):
        return None
    rest = _YEAR_ZH.sub("", phrase)
    labels = glossary.labels_in(rest)
    if not labels or not all(mentions(label, sentence, glossary) for label in labels):
        return None
    for label in labels:
        rest = rest.replace(label, "", 1)
    return QuotedSubject(phrase, "") if set(rest) <= QUESTION_WORDS["subject_joiner_zh"] else None


MAX_COMPUTED_LEAD_ZH = 32  # characters: a longer lead is more than one figure's name and its operation
_UNIT_TAIL_ZH = r"[^，,；;：:？?]{0,8}"  # what may follow the ask word: its unit (`倍`, `个百分点`, `亿美元`)
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def _computing_zh() -> re.Pattern[str]:
    """The lead + `computed_ask_zh` + a unit + a question mark, the whole question in one clause."""
    asks = "|".join(re.escape(w) for w in sorted(QUESTION_WORDS["computed_ask_zh"], key=len, reverse=True))
    return re.compile(rf"^\s*([^，,；;：:、？?“”\"《》（）()]+?)(?:{asks}){_UNIT_TAIL_ZH}[？?]\s*$")


def computed_lead_zh(question: str, sentence: str, glossary: Glossary) -> str | None:
    """The words a Chinese question puts before the figure it asks computed (`2031年甲省出口额是2030年的` of
    `…的多少倍？`), for the answer to state with the result in the ask word's place (`…的1.25倍`), where the
    operands' sentence is seen to hold what the lead names: every year of the lead, at least one glossary term
    and every term it finds (but measure and operation words, `column` terms: `增长`, `比重`, which name what was
    computed, not what of); no other figure (a figure the sentence may not print). None otherwise."""
    if not has_cjk(question):
        return None
    match = _computing_zh().match(question)
    if match is None or len(match.group(1).strip()) > MAX_COMPUTED_LEAD_ZH:
        return None
    lead = match.group(1).strip()
    if any(int(year) not in years_in(sentence) for year in _YEAR_ZH.findall(lead)):
        return None
    rest = _YEAR_ZH.sub("", lead)
    if _DIGIT.search(rest):
        return None
    named = [label for label in glossary.labels_in(rest) if glossary.category(label) != "column"]
    if named and rest.startswith(named[0]) and glossary.category(named[0]) in _OWNERS:
        named = named[1:]  # the owner opening the lead (`甲省`): the passage, not each sentence, names whose figure
    if not named or not all(mentions(label, sentence, glossary) for label in named):
        return None
    return lead


_OWNERS = ("region", "country")  # glossary categories of a place that owns the figures a passage gives
