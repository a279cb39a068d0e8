"""Session chapters: the pieces every session of a study day has, in a fixed order.

The kinds of session are the volume's, declared in ``book.toml`` with the pieces their
chapters require and allow (``[kinds.<key>]``), and so are the people sessions name
(``[contributors.<key>]``): see :mod:`proceedings.core.model`.

A part page declares a part of the day that sessions belong to::

    ```{day-part} morning
    ```

A session chapter then holds, in this order::

    ```{session}
    :kind: plenary
    :part: morning
    :speakers: jdupont, pmartin
    :chairs: mleroy
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

A paper has its ``{abstract}`` (then its text) and a session may have several
``{podcast}`` or none, as its kind allows.

The questions, the abstract and the summary are ordinary MyST content, so their text lands in the
gettext catalogues like any paragraph. The labels around them ("Guiding questions",
"Listen to the recording (in French)") come from the extension's own catalogue.

A chapter that lacks a piece its kind requires, holds one its kind does not allow, repeats
one or puts them out of order fails the build with an error that names the file and line,
and so does a session whose ``:part:`` is not the part of the page whose table of contents
lists it. What every chapter declares is collected in the
``proceedings`` domain, merged after parallel reads.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from babel import UnknownLocaleError
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from proceedings.core.editions import language_name
from proceedings.core.model import PIECES as KIND_PIECES
from proceedings.core.model import REPEATABLE, ROLES
from proceedings.sphinx_ext.domain import (
    proceedings_domain,
    reading_order,
    record_problem,
    record_session,
)
from proceedings.sphinx_ext.i18n import _, __, written_in
from proceedings.sphinx_ext.settings import identity_of
from proceedings.sphinx_ext.trees import nodes_of

if TYPE_CHECKING:
    from collections.abc import Iterable

    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec

logger = logging.getLogger(__name__)

#: The pieces of a session chapter, in the order they must appear; which of them a
#: chapter needs and may have is its kind's, in book.toml.
PIECES = ('session', *KIND_PIECES)
#: What a session's page calls the people it names, one of them or several.
ROLE_LABELS = {
    'speaker': (_('Speaker'), _('Speakers')),
    'chair': (_('Chair'), _('Chairs')),
    'author': (_('Author'), _('Authors')),
}

ALLOWED_SCHEMES = ('https', 'http')
#: What an address holds besides RFC 3986's characters and %-escapes: spaces, quotes,
#: braces, backslashes, carets, non-ASCII letters… Each would reach the LaTeX, a QR code or
#: an attribute as something other than the address, so each is refused.
NOT_IN_ADDRESS = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]|%(?![0-9A-Fa-f]{2})")
#: The most bytes a QR code holds (version 40, error correction M, as the PDF draws it).
QR_CODE_CAPACITY = 2331


# -- Nodes -----------------------------------------------------------------------------


class session_piece(nodes.General, nodes.Element):
    """Base of the pieces of a session chapter; ``piece`` names which one it is."""

    piece: ClassVar[str]


class session_meta(session_piece):
    """The kind of the session and its part of the day, as one line."""

    piece = 'session'


class guiding_questions(session_piece):
    piece = 'guiding-questions'


class session_summary(session_piece):
    piece = 'summary'


class session_abstract(session_piece):
    """The abstract of a written paper, before its text."""

    piece = 'abstract'


class podcast(session_piece):
    """The recording: a link, with the language of its audio."""

    piece = 'podcast'


class recording_link(nodes.reference):
    """A link to a recording, which says the language of its audio (``hreflang``)."""


class part_reference(nodes.Inline, nodes.Element):
    """Stands for the link to a part's page until every page has been read."""


class derived_note(nodes.General, nodes.Element):
    """Stands for the note on derived questions until every part page has been read:
    what the questions are drawn from depends on whether the sources give the part
    questions of its own."""


# -- Directives ------------------------------------------------------------------------


