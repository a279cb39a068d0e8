"""``{transcript}`` on the small session root: its text or its link next to the recording,
in HTML, EPUB, LaTeX and text; the player's link to it; the catalogues; the mistakes."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from testing import build, warnings_of

pytestmark = pytest.mark.extension

SESSION = 'sessions/first-plenary.md'
PODCAST = '''```{podcast} https://recordings.example.org/first-plenary
:language: fr
```'''
PLAYER = '''```{podcast} https://recordings.example.org/first-plenary
:language: fr
:audio: https://recordings.example.org/first-plenary.mp3
```'''
TEXT = '''

```{transcript}
The chair opened the session.

The speaker answered.
```
'''
LINK = '''

```{transcript} https://transcripts.example.org/first-plenary
```
'''


def with_transcript(root, transcript: str, podcast: str = PLAYER) -> None:
    path = root / SESSION
    path.write_text(path.read_text('utf-8').replace(PODCAST, podcast + transcript), 'utf-8')


def chapter(app, suffix: str = '.html') -> str:
    return (app.outdir / SESSION.replace('.md', suffix)).read_text('utf-8')


def test_a_transcript_stands_next_to_its_recording_and_the_player_links_to_it(
        make_app, session_root):
    with_transcript(session_root, TEXT)
    app = build(make_app, session_root)
    assert warnings_of(app) == ''
    soup = BeautifulSoup(chapter(app), 'html.parser')
    recording = soup.select_one('div.podcast')
    player = recording.find('audio')
    # Native controls (keyboard-operable), nothing loaded or played on its own.
    assert player.has_attr('controls') and player['preload'] == 'none'
    assert not player.has_attr('autoplay')
    link = recording.find_next_sibling()
    assert link.name == 'p' and 'podcast-transcript' in link['class']
    section = link.find_next_sibling()
    assert section.name == 'section' and 'transcript' in section['class']
    assert section.find('h2').get_text() == 'Transcript'
    assert section['aria-labelledby'] == section.find('h2')['id']
    assert [p.get_text() for p in section.find_all('p')] == [
        'The chair opened the session.', 'The speaker answered.']
    link = link.find('a')
    # Right after the player, leading to the transcript.
    assert player.find_next('a') is link
    assert link['href'] == '#' + section['id']
    assert link.get_text() == 'Transcript of this recording'


def test_a_transcript_elsewhere_is_a_link_in_its_language(make_app, session_root):
    with_transcript(session_root, LINK)
    app = build(make_app, session_root)
    assert warnings_of(app) == ''
    soup = BeautifulSoup(chapter(app), 'html.parser')
    link = soup.select_one('div.transcript .transcript-link a')
    assert (link['href'], link['hreflang'], link.get_text()) == (
        'https://transcripts.example.org/first-plenary', 'fr',
        'Read the transcript (in French)')
    assert soup.select_one('div.podcast + .podcast-transcript a')['href'] == \
        'https://transcripts.example.org/first-plenary'


def test_a_transcript_is_in_the_epub_the_latex_and_the_text(make_app, session_root):
    with_transcript(session_root, TEXT)
    epub = build(make_app, session_root, 'epub')
    assert warnings_of(epub) == ''
    assert 'The speaker answered.' in chapter(epub, '.xhtml')
    # The EPUB's accessibility summary says what the book has.
    opf = (epub.outdir / 'content.opf').read_text('utf-8')
    assert 'the transcripts that exist are in the book or linked from it' in opf
    assert 'have no transcripts' not in opf
    latex = build(make_app, session_root, 'latex')
    tex = (latex.outdir / 'test-day-en.tex').read_text('utf-8')
    assert r'\proceedingspiecehead{Transcript}' in tex
    assert tex.index('The chair opened the session.') > tex.index(
        'recordings.example.org/first-plenary')
    text = build(make_app, session_root, 'text')
    body = chapter(text, '.txt')
    assert body.index('Transcript') < body.index('The speaker answered.')


def test_a_transcript_is_extracted_for_translation(make_app, session_root):
    with_transcript(session_root, TEXT)
    app = build(make_app, session_root, 'gettext')
    pot = (app.outdir / SESSION.replace('.md', '.pot')).read_text('utf-8')
    assert 'msgid "The chair opened the session."' in pot
    assert 'msgid "The speaker answered."' in pot


@pytest.mark.parametrize(('transcript', 'podcast', 'message'), [
    ('\n\n```{transcript}\n```\n', PLAYER, 'a transcript is either its text'),
    ('\n\n```{transcript} https://t.example.org/\nSome text.\n```\n', PLAYER,
     'a transcript is either its text'),
    ('\n\n```{transcript} javascript:alert(1)\n```\n', PLAYER,
     "transcript address 'javascript:alert(1)' is not an absolute"),
    ('\n\n```{transcript} https://t.example.org/\n:language: French\n```\n', PLAYER,
     "transcript :language: 'French' is not a language code"),
])
def test_a_wrong_transcript_is_named_at_its_line(make_app, session_root, transcript, podcast,
                                                 message):
    with_transcript(session_root, transcript, podcast)
    app = build(make_app, session_root)
    assert f'first-plenary.md:21: WARNING: {message}' in warnings_of(app)


def test_a_transcript_away_from_its_recording_is_named(make_app, session_root):
    path = session_root / SESSION
    path.write_text(path.read_text('utf-8').replace(
        '```{summary}', TEXT.strip() + '\n\n```{summary}'), 'utf-8')
    app = build(make_app, session_root)
    assert 'a transcript goes right after the podcast' in warnings_of(app)
