"""furo's navigation, computed once per build instead of once per page.

For every page, furo asks Sphinx for the whole table of contents, has docutils render it,
then parses the HTML again with BeautifulSoup to add its expand checkboxes. Each page costs
as much as the whole book, and a book of N pages costs N² (``make bench`` compares it
with Sphinx's basic theme).

Yet the tree is the same on every page but for four things: the relative addresses of
its links, the ``current`` class on the branch that leads to the page, the ticked
checkboxes of that branch and ``current-page`` on its last item. So the tree is resolved,
rendered and passed through furo's own function once per build, with a unique token in
each of those places; every page then fills the tokens in by joining strings. The HTML a
reader gets is furo's, byte for byte: ``tests/test_navigation.py`` builds a book with
and without this module and compares the navigation of every page.

Where that equivalence is not certain, furo does its own work, as without this module:
builders other than ``html`` (``dirhtml`` rewrites addresses), a document that sets
``tocdepth`` (its subtree then depends on the page), or a furo that asks for another
tree than the one below. ``proceedings_precompute_navigation = False`` turns it off.

Sphinx rewrites only the changed pages and their parents in an incremental build, so the
other pages kept an old title in their navigation (sphinx#5506). Since every page shows
every title here, a change to what the navigation shows (a title, a toctree) makes every
page be written again.

furo's navigation names its expanders in English ("Toggle navigation of …"); the tree
is translated here, once, and the page's filter of interface words leaves it as it is
(``sphinx_ext.interface``).
"""

from __future__ import annotations

import html
import posixpath
import re
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment.adapters.toctree import TocTree
from sphinx.util import logging, url_re
from sphinx.util.osutil import relative_uri

from proceedings import __version__
from proceedings.core.interface_words import NAVIGATION_LABEL, TRANSLATED_TREE, InterfaceWords
from proceedings.sphinx_ext.config import options_of, register
from proceedings.sphinx_ext.i18n import __

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

#: How furo 2025.12.19 asks for its navigation (``furo._compute_navigation_tree``).
FURO_NAVIGATION_QUERY = {'collapse': False, 'titles_only': True, 'maxdepth': -1,
                         'includehidden': True}

#: A page name that no document has: the tree resolved for it has no current branch.
NOWHERE = '\x00nowhere'

#: Where the handlers keep, in a page's context, what furo must not see.
CONTEXT_KEY = '_proceedings_navigation'


# -- The tree, once per build ------------------------------------------------------------


@dataclass
class CompiledNavigation:
    """furo's navigation HTML cut into text and slots that vary from page to page.

    ``parts`` alternates fixed text and slots; the lists below give the index in
    ``parts`` of each slot. Elements (``a``, ``li``, ``ul``) are numbered in document
    order, the order in which furo looks for the last current item.
    """

    parts: list[str]
    #: link number -> (index in parts, document it points to, anchor)
    links: list[tuple[int, str, str]] = field(default_factory=list)
    #: element -> index in parts of its class slot, and the text that makes it current
    current_slots: dict[int, tuple[int, str]] = field(default_factory=dict)
    #: item -> index in parts of its checkbox's ``checked`` slot
    checked_slots: dict[int, int] = field(default_factory=dict)
    #: item -> index in parts of its ``current-page`` slot
    current_page_slots: dict[int, int] = field(default_factory=dict)
    #: document -> elements on the branches that lead to it (what Sphinx marks current)
    branches: dict[str, list[int]] = field(default_factory=dict)
    #: document -> links that point to it
    links_to: dict[str, list[int]] = field(default_factory=dict)
    #: directory of a page -> ``parts`` with every link's address from that directory
    by_directory: dict[str, list[str]] = field(default_factory=dict)
    #: document -> its address, as the builder writes it from the root
    target_uris: dict[str, str] | None = None

    def for_page(self, builder: Builder, pagename: str) -> str:
        directory = posixpath.dirname(pagename)
        parts = self.by_directory.get(directory)
        if parts is None:
            parts = self.by_directory[directory] = self._with_addresses(builder, directory)
        parts = parts.copy()
        # A link to the page itself: '#' (Sphinx's relative address is then empty).
        for link in self.links_to.get(pagename, ()):
            index, target, anchor = self.links[link]
            parts[index] = _href(builder.get_relative_uri(pagename, target) + anchor)
        branch = self.branches.get(pagename, ())
        for element in branch:
            index, text = self.current_slots[element]
            parts[index] = text
            if element in self.checked_slots:
                parts[self.checked_slots[element]] = 'checked="" '
        items = [element for element in branch if element in self.current_page_slots]
        if items:
            parts[self.current_page_slots[max(items)]] = ' current-page'
        return ''.join(parts)

    def _with_addresses(self, builder: Builder, directory: str) -> list[str]:
        # Sphinx's relative address depends on the page's folder only, except for a link
        # to the page itself: a name that no document has stands for every page here.
        here = posixpath.join(directory, NOWHERE)
        parts = self.parts.copy()
        if type(builder).get_relative_uri is not Builder.get_relative_uri:
            for index, target, anchor in self.links:
                parts[index] = _href(builder.get_relative_uri(here, target) + anchor)
            return parts
        # Sphinx's get_relative_uri, with each document's address (a quote() each time)
        # made once per build instead of once per folder and link.
        if self.target_uris is None:
            self.target_uris = {target: builder.get_target_uri(target)
                                for _index, target, _anchor in self.links}
        base = builder.get_target_uri(here)
        for index, target, anchor in self.links:
            parts[index] = _href(relative_uri(base, self.target_uris[target]) + anchor)
        return parts


