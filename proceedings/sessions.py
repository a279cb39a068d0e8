"""Session chapters: the pieces every session of a study day has, in a fixed order.

A part page declares a part of the day that sessions belong to::

    ```{day-part} morning
    ```

A session chapter then holds, in this order::

    ```{session}
    :kind: plenary
    :part: morning
    ```

    ```{guiding-questions}
    - On what basis do we recognise ourselves as peers?
    ```

    ```{summary}
    One to three paragraphs.
    ```

    ```{podcast} https://www.lairedu.fr/
    :language: fr
    ```

The questions and the summary are ordinary MyST content, so their text lands in the
gettext catalogues like any paragraph. The labels around them ("Guiding questions",
"Listen to the recording (in French)") come from the extension's own catalogue.

A chapter that lacks a piece, repeats one or puts them out of order fails the build with
an error that names the file and line. What every chapter declares is collected in the
``proceedings`` domain, merged after parallel reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.domains import Domain
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from proceedings.i18n import _, __
from proceedings.identity import identity_of, language_name

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata, OptionSpec
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator
    from sphinx.writers.text import TextTranslator

logger = logging.getLogger(__name__)

#: The kinds of session, with the label a reader reads.
SESSION_KINDS = {
    'plenary': _('Plenary'),
    'round-table': _('Round table'),
}

#: The pieces of a session chapter, in the order they must appear.
PIECES = ('session', 'guiding-questions', 'summary', 'podcast')

ALLOWED_SCHEMES = ('https', 'http')


# -- Nodes -----------------------------------------------------------------------------


class session_piece(nodes.General, nodes.Element):
    """Base of the four pieces; ``piece`` names which one it is."""

    piece: ClassVar[str]


class session_meta(session_piece):
    """The kind of the session and its part of the day, as one line."""

    piece = 'session'


class guiding_questions(session_piece):
    piece = 'guiding-questions'


class session_summary(session_piece):
    piece = 'summary'


class podcast(session_piece):
    """The recording: a link, with the language of its audio."""

    piece = 'podcast'


class part_reference(nodes.Inline, nodes.Element):
    """Stands for the link to a part's page until every page has been read."""


# -- Directives ------------------------------------------------------------------------


class PieceDirective(SphinxDirective):
    node_class: ClassVar[type[session_piece]]
    label: ClassVar[str] = ''

    # Text that the extension writes is already in the reader's language: nodes that hold
    # it are marked translatable=False, or Sphinx would extract it into the page catalogues.
    def make_node(self) -> session_piece:
        node = self.node_class()
        self.set_source_info(node)
        node['classes'].append(self.node_class.piece)
        if self.label:
            title = nodes.rubric(
                '', str(self.label), classes=['session-piece-title'], translatable=False
            )
            node += title
        return node

    def problem(self, message: str) -> None:
        record_problem(self.env, self.env.docname, self.lineno, message)

    def parse_body(self, node: session_piece) -> None:
        if not self.content:
            self.problem(
                __('the %s directive is empty: write its text between the fences')
                % self.name
            )
            return
        node += self.parse_content_to_nodes(allow_section_headings=False)


class SessionDirective(PieceDirective):
    """Opens a session chapter: its kind and its part of the day."""

    node_class = session_meta
    option_spec: ClassVar[OptionSpec] = {
        'kind': directives.unchanged,
        'part': directives.unchanged,
    }

    def run(self) -> list[Node]:
        node = self.make_node()
        kind = self.options.get('kind', '').strip()
        part = self.options.get('part', '').strip()
        if kind not in SESSION_KINDS:
            self.problem(
                __('session kind %r is unknown; write :kind: with one of: %s')
                % (kind, ', '.join(SESSION_KINDS))
                if kind
                else __('the session has no :kind:; write one of: %s') % ', '.join(SESSION_KINDS)
            )
        if not part:
            self.problem(
                __('the session has no :part:; name the part of the day it belongs to, '
                   'as declared by a day-part directive')
            )
        if self.content:
            self.problem(__('the session directive takes options only, no text'))
        node['kind'] = kind
        node['part'] = part
        line = nodes.paragraph(classes=['session-meta-line'], translatable=False)
        if kind in SESSION_KINDS:
            line += nodes.inline('', str(SESSION_KINDS[kind]), classes=['session-kind'])
            line += nodes.Text(' · ')
        line += part_reference('', nodes.Text(part), part=part)
        node += line
        record_session(self.env, kind=kind, part=part, lineno=self.lineno)
        return [node]


