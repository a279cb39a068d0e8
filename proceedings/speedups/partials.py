"""Titles rendered once per build, and small nodes rendered without idle transforms.

Sphinx's HTML builder renders a lone node (a page's title, the titles of the previous,
next and parent pages, the local table of contents) with ``render_partial``: each call
runs docutils' whole publisher on a new document, its transforms and a new HTML
translator, about seven times per page, and most of them for a title that another page
rendered already. For a book of 500 sessions that is some 3 700 publications, a fifth
of the time spent writing.

Three things change here, all for the same bytes:

- A node made only of text and of inline markup whose HTML depends on nothing but the
  node (emphasis, strong, plain literal, inline, subscript, superscript, abbreviation:
  the nodes Sphinx keeps in a title, ``SphinxContentsFilter``) is rendered once per
  build: the next node equal to it, type for type, attribute for attribute and letter
  for letter, gets the parts rendered for the first. A node with anything else (a
  reference, an image, maths, highlighted code, a node of an extension) is rendered as
  before.
- A title made of one plain text (every title of a book's pages, most often) is not
  published at all: its parts are those of a probe title with the same attributes,
  published once per build, with the probe's text replaced by the title's, encoded as the
  translator encodes text. That holds when the translator writes text as docutils' and
  Sphinx's do (``visit_Text``, ``encode`` and its table of characters are theirs: checked
  on the probe's translator) and nothing else in the parts depends on the text: a second
  probe with another text must give the first one's parts with the text replaced, or
  titles with those attributes are published as before.
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
turns all three off; ``tests/test_speedups_html.py`` builds a book with and without and
compares every page, byte for byte, and compares the parts of plain titles (with
characters HTML escapes, and attributes) with those docutils publishes.

Upstream (sphinx-doc/sphinx), the issue to file: "``StandaloneHTMLBuilder.render_partial``
runs docutils' whole publisher, transforms and a new translator, for every title of
every page: about seven publications per page, a fifth of an HTML build's writing time.
Render titles once per build (``env.titles`` changes only when a page is read), and
render lone nodes without the publisher's transforms, which change nothing in a title or
a table of contents; a title of plain text needs no publisher: its HTML is its encoded
text." Once released, this module can go.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.transforms import Transformer, universal, writer_aux
from docutils.writers._html_base import HTMLTranslator
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.docutils import new_document
from sphinx.writers.html5 import HTML5Translator

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

#: The texts of the probe titles (see :meth:`PartialRenderer.plain_title`): letters only,
#: which HTML escapes nowhere, and which no part of docutils' output holds otherwise.
PROBE_TEXT = 'proceedingsPlainTitleProbe'
OTHER_PROBE_TEXT = 'proceedingsOtherTitleProbe'
#: The visits of text that write it encoded and nothing else, outside literal text and
#: addresses (neither is in a title): docutils' and Sphinx's.
PLAIN_TEXT_VISITS = (HTMLTranslator.visit_Text, HTML5Translator.visit_Text)

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


def is_plain_title(node: nodes.Node) -> bool:
    """Whether *node* is a title made of one text, without inline markup."""
    return (type(node) is nodes.title and len(node.children) == 1
            and type(node.children[0]) is nodes.Text)


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
        #: a title's attributes -> the parts of a probe title with them and the
        #: translator's encode, or None when titles with them are published
        self.probes: dict[str, tuple[dict[str, str], Callable[[str], str]] | None] = {}

    def __call__(self, node: nodes.Node | None) -> dict[str, str]:
        if node is None:
            return self.stock(node)
        key = fingerprint(node)
        if key is not None:
            parts = self.rendered.get(key)
            if parts is not None:
                return parts.copy()
        parts = self.plain_title(node) if self.lean and is_plain_title(node) else None
        if parts is None:
            parts = (self.publish(node) if self.lean and untransformed(node)
                     else self.stock(node))
        if key is not None:
            self.rendered[key] = parts.copy()
        return parts

    def plain_title(self, node: nodes.title) -> dict[str, str] | None:
        """The parts of a title of plain text, from those of a probe with the same
        attributes, or None when the translator could write its text otherwise."""
        attributes = repr(sorted(node.attributes.items()))
        if attributes not in self.probes:
            self.probes[attributes] = self.probe(node)
        probe = self.probes[attributes]
        if probe is None:
            return None
        parts, encode = probe
        text = encode(node.children[0].astext())
        return {name: part.replace(PROBE_TEXT, text) if isinstance(part, str) else part
                for name, part in parts.items()}

    def probe(self, node: nodes.title) -> tuple[dict[str, str], Callable[[str], str]] | None:
        """The parts of a title like *node* whose text is :data:`PROBE_TEXT`, and the
        translator's ``encode``; None unless the translator writes text as docutils'
        and Sphinx's do, and the rest of the parts does not depend on the text."""
        def render(text: str) -> tuple[dict[str, str], Any]:
            title = nodes.title('', text)
            title.attributes = copy.deepcopy(node.attributes)
            parts = dict(self.publish(title))
            return parts, self.builder._publisher.writer.visitor

        parts, translator = render(PROBE_TEXT)
        if (getattr(type(translator), 'visit_Text', None) not in PLAIN_TEXT_VISITS
                or getattr(type(translator), 'encode', None) is not HTMLTranslator.encode
                or translator.special_characters != HTMLTranslator.special_characters):
            return None
        # The same parts for another text but for the text, which appears where the
        # probe's did: nothing else of the parts depends on it.
        other, _ = render(OTHER_PROBE_TEXT)
        if other != {name: part.replace(PROBE_TEXT, OTHER_PROBE_TEXT)
                     if isinstance(part, str) else part for name, part in parts.items()}:
            return None
        if not any(PROBE_TEXT in part for part in parts.values() if isinstance(part, str)):
            return None
        return parts, translator.encode

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
