"""The extension's own words, and the theme's, in the reader's language.

Like Sphinx's own extensions, the extension's labels live in a message catalogue of their
own (``proceedings``), loaded for the build language. Its PO files sit beside the book's
in ``locale/<language>/LC_MESSAGES/``, so translators keep one folder and one workflow.

What ``make gettext`` adds to the templates is in ``gettext``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx import locale as sphinx_locale
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util import nodes as sphinx_nodes
from sphinx.util.i18n import CatalogInfo, CatalogRepository

from proceedings.core.editions import MESSAGE_CATALOG_NAME

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

_ = get_translation(MESSAGE_CATALOG_NAME)
__ = get_translation(MESSAGE_CATALOG_NAME, 'console')


def load_catalogues(app: Sphinx) -> None:
    """Compile the extension's PO files that changed, then load them for the build language.

    Sphinx compiles the document catalogues itself, but only after extensions are set
    up: the labels would come out in English on the first build of a fresh checkout.
    """
    language = app.config.language
    # Translators are global to the process: forget the language of an earlier build.
    sphinx_locale.translators.pop(('general', MESSAGE_CATALOG_NAME), None)
    repo = CatalogRepository(
        app.srcdir, app.config.locale_dirs, language, app.config.source_encoding
    )
    for locale_dir in repo.locale_dirs:
        # The catalogue of repo.catalogs with this domain, without a walk of every
        # catalogue of the book: its file, if any, is LC_MESSAGES/proceedings.po.
        folder = locale_dir / language / 'LC_MESSAGES'
        if not os.path.lexists(folder / f'{MESSAGE_CATALOG_NAME}.po'):
            continue
        catalogue = CatalogInfo(folder, MESSAGE_CATALOG_NAME, app.config.source_encoding)
        if catalogue.is_outdated():
            catalogue.write_mo(language, app.config.gettext_allow_fuzzy_translations)
    locale_dirs = list(repo.locale_dirs)
    # With no catalogue (the source language), this registers the identity translation.
    sphinx_locale.init(locale_dirs, language, MESSAGE_CATALOG_NAME)
    for locale_dir in locale_dirs:
        sphinx_locale.init_console(locale_dir, MESSAGE_CATALOG_NAME)


def written_in(text: str, language: str, source_language: str) -> str:
    """The language *text*, a label of the extension as ``_()`` gave it, is written in.

    A label that the catalogue of *language* does not translate yet shows in the source
    language, and so must every name it fills in: "Listen to the recording (in French)",
    never "(in francés)". A label is translated when the loaded catalogue holds it as a
    translation.
    """
    if language == source_language or text in _translations(language):
        return language
    return source_language


def _translations(language: str) -> frozenset[str]:
    translator = sphinx_locale.translators.get(('general', MESSAGE_CATALOG_NAME))
    key = (language, id(translator))
    if _translations_of[0] != key:
        found: set[str] = set()
        while translator is not None:
            for value in getattr(translator, '_catalog', {}).values():
                found.update([value] if isinstance(value, str) else value)
            translator = getattr(translator, '_fallback', None)
        _translations_of[:] = [key, frozenset(found)]
    return _translations_of[1]


#: The translations of the loaded catalogue, for the language and translator they are of.
_translations_of: list = [None, frozenset()]


def extract_messages(doctree: nodes.Element,
                     verbosity: int) -> Iterator[tuple[nodes.Element, str]]:
    """The translatable messages of *doctree*, exactly as ``sphinx.util.nodes`` extracts them.

    Sphinx's ``is_translatable`` logs, at debug level, each text element it leaves out
    (one without a source, or marked ``translatable=False``: the extension's own lines,
    already in the edition's language), and builds the message's argument, the node's
    XML through minidom, before the logger looks at its level. For a French book of 500
    sessions, some 3 000 such XML texts per walk of the pages, a walk that both Sphinx's
    ``Locale`` transform (twice, see ``speedups.translation``) and ``untranslated`` make.
    Sphinx's handlers show debug messages from ``-vv`` on (``logging.VERBOSITY_MAP``), at
    the build's *verbosity*: below it, the same test without the messages; from it, Sphinx's.
    """
    if verbosity >= DEBUG_VERBOSITY:
        yield from sphinx_nodes.extract_messages(doctree)
        return
    # sphinx.util.nodes.extract_messages (Sphinx 8.2), with its is_translatable quiet.
    for node in _translatable_nodes(doctree):
        if isinstance(node, addnodes.translatable):
            for msg in node.extract_original_messages():
                yield node, msg
            continue
        if isinstance(node, sphinx_nodes.LITERAL_TYPE_NODES):
            msg = node.rawsource
            if not msg:
                msg = node.astext()
        elif isinstance(node, nodes.image):
            if node.get('alt'):
                yield node, node['alt']
            if node.get('translatable'):
                image_uri = node.get('original_uri', node['uri'])
                msg = f'.. image:: {image_uri}'
            else:
                msg = ''
        elif isinstance(node, nodes.meta):
            msg = node['content']
        else:
            msg = node.rawsource.replace('\n', ' ').strip()
        if msg:
            yield node, msg


#: The first verbosity at which Sphinx's handlers show debug messages.
DEBUG_VERBOSITY = 2


def _translatable_nodes(doctree: nodes.Element) -> Iterator[nodes.Element]:
    """``doctree.findall(is_translatable)``, in its order, with a loop of its own.

    docutils' ``findall`` with a function makes a generator for each node of the page.
    As there, a node's children are looked at once the node has been handed out, so a
    node whose children the caller replaced (a translated paragraph) is walked into as
    it is then.
    """
    text = nodes.Text
    stack: list[nodes.Node] = [doctree]
    while stack:
        node = stack.pop()
        if node.__class__ is text:
            continue  # never translatable, and without children
        if is_translatable(node):
            yield node
        if node.children:
            stack.extend(reversed(node.children))


def is_translatable(node: nodes.Node) -> bool:
    """``sphinx.util.nodes.is_translatable`` (Sphinx 8.2), without its debug messages."""
    if isinstance(node, addnodes.translatable):
        return True
    if isinstance(node, nodes.image) and (node.get('translatable') or node.get('alt')):
        return True
    if isinstance(node, nodes.Inline) and 'translatable' not in node:
        return False
    if isinstance(node, nodes.TextElement):
        if not node.source:
            return False
        if isinstance(node, sphinx_nodes.IGNORED_NODES) and 'translatable' not in node:
            return False
        if not node.get('translatable', True):
            return False
        return not (isinstance(node, nodes.field_name) and node.children[0] == 'orphan')
    return isinstance(node, nodes.meta)


def setup_i18n(app: Sphinx) -> None:
    load_catalogues(app)
