"""The gate before retrieval: questions the reader must not try to answer are refused here, with what is missing.

Retrieval always returns passages, and the reader will read a figure from the best of them: a question of only a
year (`2022`), of junk bytes and a year, or of question words (`how much in 2022?`) got the year's grand total; a
Japanese or Arabic question got whatever table its digits matched. The gate refuses, before any model runs:

* `language`: letters of a script the system does not serve (kana, Hangul, Arabic, Cyrillic, ...; the list is
  `rag/data/scripts.tsv`); English (Latin letters) and Chinese (CJK ideographs) are served, and a lone foreign
  letter (a Greek `α` in a formula) is not a language. A question in Latin letters whose grammar words are
  mostly those of another language (French, Spanish, German, ...; `rag/data/latin_languages.tsv`) is refused as
  well: read as English, its few recognisable names got a nearby figure (the total for a sector's question);
* `no_subject`: no word that names something to look up: only years, numbers, punctuation, junk and the words of
  `rag/data/question_stopwords.tsv` (question words, `value`, `total`, `year`, polite filler);
* `unknown_words`: words, none of which the reports (or the glossary) contain anywhere, e.g. keyboard mashing.

Everything else goes on to the reader, which refuses by its own rules when the evidence does not name the
question's entity, year or measure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rag.text.tokens import tokenize
from rag.text.wordlists import read_pairs

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
STOPWORDS_PATH = DATA_DIR / "question_stopwords.tsv"
SCRIPTS_PATH = DATA_DIR / "scripts.tsv"
LATIN_LANGUAGES_PATH = DATA_DIR / "latin_languages.tsv"
# Distinct grammar words of one other language it takes to call a Latin-script question written in it.
MIN_FOREIGN_WORDS = 2
SERVED_SCRIPTS = frozenset({"LATIN", "CJK", "BOPOMOFO", "IDEOGRAPHIC"})
# Letters of one unserved script it takes to call the question written in it (one letter may be a symbol).
MIN_FOREIGN_LETTERS = 2
MAX_SHOWN_WORDS = 3

_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# A Latin-script word: letters, with inner apostrophes, ampersands, dots or hyphens (M&A, U.S., year-on-year).
_WORD = re.compile(r"[^\W\d_]+(?:['’&.\-][^\W\d_]+)*")


@dataclass(frozen=True)
class GateRefusal:
    """Why the gate will not pass a question on: `kind` (language, no_subject, unknown_words), what is `missing`
    in a few words, and the one-line `text` the user sees (in the question's language). The reader's own refusals
    (`rag.read.refusals.Refusal`) are about evidence; these are about the question alone."""

    kind: str
    missing: str
    text: str

    @property
    def note(self) -> str:
        return f"refused: {self.kind} (by the question gate: missing {self.missing})"


# --- data ----------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(word.strip().lower() for word, _ in read_pairs(STOPWORDS_PATH, "question stop words"))


@lru_cache(maxsize=1)
def script_languages() -> dict[str, str]:
    return {script.strip(): language.strip() for script, language in read_pairs(SCRIPTS_PATH, "scripts")}


@lru_cache(maxsize=1)
def latin_languages() -> dict[str, frozenset[str]]:
    return {
        name.strip(): frozenset(words.split()) for name, words in read_pairs(LATIN_LANGUAGES_PATH, "language words")
    }


# --- language ------------------------------------------------------------------------------------------------------


def script_of(ch: str) -> str:
    """The writing system of a letter, from its Unicode name (`HIRAGANA LETTER A` → HIRAGANA); '' for a non-letter."""
    if not unicodedata.category(ch).startswith("L"):
        return ""
    words = unicodedata.name(ch, "").replace("-", " ").split()
    if words and words[0] in ("HALFWIDTH", "FULLWIDTH", "SMALL", "CAPITAL"):
        words = words[1:]
    return words[0] if words else ""


def foreign_scripts(text: str) -> dict[str, str]:
    """{script: its letters in `text`} for every unserved script with at least MIN_FOREIGN_LETTERS letters."""
    letters: dict[str, list[str]] = {}
    for ch in text:
        script = script_of(ch)
        if script and script not in SERVED_SCRIPTS:
            letters.setdefault(script, []).append(ch)
    return {script: "".join(chars) for script, chars in letters.items() if len(chars) >= MIN_FOREIGN_LETTERS}


def latin_language(text: str) -> str:
    """The language other than English a Latin-script `text` is written in, by its grammar words; '' for English
    (or too few words to tell). Words a language shares with English (`in`, `is`) tell nothing; of the others it
    needs MIN_FOREIGN_WORDS and more than twice as many as English ones, so that a foreign name in an English
    question (`De la Rue's revenue in 2022`) does not make it foreign."""
    words = {piece for word in _WORD.findall(text.lower()) for piece in re.split(r"['’]", word) if piece}
    vocabularies = dict(latin_languages())
    english = vocabularies.pop("English", frozenset())
    counts = {}
    for language, vocabulary in vocabularies.items():
        foreign, english_only = len(words & (vocabulary - english)), len(words & (english - vocabulary))
        if foreign >= MIN_FOREIGN_WORDS and foreign > 2 * english_only:
            counts[language] = foreign
    return max(counts, key=counts.get, default="")


def language_refusal(text: str) -> GateRefusal | None:
    found = foreign_scripts(text)
    if found:
        script = max(found, key=lambda name: len(found[name]))
        language = script_languages().get(script, f"{script.title()} script")
    else:
        language = latin_language(text)
    if not language:
        return None
    return GateRefusal(
        "language",
        "a question in English or Chinese",
        f"This assistant answers questions in English or Chinese only; this one is written in {language}. "
        "Please ask again in English or Chinese. 本系统只回答中文或英文问题，请用中文或英文提问。",
    )


# --- subject -------------------------------------------------------------------------------------------------------


def content_words(text: str) -> list[str]:
    """The words of `text` that may name something to look up, in order, without repeats.

    Latin-script words of two or more letters (one of them ASCII: `ÿþ` from junk bytes is not a word) that are not
    stop words; an all-capitals word in a question that is not shouted (US, EU, FDI) always counts. Chinese runs
    are cut into words by jieba; the stop list drops 多少, 是, 年 and the like. Years and numbers never count.
    """
    shouted = text.upper() == text
    stop = stopwords()
    found: list[str] = []
    for match in _WORD.finditer(_CJK_RUN.sub(" ", text)):
        word = match.group(0)
        if not any("a" <= ch.lower() <= "z" for ch in word):
            continue
        low = re.sub(r"['’]s$", "", word.lower())
        name = word.isupper() and len(word) >= 2 and not shouted
        if len(re.sub(r"[^a-z]", "", low)) >= 2 and (name or low not in stop):
            found.append(low)
    for run in _CJK_RUN.findall(text):
        found.extend(token for token in tokenize(run) if token not in stop)
    return list(dict.fromkeys(found))


def subject_refusal(text: str, lang: str, known: Callable[[str], bool] | None = None) -> GateRefusal | None:
    """A refusal when no word names a subject, or (given `known`) when the reports mention none of the words."""
    words = content_words(text)
    if not words:
        what = "a country, region, industry or measure to look up"
        if lang == "zh":
            message = "问题没有说明要查询什么：请写明国家或地区、行业或指标（例如投资额、增长率）。"
        else:
            message = (
                "The question does not say what to look up: name a country or region, an industry or a measure "
                "(for example outward FDI flows)."
            )
        return GateRefusal("no_subject", what, message)
    if known is None or any(known(word) for word in words):
        return None
    shown = ", ".join(words[:MAX_SHOWN_WORDS]) + (", …" if len(words) > MAX_SHOWN_WORDS else "")
    if lang == "zh":
        message = f"报告中没有出现问题里的词（{shown}）：请询问报告涉及的国家、地区、行业或指标。"
    else:
        message = (
            f"The reports do not mention any word of the question ({shown}): ask about a country, region, "
            "industry or measure they cover."
        )
    return GateRefusal("unknown_words", "a word the reports contain", message)


def gate_question(text: str, lang: str = "en", known: Callable[[str], bool] | None = None) -> GateRefusal | None:
    """The refusal for a question the reader must not try (see the module docstring); None lets it through.

    `text` is a validated question (`rag.answer.chain.validate_question`); `known(word)` says whether the reports
    contain a (lower-case) word; without it the `unknown_words` check is skipped.
    """
    return language_refusal(text) or subject_refusal(text, lang, known)
