"""Smart quotes without educating the text that they would leave as it is.

Sphinx's ``SphinxSmartQuotes`` (docutils' ``SmartQuotes.apply``) hands every block of
text of every page to ``docutils.utils.smartquotes.educate_tokens``, which runs each
piece of it through seven passes of replacements and regular expressions (escapes,
dashes, ellipses, backticks, quotes, escapes again) and a language lookup: most blocks
of a book (titles, plain sentences) hold nothing that any pass changes.

The transform registered here is Sphinx's, at its priority, except for a block of text
whose every piece is, for the actions that ``smartquotes_action`` sets (neither ``w``
nor the ``-1`` of "stupefy", which change other characters), provably left as it is by
``educate_tokens`` (docutils 0.21): no quote (``'``, ``"``), backtick or backslash
(escapes, quotes, backticks), no ``--`` (dashes), no ``...`` nor ``. . .``
(ellipses), no ``&#`` (the escapes put back). The pieces of such a block are not
educated; each text node is still replaced by a new one holding the text that
``educate_tokens`` would have given back, as Sphinx does, so the doctrees are the same,
node for node. It also finds once per page the quotes of each language code that
the page's blocks have, rather than once per block, and runs Sphinx's escape of what
follows a null character (``get_tokens`` runs it on every text) only on a text that
holds one.
``proceedings_skip_plain_smartquotes = False`` turns it off;
``tests/test_speedups_read.py`` compares the doctrees built with and without, of
English and French pages with quotes, apostrophes, dashes and ellipses.

Upstream (docutils), the issue to file: "``SmartQuotes.apply`` educates every text block,
though most hold none of the characters the educating passes change: test the text for
them first (``'"`\\``, ``--``, ``...``, ``. . .``, ``&#``) and leave such blocks alone."
Once released, this module can go.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes, utils
from docutils.utils import smartquotes
from sphinx.transforms import SphinxSmartQuotes
from sphinx.util.nodes import is_smartquotable

from proceedings import __version__
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: What one of the passes of ``educate_tokens`` changes, for the actions of
#: :func:`safe_action`: a plain text holding none of these comes out as it went in.
ACTIVE_CHARACTERS = frozenset('\'"`\\')
ACTIVE_SEQUENCES = ('--', '...', '. . .', '&#')
#: What ``SphinxSmartQuotes.get_tokens`` (Sphinx 8.2) escapes with a backslash.
NULL_ESCAPED = re.compile(r'(?<=\x00)([-\\\'".`])')


def safe_action(action: str) -> bool:
    """Whether ``educate_tokens`` changes, under *action*, only what
    :data:`ACTIVE_CHARACTERS` and :data:`ACTIVE_SEQUENCES` name."""
    return action != '-1' and 'w' not in action


def left_alone(tokens: Iterable[tuple[str, str]]) -> bool:
    """Whether no plain token holds anything an educating pass changes (literal and
    empty tokens are given back as they are, whatever they hold)."""
    for kind, text in tokens:
        if kind == 'plain' and text and (
                not ACTIVE_CHARACTERS.isdisjoint(text)
                or any(sequence in text for sequence in ACTIVE_SEQUENCES)):
            return False
    return True


class PlainTextSmartQuotes(SphinxSmartQuotes):
    """Sphinx's smart quotes, which educate no block that they would leave as it is."""

    def apply(self, **kwargs: Any) -> None:
        if (not options_of(self.app).skip_plain_smartquotes
                or not safe_action(self.config.smartquotes_action)):
            super().apply(**kwargs)
            return
        # SphinxSmartQuotes.apply (Sphinx 8.2), then SmartQuotes.apply (docutils 0.21),
        # but for the blocks of text that left_alone finds.
        if not self.is_available():
            return
        self.smartquotes_action = self.config.smartquotes_action
        smart_quotes = self.document.settings.setdefault('smart_quotes', False)
        if not smart_quotes:
            return
        try:
            alternative = smart_quotes.startswith('alt')
        except AttributeError:
            alternative = False

        document_language = self.document.settings.language_code
        lc_smartquotes = self.document.settings.smartquotes_locales
        if lc_smartquotes:
            smartquotes.smartchars.quotes.update(dict(lc_smartquotes))

        # The language each language code of the page stands for: the quotes' table does
        # not change while the transform runs, and a code with none is warned of once.
        resolved: dict[str, str] = {}
        for node in self.document.findall(nodes.TextElement):
            if isinstance(node, self.nodes_to_skip):
                continue
            if isinstance(node.parent, nodes.TextElement):
                continue

            txtnodes = [txtnode for txtnode in node.findall(nodes.Text)
                        if not isinstance(txtnode.parent, nodes.option_string)]

            code = node.get_language_code(document_language)
            lang = resolved.get(code)
            if lang is None:
                lang = resolved[code] = self.resolve_language(code, alternative, node)

            # The tokens do not depend on the text nodes replaced below (each reads
            # its own node's parents only): making them all first changes none.
            tokens = list(self.tokens_of(txtnodes))
            if left_alone(tokens):
                teacher: Iterable[str] = [text for _, text in tokens]
            else:
                teacher = smartquotes.educate_tokens(
                    tokens, attr=self.smartquotes_action, language=lang)

            for txtnode, newtext in zip(txtnodes, teacher):
                txtnode.parent.replace(txtnode, nodes.Text(newtext))

        self.unsupported_languages.clear()

    def resolve_language(self, lang: str, alternative: bool, node: nodes.Node) -> str:
        """The language of the quotes for the language code *lang* (SmartQuotes.apply)."""
        if alternative:
            if '-x-altquot' in lang:
                lang = lang.replace('-x-altquot', '')
            else:
                lang += '-x-altquot'
        for tag in utils.normalize_language_tag(lang):
            if tag in smartquotes.smartchars.quotes:
                return tag
        if lang not in self.unsupported_languages:
            self.document.reporter.warning(
                'No smart quotes defined for language "%s".' % lang, base_node=node)
        self.unsupported_languages.add(lang)
        return ''

    def tokens_of(self, txtnodes: list[nodes.Text]) -> Iterator[tuple[str, str]]:
        """SphinxSmartQuotes.get_tokens, which looks for what to escape after a null
        character only in a text that holds one."""
        for txtnode in txtnodes:
            if is_smartquotable(txtnode):
                text = str(txtnode)
                if '\x00' in text:
                    text = NULL_ESCAPED.sub(r'\\\1', text)
                yield 'plain', text
            else:
                yield 'literal', txtnode.astext()


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    # Sphinx's built-in extensions registered it before any of a book's is set up.
    transforms = app.registry.transforms
    for index, transform in enumerate(transforms):
        if transform is SphinxSmartQuotes:
            transforms[index] = PlainTextSmartQuotes
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
