"""The programme of the day, generated from the session chapters, never written by hand.

``{programme}`` leaves a placeholder that is filled once every chapter has been read:
the parts of the day in the order of the book, each with its sessions, their kind, their
title linking to their chapter and their recording (or, while a recording's own address
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

from proceedings.sphinx_ext.domain import proceedings_domain
from proceedings.core.editions import language_name
from proceedings.sphinx_ext.i18n import _, written_in
from proceedings.sphinx_ext.sessions import SESSION_KINDS, recording_link
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
    env = app.env
    domain = proceedings_domain(env)
    language = app.config.language
    sessions = domain.sessions_in_order(env)
    result: list[Node] = []
    for part in domain.parts_in_order(env):
        page = domain.part_page(part)
        title = env.titles[page].astext()
        heading = nodes.paragraph(classes=['programme-part'], translatable=False)
        heading += nodes.strong('', '', make_refnode(
            app.builder, fromdocname, page, None, nodes.Text(title), title))
        items = nodes.bullet_list(classes=['programme-sessions'])
        for docname in sessions:
            session = domain.sessions[docname]
            if session.get('part') != part:
                continue
            items += programme_entry(app, fromdocname, docname, session, language)
        result += [heading, items]
    return result


def programme_entry(app: Sphinx, fromdocname: str, docname: str, session: dict,
                    language: str) -> nodes.list_item:
    title = app.env.titles[docname].astext()
    line = nodes.paragraph(translatable=False)
    kind = SESSION_KINDS.get(session.get('kind', ''))
    if kind:
        line += nodes.inline('', str(kind), classes=['session-kind'])
        line += nodes.Text(_(': '))
    line += make_refnode(app.builder, fromdocname, docname, None, nodes.Text(title), title)
    if session.get('podcast') and session.get('pending'):
        audio = session.get('audio_language', '')
        identity = identity_of(app)
        line += nodes.Text(' — ')
        # The link names the platform, not the recording: its own address is not known.
        marker = '\x00'
        template = _('recording (in %(language)s) on %(platform)s, its own address not yet known')
        words = written_in(template, language, identity.source_language)
        text = template % {'language': language_name(audio, words), 'platform': marker}
        before, _marker, after = text.partition(marker)
        line += nodes.Text(before)
        line += nodes.reference('', identity.recordings_platform, refuri=session['podcast'],
                                classes=['platform-link'])
        line += nodes.Text(after)
    elif session.get('podcast'):
        audio = session.get('audio_language', '')
        line += nodes.Text(' — ')
        template = _('recording (in %s)')
        words = written_in(template, language, identity_of(app).source_language)
        line += recording_link(
            '', template % language_name(audio, words),
            refuri=session['podcast'], hreflang=audio,
        )
    return nodes.list_item('', line, classes=['programme-session'])


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
