"""Titles rendered once per build, and small nodes rendered without idle transforms.

Sphinx's HTML builder renders a lone node (a page's title, the titles of the previous,
next and parent pages, the local table of contents) with ``render_partial``: each call
runs docutils' whole publisher on a new document, its transforms and a new HTML
translator, about seven times per page, and most of them for a title that another page
rendered already. For a book of 500 sessions that is some 3 700 publications, a fifth
of the time spent writing.

Two things change here, both for the same bytes:

- A node made only of text and of inline markup whose HTML depends on nothing but the
  node (emphasis, strong, plain literal, inline, subscript, superscript, abbreviation:
  the nodes Sphinx keeps in a title, ``SphinxContentsFilter``) is rendered once per
  build: the next node equal to it, type for type, attribute for attribute and letter
  for letter, gets the parts rendered for the first. A node with anything else (a
  reference, an image, maths, highlighted code, a node of an extension) is rendered as
  before.
- Every node is rendered as docutils' ``Publisher.publish`` does, but without applying
  the transforms, when they would change nothing: the publisher applies exactly the five
  transforms its components give (``StripClassesAndElements``, ``SmartQuotes``,
  ``Messages``, ``FilterMessages``, ``Admonitions``: checked once per build), the first
  two are off in its settings (checked too), ``Messages`` places only the messages that
  transforms report and none has run, and the node holds no system message, no
  problematic node and no admonition, the only nodes the last two change. Otherwise
  the publisher runs as before.

The node is moved into a new document as Sphinx does when it is rendered, not when its
parts come from the first one rendered. ``proceedings_render_partials_once = False``
turns both off; ``tests/test_speedups_html.py`` builds a book with and without and
compares every page, byte for byte.

Upstream (sphinx-doc/sphinx), the issue to file: "``StandaloneHTMLBuilder.render_partial``
runs docutils' whole publisher, transforms and a new translator, for every title of
every page: about seven publications per page, a fifth of an HTML build's writing time.
Render titles once per build (``env.titles`` changes only when a page is read), and
render lone nodes without the publisher's transforms, which change nothing in a title or
a table of contents." Once released, this module can go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.transforms import Transformer, universal, writer_aux
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.docutils import new_document

from proceedings import __version__
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils.core import Publisher
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: The transforms of the builder's publisher (docutils 0.21: those of the doctree reader,
#: the reStructuredText parser and the HTML writer), each a no-op on a node of
#: :func:`untransformed` when the settings below are off.
IDLE_TRANSFORMS = frozenset({
    universal.StripClassesAndElements,  # strip_elements_with_classes, strip_classes
    universal.SmartQuotes,              # smart_quotes
    universal.Messages,                 # the messages reported by transforms: none ran
    universal.FilterMessages,           # system_message, problematic, system-messages
    writer_aux.Admonitions,             # Admonition
})
#: The settings under which the transforms above do nothing, and ``publish`` prints
#: nothing that depends on them.
OFF_SETTINGS = ('strip_elements_with_classes', 'strip_classes', 'smart_quotes',
                'dump_settings', 'dump_internals', 'dump_transforms', 'dump_pseudo_xml')

#: Nodes whose HTML depends on their type, attributes and children only (not on the page
#: being written, nor on the builder's state): Sphinx's and docutils' visitors of these
#: read nothing else. Exact types: a subclass may have a visitor of its own.
SELF_CONTAINED = frozenset({
    nodes.title, nodes.emphasis, nodes.strong, nodes.literal, nodes.inline,
    nodes.subscript, nodes.superscript, nodes.abbreviation,
})


def fingerprint(node: nodes.Node) -> tuple | str | None:
    """All that the HTML of *node* depends on, or None when that is not all the node."""
    if isinstance(node, nodes.Text):
        return str(node)
    if type(node) not in SELF_CONTAINED:
        return None
    if type(node) is nodes.literal and node.get('language'):
        return None  # highlighted inline code: Pygments may warn, at the node's line
    children = []
    for child in node.children:
        key = fingerprint(child)
        if key is None:
            return None
        children.append(key)
    return (type(node), repr(sorted(node.attributes.items())), tuple(children))


def untransformed(node: nodes.Node) -> bool:
    """Whether none of :data:`IDLE_TRANSFORMS` would change *node*."""
    for descendant in node.findall(nodes.Element):
        if isinstance(descendant, (nodes.system_message, nodes.problematic, nodes.Admonition)):
            return False
        if isinstance(descendant, nodes.section) and 'system-messages' in descendant['classes']:
            return False
    return True


def transforms_are_idle(publisher: Publisher) -> bool:
    """Whether the publisher applies only :data:`IDLE_TRANSFORMS`, with them off."""
    settings = publisher.settings
    if settings is None or any(getattr(settings, name, None) for name in OFF_SETTINGS):
        return False
    probe = new_document('<partial node>')
    transformer = Transformer(probe)
    transformer.populate_from_components(
        (publisher.source, publisher.reader, publisher.reader.parser, publisher.writer,
         publisher.destination))
    return {transform for _, transform, _, _ in transformer.transforms} <= IDLE_TRANSFORMS


class PartialRenderer:
    """``render_partial`` for one builder: the same parts, rendered less often."""

    def __init__(self, builder: StandaloneHTMLBuilder,
                 stock: Callable[[nodes.Node | None], dict[str, str]]) -> None:
        self.builder = builder
        self.stock = stock
        self.lean = transforms_are_idle(builder._publisher)
        self.rendered: dict[Any, dict[str, str]] = {}

    def __call__(self, node: nodes.Node | None) -> dict[str, str]:
        if node is None:
            return self.stock(node)
        key = fingerprint(node)
        if key is not None:
            parts = self.rendered.get(key)
            if parts is not None:
                return parts.copy()
        parts = self.publish(node) if self.lean and untransformed(node) else self.stock(node)
        if key is not None:
            self.rendered[key] = parts.copy()
        return parts

    def publish(self, node: nodes.Node) -> dict[str, str]:
        """``Publisher.publish`` (docutils 0.21) as ``render_partial`` calls it, without
        ``apply_transforms``."""
        doc = new_document('<partial node>')
        doc.append(node)
        publisher = self.builder._publisher
        publisher.set_source(doc)
        publisher.set_io()
        publisher.document = publisher.reader.read(publisher.source, publisher.parser,
                                                   publisher.settings)
        publisher.writer.write(publisher.document, publisher.destination)
        publisher.writer.assemble_parts()
        publisher.debugging_dumps()
        return publisher.writer.parts


def install(app: Sphinx) -> None:
    builder = app.builder
    if not options_of(app).render_partials_once or not isinstance(builder,
                                                                  StandaloneHTMLBuilder):
        return
    if type(builder).render_partial is not StandaloneHTMLBuilder.render_partial:
        return  # a builder that renders its own way: leave it to it
    # An attribute of this builder only, over Sphinx's method (no installed file changes).
    builder.render_partial = PartialRenderer(builder, builder.render_partial)


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    app.connect('builder-inited', install)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