class GuidingQuestionsDirective(PieceDirective):
    """The questions that guided the session.

    ``:derived:`` says, in the text, that the sources give no questions for the session
    itself and that these come from its title and its part of the day.
    """

    node_class = guiding_questions
    label = _('Guiding questions')
    has_content = True
    option_spec: ClassVar[OptionSpec] = {'derived': directives.flag}

    def run(self) -> list[Node]:
        node = self.make_node()
        self.parse_body(node)
        if 'derived' in self.options:
            node += nodes.paragraph(
                '',
                str(_('The record of the day gives no questions for this session itself: '
                      'these are drawn from its title and from the questions of its part '
                      'of the day.')),
                classes=['derived-note'],
                translatable=False,
            )
        return [node]


class SummaryDirective(PieceDirective):
    node_class = session_summary
    label = _('Summary')
    has_content = True

    def run(self) -> list[Node]:
        node = self.make_node()
        self.parse_body(node)
        return [node]


class PodcastDirective(PieceDirective):
    """The recording of the session: ``{podcast} <address>``, one field per session."""

    node_class = podcast
    required_arguments = 0
    optional_arguments = 1
    option_spec: ClassVar[OptionSpec] = {'language': directives.unchanged}

    def run(self) -> list[Node]:
        node = self.make_node()
        uri = self.arguments[0].strip() if self.arguments else ''
        audio_language = self.options.get('language', '').strip() or (
            identity_of(self.env.app).recordings_language
        )
        if not uri:
            self.problem(
                __('the podcast has no address; write it after the directive name: '
                   '```{podcast} https://…```')
            )
        elif not _is_web_address(uri):
            self.problem(
                __('podcast address %r is not an absolute https:// or http:// address') % uri
            )
            uri = ''
        if self.content:
            self.problem(__('the podcast directive takes an address and options, no text'))
        try:
            audio_name = language_name(audio_language, self.config.language)
        except (ValueError, TypeError):
            self.problem(
                __('podcast :language: %r is not a language code such as "fr"') % audio_language
            )
            audio_name = audio_language
        node['uri'] = uri
        node['audio_language'] = audio_language
        label = _('Listen to the recording (in %s)') % audio_name
        link = nodes.reference('', label, refuri=uri, internal=False)
        node += nodes.paragraph('', '', link, classes=['podcast-link'], translatable=False)
        record_podcast(self.env, uri)
        return [node]


class DayPartDirective(SphinxDirective):
    """Declares the part of the day that the sessions below this page belong to."""

    required_arguments = 1

    def run(self) -> list[Node]:
        part = self.arguments[0].strip()
        domain = self.env.domains['proceedings']
        domain.data['parts'].setdefault(part, []).append((self.env.docname, self.lineno))
        return []


def _is_web_address(uri: str) -> bool:
    try:
        parts = urlsplit(uri)
    except ValueError:
        return False
    return parts.scheme in ALLOWED_SCHEMES and bool(parts.netloc) and ' ' not in uri


# -- Collected data --------------------------------------------------------------------