class PieceDirective(SphinxDirective):
    node_class: ClassVar[type[session_piece]]
    label: ClassVar[str] = ''

    # Text that the extension writes is already in the reader's language: nodes that hold
    # it are marked translatable=False, or Sphinx would extract it into the page catalogues.
    # The label is an attribute that each writer sets in its own way (a box title in LaTeX).
    def make_node(self) -> session_piece:
        node = self.node_class(label=str(self.label))
        self.set_source_info(node)
        node['classes'].append(self.node_class.piece)
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
    """Opens a session chapter: its kind, its part of the day and the people it names."""

    node_class = session_meta
    option_spec: ClassVar[OptionSpec] = {
        'kind': directives.unchanged,
        'part': directives.unchanged,
        **{option: directives.unchanged for option in ROLES.values()},
    }

    def option_line(self, option: str) -> int:
        """The line of ``:option:`` in the directive, or the directive's own."""
        for offset, line in enumerate(self.block_text.splitlines()):
            if line.strip().startswith(f':{option}:'):
                return self.lineno + offset
        return self.lineno

    def run(self) -> list[Node]:
        node = self.make_node()
        identity = identity_of(self.env.app)
        kinds = identity.kinds
        kind = self.options.get('kind', '').strip()
        part = self.options.get('part', '').strip()
        declared = ', '.join(kinds) or __('none')
        if kind not in kinds:
            record_problem(
                self.env, self.env.docname, self.option_line('kind'),
                __('session kind %r is not declared in book.toml (declared kinds: %s); '
                   'write :kind: with one of them, or declare it under [kinds.%s]')
                % (kind, declared, kind)
                if kind
                else __('the session has no :kind:; write one of the kinds that book.toml '
                        'declares: %s') % declared
            )
        if not part:
            self.problem(
                __('the session has no :part:; name the part of the day it belongs to, '
                   'as declared by a day-part directive')
            )
        if self.content:
            self.problem(__('the session directive takes options only, no text'))
        people = self.people(identity.contributors)
        node['kind'] = kind
        node['part'] = part
        line = nodes.paragraph(classes=['session-meta-line'], translatable=False)
        if kind in kinds:
            line += nodes.inline('', str(_(kinds[kind].label)), classes=['session-kind'])
            line += nodes.Text(' · ')
        line += part_reference('', nodes.Text(part), part=part)
        node += line
        node += people_nodes([(role, identity.contributors[key]) for role, key in people])
        record_session(self.env, kind=kind, part=part, lineno=self.lineno,
                       part_lineno=self.option_line('part'), contributors=people)
        return [node]

    def people(self, contributors: dict) -> list[tuple[str, str]]:
        """(role, key) of each person the session names, in the order it names them."""
        found = []
        for role, option in ROLES.items():
            keys = [key.strip() for key in self.options.get(option, '').split(',')]
            for key in filter(None, keys):
                if key not in contributors:
                    record_problem(
                        self.env, self.env.docname, self.option_line(option),
                        __(':%s: names %r, who is not among the contributors of book.toml '
                           '(declared: %s); declare them under [contributors.%s]')
                        % (option, key, ', '.join(contributors) or __('none'), key))
                elif (role, key) in found:
                    record_problem(self.env, self.env.docname, self.option_line(option),
                                   __(':%s: names %r twice') % (option, key))
                else:
                    found.append((role, key))
        return found


def people_nodes(people: list[tuple[str, Any]]) -> list[nodes.paragraph]:
    """One line per role: "Speakers: Jeanne Dupont (Université Rennes 2, ORCID …), …"."""
    lines = []
    for role, (one, several) in ROLE_LABELS.items():
        named = [person for named_as, person in people if named_as == role]
        if not named:
            continue
        line = nodes.paragraph(classes=['session-people', f'session-{role}s'],
                               translatable=False)
        line += nodes.inline('', str(one if len(named) == 1 else several),
                             classes=['session-role'])
        line += nodes.Text(_(': '))
        for index, person in enumerate(named):
            if index:
                line += nodes.Text(', ')
            line += nodes.inline('', person.name, classes=['contributor-name'])
            details: list[nodes.Node] = []
            if person.affiliation:
                details.append(nodes.inline('', person.affiliation, classes=['affiliation']))
            if person.orcid:
                if details:
                    details.append(nodes.Text(', '))
                details.append(nodes.reference('', f'ORCID {person.orcid}',
                                               refuri=person.orcid_url, classes=['orcid']))
            if details:
                line += nodes.Text(' (')
                line += details
                line += nodes.Text(')')
        lines.append(line)
    return lines


