"""Translated messages of plain prose become their paragraph without the Markdown parser.

Sphinx's ``Locale`` transform parses every translation as a document of its own
(``sphinx.transforms.i18n.publish_msgstr``), most of them twice: once to see whether it
is a section title (phase 1), then again, the same text at the same line, to translate a
paragraph (phase 2). For a French book of 500 sessions, some 5 600 parses by markdown-it
and renders by MyST, most of them of one line of prose.

For a translation that MyST reads as one paragraph holding its text and nothing else
(``proceedings.core.plaintext``: one line, no character that starts any Markdown
construct, with MyST extensions that add none), the parser registered here builds that
paragraph itself, as MyST's renderer would, with the renderer's own set-up and what
its finish leaves behind (the word count in the page's metadata, the settings it sets):
the same nodes, with the same source, line and text. The ``Locale`` transform of
``speedups.translation`` also has the paragraph of a translation whose only markup is simple
emphases made so (``emphasised_pieces``: ``De l’*expérience* des pairs``), its texts and
emphases as MyST's renderer makes them. Any other text, and every page, goes to MyST as
before. ``proceedings_plain_translated_messages = False`` turns it off;
``tests/test_speedups_messages.py`` compares the doctrees, node for node, and the pages.

Upstream (sphinx-doc/sphinx), the issue to file: "The i18n ``Locale`` transform parses
each translated message twice (phase 1 only to update section titles, phase 2 again with
the same text and line), with a new reader and source parser each time: with MyST, whose
parser is costly to set up, a translated build is about 1.4 times the source-language
build. Keep the phase-1 result of messages that are not titles for phase 2, and let a
source parser declare texts it would read as a plain paragraph." Once released, the
double parse goes away; the plain paragraph would still save the parser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from mdit_py_plugins.wordcount import basic_count
from myst_parser.parsers.mdit import create_md_parser
from sphinx.util import get_filetype

from proceedings import __version__
from proceedings.core.plaintext import emphasised_pieces, is_plain, plain_syntax
from proceedings.speedups.markdown import LeanRenderer, ReusingMystParser
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from myst_parser.config.main import MdParserConfig
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: How ``publish_msgstr`` names the document of a translated message.
TRANSLATED = ':<translated>'


class _Line:
    """The line of a one-line paragraph, as a token of markdown-it gives it to MyST (its
    map, made 1-based by ``DocutilsRenderer._render_tokens``)."""

    map = (1, 2)


class PlainMessageParser(ReusingMystParser):
    """The parser of the speed-up before it (``markdown``), but for plain translations."""

    #: The build's MyST configuration, a parser made for it whose renderer finishes the
    #: plain paragraphs, and whether that configuration leaves plain text plain.
    _plain: tuple[MdParserConfig, MarkdownIt, bool] | None = None

    def parse(self, inputstring: str, document: nodes.document) -> None:
        if (not document['source'].endswith(TRANSLATED) or not is_plain(inputstring)
                or not options_of(self._app).plain_translated_messages):
            super().parse(inputstring, document)
            return
        md, safe = type(self).plain_parser(document.settings.env.myst_config)
        if not safe:
            super().parse(inputstring, document)
            return
        self.plain_paragraph(inputstring, document, md)

    @classmethod
    def plain_parser(cls, config: MdParserConfig) -> tuple[MarkdownIt, bool]:
        """The parser that finishes plain paragraphs for *config*, and whether *config*
        leaves plain text plain."""
        if cls._plain is None or cls._plain[0] is not config:
            safe = (plain_syntax(config.enable_extensions, config.disable_syntax,
                                 config.sub_delimiters)
                    and not config.html_meta and not config.commonmark_only
                    and not config.gfm_only)
            cls._plain = (config, create_md_parser(config, LeanRenderer), safe)
        return cls._plain[1], cls._plain[2]

    @classmethod
    def translated_paragraph(cls, app: Sphinx, text: str, source_path: str, source_line: int,
                             settings: Any) -> nodes.paragraph | None:
        """What ``sphinx.transforms.i18n.publish_msgstr`` gives for *text* with this
        parser, with what its parse leaves behind, made without its document; None when
        this parser would not read *text* as a paragraph of plain texts and emphases.

        Each message's document, reader and reporter cost more than the paragraph: the
        speed-up of the ``Locale`` transform (``speedups.translation``) asks here first.
        Only the paragraph's children go into the page, and the transform reads the
        paragraph's text, never its document.
        """
        pieces = emphasised_pieces(text)
        if pieces is None or not options_of(app).plain_translated_messages:
            return None
        try:
            filetype = get_filetype(app.config.source_suffix, source_path)
        except Exception:  # noqa: BLE001 -- publish_msgstr says what is wrong
            return None
        if app.registry.source_parsers.get(filetype) is not cls:
            return None
        env = settings.env
        config = env.myst_config
        md, safe = cls.plain_parser(config)
        if not safe:
            return None
        # What MyST's renderer makes in the message's document, whose source is this and
        # whose current line the paragraph's: render_paragraph, render_text, and
        # render_em, whose node has no line of its own (its token has no map) and takes
        # the current one, as its text does.
        source = f'{source_path}:{source_line}{TRANSLATED}'
        paragraph = nodes.paragraph(text)
        paragraph.line = 1
        paragraph.source = source
        for piece, emphasised in pieces:
            child = nodes.Text(piece)
            child.source = source
            child.line = 1
            if emphasised:
                emphasis = nodes.emphasis()
                emphasis.source = source
                emphasis.line = 1
                emphasis.parent = paragraph
                child.parent = emphasis
                emphasis.children.append(child)
                child = emphasis
            else:
                child.parent = paragraph
            paragraph.children.append(child)
        # What it leaves in the settings (the page's) and in the page's metadata.
        settings.myst_heading_anchors_html_ids = config.heading_anchors_html_ids
        settings.myst_footnote_transition = config.footnote_transition
        settings.myst_footnote_sort = config.footnote_sort
        # The wordcount plugin counts the words of each text token.
        words = sum(basic_count(piece) for piece, _ in pieces)
        env.metadata.setdefault(env.docname, {})['wordcount'] = {
            'words': words,
            'minutes': int(round(words / config.words_per_minute)),  # noqa: RUF046
        }
        return paragraph

    @staticmethod
    def plain_paragraph(text: str, document: nodes.document, md: MarkdownIt) -> None:
        """Render *text* into *document* as MyST renders a paragraph of one text."""
        config = md.options['myst_config']
        md.options['document'] = document
        renderer = md.renderer
        try:
            renderer.setup_render(md.options, {})
            renderer._render_initialise()
            # What DocutilsRenderer.render_paragraph and render_text (myst-parser 5.2) do
            # for a paragraph token holding one text token.
            paragraph = nodes.paragraph(text)
            renderer.add_line_and_source_path(paragraph, _Line)
            with renderer.current_node_context(paragraph, append=True):
                renderer.current_node.append(nodes.Text(text))
            # What DocutilsRenderer._render_finalise does after such a paragraph (no
            # heading, no reference definition), but for the substitution definitions of
            # the word count that it notes in the message's own document: the Locale
            # transform takes only the paragraph's children from it, and applies no
            # transform to it, so nothing reads them (half the time of a plain message).
            document.myst_slugs = {}
            document.settings.myst_heading_anchors_html_ids = config.heading_anchors_html_ids
            document.settings.myst_footnote_transition = config.footnote_transition
            document.settings.myst_footnote_sort = config.footnote_sort
            env = renderer.sphinx_env
            if env is not None:
                # What the wordcount plugin, a core rule of markdown-it, counts.
                words = basic_count(text)
                meta = env.metadata.setdefault(env.docname, {})
                meta['wordcount'] = {
                    'words': words,
                    'minutes': int(round(words / config.words_per_minute)),  # noqa: RUF046
                }
        finally:
            md.options.pop('document', None)  # keep no message's document alive

def forget_parser(app: Sphinx, exception: Exception | None = None) -> None:
    """A new build starts with a parser for its own configuration."""
    PlainMessageParser._plain = None


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    app.setup_extension('proceedings.speedups.markdown')
    app.add_source_parser(PlainMessageParser, override=True)
    app.connect('builder-inited', forget_parser)
    app.connect('build-finished', forget_parser)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
