"""Pending recordings, derived questions and citations on the small test root.

A session whose podcast address is only the platform's home page (book.toml's
``platform_url``) has a pending recording; every writer says so, and the other sessions,
with their own addresses, read as before.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from testing import build, warnings_of

pytestmark = pytest.mark.extension

PLATFORM = 'https://recordings.example.org/'
PENDING = 'sessions/first-plenary'


def make_pending(session_root, docname: str = PENDING) -> None:
    chapter = session_root / f'{docname}.md'
    text = chapter.read_text('utf-8')
    chapter.write_text(re.sub(r'```\{podcast\} \S+', f'```{{podcast}} {PLATFORM}', text), 'utf-8')


def soup_of(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f'{docname}.html').read_text('utf-8'), 'html.parser')


def test_a_pending_recording_in_html(make_app, session_root):
    make_pending(session_root)
    app = build(make_app, session_root)
    assert warnings_of(app) == ''
    pending = soup_of(app, PENDING)
    link = pending.select_one('div.podcast a.recording-link')
    assert link['href'] == PLATFORM and 'pending' in link['class']
    assert link.get_text() == 'Find the recording on Test Platform (in French)'
    note = pending.select_one('div.podcast p.podcast-pending-note').get_text()
    assert note == ('The address of this session’s own recording is not known yet. The recording '
                    'is published on Test Platform: search the platform for the session by its '
                    'title.')
    assert 'Recording published on Test Platform; its own address is not yet known' in \
        pending.select_one('div.highlight-bibtex').get_text()

    known = soup_of(app, 'sessions/second-plenary')
    link = known.select_one('div.podcast a.recording-link')
    assert link['href'] == 'https://recordings.example.org/second-plenary'
    assert 'pending' not in link['class'] and not known.select('.podcast-pending-note')
    assert link.get_text() == 'Listen to the recording (in French)'
    assert 'Recording: https://recordings.example.org/second-plenary' in \
        known.select_one('div.highlight-bibtex').get_text()

    index = soup_of(app, 'index')
    first = index.select_one('li.programme-session')
    assert not first.select('a.recording-link')
    assert first.select_one('a.platform-link')['href'] == PLATFORM
    assert first.get_text().endswith(
        '— recording (in French) on Test Platform, its own address not yet known')
    # The head tags (JSON-LD) need the book's templates: tests/test_book_text.py has them.


def test_a_pending_recording_in_latex_and_text(make_app, session_root, tmp_path):
    make_pending(session_root)
    app = build(make_app, session_root, 'latex')
    assert warnings_of(app) == ''
    tex = (app.outdir / 'test-day-en.tex').read_text('utf-8')
    assert r'\sphinxhref{https://recordings.example.org/}{Find the recording on Test Platform (in French)}' in tex
    assert 'The address of this session’s own recording is not known yet.' in tex
    # A QR code for each of the three known recordings, none for the pending one.
    assert tex.count(r'\special{pdf:content q 0 g') == 3
    assert r'\sphinxhref{https://recordings.example.org/second-plenary}{Listen to the recording' in tex
    app.cleanup()

    text_app = build(make_app, session_root, 'text', builddir=tmp_path / 'text')
    text = (text_app.outdir / 'sessions' / 'first-plenary.txt').read_text('utf-8')
    assert 'Find the recording on Test Platform (in French): <https://recordings.example.org/>' in text
    assert 'not known yet' in text


def test_derived_questions_say_what_their_part_gives(make_app, session_root):
    for docname in ('sessions/first-plenary', 'sessions/second-plenary'):
        chapter = session_root / f'{docname}.md'
        chapter.write_text(chapter.read_text('utf-8').replace(
            '```{guiding-questions}\n', '```{guiding-questions}\n:derived:\n'), 'utf-8')
    part = session_root / 'parts' / 'first.md'
    part.write_text(part.read_text('utf-8').replace(
        '```{day-part} first\n', '```{day-part} first\n:questions:\n'), 'utf-8')
    app = build(make_app, session_root)
    assert warnings_of(app) == ''
    first = soup_of(app, 'sessions/first-plenary').select_one('.derived-note').get_text()
    second = soup_of(app, 'sessions/second-plenary').select_one('.derived-note').get_text()
    assert first == ('The sources give no questions for this session itself: these are drawn '
                     'from its title and from the questions of its part of the day.')
    assert second == ('The sources give no questions for this session, nor for its part of the '
                      'day: these are drawn from its title and from the description of its part.')
    assert not soup_of(app, 'sessions/first-round-table').select('.derived-note')


def test_one_editor_is_ed_and_several_are_eds(make_app, session_root, tmp_path):
    app = build(make_app, session_root)
    reference = soup_of(app, PENDING).select_one('p.chapter-reference')
    assert reference.get_text() == ('“The plenary of the first part”, in Test Editors (ed.), '
                                    'Test Day. A day of sessions for the tests, Testville, '
                                    '2 January 2020.')
    assert reference.find('em').get_text() == 'Test Day. A day of sessions for the tests'
    app.cleanup()
    toml = session_root / 'book.toml'
    toml.write_text(toml.read_text('utf-8').replace(
        'editors = ["Test Editors"]', 'editors = ["A. Editor", "B. Editor"]'), 'utf-8')
    again = build(make_app, session_root, builddir=tmp_path / 'two')
    reference = soup_of(again, PENDING).select_one('p.chapter-reference').get_text()
    assert ', in A. Editor, B. Editor (eds.), ' in reference
    bib = (again.outdir / 'test-day-en.bib').read_text('utf-8')
    assert 'title = {{Test} {Day.} {A} day of sessions for the tests}' in bib