class GuidingQuestionsDirective(PieceDirective):
    """The questions that guided the session.

    ``:derived:`` says, in the text, that the sources give no questions for the session
    itself, and what these are drawn from: its title, and the questions of its part of
    the day, or, when the sources give the part none, the part's description.
    """

    node_class = guiding_questions
    label = _('Guiding questions')
    has_content = True
    option_spec: ClassVar[OptionSpec] = {'derived': directives.flag}

    def run(self) -> list[Node]:
        node = self.make_node()
        self.parse_body(node)
        if 'derived' in self.options:
            part = proceedings_domain(self.env).sessions.get(self.env.docname, {}).get('part', '')
            node += derived_note(part=part)
        return [node]


def derived_note_text(part_has_questions: bool) -> str:
    if part_has_questions:
        return str(_('The sources give no questions for this session itself: these are '
                     'drawn from its title and from the questions of its part of the day.'))
    return str(_('The sources give no questions for this session, nor for its part of the '
                 'day: these are drawn from its title and from the description of its part.'))


class SummaryDirective(PieceDirective):
    node_class = session_summary
    label = _('Summary')
    has_content = True

    def run(self) -> list[Node]:
        node = self.make_node()
        self.parse_body(node)
        return [node]


class AbstractDirective(PieceDirective):
    """The abstract of a written paper: the kind ``paper`` requires it, its text follows."""

    node_class = session_abstract
    label = _('Abstract')
    has_content = True

    def run(self) -> list[Node]:
        node = self.make_node()
        self.parse_body(node)
        record_session(self.env, abstract=True)
        return [node]


