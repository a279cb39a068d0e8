"""The transcript of a recording (RGAA 4.1.1): its text in the chapter, or a link to it.

A ``{transcript}`` directive stands right after the ``{podcast}`` of the recording it
transcribes, so that it is shown next to it in every format::

    ```{podcast} https://…
    :language: fr
    :audio: https://…/session.mp3
    ```

    ```{transcript}
    The text of the recording, in paragraphs, translated like every other text.
    ```

or, when the transcript is published elsewhere, its address (and the language it is
written in, by default that of the recordings)::

    ```{transcript} https://…/transcript.html
    :language: fr
    ```

Its text is part of the chapter: extracted into the catalogues, in the PDF and the EPUB.
When the recording has an embedded player (the podcast's ``:audio:``), a link to the
transcript sits right after the player, which has its native controls, reached and
operated by keyboard, and never starts on its own.

Nothing here makes a transcript up: a session without one has none, and says nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from babel import UnknownLocaleError
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from proceedings.core.editions import language_name
from proceedings.sphinx_ext.citations import chapter_citation
from proceedings.sphinx_ext.i18n import _, __
from proceedings.sphinx_ext.sessions import NOT_IN_ADDRESS, podcast
from proceedings.sphinx_ext.settings import identity_of

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.util.typing import OptionSpec
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator
    from sphinx.writers.text import TextTranslator

logger = logging.getLogger(__name__)


class transcript(nodes.General, nodes.Element):
    """A recording's transcript: its text, or a paragraph with the link to it."""


class TranscriptDirective(SphinxDirective):
    """``{transcript}`` with the transcript's text as content, or its address."""

    optional_arguments = 1
    final_argument_whitespace = False
    has_content = True
    option_spec: ClassVar[OptionSpec] = {'language': directives.unchanged}

    def run(self) -> list[Node]:
        address = self.arguments[0].strip() if self.arguments else ''
        node = transcript(label=str(_('Transcript')), uri=address)
        self.set_source_info(node)
        node['ids'].append(f'transcript-{self.env.new_serialno("transcript")}')
        if bool(address) == bool(self.content):
            self.warn(__('a transcript is either its text (the directive\'s content) or the '
                         'address after the directive name, one of the two'))
            return []
        if address:
            if not address.startswith(('https://', 'http://')) or NOT_IN_ADDRESS.search(address):
                self.warn(__('transcript address %r is not an absolute https:// or http:// '
                             'address') % address)
                return []
            language = self.options.get('language', '').strip() or \
                identity_of(self.env.app).recordings_language
            try:
                name = language_name(language, self.config.language)
            except (ValueError, TypeError, UnknownLocaleError):
                self.warn(__('transcript :language: %r is not a language code such as "fr"')
                          % language)
                return []
            link = nodes.reference('', _('Read the transcript (in %s)') % name,
                                   refuri=address, classes=['transcript-link'])
            link['hreflang'] = language
            node['language'] = language
            node += nodes.paragraph('', '', link, translatable=False)
        else:
            self.state.nested_parse(self.content, self.content_offset, node)
        return [node]

    def warn(self, message: str) -> None:
        logger.warning(message, location=self.get_location(),
                       type='proceedings', subtype='transcript')


def place_transcripts(app: Sphinx, doctree: nodes.document) -> None:
    """Each transcript stands right after its recording (before the chapter's citation,
    which the citations part puts after the recording); a player links to it."""
    for node in list(doctree.findall(transcript)):
        parent = node.parent
        siblings = [n for n in parent.children[:parent.index(node)]
                    if not isinstance(n, chapter_citation)]
        recording = siblings[-1] if siblings else None
        if not isinstance(recording, podcast):
            logger.warning(
                __('a transcript goes right after the podcast of the recording it '
                   'transcribes'), location=node, type='proceedings', subtype='transcript')
            continue
        parent.remove(node)
        place = parent.index(recording) + 1
        parent.insert(place, node)
        if recording.get('audio'):
            # Right after the player, which the podcast's writer puts at its end.
            target = ({'refuri': node['uri']} if node['uri']
                      else {'refid': node['ids'][0], 'internal': True})
            link = nodes.reference('', _('Transcript of this recording'),
                                   classes=['player-transcript-link'], **target)
            parent.insert(place, nodes.paragraph('', '', link, classes=['podcast-transcript'],
                                                 translatable=False))


# -- Visitors ------------------------------------------------------------------------------


def visit_transcript_html(self: HTML5Translator, node: transcript) -> None:
    if node['uri']:
        # docutils' links have no hreflang: a reader knows the transcript's language
        # before following the link.
        link = node.next_node(nodes.reference)
        self.body.append(self.starttag(node, 'div', CLASS='transcript'))
        self.body.append('<p class="transcript-link">')
        self.body.append(self.starttag(link, 'a', '', CLASS='reference external',
                                       href=link['refuri'], hreflang=node['language'],
                                       rel='noopener noreferrer'))
        self.body.append(f'{self.encode(link.astext())}</a></p>\n</div>\n')
        raise nodes.SkipNode
    heading = f'{node["ids"][0]}-title'
    self.body.append(self.starttag(node, 'section', CLASS='transcript',
                                   **{'aria-labelledby': heading}))
    self.body.append(f'<h2 class="session-piece-title" id="{heading}">'
                     f'{self.encode(node["label"])}</h2>\n')


def depart_transcript_html(self: HTML5Translator, node: transcript) -> None:
    self.body.append('</section>\n')


def visit_transcript_latex(self: LaTeXTranslator, node: transcript) -> None:
    self.body.append(self.hypertarget_to(node))
    if not node['uri']:
        # The run-in heading of a session's piece, kept with its first lines (latex.py).
        self.body.append('\n\\proceedingspiecehead{%s}\n' % self.encode(node['label']))


def depart_transcript_latex(self: LaTeXTranslator, node: transcript) -> None:
    self.body.append('\n\\par\n')


def visit_transcript_text(self: TextTranslator, node: transcript) -> None:
    if not node['uri']:
        self.new_state(0)
        self.add_text(node['label'])
        self.end_state()


def depart_transcript_text(self: TextTranslator, node: transcript) -> None:
    pass


def setup_transcripts(app: Sphinx) -> None:
    app.add_node(
        transcript,
        html=(visit_transcript_html, depart_transcript_html),
        latex=(visit_transcript_latex, depart_transcript_latex),
        text=(visit_transcript_text, depart_transcript_text),
    )
    app.add_directive('transcript', TranscriptDirective)
    # After the citations part has put the chapter's citation after the recording (600).
    app.connect('doctree-read', place_transcripts, priority=700)
