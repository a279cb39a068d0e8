"""Titles and tables of contents made once per build or from a probe of their shape, and
small nodes rendered without idle transforms.

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
- A title or a table of contents whose every node is of :data:`SKELETON_TYPES` (titles,
  inline markup but literal text, lists, references but e-mail addresses: nodes whose
  HTML depends on their type, attributes and children only, and which write their texts
  as they are, encoded) and whose texts are plain text is made from its skeleton: the
  node without its texts. The second time a skeleton is seen, a probe is published, a
  copy of the node with numbered probe texts in place of its own; from then on, a node
  with that skeleton gets the probe's parts with its texts, encoded as the translator
  encodes text, in place of the probe's, without a publisher. For a book of 500 sessions,
  every page's title and all but a few dozen tables of contents (a page without
  sections has the same skeleton as another) are made so. That holds when the translator
  writes text as docutils' and Sphinx's do (``visit_Text``, ``encode`` and its table of
  characters are theirs: checked on the probe's translator), each text appears at most
  once in a part (not copied into an attribute, escaped otherwise), and nothing else in
  the parts depends on the texts: a second probe with other texts must give the first
  one's parts with the texts replaced. Otherwise nodes with that skeleton are published
  as before.
- Every node is rendered as docutils' ``Publisher.publish`` does, but without applying
  the transforms, when they would change nothing: the publisher applies exactly the five
  transforms its components give (``StripClassesAndElements``, ``SmartQuotes``,
  ``Messages``, ``FilterMessages``, ``Admonitions``: checked once per build), the first
  two are off in its settings (checked too), ``Messages`` places only the messages that
  transforms report and none has run, and the node holds no system message, no
  problematic node and no admonition, the only nodes the last two change. Otherwise
  the publisher runs as before.

The node is moved into a new document as Sphinx does when it is rendered, not when its
parts come from the first one rendered or from a probe.
``proceedings_render_partials_once = False`` turns all three off;
``tests/test_speedups_html.py`` builds a book with and without and compares every page,
byte for byte, and compares the parts made from skeletons (titles and tables of contents
with characters HTML escapes, attributes, nested lists) with those docutils publishes.

Upstream (sphinx-doc/sphinx), the issue to file: "``StandaloneHTMLBuilder.render_partial``
runs docutils' whole publisher, transforms and a new translator, for every title of
every page: about seven publications per page, a fifth of an HTML build's writing time.
Render titles once per build (``env.titles`` changes only when a page is read), and
render lone nodes without the publisher's transforms, which change nothing in a title or
a table of contents; a title or a list of links of plain text needs no publisher once
one of the same shape was rendered: its HTML is the same with its own encoded texts."
Once released, this module can go.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.transforms import Transformer, universal, writer_aux
from docutils.writers._html_base import HTMLTranslator
from sphinx import addnodes
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

#: The texts of a probe (see :meth:`PartialRenderer.from_skeleton`), numbered: letters
#: and digits only, which HTML escapes nowhere, and which no part of docutils' output
#: holds otherwise; no number's is the beginning of another's.
PROBE_SLOT = 'proceedingsProbe%dSlot'
OTHER_SLOT = 'proceedingsOther%dSlot'
PROBE = re.compile(r'proceedingsProbe(\d+)Slot')
#: The visits of text that write it encoded and nothing else, outside literal text and
#: e-mail addresses (neither is in a skeleton): docutils' and Sphinx's.
PLAIN_TEXT_VISITS = (HTMLTranslator.visit_Text, HTML5Translator.visit_Text)
#: Nodes whose HTML depends on their type, attributes and children only, and writes the
#: text in them as it is, encoded (no literal: Sphinx splits its text into words): those
#: of titles and of local tables of contents. Exact types.
SKELETON_TYPES = frozenset({
    nodes.title, nodes.emphasis, nodes.strong, nodes.inline, nodes.subscript,
    nodes.superscript, nodes.bullet_list, nodes.list_item, addnodes.compact_paragraph,
    nodes.reference,
})

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


def skeleton(node: nodes.Node) -> tuple[tuple, list[str]] | None:
    """*node* without its texts, and its texts in document order; None unless it is made
    of :data:`SKELETON_TYPES` and plain text."""
    texts: list[str] = []

    def shape(node: nodes.Node) -> tuple | str | None:
        if isinstance(node, nodes.Text):
            if type(node) is not nodes.Text:
                return None
            texts.append(node.astext())
            return '#'
        if type(node) not in SKELETON_TYPES:
            return None
        if type(node) is nodes.reference and node.get('refuri', '').startswith('mailto:'):
            return None  # an address docutils may cloak, and the text with it
        children = []
        for child in node.children:
            key = shape(child)
            if key is None:
                return None
            children.append(key)
        return (type(node), repr(sorted(node.attributes.items())), tuple(children))

    key = shape(node)
    return None if key is None else (key, texts)


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
        #: skeletons seen once, and those seen more often -> the parts of their probe
        #: and the translator's encode, or None when nodes with them are published
        self.seen: set[tuple] = set()
        self.probes: dict[tuple, tuple[dict[str, str], Callable[[str], str]] | None] = {}

    def __call__(self, node: nodes.Node | None) -> dict[str, str]:
        if node is None:
            return self.stock(node)
        key = fingerprint(node)
        if key is not None:
            parts = self.rendered.get(key)
            if parts is not None:
                return parts.copy()
        parts = self.from_skeleton(node) if self.lean else None
        if parts is None:
            parts = (self.publish(node) if self.lean and untransformed(node)
                     else self.stock(node))
        if key is not None:
            self.rendered[key] = parts.copy()
        return parts

    def from_skeleton(self, node: nodes.Node) -> dict[str, str] | None:
        """The parts of *node* from its skeleton's probe, or None: the node is not made
        of :data:`SKELETON_TYPES` and plain text, or its skeleton is seen for the first
        time (it is published: a probe pays from the second), or the probe showed that
        the translator writes its texts otherwise."""
        found = skeleton(node)
        if found is None:
            return None
        key, texts = found
        if key not in self.probes:
            if key not in self.seen:
                self.seen.add(key)
                return None
            self.probes[key] = self.probe(node)
        probe = self.probes[key]
        if probe is None:
            return None
        parts, encode = probe
        encoded = [encode(text) for text in texts]

        def text(match: re.Match[str]) -> str:
            return encoded[int(match.group(1))]

        return {name: PROBE.sub(text, part) if isinstance(part, str) else part
                for name, part in parts.items()}

    def probe(self, node: nodes.Node) -> tuple[dict[str, str], Callable[[str], str]] | None:
        """The parts of a copy of *node* whose texts are the probe's slots, and the
        translator's ``encode``; None unless the translator writes text as docutils'
        and Sphinx's do and nothing else in the parts depends on the texts."""
        def render(marker: str) -> tuple[dict[str, str], Any]:
            copy = node.deepcopy()
            for number, text in enumerate(list(copy.findall(nodes.Text))):
                siblings = text.parent.children  # by identity: texts compare as strings
                at = next(index for index, child in enumerate(siblings) if child is text)
                text.parent[at] = nodes.Text(marker % number)
            parts = dict(self.publish(copy))
            return parts, self.builder._publisher.writer.visitor

        parts, translator = render(PROBE_SLOT)
        if (getattr(type(translator), 'visit_Text', None) not in PLAIN_TEXT_VISITS
                or getattr(type(translator), 'encode', None) is not HTMLTranslator.encode
                or translator.special_characters != HTMLTranslator.special_characters):
            return None
        count = sum(1 for _ in node.findall(nodes.Text))
        strings = [part for part in parts.values() if isinstance(part, str)]
        for number in range(count):
            # Each text is written once per part at most (not also in an attribute,
            # which escapes otherwise), and somewhere.
            written = [part.count(PROBE_SLOT % number) for part in strings]
            if max(written, default=0) != 1:
                return None
        # Another text gives the same parts but for the text: nothing else depends on it.
        other, _ = render(OTHER_SLOT)

        def slot(match: re.Match[str]) -> str:
            return OTHER_SLOT % int(match.group(1))

        if other != {name: PROBE.sub(slot, part) if isinstance(part, str) else part
                     for name, part in parts.items()}:
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
