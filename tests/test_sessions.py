"""The session directives on a small test root: rendering, checks and parallel reads."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from sphinx.util.console import strip_colors

from testing import ALWAYS_PARALLEL, build, warnings_of

pytestmark = pytest.mark.extension


PIECE_PATTERNS = {
    'guiding-questions': r'```\{guiding-questions\}\n.*?```\n',
    'summary': r'```\{summary\}\n.*?```\n',
    'podcast': r'```\{podcast\}.*?```\n',
}


def test_complete_sessions_build_cleanly(make_app, session_root):
    app = build(make_app, session_root)
    assert warnings_of(app) == ''
    soup = BeautifulSoup((app.outdir / 'sessions' / 'first-plenary.html').read_text('utf-8'),
                         'html.parser')
    meta = soup.select_one('div.session .session-meta-line')
    assert meta.select_one('.session-kind').get_text() == 'Plenary'
    # The part is a link to the page that declares it, titled as that page.
    part = meta.find('a', href='../parts/first.html')
    assert part.get_text() == 'The first part'
    questions = soup.select_one('section.guiding-questions')
    assert questions.find('h2').get_text() == 'Guiding questions'
    assert questions['aria-labelledby'] == questions.find('h2')['id']
    assert [li.get_text() for li in questions.find_all('li')] == [
        'What did the plenary of the first part ask?']
    summary = soup.select_one('section.summary')
    assert summary.find('h2').get_text() == 'Summary'
    assert summary.find('p').get_text() == 'The plenary of the first part had a summary.'
    link = soup.select_one('div.podcast a.recording-link')
    assert link['href'] == 'https://recordings.example.org/first-plenary'
    assert link['hreflang'] == 'fr'
    assert link.get_text() == 'Listen to the recording (in French)'
    assert not soup.select('div.podcast audio')  # no direct audio address, no player


def test_a_direct_audio_address_and_a_duration(make_app, session_root):
    chapter = session_root / 'sessions' / 'first-plenary.md'
    chapter.write_text(chapter.read_text('utf-8').replace(
        ':language: fr', ':language: fr\n:audio: https://recordings.example.org/first.mp3\n'
        ':duration: 1:05:00'), 'utf-8')
    app = build(make_app, session_root)
    assert warnings_of(app) == ''
    soup = BeautifulSoup((app.outdir / 'sessions' / 'first-plenary.html').read_text('utf-8'),
                         'html.parser')
    player = soup.select_one('div.podcast audio')
    assert player['src'] == 'https://recordings.example.org/first.mp3'
    assert player['preload'] == 'none' and player.has_attr('controls')
    assert soup.select_one('.podcast-duration').get_text() == 'Duration: 1 hr 5 min'


def test_pieces_in_latex(make_app, session_root):
    app = build(make_app, session_root, 'latex')
    assert warnings_of(app) == ''
    tex = (app.outdir / 'test-day-en.tex').read_text(encoding='utf-8')
    assert r'\begin{sphinxadmonition}{note}{Guiding questions}' in tex
    assert r'\proceedingspiecehead{Summary}' in tex
    assert (r'\sphinxhref{https://recordings.example.org/second-round-table}'
            r'{Listen to the recording (in French)}') in tex
    # XeLaTeX draws the QR code as one filled path, in a box of the code's size.
    assert re.search(r'\\hbox to 2\.4cm\{\\vrule width 0pt height 2\.4cm'
                     r'\\special\{pdf:content q 0 g ([0-9.]+) 0 0 \1 0 0 cm (\d+ \d+ \d+ 1 re )+f Q\}'
                     r'\\hss\}', tex)
    # The cover and the PDF metadata come from book.toml.
    assert r'{\Huge\bfseries Test Day\par}' in tex
    assert r'pdflang={en}' in tex
    assert r'{\large\itshape English edition\par}' in tex


def test_pieces_in_text(make_app, session_root):
    app = build(make_app, session_root, 'text')
    text = (app.outdir / 'sessions' / 'second-plenary.txt').read_text(encoding='utf-8')
    assert 'Guiding questions' in text
    assert 'What did the plenary of the second part ask?' in text
    assert ('Listen to the recording (in French): '
            '<https://recordings.example.org/second-plenary>') in text


@pytest.mark.parametrize('piece', ['podcast', 'guiding-questions', 'summary'])
def test_a_missing_piece_fails_the_build(make_app, session_root, piece):
    chapter = session_root / 'sessions' / 'second-round-table.md'
    source = chapter.read_text(encoding='utf-8')
    chapter.write_text(re.sub(PIECE_PATTERNS[piece], '', source, flags=re.S), encoding='utf-8')
    app = make_app('html', srcdir=session_root)
    app.build()
    assert app.statuscode == 1
    assert (f'second-round-table.md:3: ERROR: the session lacks its {piece}; '
            f'add a ```{{{piece}}}``` directive') in warnings_of(app)


def test_an_incomplete_session_fails_again_when_nothing_changed(make_app, session_root):
    chapter = session_root / 'sessions' / 'first-plenary.md'
    chapter.write_text(re.sub(PIECE_PATTERNS['podcast'], '', chapter.read_text('utf-8'), flags=re.S), 'utf-8')
    first = make_app('html', srcdir=session_root)
    first.build()
    assert first.statuscode == 1
    first.cleanup()
    again = make_app('html', srcdir=session_root)
    again.build()  # an incremental build: no chapter is read again
    assert '0 added, 0 changed, 0 removed' in strip_colors(again.status.getvalue())
    assert again.statuscode == 1
    assert 'first-plenary.md:3: ERROR: the session lacks its podcast' in warnings_of(again)


def test_pieces_out_of_order_stop_the_build(make_app, session_root):
    chapter = session_root / 'sessions' / 'first-plenary.md'
    source = chapter.read_text(encoding='utf-8')
    summary = re.search(PIECE_PATTERNS['summary'], source, flags=re.S).group(0)
    source = source.replace(summary, '').replace('```{guiding-questions}', summary + '\n```{guiding-questions}')
    chapter.write_text(source, encoding='utf-8')
    app = make_app('html', srcdir=session_root)
    app.build()
    assert app.statuscode == 1
    assert re.search(r'first-plenary\.md:12: ERROR: the guiding-questions comes after the summary', warnings_of(app))


def test_a_piece_outside_a_session_fails_the_build(make_app, session_root):
    (session_root / 'parts' / 'first.md').write_text(
        '# The first part\n\n```{day-part} first\n```\n\n```{podcast} https://example.org/\n```\n\n'
        '```{toctree}\n../sessions/first-plenary\n../sessions/first-round-table\n```\n',
        encoding='utf-8',
    )
    app = make_app('html', srcdir=session_root)
    app.build()
    assert app.statuscode == 1
    assert re.search(r'parts/first\.md:6: ERROR: a podcast outside a session chapter', warnings_of(app))


def test_an_undeclared_part_fails_the_build(make_app, session_root):
    chapter = session_root / 'sessions' / 'first-plenary.md'
    chapter.write_text(chapter.read_text('utf-8').replace(':part: first', ':part: evening'), 'utf-8')
    app = make_app('html', srcdir=session_root)
    app.build()
    assert app.statuscode == 1
    assert re.search(r"first-plenary\.md:3: ERROR: part 'evening' is not declared", warnings_of(app))
    assert 'declared parts: first, second' in warnings_of(app)


@pytest.mark.parametrize('address', ['javascript:alert(1)', 'recordings/first.mp3', 'data:audio/mp3,AAAA'])
def test_a_podcast_address_must_be_a_web_address(make_app, session_root, address):
    chapter = session_root / 'sessions' / 'first-plenary.md'
    chapter.write_text(
        chapter.read_text('utf-8').replace('https://recordings.example.org/first-plenary', address),
        'utf-8',
    )
    app = make_app('html', srcdir=session_root)
    app.build()
    assert app.statuscode == 1
    assert re.search(r"first-plenary\.md:\d+: ERROR: podcast address '.*' is not an absolute "
                     r'https:// or http:// address', warnings_of(app))


def test_parallel_build_reads_the_same_book(make_app, session_root, tmp_path, parallel_steps):
    serial = build(make_app, session_root)
    serial.cleanup()  # two apps in one test: unregister the first one's nodes
    parallel = make_app('html', srcdir=session_root, builddir=tmp_path / 'parallel', parallel=2,
                        confoverrides=ALWAYS_PARALLEL)
    parallel.build()
    assert warnings_of(parallel) == ''
    assert parallel_steps == ['read', 'write']
    for page in ('sessions/first-plenary.html', 'sessions/second-round-table.html'):
        assert (serial.outdir / page).read_text('utf-8') == (parallel.outdir / page).read_text('utf-8')
    domain = parallel.env.domains['proceedings']
    assert sorted(domain.sessions) == [
        'sessions/first-plenary', 'sessions/first-round-table',
        'sessions/second-plenary', 'sessions/second-round-table',
    ]
    assert sorted(domain.parts) == ['first', 'second']


def test_parallel_build_still_finds_a_missing_piece(make_app, session_root, tmp_path,
                                                     parallel_steps):
    chapter = session_root / 'sessions' / 'second-plenary.md'
    chapter.write_text(re.sub(PIECE_PATTERNS['summary'], '', chapter.read_text('utf-8'), flags=re.S), 'utf-8')
    app = make_app('html', srcdir=session_root, parallel=2, confoverrides=ALWAYS_PARALLEL)
    app.build()
    assert 'read' in parallel_steps
    assert app.statuscode == 1
    assert re.search(r'second-plenary\.md:3: ERROR: the session lacks its summary', warnings_of(app))


def test_gettext_extracts_the_extension_and_theme_words(make_app, session_root):
    app = build(make_app, session_root, 'gettext')
    proceedings_pot = (app.outdir / 'proceedings.pot').read_text('utf-8')
    for message in ('Guiding questions', 'Summary', 'Listen to the recording (in %s)',
                    'Plenary', 'Round table', 'Test Day', 'A day of sessions for the tests'):
        assert f'msgid "{message}"' in proceedings_pot
    sphinx_pot = (app.outdir / 'sphinx.pot').read_text('utf-8')
    assert 'msgid "Back to top"' in sphinx_pot
    assert '#: theme/furo/page.html:' in sphinx_pot
    # Labels are the extension's, not the page's: they stay out of the page catalogues.
    page_pot = (app.outdir / 'sessions' / 'first-plenary.pot').read_text('utf-8')
    assert 'Guiding questions' not in page_pot
    assert 'msgid "What did the plenary of the first part ask?"' in page_pot


def test_two_sessions_with_one_title_fail_the_build(make_app, session_root):
    chapter = session_root / 'sessions' / 'second-plenary.md'
    chapter.write_text(chapter.read_text('utf-8').replace(
        '# The plenary of the second part', '# The plenary of the first part'), 'utf-8')
    app = make_app('html', srcdir=session_root)
    app.build()
    assert app.statuscode == 1
    assert re.search(r"second-plenary\.md:3: ERROR: another session has the same title, "
                     r"'The plenary of the first part' \(.*first-plenary\.md\)", warnings_of(app))


def test_a_session_missing_from_the_contents_fails_the_build(make_app, session_root):
    part = session_root / 'parts' / 'second.md'
    part.write_text(part.read_text('utf-8').replace('../sessions/second-plenary\n', ''), 'utf-8')
    app = make_app('html', srcdir=session_root)
    app.build()
    assert app.statuscode == 1
    assert re.search(r'second-plenary\.md:3: ERROR: this session is in no table of contents',
                     warnings_of(app))


def test_raw_markup_is_refused(make_app, session_root):
    # With MyST's HTML syntax on (the toolchain turns it off, so that it shows as text; a
    # book may turn it on again): what MyST makes of it is raw HTML, which the extension
    # refuses.
    chapter = session_root / 'sessions' / 'first-plenary.md'
    chapter.write_text(chapter.read_text('utf-8').replace(
        'The plenary of the first part had a summary.',
        'A summary with <script>alert(1)</script> inside.') + '\n```{raw} latex\n\\input{x}\n```\n',
        'utf-8')
    app = make_app('html', srcdir=session_root, confoverrides={'myst_disable_syntax': []})
    app.build()
    assert app.statuscode == 1
    assert re.search(r'first-plenary\.md:13: ERROR: raw html is not allowed in a chapter',
                     warnings_of(app))
    assert re.search(r'first-plenary\.md:\d+: ERROR: raw latex is not allowed in a chapter',
                     warnings_of(app))
    html = (app.outdir / 'sessions' / 'first-plenary.html').read_text('utf-8')
    # The summary's text is data in the page's JSON-LD, where "</" cannot end the element;
    # everywhere else, no script of the chapter's.
    soup = BeautifulSoup(html, 'html.parser')
    for data in soup.find_all('script', type='application/ld+json'):
        assert '<script>alert(1)</script>' in json.loads(data.string)['description']
        assert '</script>' not in data.string
        data.decompose()
    assert '<script>alert' not in str(soup)


def test_toctree_captions_say_their_heading_level(make_app, session_root):
    # Sphinx writes <p role="heading"> without aria-level, which WAI-ARIA 1.2 requires.
    index = session_root / 'index.md'
    index.write_text(index.read_text('utf-8').replace(
        '```{toctree}\n', '```{toctree}\n:caption: The parts\n', 1), 'utf-8')
    app = build(make_app, session_root)
    soup = BeautifulSoup((app.outdir / 'index.html').read_text('utf-8'), 'html.parser')
    captions = soup.select('p.caption')
    # In the page, and in furo's navigation, which is rendered by the same writer.
    assert len(captions) == 2 and soup.select_one('.sidebar-tree p.caption')
    for caption in captions:
        assert (caption['role'], caption.get('aria-level')) == ('heading', '2')
        assert caption.get_text() == 'The parts'


@pytest.mark.parametrize('engine, literal', [('xelatex', r'\special{pdf:content '),
                                             ('pdflatex', r'\pdfliteral{'),
                                             ('lualatex', r'\pdfextension literal{')])
def test_a_qr_code_is_the_same_modules_as_a_path_and_as_rules(engine, literal, monkeypatch):
    import segno

    from proceedings.sphinx_ext.writers import _qr_code, qr_code_latex

    made = []
    stock = segno.make
    monkeypatch.setattr(segno, 'make', lambda *args, **kwargs: made.append(args) or stock(
        *args, **kwargs))
    _qr_code.cache_clear()
    uri = 'https://recordings.example.org/session-0001'
    path = qr_code_latex(uri, '2.4cm', engine)
    rules = qr_code_latex(uri, '2.4cm', 'platex')
    assert literal in path and r'\begin{picture}' not in path
    scale, = {float(a) for a, b in re.findall(r' ([0-9.]+) 0 0 ([0-9.]+) 0 0 cm ', path) if a == b}
    modules = int(re.search(r'\\begin\{picture\}\((\d+),\1\)', rules)[1])
    # 2.4 cm in PostScript points, shared among the modules and the white margin.
    assert scale * modules == pytest.approx(72 / 2.54 * 2.4, abs=1e-3)
    assert re.findall(r'(\d+) (\d+) (\d+) 1 re', path) == re.findall(
        r'\\put\((\d+),(\d+)\)\{\\rule\{(\d+)\\unitlength\}\{\\unitlength\}\}', rules)
    # One address, one code computed, for the path and the rules alike.
    assert made == [(uri,)]
    # A height TeX alone can measure keeps the rules.
    assert r'\begin{picture}' in qr_code_latex(uri, r'\linewidth', engine)
