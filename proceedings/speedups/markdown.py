"""One Markdown parser per build, and no throw-away docutils settings per message.

Sphinx parses every translated message as a document of its own
(``sphinx.transforms.i18n.publish_msgstr``), with a new source parser each time. For
Markdown, myst-parser's ``MystParser.parse`` then builds a new markdown-it parser with
every MyST plugin (``create_md_parser``), and its renderer's ``setup_render`` evaluates
``options.get("document", make_document())``: the default, a document with docutils
settings built afresh from every option of the reStructuredText parser, is made even
though a document is always given, and thrown away. For a French book of 500 sessions
that is some 6 000 parsers and as many settings objects, more than half of the build.

The parser registered here for Markdown is myst-parser's own, except that it keeps one
markdown-it parser per build (per MyST configuration: a page whose front matter changes
MyST's settings gets a parser of its own, as before), and its renderer makes a default
document only when none is given. ``proceedings_reuse_markdown_parser = False`` turns it
off. The doctrees are the same, node for node
(``tests/test_speedups_markdown.py`` compares the French pages built with and without).

Upstream (executablebooks/MyST-Parser), the issue to file: "``SphinxRenderer.setup_render``
builds default docutils settings for every render, and ``MystParser.parse`` a new
markdown-it parser for every document, which makes translated builds about twice as slow:
Sphinx parses every translated message through ``MystParser``. Evaluate the default
document only when ``options`` has none, and cache the parser made by
``create_md_parser`` per ``MdParserConfig``." Once released, this module can go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils.parsers.rst.languages import get_language as get_language_rst
from myst_parser.config.main import TopmatterReadError, merge_file_level, read_topmatter
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from myst_parser.warnings_ import create_warning

from proceedings import __version__
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from collections.abc import MutableMapping

    from docutils import nodes
    from markdown_it import MarkdownIt
    from myst_parser.config.main import MdParserConfig
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


class LeanRenderer(SphinxRenderer):
    """myst-parser's renderer, with no default document made when one is given."""

    def setup_render(self, options: dict[str, Any], env: MutableMapping[str, Any]) -> None:
        if 'document' not in options:
            super().setup_render(options, env)
            return
        # What DocutilsRenderer.setup_render (myst-parser 5.2) sets, in its order.
        self.md_env = env
        self.md_options = options
        self.md_config = options['myst_config']
        self.document = options['document']
        self.current_node = options.get('current_node', self.document)
        self.reporter = self.document.reporter
        self.language_module_rst = get_language_rst(self.document.settings.language_code)
        self._heading_offset = 0
        self._level_to_section = {0: self.document}
        self._heading_slugs = {}


class ReusingMystParser(MystParser):
    """myst-parser's parser for Sphinx, with one markdown-it parser per configuration."""

    #: The build's configuration and its parser, and whether that parser is rendering
    #: now (a parse inside a parse, or a page with MyST settings in its front matter,
    #: gets a parser of its own, as with myst-parser).
    _cached: tuple[MdParserConfig, MarkdownIt] | None = None
    _busy = False

    def parse(self, inputstring: str, document: nodes.document) -> None:
        if not options_of(self._app).reuse_markdown_parser:
            super().parse(inputstring, document)
            return
        config = build_config = document.settings.env.myst_config
        try:
            topmatter = read_topmatter(inputstring)
        except TopmatterReadError:
            pass  # reported during the render, as myst-parser does
        else:
            if topmatter:
                def warning(wtype: str, msg: str) -> None:
                    create_warning(document, msg, wtype, line=1, append_to=document)
                config = merge_file_level(config, topmatter, warning)
        cls = type(self)
        if cls._busy or config is not build_config:
            md = create_md_parser(config, LeanRenderer)
        else:
            if cls._cached is None or cls._cached[0] is not config:
                cls._cached = (config, create_md_parser(config, LeanRenderer))
            md = cls._cached[1]
        md.options['document'] = document
        busy, cls._busy = cls._busy, True
        try:
            md.render(inputstring)
        finally:
            cls._busy = busy
            md.options.pop('document', None)  # keep no page alive after its parse


def forget_parser(app: Sphinx, exception: Exception | None = None) -> None:
    """A new build starts with a parser for its own configuration."""
    ReusingMystParser._cached = None


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    app.setup_extension('myst_parser')
    app.add_source_parser(ReusingMystParser, override=True)
    app.connect('builder-inited', forget_parser)
    app.connect('build-finished', forget_parser)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