def _href(uri: str) -> str:
    # As docutils writes it (an empty address is '#'), then as BeautifulSoup re-escapes it.
    return html.escape(uri or '#', quote=False)


class NotEquivalent(Exception):
    """The precomputed tree could differ from furo's on some page: let furo do its work."""


def compile_navigation(app: Sphinx) -> CompiledNavigation:
    """Resolve, render and pass through furo the tree that furo asks for, once."""
    from furo.navigation import get_navigation_tree

    env, builder = app.env, app.builder
    if any('tocdepth' in meta for meta in env.metadata.values()):
        # The subtree of a document with a tocdepth depends on whether it is an ancestor
        # of the page (sphinx.environment.adapters.toctree._toctree_standard_entry).
        raise NotEquivalent('a document sets tocdepth')
    tree = TocTree(env).get_toctree_for(NOWHERE, builder, **FURO_NAVIGATION_QUERY)
    if tree is None:
        return CompiledNavigation([''])
    token = f'nav{secrets.token_hex(8)}'
    elements = _mark(tree, token, builder)
    fragment = builder.render_partial(tree)['fragment']
    # furo names each expander in English; translated here once rather than on each page.
    label = InterfaceWords.of(((NAVIGATION_LABEL, app.translator.gettext(NAVIGATION_LABEL)),))
    return _cut(label.replaced_in(get_navigation_tree(fragment)), token, elements)


@dataclass
class _Element:
    tag: str
    #: for a link: the document it points to and its anchor
    target: str = ''
    anchor: str = ''
    #: for a link to a whole document: the elements that Sphinx marks current with it
    branch: list[int] = field(default_factory=list)


def _mark(tree: nodes.Element, token: str, builder: Builder) -> list[_Element]:
    """Put a token where each element's ``current`` class would go, and on each link."""
    elements: list[_Element] = []
    numbers: dict[int, int] = {}
    tags = {nodes.reference: 'a', nodes.list_item: 'li', nodes.bullet_list: 'ul'}
    for node in tree.findall(nodes.Element):
        tag = tags.get(type(node))
        if tag is None:
            continue
        number = len(elements)
        numbers[id(node)] = number
        # Sphinx appends 'current' last, after the toctree-l<n> classes; furo's own
        # classes come after it. The token takes exactly that place.
        node['classes'].append(f'{token}c{number}')
        element = _Element(tag)
        elements.append(element)
        if tag != 'a' or url_re.match(node['refuri']):
            continue  # an external address is the same on every page
        element.anchor = node.get('anchorname', '')
        address = node['refuri']
        target_uri = address[:len(address) - len(element.anchor)] if element.anchor else address
        element.target = _docname_of(builder, target_uri)
        node['refuri'] = f'{token}h{number}'
        # Sphinx marks the branch of the links that stand for an entry of the tree, a
        # reference right under its compact paragraph (_toctree_add_classes).
        if not element.anchor and isinstance(node.parent, addnodes.compact_paragraph):
            ancestor = node
            while ancestor is not None:
                if id(ancestor) in numbers:
                    element.branch.append(numbers[id(ancestor)])
                ancestor = ancestor.parent
    return elements