class PodcastDirective(PieceDirective):
    """A recording of the session: ``{podcast} <address>``, as many as the session has.

    ``:language:`` is the language of the audio (by default the identity's);
    ``:audio:`` a direct address of the audio file, for a player on the page;
    ``:duration:`` its length as ``H:MM:SS`` or ``MM:SS``.
    """

    node_class = podcast
    required_arguments = 0
    optional_arguments = 1
    option_spec: ClassVar[OptionSpec] = {
        'language': directives.unchanged,
        'audio': directives.unchanged,
        'duration': directives.unchanged,
    }

    def run(self) -> list[Node]:
        node = self.make_node()
        uri = self.web_address(self.arguments[0].strip() if self.arguments else '', 'podcast')
        audio = self.web_address(self.options.get('audio', '').strip(), ':audio:', optional=True)
        duration = self.duration(self.options.get('duration', '').strip())
        identity = identity_of(self.env.app)
        default_language = identity.recordings_language
        audio_language = self.options.get('language', '').strip() or default_language
        if self.content:
            self.problem(__('the podcast directive takes an address and options, no text'))
        try:  # a code babel does not know is named here, not in every output
            language_name(audio_language, self.config.language)
        except (ValueError, TypeError, UnknownLocaleError):
            self.problem(
                __('podcast :language: %r is not a language code such as "fr"') % audio_language
            )
            audio_language = default_language
        # The one field that decides: an address that is only the platform's home page
        # is a recording whose own address is not known yet, and every output says so.
        pending = bool(uri) and identity.recording_is_pending(uri)
        node.update_all_atts({'uri': uri, 'audio_language': audio_language,
                              'audio': audio, 'duration': duration, 'pending': pending})
        # A label not translated yet is English as a whole, the audio's language included.
        if pending:
            node['classes'].append('podcast-pending')
            template = _('Find the recording on %(platform)s (in %(language)s)')
            words = written_in(template, self.config.language, identity.source_language)
            label = template % {'platform': identity.recordings_platform,
                                'language': language_name(audio_language, words)}
        else:
            template = _('Listen to the recording (in %s)')
            words = written_in(template, self.config.language, identity.source_language)
            label = template % language_name(audio_language, words)
        link = recording_link('', label, refuri=uri, hreflang=audio_language, pending=pending)
        if words != self.config.language:
            link['classes'].append(f'language-{words}')
        node += nodes.paragraph('', '', link, classes=['podcast-link'], translatable=False)
        if pending:
            note = nodes.paragraph(
                '', '', *self.pending_note(identity), classes=['podcast-pending-note'],
                translatable=False)
            template = _('The address of this session’s own recording is not known yet. The '
                         'recording is published on %s: search the platform for the session '
                         'by its title.')
            written = written_in(template, self.config.language, identity.source_language)
            if written != self.config.language:  # not translated yet: in English, said so
                note['classes'].append(f'language-{written}')
            node += note
        if duration:
            node += nodes.paragraph(
                '', _('Duration: %s') % format_duration(duration, self.config.language),
                classes=['podcast-duration'], translatable=False,
            )
        proceedings_domain(self.env).sessions.setdefault(self.env.docname, {}).setdefault(
            'recordings', []).append({'url': uri, 'language': audio_language, 'audio': audio,
                                      'duration': duration, 'pending': pending})
        return [node]

    def pending_note(self, identity) -> list[Node]:
        """What a reader does to find a recording whose own address is not known yet."""
        note = _('The address of this session’s own recording is not known yet. The '
                 'recording is published on %s: search the platform for the session by '
                 'its title.') % identity.recordings_platform
        if self.config.language == identity.source_language:
            return [nodes.Text(note)]
        # The chapter's title is translated in this edition; the page that announced the
        # day gives it in the source language. Directives run before translation, so the
        # document's title is still the source's here.
        title = next(self.state.document.findall(nodes.title), None)
        if title is None:
            return [nodes.Text(note)]
        template = _('The page that announced the day gives it in %(language)s: '
                     '“%(title)s”.')
        words = written_in(template, self.config.language, identity.source_language)
        before, _sep, after = (note + ' ' + template % {
            'language': language_name(identity.source_language, words),
            'title': '\0',
        }).partition('\0')
        # The title in the source's language is marked as such (language of parts).
        source = nodes.inline('', title.astext(),
                              classes=[f'language-{identity.source_language}'])
        return [nodes.Text(before), source, nodes.Text(after)]

    def web_address(self, uri: str, what: str, optional: bool = False) -> str:
        if not uri:
            if not optional:
                self.problem(
                    __('the podcast has no address; write it after the directive name: '
                       '```{podcast} https://…```')
                )
            return ''
        if not _is_web_address(uri):
            self.problem(
                __('%s address %r is not an absolute https:// or http:// address') % (what, uri)
            )
            return ''
        stray = NOT_IN_ADDRESS.search(uri)
        if stray:
            self.problem(
                __('%s address %r holds %r, which an address cannot hold as it is: write it '
                   '%%-encoded (%%20 for a space, %%7B for {…)') % (what, uri, stray.group(0))
            )
            return ''
        if len(uri.encode('utf-8')) > QR_CODE_CAPACITY:
            self.problem(
                __('%s address is %d bytes long: a QR code holds at most %d, and the PDF prints '
                   'one beside each recording; give a shorter address') % (
                    what, len(uri.encode('utf-8')), QR_CODE_CAPACITY)
            )
            return ''
        return uri

    def duration(self, text: str) -> int:
        """Seconds, from ``H:MM:SS`` or ``MM:SS``."""
        if not text:
            return 0
        fields = text.split(':')
        if 2 <= len(fields) <= 3 and all(f.isdigit() for f in fields) and all(
                int(f) < 60 for f in fields[1:]):
            seconds = 0
            for field in fields:
                seconds = seconds * 60 + int(field)
            if seconds:
                return seconds
        self.problem(
            __('podcast :duration: %r is not a length such as 1:02:30 or 45:00') % text
        )
        return 0


