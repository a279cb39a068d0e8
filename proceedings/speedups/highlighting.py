"""One Pygments formatter per set of options, not one per highlighted block.

Sphinx's ``PygmentsBridge.highlight_block`` makes a new ``HtmlFormatter`` for every
block it highlights (``get_formatter``), and each one builds its whole style sheet
again (``HtmlFormatter._create_stylesheet``) before formatting a few lines: in this
book every session's BibTeX citation is such a block, and making the formatters cost two
thirds as much as the highlighting itself. A formatter's options and style sheet are set when it is made;
formatting reads them and changes nothing of it but a cache of the span openers it has
written, the same for every block (Pygments 2.x, ``pygments.formatters.html``). So
formatters made with the same options are kept for the build, and the same bytes come
out. ``proceedings_reuse_highlight_formatters = False`` turns it off;
``tests/test_speedups_html.py`` compares every page built with and without.

Upstream (sphinx-doc/sphinx), the issue to file: "``PygmentsBridge.get_formatter`` makes
a new formatter, and a new style sheet, for every highlighted block; keep one per set of
options for the bridge." Once released, this module can go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.highlighting import PygmentsBridge

from proceedings import __version__
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from collections.abc import Callable

    from pygments.formatter import Formatter
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


class ReusedFormatters:
    """``get_formatter`` for one bridge: one formatter per set of options."""

    def __init__(self, stock: Callable[..., Formatter]) -> None:
        self.stock = stock
        self.made: dict[str, Formatter] = {}

    def __call__(self, **kwargs: Any) -> Formatter:
        # repr, not hash: options hold lists (hl_lines) and the style's class.
        key = repr(sorted(kwargs.items()))
        formatter = self.made.get(key)
        if formatter is None:
            formatter = self.made[key] = self.stock(**kwargs)
        return formatter


def install(app: Sphinx) -> None:
    if not options_of(app).reuse_highlight_formatters:
        return
    for name in ('highlighter', 'dark_highlighter'):
        bridge = getattr(app.builder, name, None)
        if (type(bridge) is PygmentsBridge and bridge.dest == 'html'
                and bridge.html_formatter is PygmentsBridge.html_formatter):
            # An attribute of this bridge only, over Sphinx's method (no installed file
            # changes); LaTeX's bridge is left alone.
            bridge.get_formatter = ReusedFormatters(bridge.get_formatter)


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    app.connect('builder-inited', install)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
