"""Sphinx's transforms that look for a few nodes of a page, with a walk that costs less.

Three transforms that Sphinx applies to every page it reads walk the whole doctree
with ``NodeMatcher(...).findall``: ``TranslationProgressTotaliser`` (counts the nodes
a catalogue translated), ``AddTranslationClasses`` (marks them with a class, when
``translation_progress_classes`` is set, as every book here does) and the LaTeX
builder's ``FootnoteDocnameUpdater`` (notes the page of every footnote), even in an
HTML build, and even in an English build in which no node is translated. A
``NodeMatcher`` passed to docutils' ``findall`` takes its slowest path: a generator per
node, each calling the matcher, which tests the node's class and its attributes in
Python, one call after the other. (The post-transform that sets code blocks' languages
has a speed-up of its own: ``code_languages``.)

The transforms registered here are Sphinx's own, at the same priorities, except that
they find the same nodes with one loop over the page (a stack, no generator or message
per node), and then do to them what Sphinx's do. None changes the tree's shape while it
walks (each sets attributes of the nodes it found, or of the document), so the
doctrees are the same, node for node. ``RemoveTranslatableInline``, which moves nodes while
it walks, is left as it is (the translated messages' reader, ``SphinxI18nReader``, also
leaves it out by its class). ``proceedings_fast_tree_walks = False`` turns them off;
``tests/test_speedups_read.py`` compares the doctrees and the pages of an English and a
French book built with and without, with a footnote.

Upstream (sphinx-doc/sphinx), the issue to file: "``NodeMatcher.findall`` walks the
tree through docutils' generic ``findall``, a generator per node and a matcher call
per node: ``TranslationProgressTotaliser``, ``AddTranslationClasses`` and
``FootnoteDocnameUpdater`` each cost this walk on every page of every build, in any
language and with any builder. Walk with a plain loop, testing ``key in node.attributes``."
Once released, this module can go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders.latex.transforms import FootnoteDocnameUpdater
from sphinx.transforms.i18n import AddTranslationClasses, TranslationProgressTotaliser

from proceedings import __version__
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def elements(root: nodes.Node) -> list[nodes.Element]:
    """Every element of *root*'s tree, *root* first, in document order (what
    ``root.findall(nodes.Element)`` yields)."""
    found: list[nodes.Element] = []
    stack: list[nodes.Node] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.Element):
            found.append(node)
            stack.extend(reversed(node.children))
    return found


def with_attribute(root: nodes.Node, key: str) -> list[nodes.Element]:
    """The elements that ``NodeMatcher(nodes.Element, key=Any)`` matches."""
    return [node for node in elements(root) if key in node.attributes]


def is_catalogue_builder(app: Sphinx) -> bool:
    from sphinx.builders.gettext import MessageCatalogBuilder

    return isinstance(app.builder, MessageCatalogBuilder)


class FastTranslationProgressTotaliser(TranslationProgressTotaliser):
    """Sphinx's transform, which counts the same nodes with one loop."""

    def apply(self, **kwargs: Any) -> None:
        if not options_of(self.app).fast_tree_walks:
            super().apply(**kwargs)
            return
        if is_catalogue_builder(self.app):
            return
        # What TranslationProgressTotaliser.apply (Sphinx 8.2) sets.
        found = with_attribute(self.document, 'translated')
        self.document['translation_progress'] = {
            'total': len(found),
            'translated': sum(1 for node in found if node['translated']),
        }


class FastAddTranslationClasses(AddTranslationClasses):
    """Sphinx's transform, which finds the same nodes with one loop."""

    def apply(self, **kwargs: Any) -> None:
        setting = self.config.translation_progress_classes
        # The settings of AddTranslationClasses.apply (Sphinx 8.2); Sphinx's own apply for
        # any other (off, or refused), and when this speed-up is off.
        if setting is True:
            add_translated = add_untranslated = True
        elif setting == 'translated':
            add_translated, add_untranslated = True, False
        elif setting == 'untranslated':
            add_translated, add_untranslated = False, True
        else:
            setting = None
        if setting is None or not options_of(self.app).fast_tree_walks:
            super().apply(**kwargs)
            return
        if is_catalogue_builder(self.app):
            return
        for node in with_attribute(self.document, 'translated'):
            if node['translated']:
                if add_translated:
                    node.setdefault('classes', []).append('translated')
            elif add_untranslated:
                node.setdefault('classes', []).append('untranslated')


class FastFootnoteDocnameUpdater(FootnoteDocnameUpdater):
    """Sphinx's transform, which finds the same footnotes with one loop."""

    def apply(self, **kwargs: Any) -> None:
        if not options_of(self.app).fast_tree_walks:
            super().apply(**kwargs)
            return
        targets = self.TARGET_NODES
        for node in elements(self.document):
            if isinstance(node, targets):
                node['docname'] = self.env.docname


#: Sphinx's transform, and the one that takes its place.
REPLACED = {
    TranslationProgressTotaliser: FastTranslationProgressTotaliser,
    AddTranslationClasses: FastAddTranslationClasses,
    FootnoteDocnameUpdater: FastFootnoteDocnameUpdater,
}


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    # Sphinx's built-in extensions registered their transforms before any of a book's
    # is set up: each takes its place in its list, so the order of the list stays.
    for transforms in (app.registry.transforms, app.registry.post_transforms):
        for index, transform in enumerate(transforms):
            if transform in REPLACED:
                transforms[index] = REPLACED[transform]
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