class ProceedingsDomain(Domain):
    """What the session chapters declare, for the checks and pages that span chapters.

    ``parts``: part name -> [(docname, line)] of the pages that declare it.
    ``sessions``: docname -> {'kind', 'part', 'lineno', 'podcast'}.
    ``problems``: docname -> [(line, message)], reported when reading is over.
    """

    name = 'proceedings'
    label = 'Proceedings'
    initial_data: ClassVar[dict[str, Any]] = {'parts': {}, 'sessions': {}, 'problems': {}}
    data_version = 1

    @property
    def parts(self) -> dict[str, list[tuple[str, int]]]:
        return self.data['parts']

    @property
    def sessions(self) -> dict[str, dict[str, Any]]:
        return self.data['sessions']

    @property
    def problems(self) -> dict[str, list[tuple[int, str]]]:
        return self.data['problems']

    def clear_doc(self, docname: str) -> None:
        self.sessions.pop(docname, None)
        self.problems.pop(docname, None)
        for part, places in list(self.parts.items()):
            places[:] = [place for place in places if place[0] != docname]
            if not places:
                del self.parts[part]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata['sessions']:
                self.sessions[docname] = otherdata['sessions'][docname]
            if docname in otherdata['problems']:
                self.problems[docname] = otherdata['problems'][docname]
        for part, places in otherdata['parts'].items():
            mine = self.parts.setdefault(part, [])
            mine.extend(place for place in places if place[0] in docnames)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []

    def part_page(self, part: str) -> str | None:
        places = self.parts.get(part)
        return places[0][0] if places else None


def _domain(env: BuildEnvironment) -> ProceedingsDomain:
    return env.domains['proceedings']  # type: ignore[return-value]


def record_problem(env: BuildEnvironment, docname: str, lineno: int, message: str) -> None:
    _domain(env).problems.setdefault(docname, []).append((lineno, str(message)))


def record_session(env: BuildEnvironment, **fields: Any) -> None:
    _domain(env).sessions.setdefault(env.docname, {}).update(fields)


def record_podcast(env: BuildEnvironment, uri: str) -> None:
    _domain(env).sessions.setdefault(env.docname, {})['podcast'] = uri


# -- Checks ----------------------------------------------------------------------------


def check_pieces(app: Sphinx, doctree: nodes.document) -> None:
    """Every session chapter has each piece once, in order; no piece stands alone."""
    env = app.env
    docname = env.docname
    found = list(doctree.findall(session_piece))
    if not found:
        return
    names = [node.piece for node in found]
    if 'session' not in names:
        record_problem(
            env, docname, found[0].line or 0,
            __('a %s outside a session chapter; open the chapter with a session directive '
               '(```{session}``` with :kind: and :part:)') % names[0],
        )
        return
    session_line = found[names.index('session')].line or 0
    seen: list[str] = []
    for node in found:
        if node.piece in seen:
            record_problem(
                env, docname, node.line or 0,
                __('a session has one %s; this one repeats it') % node.piece,
            )
            continue
        if seen and PIECES.index(node.piece) < PIECES.index(seen[-1]):
            record_problem(
                env, docname, node.line or 0,
                __('the %s comes after the %s; the pieces of a session go in this order: %s')
                % (node.piece, seen[-1], ', '.join(PIECES)),
            )
        seen.append(node.piece)
    for piece in PIECES:
        if piece not in seen:
            record_problem(
                env, docname, session_line,
                __('the session lacks its %s; add a ```{%s}``` directive '
                   '(the pieces go in this order: %s)') % (piece, piece, ', '.join(PIECES)),
            )


def part_problems(env: BuildEnvironment) -> Iterable[tuple[str, int, str]]:
    """Each part declared once, each session's part declared: known once all is read."""
    domain = _domain(env)
    for part, places in domain.parts.items():
        for docname, lineno in places[1:]:
            yield docname, lineno, __('part %r is already declared in %s') % (
                part, env.doc2path(places[0][0]))
    for docname, session in domain.sessions.items():
        part = session.get('part')
        if part and domain.part_page(part) is None:
            known = ', '.join(sorted(domain.parts)) or __('none')
            yield docname, session.get('lineno', 0), __(
                'part %r is not declared by any page (declared parts: %s); '
                'add ```{day-part} %s``` to the part\'s page') % (part, known, part)


