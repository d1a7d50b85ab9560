"""Roles: who spoke, in which post, for which organisation.

A press report names its speaker with his post once, in one of two shapes (`rag/data/roles.tsv`):

* `NAME, POST, said ...`: a capitalised name, the post between commas holding a title word (`deputy director of the
  Harbour Board`), then a reporting verb (`rag/data/reporting_verbs.tsv`) or a speech verb;
* `ORGANISATION TITLE NAME 表示`: the organisation, a Chinese title ending, a name of two or three characters, a
  reporting verb.

Each such sentence of the retrieved documents is read into a `Role`. A question that names a role's person and asks
for a post (`what post does A hold`, `A担任什么职务`, `who is A`) is answered with the post; one asking for the
organisation (`which department is A from`) with the organisation; one asking for a person (`who spoke`, `which
ministry official`, `哪位官员`) with the speaker whose role and reported speech share most of its words. A role
whose organisation is not the one the question qualifies the person by (`which Harbour Board official`), or whose
document does not name the question's event or place, does not answer; when none is left the answer is a refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rag.read.compose import AnswerDraft, prose_citation
from rag.read.evidence import Evidence
from rag.read.matching import mentions, overlap
from rag.read.question import Question
from rag.read.refusals import Refusal, Unmet
from rag.read.speakers import reporting_verbs, spoken_by
from rag.text.glossary import has_cjk
from rag.text.sentences import split_sentences
from rag.text.wordlists import grouped_words
from rag.types import Answer, Chunk

WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "roles.tsv"

_EN_ROLE = re.compile(
    r"^[\s\"“]*(?P<person>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}),\s+(?P<post>[^,;]{3,200}?),\s+(?:also\s+)?(?P<rest>.+)$",
    re.DOTALL,
)
_OF = re.compile(r"\s+of\s+(?:the\s+)?")
_CJK = r"[\u4e00-\u9fff]"


@dataclass(frozen=True)
class Role:
    """A speaker as a sentence names him: `post` as printed, `organisation` the part of it after the title."""

    person: str
    post: str
    organisation: str
    sentence: str
    chunk: Chunk


@lru_cache(maxsize=1)
def role_words() -> dict[str, tuple[str, ...]]:
    return grouped_words(WORDS_PATH, "role words")


def _has(low: str, word: str) -> bool:
    """A Chinese word anywhere; an English word or phrase as whole words."""
    return word in low if has_cjk(word) else word in low and _unhyphenated(word).search(low) is not None


@lru_cache(maxsize=1024)
def _unhyphenated(word: str) -> re.Pattern[str]:
    """An English word or phrase as whole words, not part of a hyphened compound; compiled once per word."""
    return re.compile(rf"(?<![a-z-]){re.escape(word)}(?![a-z-])")


def _speech_words() -> tuple[str, ...]:
    return reporting_verbs() + role_words().get("speech_verb", ())


def english_role(sentence: str) -> tuple[str, str, str] | None:
    """(person, post, organisation) of `NAME, POST, said ...`, or None: the post must hold a title word and a
    speech word must open what follows it."""
    match = _EN_ROLE.match(sentence)
    if not match:
        return None
    post, rest = match.group("post").strip(), match.group("rest").lower()
    if not any(_has(post.lower(), t) for t in role_words().get("title", ()) if not has_cjk(t)):
        return None
    if not any(rest.startswith(verb) for verb in _speech_words() if not has_cjk(verb)):
        return None
    of = _OF.search(post)
    return match.group("person"), post, post[of.end() :] if of else ""


@lru_cache(maxsize=1)
def _chinese_role() -> re.Pattern[str]:
    titles = sorted((t for t in role_words().get("title", ()) if has_cjk(t)), key=len, reverse=True)
    verbs = sorted((v for v in _speech_words() if has_cjk(v)), key=len, reverse=True)
    return re.compile(
        rf"(?:^|(?<=[，。；：、\s“]))(?P<organisation>{_CJK}{{2,40}}?)(?P<title>{'|'.join(titles)})"
        rf"(?P<person>{_CJK}{{2,3}}?)(?:在[^，。]{{0,20}}?)?(?:{'|'.join(verbs)})"
    )


def chinese_role(sentence: str) -> tuple[str, str, str] | None:
    """(person, post, organisation) of `ORGANISATION TITLE NAME 表示`, or None."""
    match = _chinese_role().search(sentence)
    if not match:
        return None
    organisation = match.group("organisation")
    return match.group("person"), organisation + match.group("title"), organisation


def read_role(sentence: str) -> tuple[str, str, str] | None:
    return chinese_role(sentence) if has_cjk(sentence) else english_role(sentence)


def document_roles(evidence: Evidence) -> list[Role]:
    """The roles the prose of the retrieved documents states, in document order, each sentence once."""
    docs = {hit.chunk.doc_name for hit in evidence.hits if hit.chunk.kind == "prose"}
    memo = evidence.index.memo("document_roles", 64)  # a document's roles depend on the index alone
    chunks = evidence.index.chunks
    return [role for doc in sorted(docs) for role in memo.get(doc, lambda doc=doc: tuple(roles_in(doc, chunks)))]


def roles_in(doc_name: str, chunks: tuple[Chunk, ...]) -> list[Role]:
    """The roles the prose of one document states, in its order, each sentence once."""
    roles: dict[tuple[str, str], Role] = {}
    prose = sorted((c for c in chunks if c.kind == "prose" and c.doc_name == doc_name), key=lambda c: c.start_line)
    for chunk in prose:
        for sentence in split_sentences(chunk.body):
            read = read_role(sentence)
            if read is not None and (read[0], sentence) not in roles:
                roles[(read[0], sentence)] = Role(*read, sentence=sentence, chunk=chunk)
    return list(roles.values())


def speaker_unmet(question: Question, answer: Answer, evidence: Evidence) -> Refusal | None:
    """`according to the Harbour Board official`: an answer none of whose cited passages is the speech of a person
    whose post names that organisation answers for another speaker; the refusal names the organisation. None when
    the question qualifies no speaker so, no report names a speaker of that organisation (`the Chinese official`
    may be anyone), or a cited passage is such a person's."""
    qualifier = _the_person(question.text)
    if not qualifier:
        return None
    chunks = evidence.index.chunks
    docs = sorted({c.doc_name for c in chunks if c.kind == "prose"})
    if not any(mentions(qualifier, r.post, evidence.glossary) for doc in docs for r in roles_in(doc, chunks)):
        return None
    for citation in answer.citations:
        cited = [c for c in chunks if c.kind == "prose" and c.doc_name == citation.doc_name]
        cited = [c for c in cited if c.id == citation.chunk_id or c.start_line <= citation.start_line <= c.end_line]
        speakers = {
            r.person for r in roles_in(citation.doc_name, chunks) if mentions(qualifier, r.post, evidence.glossary)
        }
        if any(person in c.body or spoken_by(person, c, evidence) for person in speakers for c in cited):
            return None
    return Refusal(Unmet.SPEAKER, qualifier)


