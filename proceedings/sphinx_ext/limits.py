"""Input too large for a format gets an error at its line, not a typesetter's log.

XeLaTeX reads the ``.tex`` a line at a time into a buffer of 200 000 characters, and
Sphinx writes a paragraph on one line when its source has it on one: a five-megabyte
paragraph stopped the PDF with "Unable to read an entire line", which names no chapter.
Escaping can make a character sixteen (``\\textbackslash{}``), so a line of a chapter or
of a translation is held to ``MAX_LINE`` characters, about four printed pages.

The guiding questions are typeset in one framed box, which cannot be taller than TeX's
largest dimension (16 383 pt, some twenty pages): 5 000 questions stopped the PDF with
"Dimension too large". A session has at most ``MAX_QUESTIONS`` questions, of at most
``MAX_QUESTIONS_TEXT`` characters in all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from proceedings.sphinx_ext.domain import record_problem
from proceedings.sphinx_ext.i18n import __

if TYPE_CHECKING:
    from sphinx.application import Sphinx

MAX_LINE = 10_000
MAX_QUESTIONS = 100
MAX_QUESTIONS_TEXT = 20_000


def refuse_overlong_lines(app: Sphinx, doctree: nodes.document) -> None:
    for text in list(doctree.findall(nodes.Text)):
        if len(text) <= MAX_LINE:
            continue  # no line of it can be longer
        longest = max((len(line) for line in text.split('\n')), default=0)
        if longest <= MAX_LINE:
            continue
        parent = text.parent
        line = parent.line if parent is not None else 0
        while parent is not None and not line:
            parent = parent.parent
            line = parent.line if parent is not None else 0
        record_problem(app.env, app.env.docname, line or 0, __(
            'a line of %d characters: the PDF is typeset from lines of at most %d; break '
            'this paragraph into several lines or paragraphs') % (longest, MAX_LINE))
        text.parent.replace(text, nodes.Text(text[:200] + '…'))


def refuse_oversized_questions(app: Sphinx, doctree: nodes.document) -> None:
    from proceedings.sphinx_ext.sessions import guiding_questions

    for node in list(doctree.findall(guiding_questions)):
        count = len(list(node.findall(nodes.list_item)))
        size = len(node.astext())
        if count > MAX_QUESTIONS or size > MAX_QUESTIONS_TEXT:
            record_problem(app.env, app.env.docname, node.line or 0, __(
                'the guiding questions are %d, of %d characters: the PDF frames them in one '
                'box of at most %d questions and %d characters; keep the questions that '
                'guide the session, and put the rest in the summary')
                % (count, size, MAX_QUESTIONS, MAX_QUESTIONS_TEXT))
            node.clear()


def setup_limits(app: Sphinx) -> None:
    app.connect('doctree-read', refuse_overlong_lines, priority=150)
    app.connect('doctree-read', refuse_oversized_questions, priority=150)