def report_problems(app: Sphinx, env: BuildEnvironment) -> None:
    """Log every problem with its file and line, and make the build fail.

    This runs after every read, even when no chapter changed, so that a book with an
    incomplete session never builds successfully. Like Sphinx's doctest and linkcheck,
    the build goes on and exits with status 1: an exception would print a crash report
    meant for Sphinx's developers, not for an editor.
    """
    domain = _domain(env)
    problems = sorted({
        (docname, lineno, message)
        for docname, found in domain.problems.items()
        for lineno, message in found
    } | set(part_problems(env)))
    for docname, lineno, message in problems:
        logger.error(message, location=(docname, lineno), type='proceedings', subtype='session')
    if problems:
        app.statuscode = 1


# -- Resolving -------------------------------------------------------------------------


def resolve_part_references(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    domain = _domain(app.env)
    for ref in list(doctree.findall(part_reference)):
        target = domain.part_page(ref['part'])
        if target is None:
            ref.replace_self(nodes.Text(ref['part']))
            continue
        title = app.env.titles[target].astext()
        refnode = make_refnode(
            app.builder, fromdocname, target, None, nodes.inline('', title), title
        )
        ref.replace_self(refnode)


# -- Visitors --------------------------------------------------------------------------


def visit_piece_html(self: HTML5Translator, node: session_piece) -> None:
    self.body.append(self.starttag(node, 'section' if node.piece != 'session' else 'div'))


def depart_piece_html(self: HTML5Translator, node: session_piece) -> None:
    self.body.append('</section>\n' if node.piece != 'session' else '</div>\n')


def visit_podcast_html(self: HTML5Translator, node: podcast) -> None:
    # Written out whole: docutils' reference visitor has no hreflang, and a reader should
    # know before following the link that the audio is in another language.
    label = node.next_node(nodes.reference).astext()
    self.body.append(self.starttag(node, 'div'))
    self.body.append(
        '<p class="podcast-link"><a class="reference external" href="%s" hreflang="%s" '
        'rel="noopener noreferrer">%s</a></p>\n</div>\n'
        % (self.attval(node['uri']), self.attval(node['audio_language']), self.encode(label))
    )
    raise nodes.SkipNode


def visit_piece_latex(self: LaTeXTranslator, node: session_piece) -> None:
    self.body.append('\n\\par\\medskip\n')


def depart_piece_latex(self: LaTeXTranslator, node: session_piece) -> None:
    self.body.append('\n\\par\\medskip\n')


def visit_piece_text(self: TextTranslator, node: session_piece) -> None:
    pass


def depart_piece_text(self: TextTranslator, node: session_piece) -> None:
    pass


def visit_podcast_text(self: TextTranslator, node: podcast) -> None:
    label = node.next_node(nodes.reference).astext()
    self.new_state(0)
    self.add_text(f'{label}: <{node["uri"]}>')
    self.end_state(wrap=False)  # an address broken across lines cannot be followed
    raise nodes.SkipNode


def setup_sessions(app: Sphinx) -> None:
    piece_visitors = {
        'html': (visit_piece_html, depart_piece_html),
        'latex': (visit_piece_latex, depart_piece_latex),
        'text': (visit_piece_text, depart_piece_text),
    }
    for node_class in (session_meta, guiding_questions, session_summary):
        app.add_node(node_class, **piece_visitors)
    app.add_node(
        podcast,
        html=(visit_podcast_html, None),
        latex=(visit_piece_latex, depart_piece_latex),
        text=(visit_podcast_text, None),
    )
    app.add_domain(ProceedingsDomain)
    app.add_directive('session', SessionDirective)
    app.add_directive('guiding-questions', GuidingQuestionsDirective)
    app.add_directive('summary', SummaryDirective)
    app.add_directive('podcast', PodcastDirective)
    app.add_directive('day-part', DayPartDirective)
    app.connect('doctree-read', check_pieces)
    app.connect('env-updated', report_problems)
    app.connect('doctree-resolved', resolve_part_references)
