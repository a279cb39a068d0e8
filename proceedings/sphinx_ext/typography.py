"""Line breaks that French typography forbids: never inside an inverted verb.

A browser and TeX both break a line after a hyphen, so « de quoi parle-t-on ? » could
end a line with "parle-t-" or "parle-". A verb and its inverted subject pronoun
(« parle-t-on », « peut-on », « dit-elle », « est-ce ») are wrapped in an inline node
of class ``nobreak``: HTML keeps it on one line (``white-space: nowrap`` in
``proceedings.css``), LaTeX puts it in an ``\\mbox`` (``latex.py``). The text itself is
unchanged: search, copy and screen readers get the hyphens as typed.

It runs on every doctree as read (so that titles carry it into the navigation and the
tables of contents) and again as resolved (for what the extension generates at writing
time, such as the programme of the day).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

NOBREAK = 'nobreak'

#: A verb, an optional euphonic "-t-", then a subject pronoun, as a whole word.
#: (Hyphen-minus and the Unicode hyphen, as translators type them.)
INVERTED_VERB = re.compile(
    r'(?<![\w\-‐])\w+(?:[\-‐]t)?[\-‐]'
    r'(?:je|tu|il|elle|on|nous|vous|ils|elles|ce|iel|iels)(?![\w\-‐])',
    re.IGNORECASE,
)

#: The end of every match of INVERTED_VERB, from its last hyphen: a text without it holds
#: no inverted verb. It is looked for from hyphens alone, where the whole pattern is
#: tried at every letter.
PRONOUN_AFTER_HYPHEN = re.compile(
    r'[\-‐](?:je|tu|il|elle|on|nous|vous|ils|elles|ce|iel|iels)(?![\w\-‐])',
    re.IGNORECASE,
)

#: Where a line break is already impossible, or where markup would change meaning.
_SKIP = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.target,
         nodes.system_message)


def keep_inverted_verbs_together(tree: nodes.Node) -> None:
    for text in list(tree.findall(nodes.Text)):
        parent = text.parent
        value = str(text)
        # Most texts have no hyphen, which every inverted verb has: they need neither the
        # pattern nor a look at their ancestors.
        if (parent is None or ('-' not in value and '‐' not in value)
                or not PRONOUN_AFTER_HYPHEN.search(value)):
            continue
        matches = list(INVERTED_VERB.finditer(value))
        if not matches or _skipped(text):
            continue
        pieces: list[nodes.Node] = []
        position = 0
        for match in matches:
            if match.start() > position:
                pieces.append(nodes.Text(value[position:match.start()]))
            pieces.append(nodes.inline(match[0], match[0], classes=[NOBREAK]))
            position = match.end()
        if position < len(value):
            pieces.append(nodes.Text(value[position:]))
        index = parent.index(text)
        parent[index:index + 1] = pieces


def _skipped(text: nodes.Text) -> bool:
    ancestor = text.parent
    while ancestor is not None:
        if isinstance(ancestor, _SKIP) or (
                isinstance(ancestor, nodes.inline) and NOBREAK in ancestor['classes']):
            return True
        ancestor = ancestor.parent
    return False


class InvertedVerbs(SphinxTransform):
    """After translation (the Locale transform is at 20) and smart quotes (750)."""

    default_priority = 800

    def apply(self, **kwargs) -> None:
        # The message templates take the texts as written, before any typography.
        if self.app.builder.name != 'gettext':
            keep_inverted_verbs_together(self.document)


def on_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    keep_inverted_verbs_together(doctree)


def setup_typography(app: Sphinx) -> None:
    app.add_transform(InvertedVerbs)
    # After the programme and the other generated pieces are filled in (priority 500).
    app.connect('doctree-resolved', on_resolved, priority=900)
