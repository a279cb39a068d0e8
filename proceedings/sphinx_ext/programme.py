"""The programme of the day, generated from the session chapters, never written by hand.

``{programme}`` leaves a placeholder that is filled once every chapter has been read:
the days of the event (when ``book.toml`` declares them), their parts, each with its
sessions, their kind, their title linking to their chapter, the people they name and
their recordings (or, while a recording's own address
is not known, the platform where it is published, named as the platform). The placeholder is filled with
ordinary nodes, so the programme reads the same in HTML, EPUB, PDF and text.

A page that shows the programme is read again whenever any chapter changes, so that an
incremental build never shows an old title or misses a new session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from proceedings.core.editions import language_name
from proceedings.sphinx_ext.domain import proceedings_domain
from proceedings.sphinx_ext.i18n import _, written_in
from proceedings.sphinx_ext.schedule import ProgrammeSession, programme_days
from proceedings.sphinx_ext.sessions import people_nodes, recording_link
from proceedings.sphinx_ext.settings import identity_of

if TYPE_CHECKING:
    from collections.abc import Set

    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class programme(nodes.General, nodes.Element):
    """Stands for the programme until every chapter has been read."""


class ProgrammeDirective(SphinxDirective):
    def run(self) -> list[Node]:
        proceedings_domain(self.env).programmes[self.env.docname] = self.lineno
        node = programme()
        self.set_source_info(node)
        return [node]


def build_programme(app: Sphinx, fromdocname: str) -> list[Node]:
    language = app.config.language
    result: list[Node] = []
    for day in programme_days(app):
        if day.heading:
            result.append(nodes.paragraph('', '', nodes.strong('', day.heading),
                                          classes=['programme-day'], translatable=False))
        for part in day.parts:
            heading = nodes.paragraph(classes=['programme-part'], translatable=False)
            heading += nodes.strong('', '', make_refnode(
                app.builder, fromdocname, part.docname, None, nodes.Text(part.title),
                part.title))
            items = nodes.bullet_list(classes=['programme-sessions'])
            for session in part.sessions:
                items += programme_entry(app, fromdocname, session, language)
            result += [heading, items]
    return result


def programme_entry(app: Sphinx, fromdocname: str, session: ProgrammeSession,
                    language: str) -> nodes.list_item:
    line = nodes.paragraph(translatable=False)
    if session.kind:
        line += nodes.inline('', session.kind, classes=['session-kind'])
        line += nodes.Text(_(': '))
    line += make_refnode(app.builder, fromdocname, session.docname, None,
                         nodes.Text(session.title), session.title)
    identity = identity_of(app)
    for recording in session.recordings:
        if not recording.get('url'):
            continue
        audio = recording.get('language', '')
        line += nodes.Text(' — ')
        if recording.get('pending'):
            # The link names the platform, not the recording: its own address is not known.
            marker = '\x00'
            template = _('recording (in %(language)s) on %(platform)s, its own address not '
                         'yet known')
            words = written_in(template, language, identity.source_language)
            text = template % {'language': language_name(audio, words), 'platform': marker}
            before, _marker, after = text.partition(marker)
            line += nodes.Text(before)
            line += nodes.reference('', identity.recordings_platform, refuri=recording['url'],
                                    classes=['platform-link'])
            line += nodes.Text(after)
        else:
            template = _('recording (in %s)')
            words = written_in(template, language, identity.source_language)
            line += recording_link(
                '', template % language_name(audio, words),
                refuri=recording['url'], hreflang=audio,
            )
    item = nodes.list_item('', line, classes=['programme-session'])
    item += people_nodes(list(session.people))
    return item


def fill_programmes(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    for node in list(doctree.findall(programme)):
        node.replace_self(build_programme(app, fromdocname))


def read_programme_pages_again(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    if not (added or changed or removed):
        return []
    domain = proceedings_domain(env)
    again = set(domain.programmes)
    # A part's new title shows on its sessions' pages too.
    for docname in changed:
        part = domain.part_of_page(docname)
        if part:
            again.update(d for d, s in domain.sessions.items() if s.get('part') == part)
    return sorted(again - set(removed))


def setup_programme(app: Sphinx) -> None:
    app.add_node(programme)
    app.add_directive('programme', ProgrammeDirective)
    app.connect('doctree-resolved', fill_programmes)
    app.connect('env-get-outdated', read_programme_pages_again)
