"""The language of parts (WCAG 3.1.2, RGAA 8.7): names in another language than the page's.

A French institution's name in the English edition (« Maison des Sciences de l'Homme en
Bretagne ») or an English one in the French edition (« Housing First ») is read by a screen
reader in the page's language, and mispronounced, unless it is marked with its own. The
book declares such names once, by language (``proceedings_names_by_language``); wherever
one appears in a page of an edition in another language, in the text of a chapter, a
title, a link or what the extension generates, it is wrapped in an inline node with the
class ``language-<code>``, which docutils' HTML writer turns into ``lang="<code>"`` (in the
EPUB too), and the LaTeX writer into a ``\\DUrole`` that ``latex`` typesets in that language
when it is one of the book's (``\\foreignlanguage``), and prints unchanged otherwise.

Names already inside a passage marked with a language, and code, are left alone.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sphinx.application import Sphinx

from proceedings.sphinx_ext.config import options_of

#: Nodes whose text is not prose: never split.
SKIPPED = (nodes.literal, nodes.literal_block, nodes.raw, nodes.math, nodes.math_block,
           nodes.comment, nodes.system_message)

#: The apostrophe of a name matches the typewriter's and the typographer's alike: smart
#: quotes turn the first into the second in English, French translators type the second.
APOSTROPHES = "'’"


def name_pattern(names_by_language: Mapping[str, list[str]],
                 edition: str) -> tuple[re.Pattern | None, dict[str, str]]:
    """One pattern for every name in another language than *edition*, longest first, with
    one match group per language, and the language of each group."""
    groups, languages = [], {}
    for number, (language, names) in enumerate(sorted(names_by_language.items())):
        if language == edition:
            continue
        alternatives = []
        for name in sorted(set(names), key=len, reverse=True):
            alternatives.append(''.join(
                f'[{APOSTROPHES}]' if c in APOSTROPHES else re.escape(c) for c in name))
        if alternatives:
            languages[f'language{number}'] = language
            groups.append(f'(?P<language{number}>{"|".join(alternatives)})')
    if not groups:
        return None, languages
    return re.compile(rf'(?<!\w)(?:{"|".join(groups)})(?!\w)'), languages


@functools.lru_cache(maxsize=16)
def _cached_pattern(names: tuple[tuple[str, tuple[str, ...]], ...],
                    edition: str) -> tuple[re.Pattern | None, dict[str, str]]:
    return name_pattern(dict(names), edition)


def _marked(node: nodes.Node) -> bool:
    """Whether *node* is inside code or inside a passage already marked with a language."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, SKIPPED):
            return True
        if any(cls.startswith('language-') for cls in parent.get('classes', ())):
            return True
        parent = parent.parent
    return False


def mark_languages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    # The same names on every page: one pattern per build (and per set of names).
    names = options_of(app).names_by_language
    pattern, languages = _cached_pattern(
        tuple((language, tuple(found)) for language, found in names.items()),
        app.config.language)
    if pattern is None:
        return
    for text in list(doctree.findall(nodes.Text)):
        if not pattern.search(text) or _marked(text):
            continue
        pieces: list[nodes.Node] = []
        position = 0
        source = str(text)
        for match in pattern.finditer(source):
            if match.start() > position:
                pieces.append(nodes.Text(source[position:match.start()]))
            language = languages[match.lastgroup]
            pieces.append(nodes.inline(match[0], match[0], classes=[f'language-{language}']))
            position = match.end()
        if position < len(source):
            pieces.append(nodes.Text(source[position:]))
        text.parent.replace(text, pieces)


def setup_language_of_parts(app: Sphinx) -> None:
    # After the programme, the citations and the downloads have put their text in place,
    # before typography (900) keeps inverted verbs whole.
    app.connect('doctree-resolved', mark_languages, priority=850)
