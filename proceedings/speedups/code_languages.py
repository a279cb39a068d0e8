"""Each code block's language set in one pass over a page's elements, without a visitor.

Before a page is written, Sphinx's ``HighlightLanguageTransform`` (a post-transform,
``sphinx.transforms.post_transforms.code``) gives every code block without a language
the one of the last ``highlight`` directive before it, or ``highlight_language``: it walks
the whole doctree with a ``NodeVisitor``, which costs a dispatch and a debugging message
to docutils' reporter for every node, text included, to act on a handful of blocks (a
session's BibTeX citation). For a book of 500 sessions that walk is a tenth of the time
Sphinx's own post-transforms take.

The same is done here in one pass over the elements only, in the same order: an element
named ``document`` or ``start_of_file`` starts from the default setting until its end
(``visit_``/``depart_``), ``highlightlang`` changes the current setting, and a
``literal_block`` gets the current setting's language, ``force`` and ``linenos`` where it
has none, exactly as ``HighlightLanguageVisitor`` does; nodes are told apart by their
names, as the visitor's dispatch does. Then the ``highlightlang`` nodes are removed, as
Sphinx does. The transform keeps Sphinx's class (a subclass), priority and place among the
post-transforms. ``proceedings_set_code_languages_in_one_pass = False`` turns it off;
``tests/test_speedups_html.py`` compares every page built with and without, and the
doctrees of pages with ``highlight`` directives and nested files.

Upstream (sphinx-doc/sphinx), the issue to file: "``HighlightLanguageTransform`` walks
every node of every page with a ``NodeVisitor`` (a dispatch and a reporter debug call per
node) to set the language of a few literal blocks: iterate over the elements, or skip the
walk when the page has no ``highlightlang`` node." Once released, this module can go.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms.code import HighlightLanguageTransform, HighlightSetting

from proceedings import __version__
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

#: The elements whose visit starts from the default setting and whose departure ends it.
SCOPES = frozenset({'document', 'start_of_file'})


def set_languages(document: nodes.document, default_language: str) -> None:
    """What ``HighlightLanguageVisitor`` does to *document*'s literal blocks (Sphinx 8.2)."""
    default = HighlightSetting(default_language, False, sys.maxsize)
    settings = [default]  # visit_document of the root

    def walk(node: nodes.Element) -> None:
        for child in node.children:
            if not isinstance(child, nodes.Element):
                continue
            name = child.tagname
            if name == 'literal_block':
                setting = settings[-1]
                if 'language' not in child:
                    child['language'] = setting.language
                    child['force'] = setting.force
                if 'linenos' not in child:
                    lines = child.astext().count('\n')
                    child['linenos'] = lines >= setting.lineno_threshold - 1
            elif name == 'highlightlang':
                settings[-1] = HighlightSetting(child['lang'], child['force'],
                                                child['linenothreshold'])
            if name in SCOPES:
                settings.append(default)
                walk(child)
                settings.pop()
            elif child.children:
                walk(child)

    walk(document)


class OnePassHighlightLanguageTransform(HighlightLanguageTransform):
    """Sphinx's transform, its walk done by :func:`set_languages`."""

    def apply(self, **kwargs: Any) -> None:
        if not options_of(self.app).set_code_languages_in_one_pass:
            super().apply(**kwargs)
            return
        set_languages(self.document, self.config.highlight_language)
        for node in list(self.document.findall(addnodes.highlightlang)):
            node.parent.remove(node)


def install(app: Sphinx, config: Config) -> None:
    transforms = app.registry.post_transforms
    if HighlightLanguageTransform in transforms:
        # Sphinx's place among the post-transforms: the same order of application.
        transforms[transforms.index(HighlightLanguageTransform)] = \
            OnePassHighlightLanguageTransform


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    app.connect('config-inited', install)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