def _docname_of(builder: Builder, target_uri: str) -> str:
    """The document of an address that Sphinx made for a page at the root."""
    suffix = builder.link_suffix
    if not target_uri.endswith(suffix):
        raise NotEquivalent(f'unexpected address {target_uri!r}')
    docname = unquote(target_uri[:-len(suffix)] if suffix else target_uri)
    if builder.get_target_uri(docname) != target_uri:
        raise NotEquivalent(f'address {target_uri!r} is not the one of a document')
    return docname


# In furo's output, every tag of the tree with a token, and the tokens inside it.
_TAG = re.compile(r'<(?P<tag>a|li|ul|input)\b[^>]*>')


def _cut(rendered: str, token: str, elements: list[_Element]) -> CompiledNavigation:
    """Cut furo's HTML of the marked tree into text and slots."""
    slot = re.compile(
        rf' class="{token}c(?P<alone>\d+)"'          # <ul class="current">, or no class
        rf'|{token}c(?P<first>\d+) '                 # <a class="current reference ...">
        rf'| {token}c(?P<last>\d+)'                  # <li class="toctree-l1 current ...">
        rf'|(?P<href>{token}h\d+)'                   # a link's address
    )
    compiled = CompiledNavigation([])
    parts = compiled.parts
    text: list[str] = []
    last_item: int | None = None
    position = 0

    def add_slot(value: str) -> int:
        parts.append(''.join(text))
        text.clear()
        parts.append(value)
        return len(parts) - 1

    for match in _TAG.finditer(rendered):
        text.append(rendered[position:match.start()])
        tag = match.group(0)
        position = match.end()
        if match['tag'] == 'input':
            if last_item is None or 'checked=' in tag or ' class="' not in tag:
                raise NotEquivalent('unexpected checkbox in the navigation')
            # BeautifulSoup writes attributes sorted: checked="" comes before class.
            before, after = tag.split(' class="', 1)
            text.append(before + ' ')
            compiled.checked_slots[last_item] = add_slot('')
            text.append('class="' + after)
            continue
        inner = 0
        number = None
        for found in slot.finditer(tag):
            text.append(tag[inner:found.start()])
            inner = found.end()
            if found['href']:
                element = elements[int(found['href'][len(token) + 1:])]
                index = add_slot('')
                compiled.links.append((index, element.target, element.anchor))
                compiled.links_to.setdefault(element.target, []).append(len(compiled.links) - 1)
                continue
            if found['alone'] is not None:
                number, current = int(found['alone']), ' class="current"'
            elif found['first'] is not None:
                number, current = int(found['first']), 'current '
            else:
                number, current = int(found['last']), ' current'
            compiled.current_slots[number] = (add_slot(''), current)
        if number is None or elements[number].tag != match['tag']:
            raise NotEquivalent(f'a {match["tag"]} without its token in the navigation')
        if match['tag'] == 'li':
            last_item = number
            # furo appends current-page after every other class of the item.
            end = tag.index('"', tag.index(' class="') + len(' class="'))
            if end < inner:
                raise NotEquivalent('unexpected item classes in the navigation')
            text.append(tag[inner:end])
            compiled.current_page_slots[number] = add_slot('')
            inner = end
        text.append(tag[inner:])
    text.append(rendered[position:])
    parts.append(''.join(text))
    if token in ''.join(parts[::2]):
        raise NotEquivalent('a token is left in the navigation')
    for element in elements:
        if element.branch:
            compiled.branches.setdefault(element.target, []).extend(element.branch)
    for target, branch in compiled.branches.items():
        compiled.branches[target] = sorted(set(branch))
    return compiled


# -- Every page ----------------------------------------------------------------------------


def navigation_fingerprint(env: BuildEnvironment, docname: str) -> str:
    """What of a document furo's navigation shows: its titles and its toctrees."""
    toc = env.tocs.get(docname)
    if toc is None:
        return ''
    shown = [str(env.metadata.get(docname, {}).get('tocdepth', ''))]
    for item in toc.findall(nodes.list_item):
        if not any(isinstance(a, nodes.list_item) for a in _ancestors(item)):
            shown.append(item[0].pformat())  # a top-level title of the document
    shown += [node.pformat() for node in toc.findall(addnodes.toctree)]
    shown += [node['expr'] for node in toc.findall(addnodes.only)]
    return '\n'.join(shown)