def _the_person(text: str) -> str:
    """The capitalised qualifier of `the <qualifier> official` (`the Harbour Board official` -> `Harbour Board`), ""
    when the question names no speaker so."""
    nouns = "|".join(re.escape(n) for n in role_words().get("person_noun", ()) if not has_cjk(n))
    match = re.search(rf"\bthe\s+((?:[A-Z][\w&-]*\s+){{1,3}}?)(?:{nouns})\b", text)
    return match.group(1).strip() if match else ""


def asked_part(question: Question, named: bool) -> str | None:
    """What of a role the question asks: `post` or `organisation` of a person it names (`named`), `person` when
    it names none and asks who spoke; None when it asks none of these."""
    low = question.text.lower()
    words = role_words()
    if named:
        if any(_has(low, w) for w in words.get("ask_organisation", ())):
            return "organisation"
        return "post" if any(_has(low, w) for w in words.get("ask_post", ())) else None
    which = _which_person(low)
    who = any(_has(low, w) for w in words.get("ask_person", ()))
    # a title beside `who` (`who is the head of X`) may ask for a holder no speaker is: only speech and person nouns
    spoken = any(_has(low, w) for w in _speech_words() + words.get("person_noun", ()))
    return "person" if which is not None or (who and spoken) else None


def _which_person(low: str) -> str | None:
    """The words between `which` and a person noun or title (`which Harbour Board official` -> `harbour board`),
    "" when none stand there, None when the question asks no `which <person>`."""
    nouns = role_words().get("person_noun", ()) + role_words().get("title", ())
    english = "|".join(re.escape(n) for n in sorted((n for n in nouns if not has_cjk(n)), key=len, reverse=True))
    match = re.search(rf"\bwhich\s+((?:[\w&-]+\s+){{0,3}}?)(?:{english})\b", low)
    return match.group(1).strip() if match else None


