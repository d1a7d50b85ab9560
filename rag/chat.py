"""The Gradio chat: `rag chat` starts a browser UI over the answer engine (bound to 127.0.0.1 by default).

The models load once at start (`open_retriever`). Answers stream into the chat as they are produced; their `[n]`
markers link to a sources panel beside the chat that shows each cited passage (document, heading path, page or lines)
and renders a cited table from the index's structured `Table`, with the cited row and cell highlighted. Follow-up
questions ("and in 2021?", "那2021年呢？") are rewritten with the previous question's subject before retrieval
(`rewrite_followup`), and the rewritten question is shown. A document picker (all documents by default, or one or
more of the index's documents) scopes each question: retrieval and the reader's lookups stay inside the chosen
documents. Thumbs up/down on an answer append one JSON line to the feedback file (`evals/feedback.jsonl`, or
`RAG_FEEDBACK_PATH`). Report files dropped on *Add reports* go through `rag add`'s path (`rag.engine.add_reports`):
copied into the corpus folder, the index updated, the next question answered from it, the picker listing it.

Use `launch_app` (not `Blocks.launch` directly) so the page gets its stylesheet; gradio is imported only here.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import math
import os
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rag.settings import PROJECT_ROOT, Settings
from rag.text.clean import one_line
from rag.text.numbers import YEAR
from rag.text.redact import redact
from rag.text.tokens import find_word
from rag.types import Answer, Citation, Table, page_span

DEFAULT_FEEDBACK_PATH = PROJECT_ROOT / "evals" / "feedback.jsonl"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
ALL_DOCUMENTS = "All documents"

EXAMPLES_FILE = "chat_examples.json"


def chat_examples(prompts_dir: Path) -> list[str]:
    """The example questions offered under the question box (prompts/chat_examples.json); none if it is missing."""
    try:
        data = json.loads((prompts_dir / EXAMPLES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [str(example) for example in data.get("examples", [])]


CSS = """
#sources { max-height: 78vh; overflow-y: auto; }
.source { border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 10px; margin-bottom: 10px; }
.source:target { outline: 3px solid #f5b700; }
.src-n { font-weight: 700; color: #0550ae; margin-right: 4px; }
.src-doc { font-weight: 600; }
.src-where, .src-heading, .table-meta { color: #57606a; font-size: 0.9em; }
.src-quote { margin: 6px 0 0 0; padding-left: 8px; border-left: 3px solid #d0d7de; white-space: pre-wrap; }
table.src-table { border-collapse: collapse; font-size: 0.85em; margin-top: 6px; width: 100%; }
table.src-table th, table.src-table td { border: 1px solid #d0d7de; padding: 2px 6px; text-align: right; }
table.src-table th.row-label, table.src-table td.row-label { text-align: left; }
table.src-table caption { caption-side: top; text-align: left; font-weight: 600; padding-bottom: 4px; }
tr.cited-row td, tr.cited-row th { background: #fff8c5; }
td.cited-cell { background: #f5b700 !important; font-weight: 700; outline: 2px solid #9a6700; }
.refusal { border-left: 4px solid #cf222e; background: #ffebe9; padding: 6px 10px; border-radius: 4px; }
.chat-error { color: #cf222e; }
a.cite { text-decoration: none; font-weight: 600; }
"""

_MARKER = re.compile(r"\[(\d+)\]")


# --- follow-up rewriting ---------------------------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u9fff]")
_CUE_EN = re.compile(
    r"^\s*(?:(?:and|but|also|then|so|ok|okay)\b[\s,]*)?(?:(?:what|how)\s+about|and|what\s+of|same\s+for)?\b",
    re.IGNORECASE,
)
_FILLER_EN = re.compile(
    r"\b(?:and|what|how|about|in|for|of|the|year|then|also|same|please|its?|that|this|one|figure|value)\b|[?.!,;:]",
    re.IGNORECASE,
)
_CUE_ZH = re.compile(r"^(?:那么|那|还有|再看|换成|改成|如果是)")
_FILLER_ZH = re.compile(r"(?:年份?|的|呢|吗|呀|啊|情况|如何|怎么样|怎样|多少|是|[?？。，,!！、\s])")
_ENTITY_CATEGORIES = ("industry", "country", "region")
MAX_FOLLOWUP_WORDS = 6
MAX_FOLLOWUP_CJK = 12


@lru_cache(maxsize=1)
def _entity_terms() -> tuple[tuple[str, str, str], ...]:
    """(zh, en, category) of the glossary's industries, countries and regions, longest first."""
    from rag.text.glossary import Glossary

    terms = [(t.zh, t.en, t.category) for t in Glossary.load().terms if t.category in _ENTITY_CATEGORIES]
    return tuple(sorted(terms, key=lambda t: -max(len(t[0]), len(t[1]))))


def _find_term(text: str) -> tuple[str, tuple[str, str, str]] | None:
    """The first (longest) glossary entity named in `text`, as (the words used, the term)."""
    lowered = text.lower()
    for term in _entity_terms():
        zh, en, _ = term
        if len(zh) > 1 and zh in text:
            return zh, term
        found = find_word(en.lower(), lowered) if len(en) > 2 else None
        if found:
            return text[found.start() : found.start() + len(en)], term
    return None


def _is_followup(question: str) -> bool:
    cjk = len(_CJK.findall(question))
    if cjk:
        return cjk <= MAX_FOLLOWUP_CJK and (bool(_CUE_ZH.search(question)) or question.rstrip("?？ ").endswith("呢"))
    words = question.split()
    if len(words) > MAX_FOLLOWUP_WORDS:
        return False
    first = words[0].lower().strip(",") if words else ""
    return first in {"and", "what", "how", "but", "also", "then", "same", "ok", "okay"} or bool(
        YEAR.fullmatch(question.strip(" ?.!"))
    )


def _fragment(question: str) -> str:
    """The follow-up without its cue words, years and punctuation: the new subject, or '' when only a year."""
    text = YEAR.sub(" ", question)
    if _CJK.search(text):
        return _FILLER_ZH.sub("", _CUE_ZH.sub("", text.strip())).strip()
    text = _CUE_EN.sub(" ", text)
    return " ".join(_FILLER_EN.sub(" ", text).split())


def rewrite_followup(question: str, previous_question: str | None) -> str:
    """Make a short follow-up self-contained by substituting its year or entity into the previous question.

    "and in 2021?" after "What did Freedonia export to Sylvania in 2022?" becomes "What did Freedonia export to
    Sylvania in 2021?"; "那金融业呢？" after "2022年甲省制造业投资是多少？" becomes "2022年甲省金融业投资是多少？".
    A question that is not a short follow-up (or has no previous question) is returned unchanged. Entities are the
    glossary's industries, countries and regions.
    """
    question = question.strip()
    previous = (previous_question or "").strip()
    if not previous or not question or not _is_followup(question):
        return question
    rewritten = previous
    years = YEAR.findall(question)
    old_years = YEAR.findall(previous)
    if years and old_years:
        if len(years) == len(set(old_years)):
            for old, new in zip(dict.fromkeys(old_years), years, strict=True):
                rewritten = re.sub(rf"(?<!\d){old}(?!\d)", f"\x00{new}", rewritten)
        else:
            last = old_years[-1]
            rewritten = re.sub(rf"(?<!\d){last}(?!\d)", f"\x00{years[0]}", rewritten)
        rewritten = rewritten.replace("\x00", "")
    elif years:
        zh = bool(_CJK.search(previous))
        rewritten = f"{years[0]}年{previous}" if zh else f"{previous.rstrip(' ?？.')} in {years[0]}?"
    fragment = _fragment(question)
    if fragment:
        rewritten = _substitute_entity(rewritten, fragment)
    return rewritten


def _substitute_entity(previous: str, fragment: str) -> str:
    new = _find_term(fragment)
    old = _find_term(previous)
    if old is None:
        joiner = "，" if _CJK.search(previous) else ", "
        return f"{previous.rstrip(' ?？.。')}{joiner}{fragment}" + ("？" if _CJK.search(previous) else "?")
    old_words, old_term = old
    if new is None:
        replacement = fragment
    else:
        _, new_term = new
        replacement = new_term[0] if old_words == old_term[0] else new_term[1]
    return previous.replace(old_words, replacement, 1)


# --- rendering ---------------------------------------------------------------------------------------------------


def link_markers(text: str) -> str:
    """Answer text as HTML-safe markdown whose `[n]` markers are links to the sources panel (`#src-n`)."""
    escaped = html.escape(text, quote=False)
    return _MARKER.sub(lambda m: f'<a class="cite" href="#src-{m.group(1)}">[{m.group(1)}]</a>', escaped)


def answer_markdown(answer: Answer) -> str:
    """What the chat shows for a finished answer."""
    body = link_markers(answer.text)
    if answer.refused:
        return f'<div class="refusal">🚫 {body}</div>'
    if answer.formula:
        body += f"\n\n<small>formula: {html.escape(answer.formula, quote=False)}</small>"
    return body


def _cell_matches(column_header: str, cited_column: str) -> bool:
    return bool(cited_column) and (cited_column == column_header or cited_column.startswith(column_header + " ("))


def render_table(table: Table, citation: Citation) -> str:
    """The table as HTML with the cited row (`cited-row`) and cell (`cited-cell`) highlighted, its unit and source."""
    esc = html.escape
    rows_html = []
    cited_row_index = next(
        (i for i, r in enumerate(table.rows) if citation.row_label and citation.row_label in (r.label, r.raw_label)),
        next((i for i, r in enumerate(table.rows) if r.line == citation.start_line), -1),
    )
    cited_col = next((j for j, c in enumerate(table.columns) if _cell_matches(c.header, citation.column)), -1)
    if cited_row_index >= 0 and cited_col < 0 and citation.value_text:
        cells = table.rows[cited_row_index].cells
        cited_col = next((j for j, c in enumerate(cells) if c.text == citation.value_text), -1)
    header_html = []
    for header in table.header_rows or ((table.label_header, *(c.header for c in table.columns)),):
        cells = "".join(
            f'<th class="{"row-label" if j == 0 else "col"}">{esc(text)}</th>' for j, text in enumerate(header)
        )
        header_html.append(f"<tr>{cells}</tr>")
    for i, row in enumerate(table.rows):
        cited = i == cited_row_index
        cells = [f'<th class="row-label" scope="row">{esc(row.label)}</th>']
        for j, cell in enumerate(row.cells):
            cls = ' class="cited-cell"' if cited and j == cited_col else ""
            cells.append(f"<td{cls}>{esc(cell.text)}</td>")
        row_cls = ' class="cited-row"' if cited else ""
        rows_html.append(f"<tr{row_cls}>" + "".join(cells) + "</tr>")
    unit = table.unit_line or (table.unit.raw if table.unit else "")
    meta = []
    if unit:
        meta.append(f'<span class="table-unit">{esc(unit)}</span>')
    if table.unit and table.unit.label:
        meta.append(f'<span class="table-unit-label">({esc(table.unit.label)})</span>')
    if table.source:
        meta.append(f'<span class="table-source">Source: {esc(table.source)}</span>')
    return (
        f'<table class="src-table"><caption>{esc(table.title or table.printed_id)}</caption>'
        f"<thead>{''.join(header_html)}</thead><tbody>{''.join(rows_html)}</tbody></table>"
        f'<div class="table-meta">{" · ".join(meta)}</div>'
    )


def _lines(citation: Citation) -> str:
    """`page 3` in a paged document (PDF), else the line range."""
    if citation.page:
        return page_span(citation.page, citation.end_page)
    if citation.start_line == citation.end_line:
        return f"line {citation.start_line}"
    return f"lines {citation.start_line}-{citation.end_line}"


def _where(citation: Citation) -> str:
    """Page or line range, then the locator when it says more (a table, row and column)."""
    lines = _lines(citation)
    if citation.locator in (lines, "") or (citation.page and lines in citation.locator):
        return citation.locator or lines
    return f"{lines} · {citation.locator}"


def render_sources(answer: Answer | None, tables: Callable[[str, str], Table | None] | None = None) -> str:
    """The sources panel: one block per citation (`id="src-n"`), a cited table rendered with its highlights."""
    if answer is None:
        return '<div class="sources-empty">Sources of the answer appear here.</div>'
    esc = html.escape
    parts = []
    if answer.refused:
        parts.append(f'<div class="refusal">No answer: {esc(answer.text)}</div>')
    for c in answer.citations:
        heading = " › ".join(c.heading)
        block = [
            f'<div class="source" id="src-{c.n}">',
            f'<div class="src-head"><span class="src-n">[{c.n}]</span><span class="src-doc">{esc(c.doc_name)}</span>'
            f' <span class="src-where">· {esc(_where(c))}</span></div>',
        ]
        if heading:
            block.append(f'<div class="src-heading">{esc(heading)}</div>')
        table = tables(c.table_id, c.doc_name) if (tables and c.table_id) else None
        if table is not None:
            block.append(render_table(table, c))
        else:
            block.append(f'<blockquote class="src-quote">{esc(c.quote)}</blockquote>')
        block.append("</div>")
        parts.append("".join(block))
    if not answer.citations and not answer.refused:
        parts.append('<div class="sources-empty">This answer cites no source.</div>')
    return "\n".join(parts)


# --- feedback ----------------------------------------------------------------------------------------------------

_feedback_lock = threading.Lock()


def feedback_record(question: str, rewritten: str, answer: Answer) -> dict:
    """What a thumbs up/down records about one turn (the verdict and time are added when it is given)."""
    return {
        "question": question,
        "rewritten": rewritten,
        "answer": answer.text,
        "refused": answer.refused,
        "mode": answer.mode,
        "citations": [
            {
                "n": c.n,
                "doc": c.doc_name,
                "locator": c.locator,
                "start_line": c.start_line,
                "end_line": c.end_line,
                "page": c.page,
            }
            for c in answer.citations
        ],
    }


def write_feedback(path: Path, record: dict, verdict: str) -> dict:
    """Append {time, question, rewritten, answer, citations, verdict} as one JSON line to `path`."""
    line = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **record, "verdict": verdict}
    path.parent.mkdir(parents=True, exist_ok=True)
    with _feedback_lock, path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return line


def default_feedback_path() -> Path:
    """`RAG_FEEDBACK_PATH`, else `evals/feedback.jsonl`."""
    raw = os.environ.get("RAG_FEEDBACK_PATH")
    return Path(raw) if raw else DEFAULT_FEEDBACK_PATH


# --- the app -----------------------------------------------------------------------------------------------------


@dataclass
class Turn:
    """The answer of one assistant message, kept for feedback and for the next follow-up."""

    question: str
    rewritten: str
    answer: Answer


def _table_lookup(engine) -> Callable[[str, str], Table | None] | None:
    index = getattr(getattr(engine, "retriever", None), "index", None)
    return getattr(index, "table", None)


def _document_names(engine) -> tuple[str, ...]:
    """The documents the engine's index holds (none for an engine without an index of chunks)."""
    from rag.engine import document_names

    index = getattr(getattr(engine, "retriever", None), "index", None)
    return document_names(index) if hasattr(index, "chunks") else ()


def chosen_scope(selection, known: tuple[str, ...]) -> tuple[str, ...] | None:
    """The picker's choice as a document scope: None for all documents (nothing picked, or only `All documents`).

    Names come from the picker's own choices, but the API accepts any list: an unknown name is a one-line
    `EngineError` that lists the documents there are.
    """
    from rag.engine import resolve_documents

    if isinstance(selection, str):
        selection = [selection]
    names = [name for name in (selection or []) if name and name != ALL_DOCUMENTS]
    return resolve_documents(names, known) if names else None


def _problem(exc: BaseException) -> str:
    return one_line(exc, 300) or type(exc).__name__


def _error_status(exc: BaseException) -> str:
    return f'<span class="chat-error">⚠️ {html.escape(_problem(exc))}</span>'


def respond(
    engine,
    mode: str,
    tables,
    question: str,
    history: list | None,
    memory: dict | None,
    documents: tuple[str, ...] | None = None,
) -> Iterator[tuple]:
    """The chat handler: yields (history, sources HTML, status line, question box, memory) as the answer grows.

    `documents` (file names) scopes the question to those documents; None asks all of them.
    """
    from rag.answer.chain import LLM_FAILED, validate_question

    history = list(history or [])
    memory = dict(memory or {})
    if not history:
        memory = {}
    turns: dict = dict(memory.get("turns", {}))
    try:
        question = validate_question(question or "")
    except ValueError as exc:
        yield history, _keep(), _error_status(exc), question, memory
        return
    rewritten = rewrite_followup(question, memory.get("previous"))
    status = f"Searching for: {html.escape(rewritten)}"
    if documents:
        status += f" <small>(in {html.escape(', '.join(documents))})</small>"
    if rewritten != question:
        status += " <small>(follow-up rewritten with the previous question)</small>"
    history += [{"role": "user", "content": question}, {"role": "assistant", "content": "…"}]
    yield history, _keep(), status, "", memory
    text = ""
    answer = None
    try:
        pieces = engine.stream(rewritten, mode, documents) if documents else engine.stream(rewritten, mode)
        for piece in pieces:
            if isinstance(piece, str):
                text += piece
                history[-1] = {"role": "assistant", "content": link_markers(text)}
                yield history, _keep(), status, "", memory
            else:
                answer = piece
    except Exception as exc:  # noqa: BLE001 - shown as one line; the traceback goes to the server log only
        print(redact("".join(traceback.format_exception(exc))), file=sys.stderr, end="")
        history = history[:-2]
        yield history, _keep(), _error_status(exc), question, memory
        return
    if answer is None:
        yield history[:-2], _keep(), '<span class="chat-error">⚠️ no answer was produced</span>', question, memory
        return
    content = answer_markdown(answer)
    if mode == "llm" and answer.mode != "llm" and not answer.refused:
        failed = next((note for note in answer.notes if note.startswith(LLM_FAILED)), "")
        reason = html.escape(redact(failed.split(";")[0])) if failed else "the LLM answer failed verification"
        content = f"<small>({reason}; the checked answer follows)</small>\n\n" + content
    history[-1] = {"role": "assistant", "content": content}
    turns[str(len(history) - 1)] = feedback_record(question, rewritten, answer)
    memory = {"previous": rewritten, "turns": turns}
    if answer.refused:
        status += " · <b>refused</b>: the reports do not support an answer"
    yield history, render_sources(answer, tables), status, "", memory


def upload_reports(engine, settings: Settings | None, files: list | None) -> str:
    """Add uploaded report files to the corpus (the same path as `rag add`) and point the engine at the updated
    index; returns the status line. A file that cannot be used is named with its reason and not added."""
    from rag import engine as pipeline

    paths = [Path(getattr(item, "name", item)) for item in files or []]
    if not paths:
        return ""
    retriever = getattr(engine, "retriever", None)
    settings = settings or getattr(retriever, "settings", None)
    if settings is None:
        return '<span class="chat-error">⚠️ this chat cannot add reports</span>'
    messages: list[str] = []
    try:
        result = pipeline.add_to_engine(engine, paths, settings, log=messages.append)
    except Exception as exc:  # noqa: BLE001 - shown as one line; the traceback goes to the server log only
        traceback.print_exc(file=sys.stderr)
        return f'<span class="chat-error">⚠️ {html.escape(_problem(exc))}</span>'
    lines = [html.escape(result.summary())]
    lines += [f'<span class="chat-error">⚠️ {html.escape(problem)}</span>' for problem in result.refused]
    return "<br>".join(lines)


def _keep():
    import gradio as gr

    return gr.skip()


def give_feedback(path: Path, memory: dict | None, data) -> str:
    """Record a thumbs up/down (`gr.LikeData`) on an assistant message; returns the status line."""
    index = data.index[0] if isinstance(data.index, list | tuple) else data.index
    record = (memory or {}).get("turns", {}).get(str(index))
    if record is None:
        return "Feedback is recorded on answers only."
    if data.liked is True or data.liked == "Like":
        verdict = "up"
    elif data.liked is False or data.liked == "Dislike":
        verdict = "down"
    else:
        verdict = str(data.liked) if data.liked else "cleared"
    write_feedback(path, record, verdict)
    return f"Thanks: feedback ({verdict}) saved."


def build_app(engine, settings: Settings | None = None, feedback_path: Path | None = None, mode: str = "grounded"):
    """The chat as a `gr.Blocks` over a loaded `AnswerEngine` (or anything with `stream(question, mode)`)."""
    import gradio as gr

    from rag.ingest.corpus import SUFFIXES

    path = Path(feedback_path) if feedback_path else default_feedback_path()
    known = _document_names(engine)
    examples = chat_examples((settings or Settings()).prompts_dir)

    with gr.Blocks(title="Economic-policy reports Q&A", analytics_enabled=False, fill_width=True) as app:
        gr.Markdown(
            "### Economic-policy reports Q&A\nAsk in English or Chinese (用中文提问也可以). Every number is checked "
            "against the cited source; follow-ups like *and in 2021?* / *那2021年呢？* reuse the previous question."
        )
        memory = gr.State({})
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="Chat",
                    elem_id="chat",
                    height=520,
                    buttons=["copy", "copy_all"],
                    feedback_options=("Like", "Dislike"),
                    sanitize_html=True,
                    latex_delimiters=[],
                )
                status = gr.Markdown("", elem_id="status")
                with gr.Row():
                    box = gr.Textbox(
                        placeholder=f"e.g. {examples[0]}" if examples else "Ask about the reports",
                        show_label=False,
                        elem_id="question",
                        scale=5,
                        lines=1,
                        max_lines=4,
                        submit_btn=False,
                    )
                    ask = gr.Button("Ask", variant="primary", elem_id="ask", scale=1)
                    clear = gr.Button("Clear", elem_id="clear", scale=1)
                picker = gr.Dropdown(
                    [ALL_DOCUMENTS, *known],
                    value=[ALL_DOCUMENTS],
                    multiselect=True,
                    label="Documents / 文档",
                    info="Answer from all documents, or pick one or more",
                    elem_id="documents",
                    visible=bool(known),
                )
                gr.Examples(examples, inputs=box, label="Examples / 示例")
                upload = gr.File(
                    label="Add reports (PDF, Word, Excel, CSV, HTML, text)",
                    file_count="multiple",
                    file_types=list(SUFFIXES),
                    type="filepath",
                    elem_id="upload",
                )
            with gr.Column(scale=2):
                gr.Markdown("#### Sources")
                sources = gr.HTML(render_sources(None), elem_id="sources")

        def handler(question, history, memory_value, selection=None):
            # The table lookup and the documents are taken per question: an upload points the engine at a new index.
            try:
                documents = chosen_scope(selection, _document_names(engine))
            except ValueError as exc:
                yield history, _keep(), _error_status(exc), question, memory_value
                return
            yield from respond(engine, mode, _table_lookup(engine), question, history, memory_value, documents)

        def on_upload(files):
            message = upload_reports(engine, settings, files)
            names = _document_names(engine)
            return message, gr.update(choices=[ALL_DOCUMENTS, *names], visible=bool(names))

        upload.upload(on_upload, [upload], [status, picker], api_visibility="private")

        outputs = [chatbot, sources, status, box, memory]
        ask.click(handler, [box, chatbot, memory, picker], outputs, api_name="chat")
        box.submit(handler, [box, chatbot, memory, picker], outputs, api_visibility="private")

        def on_like(memory_value, data):
            return give_feedback(path, memory_value, data)

        # A real class, not a string: gradio finds the event-data argument by its annotation, and this module's
        # `from __future__ import annotations` would leave a string it cannot resolve (gradio is imported locally).
        on_like.__annotations__ = {"memory_value": dict, "data": gr.LikeData}

        chatbot.like(on_like, [memory], [status], api_visibility="private")

        def on_clear():
            return [], render_sources(None), "", "", {}

        clear.click(on_clear, None, outputs, api_visibility="private")
    return app


# --- login limits --------------------------------------------------------------------------------------------------


@dataclass
class LoginGuard:
    """Failed logins counted per client address and per user name.

    Each failure is answered after a delay that grows with the failures (`delay_s` times their number, at most
    `max_delay_s`); `max_client_failures` failures from one address, or `max_user_failures` for one user from
    anywhere, within `window_s` lock that address or user out for `lockout_s`, doubling with each further lock-out
    (at most `max_lockout_s`). While locked, even the right password is refused. A success clears both counts.
    The per-user limit lets someone who knows a user name lock that user out for a while: the price of stopping a
    guesser that rotates addresses.
    """

    max_client_failures: int = 5
    max_user_failures: int = 10
    window_s: float = 900.0
    lockout_s: float = 60.0
    max_lockout_s: float = 3600.0
    delay_s: float = 1.0
    max_delay_s: float = 5.0
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self._failures: dict[str, list[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._lockouts: dict[str, int] = {}
        self._lock = threading.Lock()

    def _keys(self, client: str, user: str) -> tuple[tuple[str, int], ...]:
        return (f"client {client}", self.max_client_failures), (f"user {user.casefold()}", self.max_user_failures)

    def locked_for(self, client: str, user: str) -> float:
        """Seconds until `client` or `user` may try again (0 when neither is locked out)."""
        now = self.clock()
        with self._lock:
            return max(0.0, *(self._locked_until.get(key, now) - now for key, _ in self._keys(client, user)))

    def failed(self, client: str, user: str) -> float:
        """Record a failed login; returns the delay (seconds) before the failure is answered."""
        now = self.clock()
        count = 0
        with self._lock:
            for key, limit in self._keys(client, user):
                recent = [t for t in self._failures.get(key, []) if now - t < self.window_s] + [now]
                self._failures[key] = recent
                count = max(count, len(recent))
                if len(recent) >= limit:
                    lockouts = self._lockouts.get(key, 0)
                    self._locked_until[key] = now + min(self.lockout_s * 2**lockouts, self.max_lockout_s)
                    self._lockouts[key] = lockouts + 1
                    self._failures[key] = []
        return min(self.delay_s * count, self.max_delay_s)

    def succeeded(self, client: str, user: str) -> None:
        with self._lock:
            for key, _ in self._keys(client, user):
                for table in (self._failures, self._locked_until, self._lockouts):
                    table.pop(key, None)


def replaying(body: bytes, receive):
    """An ASGI `receive` that hands on a request body already read (by a middleware that had to look at it) once,
    then defers to the real `receive` (for a disconnect)."""
    replayed = False

    async def replay():
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


class LoginLimiter:
    """ASGI middleware in front of gradio's `POST /login`: refuses a locked-out client or user with HTTP 429 (and
    `Retry-After`), delays each failed attempt (`LoginGuard`), and records the outcome from the response status.
    Gradio's own check (`auth`) stays the judge of the password; this only counts."""

    def __init__(self, app, guard: LoginGuard):
        self.app = app
        self.guard = guard

    async def __call__(self, scope, receive, send) -> None:
        if scope.get("type") != "http" or scope.get("method") != "POST" or not _is_login(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        user = _form_field(body, "username")
        client = (scope.get("client") or ("unknown",))[0]
        wait = self.guard.locked_for(client, user)
        if wait > 0:
            await _too_many(send, wait)
            return
        replay = replaying(body, receive)

        async def watch(message):
            if message["type"] == "http.response.start":
                if message["status"] == 200:
                    self.guard.succeeded(client, user)
                elif message["status"] in (400, 401, 403):
                    await asyncio.sleep(self.guard.failed(client, user))
            await send(message)

        await self.app(scope, replay, watch)


def _is_login(path: str) -> bool:
    return path.rstrip("/").endswith("/login")


async def _read_body(receive) -> bytes:
    body, more = b"", True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False) and message.get("type") == "http.request"
    return body


def _form_field(body: bytes, name: str) -> str:
    from urllib.parse import parse_qs

    values = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).get(name) or [""]
    return values[0].strip()


async def _too_many(send, wait: float) -> None:
    seconds = max(1, math.ceil(wait))
    body = json.dumps({"detail": f"Too many failed logins; try again in {seconds} s."}).encode()
    headers = [(b"content-type", b"application/json"), (b"retry-after", str(seconds).encode())]
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def launch_app(
    app,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    auth=None,
    block: bool = True,
    login_guard: LoginGuard | None = None,
    **kwargs,
):
    """`app.launch` with the chat's stylesheet, no share link, no SSR (no Node) and the given login; with a login,
    failed attempts are limited per client and per user (`LoginGuard`, defaults unless `login_guard` is given)."""
    if auth is not None:
        from starlette.middleware import Middleware

        app_kwargs = dict(kwargs.pop("app_kwargs", None) or {})
        guard = login_guard or LoginGuard()
        app_kwargs["middleware"] = [*app_kwargs.get("middleware", []), Middleware(LoginLimiter, guard=guard)]
        kwargs["app_kwargs"] = app_kwargs
    return app.launch(
        server_name=host,
        server_port=port,
        auth=auth,
        share=False,
        ssr_mode=False,
        css=CSS,
        prevent_thread_lock=not block,
        show_error=False,
        quiet=kwargs.pop("quiet", False),
        **kwargs,
    )


def auth_from_env() -> tuple[str, str] | None:
    user, password = os.environ.get("RAG_CHAT_USER"), os.environ.get("RAG_CHAT_PASSWORD")
    return (user, password) if user and password else None


def cmd_chat(args: argparse.Namespace) -> int:
    from rag import engine as pipeline

    settings = Settings.from_args(args)
    retriever = pipeline.open_retriever(settings, rebuild=not args.no_rebuild, log=pipeline.log)
    engine = pipeline.engine_over(retriever, args.mode)
    path = default_feedback_path()
    app = build_app(engine, settings, path, mode=args.mode)
    auth = auth_from_env()
    if args.host not in ("127.0.0.1", "localhost", "::1") and auth is None:
        pipeline.log(f"warning: serving on {args.host} without a login; set RAG_CHAT_USER and RAG_CHAT_PASSWORD")
    pipeline.log(f"chat on http://{args.host}:{args.port} ({args.mode} mode; feedback -> {path})")
    launch_app(app, args.host, args.port, auth=auth)
    return 0


def register(sub, common) -> None:
    """Add the `chat` subcommand to the CLI."""
    parser: argparse.ArgumentParser = sub.add_parser("chat", help="start the chat in the browser")
    common(parser)
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default: 7860)")
    parser.add_argument("--mode", choices=["grounded", "llm"], default="grounded")
    parser.add_argument("--no-rebuild", action="store_true", help="refuse a stale index instead of rebuilding")
    parser.set_defaults(func=cmd_chat)
