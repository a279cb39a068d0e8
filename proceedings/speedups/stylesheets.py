"""Docutils' own style sheets, looked for on disk once per build, not by every translator.

Every HTML translator docutils makes (``HTMLTranslator.__init__``, docutils 0.21) lists
the style sheets of its settings, ``stylesheet_path`` (``minimal.css`` and ``plain.css``
by default), and looks for each one in every folder of ``stylesheet_dirs``, the current
folder first (``utils.get_stylesheet_list``, ``find_file_in_dirs``): file-system calls for
every translator, and Sphinx makes one for every page and for every title and table of
contents it renders alone (``render_partial``), some 1 600 for a book of 500 sessions.
Sphinx's pages never show those style sheets (only the ``stylesheet`` part of the
translator holds them, which Sphinx does not use), but a speed-up changes nothing, so
they are still listed: the paths they are found at are put in the settings of the
builder's writer and of its publisher of lone nodes, once per build, when these settings
are made. A path that was found is absolute (the folder of docutils' writer) and is not
looked for again; one that was not found, or found relative to the current folder, is
looked for as before. Every translator lists the same paths as it would.
``proceedings_find_docutils_stylesheets_once = False`` turns it off;
``tests/test_speedups_html.py`` compares every page built with and without.

Upstream (docutils), the issue to file: "``HTMLTranslator.__init__`` resolves the
stylesheet paths in ``stylesheet_dirs`` (file-system calls) for every translator; resolve
them once per settings object, e.g. in the writer." Once released, this module can go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils.utils import get_stylesheet_list
from sphinx.builders.html import StandaloneHTMLBuilder

from proceedings import __version__
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Set as AbstractSet

    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def find_once(settings: Any) -> None:
    """Put in *settings* the paths its style sheets are found at."""
    if settings is None or getattr(settings, 'stylesheet', None):
        return  # style sheets given as addresses: nothing is looked for
    if not getattr(settings, 'stylesheet_path', None) or not hasattr(settings,
                                                                      'stylesheet_dirs'):
        return
    settings.stylesheet_path = get_stylesheet_list(settings)


def wrap(builder: StandaloneHTMLBuilder,
         stock: Callable[[AbstractSet[str]], None]) -> Callable[[AbstractSet[str]], None]:
    def prepare_writing(docnames: AbstractSet[str]) -> None:
        stock(docnames)  # makes the settings of the builder's writer
        find_once(getattr(builder, 'docsettings', None))

    return prepare_writing


def install(app: Sphinx) -> None:
    builder = app.builder
    if (not options_of(app).find_docutils_stylesheets_once
            or not isinstance(builder, StandaloneHTMLBuilder)):
        return
    publisher = getattr(builder, '_publisher', None)
    find_once(getattr(publisher, 'settings', None))
    builder.prepare_writing = wrap(builder, builder.prepare_writing)


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    app.connect('builder-inited', install)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