def format_duration(seconds: int, language: str) -> str:
    """A length as a reader of *language* writes it: "1 hr 5 min", "1 h 5 min"."""
    from babel.units import format_unit

    hours, rest = divmod(seconds, 3600)
    minutes = max(rest // 60, 0 if hours else 1)
    parts = []
    if hours:
        parts.append(format_unit(hours, 'duration-hour', length='short', locale=language))
    if minutes:
        parts.append(format_unit(minutes, 'duration-minute', length='short', locale=language))
    return ' '.join(parts)


class DayPartDirective(SphinxDirective):
    """Declares the part of the day that the sessions below this page belong to.

    ``:questions:`` says that the sources give the part questions of its own; the note
    on a session's derived questions then names them as a source.
    """

    required_arguments = 1
    option_spec: ClassVar[OptionSpec] = {'questions': directives.flag}

    def run(self) -> list[Node]:
        part = self.arguments[0].strip()
        domain = proceedings_domain(self.env)
        domain.parts.setdefault(part, []).append((self.env.docname, self.lineno))
        if 'questions' in self.options:
            domain.part_questions.setdefault(self.env.docname, []).append(part)
        return []


def _is_web_address(uri: str) -> bool:
    try:
        parts = urlsplit(uri)
    except ValueError:
        return False
    return parts.scheme in ALLOWED_SCHEMES and bool(parts.netloc) and ' ' not in uri


# -- Checks ----------------------------------------------------------------------------


def check_pieces(app: Sphinx, doctree: nodes.document) -> None:
    """Every session chapter has the pieces its kind requires, only those it allows,
    each once (recordings excepted), in order; no piece stands alone."""
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
    session = found[names.index('session')]
    session_line = session.line or 0
    kind = identity_of(app).kinds.get(session['kind'])
    order = ('session', *kind.pieces) if kind else PIECES
    seen: list[str] = []
    for node in found:
        if node.piece in seen and node.piece not in REPEATABLE:
            record_problem(
                env, docname, node.line or 0,
                __('a session has one %s; this one repeats it') % node.piece,
            )
            continue
        if kind and node.piece not in order:
            record_problem(
                env, docname, node.line or 0,
                __('a session of kind %(kind)s has no %(piece)s: [kinds.%(kind)s] in book.toml '
                   'neither requires nor allows it') % {'kind': kind.key, 'piece': node.piece},
            )
            continue
        if seen and PIECES.index(node.piece) < PIECES.index(seen[-1]):
            record_problem(
                env, docname, node.line or 0,
                __('the %s comes after the %s; the pieces of a session go in this order: %s')
                % (node.piece, seen[-1], ', '.join(order)),
            )
        seen.append(node.piece)
    for piece in kind.requires if kind else ():
        if piece not in seen:
            record_problem(
                env, docname, session_line,
                __('the session lacks its %s; add a ```{%s}``` directive '
                   '(a %s has, in this order: %s)') % (
                    piece, piece, kind.key, ', '.join(order)),
            )
    # The opening of the summary (of the abstract, for a paper), in the edition's
    # language, describes the page to search engines and link previews.
    summary = next((node for node in found if node.piece == 'summary'), None) or next(
        (node for node in found if node.piece == 'abstract'), None)
    first = summary.next_node(nodes.paragraph) if summary is not None else None
    record_session(env, description=first.astext() if first is not None else '')


def part_of_contents(env: BuildEnvironment, docname: str) -> tuple[str, str] | None:
    """The part whose page's table of contents holds *docname* (directly, or through
    pages that declare no part), with that page; None when no such page holds it."""
    domain = proceedings_domain(env)
    parents = {child: parent for parent, children in env.toctree_includes.items()
               for child in children}
    seen = {docname}
    page = parents.get(docname)
    while page is not None and page not in seen:
        part = domain.part_of_page(page)
        if part:
            return part, page
        seen.add(page)
        page = parents.get(page)
    return None


def book_problems(env: BuildEnvironment) -> Iterable[tuple[str, int, str]]:
    """What is known once every chapter is read: each part declared once, each
    session's part declared, each session in the table of contents."""
    domain = proceedings_domain(env)
    in_book = set(reading_order(env))
    first_with_title: dict[str, str] = {}
    for docname in sorted(domain.sessions):
        title = env.titles[docname].astext() if docname in env.titles else ''
        if title in first_with_title:
            yield docname, domain.sessions[docname].get('lineno', 0), __(
                'another session has the same title, %r (%s): give each session its own'
            ) % (title, env.doc2path(first_with_title[title]))
        elif title:
            first_with_title[title] = docname
    for docname, session in domain.sessions.items():
        if docname not in in_book:
            yield docname, session.get('lineno', 0), __(
                'this session is in no table of contents: add it to the toctree of its '
                "part's page")
    for part, places in domain.parts.items():
        for docname, lineno in places[1:]:
            yield docname, lineno, __('part %r is already declared in %s') % (
                part, env.doc2path(places[0][0]))
    identity = identity_of(env.app)
    day_parts = {part for day in identity.days for part in day.parts}
    if identity.days:
        for part, places in domain.parts.items():
            if part not in day_parts:
                yield places[0][0], places[0][1], __(
                    'part %r is in none of the days of book.toml: add it to the parts of its '
                    'day ([[days]] parts = [...])') % part
        for day in identity.days:
            for part in day.parts:
                if part not in domain.parts:
                    yield str(identity.path), day.lineno, __(
                        'the day %(date)s lists part %(part)r, but no page declares it: add '
                        '```{day-part} %(part)s``` to its page, or take it out of the day') % {
                            'date': day.date.isoformat(), 'part': part}
    for docname, session in domain.sessions.items():
        part = session.get('part')
        placed = part_of_contents(env, docname) if docname in in_book else None
        if part and domain.part_page(part) is not None and placed and placed[0] != part:
            yield docname, session.get('part_lineno', session.get('lineno', 0)), __(
                ':part: is %(part)r, but the session is in the table of contents of %(page)s, '
                'the page of part %(placed)r: move it to the toctree of %(home)s, or write '
                ':part: %(placed)s') % {
                    'part': part, 'page': env.doc2path(placed[1]), 'placed': placed[0],
                    'home': env.doc2path(domain.part_page(part))}
        elif part and domain.part_page(part) is not None and not placed and docname in in_book:
            yield docname, session.get('part_lineno', session.get('lineno', 0)), __(
                ':part: is %(part)r, but no page of a part lists the session in its table of '
                'contents: move it to the toctree of %(home)s') % {
                    'part': part, 'home': env.doc2path(domain.part_page(part))}
        if part and domain.part_page(part) is None and part in day_parts:
            yield docname, session.get('part_lineno', session.get('lineno', 0)), __(
                'part %(part)r is a part of a day in book.toml, but no page declares it: '
                'add ```{day-part} %(part)s``` to the part\'s page') % {'part': part}
        elif part and domain.part_page(part) is None:
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
    domain = proceedings_domain(env)
    problems = sorted({
        (docname, lineno, message)
        for docname, found in domain.problems.items()
        for lineno, message in found
    } | set(book_problems(env)), key=lambda problem: (*problem[:2], str(problem[2])))
    for docname, lineno, message in problems:
        # A problem of book.toml is at a line of that file, not of a page.
        location = (docname, lineno) if docname in env.all_docs else f'{docname}:{lineno}'
        logger.error(message, location=location, type='proceedings', subtype='session')
    if problems:
        app.statuscode = 1


# -- Resolving -------------------------------------------------------------------------


def resolve_part_references(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    domain = proceedings_domain(app.env)
    # One walk for both kinds (neither holds the other): the references first, as before.
    found = nodes_of(doctree, (part_reference, derived_note))
    for ref in [node for node in found if isinstance(node, part_reference)]:
        target = domain.part_page(ref['part'])
        if target is None:
            ref.replace_self(nodes.Text(ref['part']))
            continue
        title = app.env.titles[target].astext()
        refnode = make_refnode(
            app.builder, fromdocname, target, None, nodes.inline('', title), title
        )
        ref.replace_self(refnode)
    for note in [node for node in found if isinstance(node, derived_note)]:
        note.replace_self(nodes.paragraph(
            '', derived_note_text(domain.part_has_questions(note['part'])),
            classes=['derived-note'], translatable=False))



def setup_sessions(app: Sphinx) -> None:
    app.add_node(derived_note)
    app.add_directive('session', SessionDirective)
    app.add_directive('guiding-questions', GuidingQuestionsDirective)
    app.add_directive('summary', SummaryDirective)
    app.add_directive('abstract', AbstractDirective)
    app.add_directive('podcast', PodcastDirective)
    app.add_directive('day-part', DayPartDirective)
    app.connect('doctree-read', check_pieces)
    app.connect('env-updated', report_problems)
    app.connect('doctree-resolved', resolve_part_references)
