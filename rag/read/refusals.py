"""Refusals: the constraint of a question that the evidence leaves unmet, typed, and the answer that says so.

A candidate fact carries its `Refusal`s (its problems); an answer path returns an `Answer` or the `Refusal` of the
best candidate it had. A refusal's answer carries no figure: its text says which constraint is unmet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from rag.read.question import Question
from rag.text.glossary import Glossary, has_cjk
from rag.types import Answer


class Unmet(Enum):
    """Which constraint of the question the evidence does not satisfy."""

    ENTITY = "entity"  # an entity the question names is not named by the evidence
    YEAR = "year"  # the evidence is of another period
    MEASURE = "measure"  # another measure, topic or kind of figure than asked
    ROW = "row"  # no row the question names
    WEAK = "weak"  # the evidence is too weakly related to the question
    OPERANDS = "operands"  # not every operand of a computation was found
    UNDEFINED = "undefined"  # the operands found make the computation undefined (a zero or negative base)
    SUBSET = "subset"  # the rows a set is named by (`the African ones among the top ten`) cannot all be identified
    NEAR = "near"  # the figure found is a near miss: of another scope, kind or part than asked (`rag.read.alignment`)
    COUNTED = "counted"  # the counts found are of other things than the question counts (`rag.read.counted`)
    SPEAKER = "speaker"  # the cited passages are not the speech of the speaker the question names (`rag.read.roles`)
    ROLE = "role"  # no role the reports state fits what the question names of the person (`rag.read.roles`)
    DAY = "day"  # no passage dates the event a day-date question asks about (`rag.read.dates`): another event's day


@dataclass(frozen=True)
class Refusal:
    unmet: Unmet
    entity: str = ""  # the entity not named, for Unmet.ENTITY; what was asked, for Unmet.NEAR
    found: str = ""  # for Unmet.NEAR: what the closest figure is instead

    def __str__(self) -> str:
        if self.unmet is Unmet.NEAR:
            return f"near:{self.entity}/{self.found}"
        if self.unmet is Unmet.COUNTED:
            return f"counted:{self.entity}"
        if self.unmet in (Unmet.DAY, Unmet.SPEAKER, Unmet.ROLE):
            return f"{self.unmet.value}:{self.entity}"
        return f"entity:{self.entity}" if self.unmet is Unmet.ENTITY else self.unmet.value


OTHER_YEAR = Refusal(Unmet.YEAR)
OTHER_MEASURE = Refusal(Unmet.MEASURE)
NO_ROW = Refusal(Unmet.ROW)
WEAK = Refusal(Unmet.WEAK)
NO_OPERANDS = Refusal(Unmet.OPERANDS)
UNDEFINED = Refusal(Unmet.UNDEFINED)
UNRESOLVED = Refusal(Unmet.SUBSET)


def missing(entity: str) -> Refusal:
    """The evidence does not name `entity`."""
    return Refusal(Unmet.ENTITY, entity)


# A run of English words in a Chinese sentence, not one glossing a Chinese name in brackets (`上海港 (Port of ...)`).
_LATIN_RUN = re.compile(r"(?<![(A-Za-z])[A-Za-z][A-Za-z'’-]*(?: [A-Za-z][A-Za-z'’-]*)*")


def named_in_chinese(text: str, glossary: Glossary | None) -> str:
    """A Chinese sentence's English names given by their Chinese labels where the glossary has one (`the world的数据`:
    `世界的数据`); the others (no label, or several, or an abbreviation) as they are."""
    if glossary is None:
        return text
    return _LATIN_RUN.sub(lambda found: chinese_label(found.group(0), glossary), text)


def chinese_label(name: str, glossary: Glossary) -> str:
    """`name`'s Chinese label, an abbreviation (`GDP`, `FDI`) left as Chinese writes it too."""
    return name if name.isupper() else glossary.chinese_label(name) or name


def spaced_names(text: str, names: Sequence[str]) -> str:
    """A Chinese sentence with a space wherever one of `names` (English, as printed) touches a Chinese character
    (`Zembla Customs 牵头`, `是 Zembla Customs`), so the name reads as a name and not as run-on text."""
    for name in sorted({n for n in names if not has_cjk(n)}, key=len, reverse=True):
        escaped = re.escape(name)
        text = re.sub(rf"(?<=[\u3400-\u9fff])(?={escaped})", " ", text)
        text = re.sub(rf"(?<={escaped})(?=[\u3400-\u9fff])", " ", text)
    return text


def refused_answer(
    question: Question, templates: dict[str, str], refusal: Refusal, glossary: Glossary | None = None
) -> Answer:
    """The refusal in the question's language, saying which constraint is unmet; no digit in its text. A Chinese
    refusal names things by their Chinese labels where `glossary` has them (`named_in_chinese`)."""
    if refusal.unmet is Unmet.ENTITY:
        text_reason = templates["reason_entity"].format(entity=re.sub(r"\d", "", refusal.entity).strip())
    elif refusal.unmet is Unmet.COUNTED:
        text_reason = templates["reason_counted"].format(entity=re.sub(r"\d", "", refusal.entity).strip())
    elif refusal.unmet is Unmet.DAY:
        text_reason = templates["reason_day"].format(event=refusal.entity)
    elif refusal.unmet in (Unmet.SPEAKER, Unmet.ROLE):  # the name is in the reports: it is no missing entity
        text_reason = templates[f"reason_{refusal.unmet.value}"].format(entity=refusal.entity)
    elif refusal.unmet is Unmet.NEAR:
        # a near miss named by what it is (a row, a kind), or, where that has no short name (a prose figure), only
        # by what is missing
        template = templates["reason_near"] if refusal.found else templates["reason_none_for"]
        template = template if refusal.entity else templates["reason_other"]  # only what the figure is of is known
        text_reason = template.format(asked=refusal.entity, found=refusal.found)
    else:
        text_reason = templates.get(f"reason_{refusal.unmet.value}", templates["reason_weak"])
    text = re.sub(r"\d", "", templates["refusal"].format(reason=text_reason))
    text = named_in_chinese(text, glossary) if question.lang == "zh" else text
    return Answer(
        question=question.text,
        text=text,
        refused=True,
        confidence=0.5,
        lang=question.lang,
        mode="grounded",
        notes=(f"refused: {refusal}",),
    )
