"""Docutils' own style sheets, looked for on disk once per build, not by every translator.

Every HTML translator docutils makes (``HTMLTranslator.__init__``, docutils 0.21) lists
the style sheets of its settings, ``stylesheet_path`` (``html4css1.css`` for Sphinx's
writer), looks for each one in every folder of ``stylesheet_dirs``, the current folder
first (``utils.get_stylesheet_list``, ``find_file_in_dirs``), and links to the path found,
made relative to the output (``stylesheet_call``, ``utils.relative_path``): file-system
calls and path arithmetic for every translator, and Sphinx makes one for every page and
for every title and table of contents it publishes alone (``render_partial``), with the
same result each time. Sphinx's pages never show
those links (only the ``stylesheet`` part of the translator holds them, which Sphinx does
not use), but a speed-up changes nothing, so every translator still makes them: the
addresses are computed once per build, when the settings of the builder's writer and of
its publisher of lone nodes are made, and given to docutils as what its settings call
``stylesheet``, addresses it links to as they are, where ``stylesheet_path`` named files
to look for. Each translator makes the same links as before. Style sheets embedded in the
page (``embed_stylesheet``, off in Sphinx) are left as they are.
``proceedings_find_docutils_stylesheets_once = False`` turns it off;
``tests/test_speedups_html.py`` compares every page built with and without.

Upstream (docutils), the issue to file: "``HTMLTranslator.__init__`` resolves the
stylesheet paths in ``stylesheet_dirs`` (file-system calls) for every translator; resolve
them once per settings object, e.g. in the writer." Once released, this module can go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils.utils import get_stylesheet_list, relative_path
from sphinx.builders.html import StandaloneHTMLBuilder

from proceedings import __version__
from proceedings.speedups import after_prepare_writing
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def find_once(settings: Any) -> None:
    """Put in *settings* the addresses of its style sheets, found once."""
    if settings is None or getattr(settings, 'stylesheet', None):
        return  # style sheets given as addresses: nothing is looked for
    if (not getattr(settings, 'stylesheet_path', None)
            or not hasattr(settings, 'stylesheet_dirs') or settings.embed_stylesheet):
        return  # nothing to look for, or files to read into every page: left as it is
    # What stylesheet_call links to for each path it finds (embed_stylesheet off, the
    # path adjusted to the output because it came from stylesheet_path), given as the
    # addresses of ``stylesheet``, which stylesheet_call links to as they are.
    settings.stylesheet = [relative_path(settings._destination, path)
                           for path in get_stylesheet_list(settings)]
    settings.stylesheet_path = []


def find_in_writer_settings(builder: StandaloneHTMLBuilder) -> None:
    """Once ``prepare_writing`` has made the settings of the builder's writer."""
    find_once(getattr(builder, 'docsettings', None))


def install(app: Sphinx) -> None:
    builder = app.builder
    if (not options_of(app).find_docutils_stylesheets_once
            or not isinstance(builder, StandaloneHTMLBuilder)):
        return
    publisher = getattr(builder, '_publisher', None)
    find_once(getattr(publisher, 'settings', None))
    after_prepare_writing(builder, find_in_writer_settings)


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    app.connect('builder-inited', install)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