def _ancestors(node: nodes.Node) -> Iterable[nodes.Node]:
    while node.parent is not None:
        node = node.parent
        yield node


class PrecomputedNavigation:
    """The handlers, and what they keep during one build of one application."""

    def __init__(self) -> None:
        self.compiled: CompiledNavigation | None = None
        #: why furo computes the navigation itself in this build, if it does
        self.fallback: str = ''
        self.before_reading: dict[str, str] = {}
        self.removed_documents = False

    @staticmethod
    def applies(app: Sphinx) -> bool:
        return bool(
            options_of(app).precompute_navigation
            and 'furo' in app.extensions
            and app.builder.name == 'html'
            and isinstance(app.builder, StandaloneHTMLBuilder)
        )

    # Reading: which pages must be written again.

    def note_removed(self, app: Sphinx, env: BuildEnvironment, added: Set[str],
                     changed: Set[str], removed: Set[str]) -> list[str]:
        self.removed_documents = bool(removed)
        return []

    def remember(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        self.before_reading = {
            docname: navigation_fingerprint(env, docname)
            for docname in docnames if docname in env.tocs
        }

    def pages_to_rewrite(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        before, self.before_reading = self.before_reading, {}
        if not self.applies(app):
            return []
        changed = [docname for docname, shown in before.items()
                   if navigation_fingerprint(env, docname) != shown]
        if not changed and not self.removed_documents:
            return []
        logger.info(__('the navigation changed (%s): every page is written again'),
                    ', '.join(changed) or __('a document was removed'))
        return sorted(env.found_docs)

    # Writing: the tree once, then each page.

    def start_writing(self, app: Sphinx, builder: Builder) -> None:
        self.compiled, self.fallback = None, ''

    def _compiled(self, app: Sphinx) -> CompiledNavigation | None:
        if self.compiled is None and not self.fallback:
            try:
                self.compiled = compile_navigation(app)
            except NotEquivalent as reason:
                self.fallback = str(reason)
                logger.info(__('furo computes the navigation of every page itself: %s'),
                            reason)
        return self.compiled

    def hide_query_from_furo(self, app: Sphinx, pagename: str, templatename: str,
                             context: dict[str, Any], doctree: Any) -> None:
        """Before furo: answer its query for the whole tree with nothing, once."""
        if 'toctree' not in context or not self.applies(app) or self._compiled(app) is None:
            return
        sphinx_toctree: Callable[..., str] = context['toctree']
        asked: list[bool] = []

        def toctree(**query: Any) -> str:
            if query == FURO_NAVIGATION_QUERY and not asked:
                asked.append(True)
                return ''
            return sphinx_toctree(**query)

        context['toctree'] = toctree
        context[CONTEXT_KEY] = (sphinx_toctree, asked)

    def give_tree_to_furo(self, app: Sphinx, pagename: str, templatename: str,
                          context: dict[str, Any], doctree: Any) -> None:
        """After furo: the page's tree, and Sphinx's toctree back for the templates."""
        saved = context.pop(CONTEXT_KEY, None)
        if saved is None:
            return
        sphinx_toctree, asked = saved
        context['toctree'] = sphinx_toctree
        if not asked:
            # Not the query this module knows (another furo?): furo has computed the tree
            # itself, and will for the other pages of this build.
            self.compiled, self.fallback = None, 'furo asked for another navigation tree'
            logger.info(__('furo computes the navigation of every page itself: %s'),
                        self.fallback)
            return
        tree = self.compiled.for_page(app.builder, pagename)
        context['furo_navigation_tree'] = context[TRANSLATED_TREE] = tree


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    handlers = PrecomputedNavigation()
    app.connect('env-get-outdated', handlers.note_removed)
    app.connect('env-before-read-docs', handlers.remember)
    app.connect('env-updated', handlers.pages_to_rewrite)
    app.connect('write-started', handlers.start_writing)
    # furo's handler has the default priority, 500.
    app.connect('html-page-context', handlers.hide_query_from_furo, priority=400)
    app.connect('html-page-context', handlers.give_tree_to_furo, priority=600)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