def answer_role(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal | None:
    """The post, organisation or person a role question asks for (see the module docstring), cited; None when the
    question asks none of these or the retrieved documents state no role."""
    if asked_part(question, True) is None and asked_part(question, False) is None:
        return None  # no role asked: the documents' roles (every prose sentence read) are not needed
    roles = document_roles(evidence)
    if not roles:
        return None
    named = [role for role in roles if _names_person(question.text, role.person)]
    part = asked_part(question, bool(named))
    if part is None:
        return None
    candidates = named if named else roles
    unmet = ""
    kept = []
    for role in candidates:
        gap = _unmet(question, role, evidence)
        if gap:
            unmet = unmet or gap
        else:
            kept.append(role)
    if not kept:
        return Refusal(Unmet.ROLE, unmet)
    best = kept[0] if named else max(kept, key=lambda role: _said_overlap(question, role, evidence))
    return _stated(draft, question, best, part)


def _names_person(text: str, person: str) -> bool:
    """`text` names `person` (an English name as whole words, though Chinese characters touch it)."""
    return (
        person in text
        if has_cjk(person)
        else re.search(rf"(?<![A-Za-z]){re.escape(person)}(?![A-Za-z])", text) is not None
    )


def _unmet(question: Question, role: Role, evidence: Evidence) -> str:
    """What the question names that the role does not meet: the organisation it qualifies the person by, or an
    entity (an event, a place) its document does not name; "" when nothing."""
    qualifier = _which_person(question.text.lower())
    if qualifier:
        words = re.search(rf"\b{re.escape(qualifier)}\b", question.text, re.IGNORECASE)
        printed = words.group(0) if words else qualifier
        if printed[:1].isupper() and not mentions(printed, role.post, evidence.glossary):
            return printed
    doc = role.chunk.doc_name
    bodies = (c.body for c in evidence.index.chunks if c.kind == "prose" and c.doc_name == doc)
    text = " ".join([role.chunk.title, *bodies])
    for entity in question.entities:
        if not _names_person(entity, role.person) and not mentions(entity, text, evidence.glossary):
            return entity
    return ""


def _said_overlap(question: Question, role: Role, evidence: Evidence) -> float:
    """How much of the question the role's sentence and the retrieved passages of the person's speech share."""
    spoken = [hit.chunk.body for hit in evidence.hits if spoken_by(role.person, hit.chunk, evidence)]
    return overlap(question, " ".join([role.sentence, *spoken]))


def _stated(draft: AnswerDraft, question: Question, role: Role, part: str) -> Answer:
    """The asked part of the role in one sentence, with the role's sentence quoted, cited."""
    n = draft.cite(prose_citation(role.chunk, role.sentence))
    organisation = role.organisation or role.post
    draft.say(f"role_{part}", person=role.person, post=role.post, organisation=organisation, n=n)
    draft.say("text_item", quote=role.sentence, n=n)
    draft.spans = ({"person": role.person, "post": role.post, "organisation": organisation}[part],)
    draft.confidence = 1.0
    return draft.answer()


_FIGURES_ASKED = ("amount", "percent", "points", "count")


def named_speakers(question: Question, evidence: Evidence) -> tuple[str, ...]:
    """The question's entities that are persons the retrieved documents name as speakers (`going by the figures A
    cited, how much did X ...`): the source of the figures, not what they are of. Only for a figure asked about
    another entity too; a question about the person alone keeps him as its subject."""
    if question.asked not in _FIGURES_ASKED or len(question.entities) < 2:
        return ()
    persons = {role.person.casefold() for role in document_roles(evidence)}
    found = tuple(e for e in question.entities if e.casefold() in persons)  # the name itself: `Hong` is no `Hong Kong`
    return found if len(found) < len(question.entities) else ()


def unspoken(speakers: tuple[str, ...], answer: Answer, evidence: Evidence) -> Refusal | None:
    """A refusal naming the speaker when a cited passage is not his speech (neither names him nor runs on from his
    reporting sentence, `spoken_by`): the figures he cited, not another passage's."""
    chunks = [c for c in evidence.index.chunks if c.kind == "prose"]
    for citation in answer.citations:
        cited = [c for c in chunks if c.doc_name == citation.doc_name]
        cited = [c for c in cited if c.id == citation.chunk_id or c.start_line <= citation.start_line <= c.end_line]
        for speaker in speakers:
            if not any(mentions(speaker, c.body, evidence.glossary) or spoken_by(speaker, c, evidence) for c in cited):
                return Refusal(Unmet.SPEAKER, speaker)
    return None
