"""Doctrees that hold their own page and nothing else.

Sphinx parses each translated message into a document of its own, whose settings hold
the build environment (``sphinx.transforms.i18n.publish_msgstr``), then moves the parsed
nodes into the page. A docutils node remembers the document it was made in
(``Node.document``), so each translated node kept a way to that environment, and pickling
a translated page pickled a copy of the whole environment with it: every translated
doctree grew with the size of the book, serial builds paid for it in writing, and ``-j``
builds, which load every doctree again to write it, in memory and time.

Once a page is read, every node of it belongs to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from proceedings import __version__

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def adopt_every_node(app: Sphinx, doctree: nodes.document) -> None:
    for node in doctree.findall():
        if node.document is not doctree:
            node.document = doctree


def setup(app: Sphinx) -> ExtensionMetadata:
    # After every other handler: nodes made by extensions on doctree-read are adopted too.
    app.connect('doctree-read', adopt_every_node, priority=900)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
