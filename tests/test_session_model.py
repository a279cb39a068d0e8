"""The session model on a two-day test root: kinds with their pieces, days, contributors.

The root (``roots/test-model``) declares three kinds (a keynote with two recordings, a
paper with its abstract and no recording, a round table), two days with three parts,
and two contributors, one with an affiliation and an ORCID iD.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from testing import build, warnings_of

pytestmark = pytest.mark.extension

ORCID = '0000-0002-1825-0097'


@pytest.fixture
def model_root(tmp_path: Path, rootdir: Path) -> Path:
    target = tmp_path / 'root'
    shutil.copytree(rootdir / 'test-model', target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text('utf-8')
    assert old in text
    path.write_text(text.replace(old, new, 1), 'utf-8')


def soup_of(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f'{docname}.html').read_text('utf-8'), 'html.parser')


def jsonld(soup: BeautifulSoup) -> dict:
    return json.loads(soup.find('script', type='application/ld+json').string)


def line_of(path: Path, text: str) -> int:
    return path.read_text('utf-8').split(text)[0].count('\n') + 1


# -- Kinds and their pieces ------------------------------------------------------------------


def test_kinds_declared_with_their_pieces_build_cleanly(make_app, model_root):
    app = build(make_app, model_root)
    assert warnings_of(app) == ''
    keynote = soup_of(app, 'sessions/keynote')
    assert keynote.select_one('.session-kind').get_text() == 'Keynote'
    links = keynote.select('div.podcast a.recording-link')
    assert [(a['href'], a['hreflang']) for a in links] == [
        ('https://recordings.example.org/keynote-fr', 'fr'),
        ('https://recordings.example.org/keynote-en', 'en')]
    assert [a.get_text() for a in links] == [
        'Listen to the recording (in French)', 'Listen to the recording (in English)']
    assert len(keynote.select('div.podcast audio')) == 1
    # The citation follows the last recording.
    pieces = [div for div in keynote.select('div.podcast, div.chapter-citation, '
                                            'section.chapter-citation')]
    assert 'chapter-citation' in pieces[-1]['class']

    paper = soup_of(app, 'sessions/paper')
    assert paper.select_one('.session-kind').get_text() == 'Paper'
    abstract = paper.select_one('section.abstract')
    assert abstract.find('h2').get_text() == 'Abstract'
    assert abstract.find('p').get_text() == 'The paper had an abstract.'
    assert not paper.select('div.podcast')
    # A paper without a recording is cited like every session, after its text.
    citation = paper.select_one('.chapter-citation')
    assert citation is not None
    assert citation.find_previous('p').get_text() != 'The paper had an abstract.'
    assert (app.outdir / 'sessions' / 'paper.bib').is_file()
    assert jsonld(paper)['description'] == 'The paper had an abstract.'
    # ...and in the programme.
    programme = soup_of(app, 'index')
    titles = [a.get_text() for a in programme.select('li.programme-session a.reference.internal')]
    assert titles == ['The keynote', 'The paper', 'The round table']


@pytest.mark.parametrize(('chapter', 'old', 'new', 'message'), [
    ('paper', '```{abstract}\nThe paper had an abstract.\n```\n', '',
     'the session lacks its abstract'),
    ('keynote', '```{summary}\nThe keynote had a summary.\n```\n', '',
     'the session lacks its summary'),
    ('paper', 'The text of the paper', '```{summary}\nA summary.\n```\n\nThe text',
     'a session of kind paper has no summary'),
    ('round-table', '```{podcast} https://recordings.example.org/\n:language: fr\n```\n', '',
     'the session lacks its podcast'),
])
def test_a_missing_or_disallowed_piece_fails_at_its_line(make_app, model_root, chapter, old,
                                                         new, message):
    path = model_root / 'sessions' / f'{chapter}.md'
    edit(path, old, new)
    app = build(make_app, model_root)
    lineno = (line_of(path, '```{summary}\nA summary') if 'has no' in message
              else line_of(path, '```{session}'))
    assert f'{chapter}.md:{lineno}: ERROR: {message}' in warnings_of(app)
    assert app.statuscode == 1


def test_a_paper_may_have_a_recording(make_app, model_root):
    edit(model_root / 'sessions' / 'paper.md', 'The text of the paper',
         'The text of the paper.\n\n```{podcast} https://recordings.example.org/paper\n'
         ':language: en\n```\n\nThe end of the text')
    app = build(make_app, model_root)
    assert warnings_of(app) == ''
    assert soup_of(app, 'sessions/paper').select_one('div.podcast a')['hreflang'] == 'en'


def test_an_undeclared_kind_fails_at_its_line(make_app, model_root):
    path = model_root / 'sessions' / 'keynote.md'
    edit(path, ':kind: keynote', ':kind: plenary')
    app = build(make_app, model_root)
    assert (f'keynote.md:{line_of(path, ":kind:")}: ERROR: session kind \'plenary\' is not '
            'declared in book.toml (declared kinds: keynote, round-table, paper)'
            in warnings_of(app))


# -- Contributors ----------------------------------------------------------------------------


def test_contributors_on_the_page_and_in_the_programme(make_app, model_root):
    app = build(make_app, model_root)
    keynote = soup_of(app, 'sessions/keynote')
    speakers = keynote.select_one('.session-speakers')
    assert ' '.join(speakers.get_text().split()) == (
        f'Speakers: Jeanne Dupont (Université Rennes 2, ORCID {ORCID}), Paul Martin')
    assert speakers.find('a', class_='orcid')['href'] == f'https://orcid.org/{ORCID}'
    assert ' '.join(keynote.select_one('.session-chairs').get_text().split()) == (
        'Chair: Paul Martin')
    # A session that names nobody says nothing about people.
    assert not soup_of(app, 'sessions/round-table').select('.session-people')
    entries = soup_of(app, 'index').select('li.programme-session')
    assert [' '.join(p.get_text().split()) for p in entries[1].select('.session-people')] == [
        f'Author: Jeanne Dupont (Université Rennes 2, ORCID {ORCID})']


def test_contributors_in_every_citation_output(make_app, model_root):
    app = build(make_app, model_root)
    keynote = soup_of(app, 'sessions/keynote')
    assert [m['content'] for m in keynote.find_all('meta', attrs={'name': 'citation_author'})] == [
        'Jeanne Dupont', 'Paul Martin']
    reference = keynote.select_one('.chapter-reference').get_text()
    assert reference.startswith('Jeanne Dupont and Paul Martin, “The keynote”, in Test Editors')
    bib = (app.outdir / 'sessions' / 'keynote.bib').read_text('utf-8')
    assert '  author = {Dupont, Jeanne and Paul Martin},' in bib
    assert bib in (app.outdir / 'test-conference-en.bib').read_text('utf-8')
    data = jsonld(keynote)
    jeanne = {
        '@type': 'Person', 'name': 'Jeanne Dupont', 'givenName': 'Jeanne',
        'familyName': 'Dupont',
        'affiliation': {'@type': 'Organization', 'name': 'Université Rennes 2'},
        'sameAs': f'https://orcid.org/{ORCID}',
        'identifier': {'@type': 'PropertyValue', 'propertyID': 'ORCID', 'value': ORCID}}
    # Paul Martin speaks and chairs: one performer.
    assert data['performer'] == [jeanne, {'@type': 'Person', 'name': 'Paul Martin'}]
    assert len(data['recordedIn']) == 2

    paper = soup_of(app, 'sessions/paper')
    assert [m['content'] for m in paper.find_all('meta', attrs={'name': 'citation_author'})] == [
        'Jeanne Dupont']
    work = jsonld(paper)['workFeatured']
    assert work == {'@type': 'ScholarlyArticle', 'name': 'The paper', 'author': [jeanne]}
    assert '  author = {Dupont, Jeanne},' in (app.outdir / 'sessions' / 'paper.bib').read_text(
        'utf-8')
    # Nobody named: no author anywhere, as before.
    table = soup_of(app, 'sessions/round-table')
    assert not table.find_all('meta', attrs={'name': 'citation_author'})
    assert 'author' not in (app.outdir / 'sessions' / 'round-table.bib').read_text('utf-8')
    assert 'performer' not in jsonld(table)


def test_contributors_in_the_pdf_sources(make_app, model_root):
    app = build(make_app, model_root, 'latex')
    acts = (app.outdir / 'test-conference-en.tex').read_text('utf-8')
    assert re.search(r'\{Speakers\}: \\DUrole\{contributor-name\}\{Jeanne Dupont\}', acts)
    assert r'\sphinxhref{https://orcid.org/0000-0002-1825-0097}' in acts
    programme = (app.outdir / 'test-conference-programme-en.tex').read_text('utf-8')
    assert r'{\itshape Author: Jeanne Dupont (Université Rennes 2, \href{https://orcid.org/' \
        in programme


@pytest.mark.parametrize(('option', 'value', 'message'), [
    ('speakers', 'jdupont, nobody', ":speakers: names 'nobody', who is not among the "
                                    'contributors of book.toml (declared: jdupont, pmartin)'),
    ('speakers', 'jdupont, jdupont', ":speakers: names 'jdupont' twice"),
])
def test_an_unknown_contributor_fails_at_its_line(make_app, model_root, option, value, message):
    path = model_root / 'sessions' / 'keynote.md'
    edit(path, ':speakers: jdupont, pmartin', f':{option}: {value}')
    app = build(make_app, model_root)
    assert f'keynote.md:{line_of(path, f":{option}:")}: ERROR: {message}' in warnings_of(app)


def test_contributors_are_text_wherever_they_land(make_app, model_root):
    hostile = '</script><b>B</b> \\input{x} & {and} $x$ %'
    edit(model_root / 'book.toml', 'name = "Paul Martin"', f'name = {json.dumps(hostile)}')
    edit(model_root / 'book.toml', 'affiliation = "Université Rennes 2"',
         f'affiliation = {json.dumps(hostile)}')
    edit(model_root / 'book.toml', 'label = "Keynote"', f'label = {json.dumps(hostile)}')
    edit(model_root / 'book.toml', 'name = "Research and practice"',
         f'name = {json.dumps(hostile)}')
    app = build(make_app, model_root)
    assert warnings_of(app) == ''
    html = (app.outdir / 'sessions' / 'keynote.html').read_text('utf-8')
    assert '<b>B</b>' not in html
    assert '<b>B</b>' not in (app.outdir / 'index.html').read_text('utf-8')
    home = soup_of(app, 'index')
    assert home.select_one('p.programme-day').get_text() == ' '.join(hostile.split())
    assert home.select_one('.session-kind').get_text() == ' '.join(hostile.split())
    keynote = BeautifulSoup(html, 'html.parser')
    assert keynote.select('.contributor-name')[1].get_text() == ' '.join(hostile.split())
    assert jsonld(keynote)['performer'][1]['name'] == ' '.join(hostile.split())
    bib = (app.outdir / 'sessions' / 'keynote.bib').read_text('utf-8')
    author = next(line for line in bib.splitlines() if line.startswith('  author'))
    assert '\\input' not in author.replace('\\textbackslash{}input', '')
    latex = build(make_app, model_root, 'latex')
    for name in ('test-conference-en.tex', 'test-conference-programme-en.tex'):
        tex = (latex.outdir / name).read_text('utf-8')
        assert '\\input{x}' not in tex
        assert 'input\\{x\\}' in tex  # the name's braces, as text


# -- Days ------------------------------------------------------------------------------------


def test_dates_of_several_days_everywhere(make_app, model_root):
    app = build(make_app, model_root)
    home = soup_of(app, 'index')
    assert home.select_one('.book-event').get_text() == '14–15 November 2019 · Testville'
    assert 'The programme as a PDF, to print or hand out' in [
        a.get_text() for a in home.select('ul.downloads a')]
    event = jsonld(home)
    assert (event['startDate'], event['endDate']) == ('2019-11-14', '2019-11-15')
    assert event['location']['address'] == {
        '@type': 'PostalAddress', 'addressLocality': 'Rennes', 'addressCountry': 'FR'}
    assert [sub['startDate'] for sub in event['subEvent']] == [
        '2019-11-14', '2019-11-14', '2019-11-15']
    table = soup_of(app, 'sessions/round-table')
    assert jsonld(table)['startDate'] == '2019-11-15'
    assert jsonld(table)['superEvent']['endDate'] == '2019-11-15'
    assert table.find('meta', attrs={'name': 'citation_date'})['content'] == '2019/11/14'
    assert ', Testville, 14–15 November 2019.' in table.select_one('.chapter-reference').get_text()
    assert '  eventdate = {2019-11-14/2019-11-15},' in (
        app.outdir / 'test-conference-en.bib').read_text('utf-8')
    # The programme, grouped by day, then part.
    days = [p.get_text() for p in home.select('p.programme-day')]
    assert days == ['Research and practice', '15 November 2019']
    order = [(p['class'][0], p.get_text()) for p in home.select('p.programme-day, '
                                                              'p.programme-part')]
    assert order == [
        ('programme-day', 'Research and practice'),
        ('programme-part', 'The part day-1-morning'),
        ('programme-part', 'The part day-1-afternoon'),
        ('programme-day', '15 November 2019'),
        ('programme-part', 'The part day-2-morning')]
    latex = build(make_app, model_root, 'latex')
    acts = (latex.outdir / 'test-conference-en.tex').read_text('utf-8')
    assert r'\date{14–15 November 2019}' in acts
    programme = (latex.outdir / 'test-conference-programme-en.tex').read_text('utf-8')
    assert programme.index('Research and practice') < programme.index('The keynote') < (
        programme.index('15 November 2019\\par}')) < programme.index('The round table')
    # XeLaTeX, as every book of the toolchain: the dash as typed.
    assert '14–15 November 2019\\quad' in programme
    assert '{\\large\\scshape Programme\\par}' in programme


def test_a_part_in_no_day_and_a_day_part_without_its_page_fail(make_app, model_root):
    edit(model_root / 'book.toml', 'parts = ["day-2-morning"]', 'parts = ["day-2-evening"]')
    app = build(make_app, model_root)
    warnings = warnings_of(app)
    day = line_of(model_root / 'book.toml', '[[days]]\ndate = 2019-11-15')
    assert (f'book.toml:{day}: '
            "ERROR: the day 2019-11-15 lists part 'day-2-evening', but no page declares it"
            in warnings)
    assert ("day-2-morning.md:3: ERROR: part 'day-2-morning' is in none of the days of "
            'book.toml' in warnings)


# -- Part and table of contents --------------------------------------------------------------


def test_a_part_that_contradicts_the_contents_fails_at_its_line(make_app, model_root):
    path = model_root / 'sessions' / 'paper.md'
    edit(path, ':part: day-1-afternoon', ':part: day-1-morning')
    app = build(make_app, model_root)
    assert (f'paper.md:{line_of(path, ":part:")}: ERROR: :part: is \'day-1-morning\', but the '
            'session is in the table of contents of ' in warnings_of(app))
    assert app.statuscode == 1


def test_a_parallel_build_holds_the_same_model(make_app, model_root, tmp_path, parallel_steps):
    from testing import ALWAYS_PARALLEL

    serial = build(make_app, model_root)
    serial_sessions = serial.env.domains['proceedings'].sessions
    serial.cleanup()  # two apps in one test: unregister the first one's nodes
    parallel = make_app('html', srcdir=model_root, builddir=tmp_path / 'parallel', parallel=2,
                        confoverrides=ALWAYS_PARALLEL)
    parallel.build()
    assert warnings_of(parallel) == ''
    assert parallel_steps == ['read', 'write']
    sessions = parallel.env.domains['proceedings'].sessions
    assert sessions == serial_sessions
    assert sessions['sessions/keynote']['contributors'] == [
        ('speaker', 'jdupont'), ('speaker', 'pmartin'), ('chair', 'pmartin')]
    assert [r['url'] for r in sessions['sessions/keynote']['recordings']] == [
        'https://recordings.example.org/keynote-fr', 'https://recordings.example.org/keynote-en']
    assert sessions['sessions/keynote']['recordings'][0] == {
        'url': 'https://recordings.example.org/keynote-fr', 'language': 'fr',
        'audio': 'https://recordings.example.org/keynote-fr.mp3', 'duration': 3900,
        'pending': False}
    assert (sessions['sessions/paper']['abstract'], sessions['sessions/paper']['recordings']) == (
        True, [])
    assert sessions['sessions/round-table']['contributors'] == []
    for page in ('index.html', 'sessions/keynote.html', 'sessions/paper.html'):
        assert (serial.outdir / page).read_text('utf-8') == (
            parallel.outdir / page).read_text('utf-8')


def test_a_session_outside_any_part_page_fails_at_its_part(make_app, model_root):
    edit(model_root / 'parts' / 'day-2-morning.md', '../sessions/round-table\n', '')
    edit(model_root / 'index.md', 'parts/day-2-morning\n', 'parts/day-2-morning\nsessions/round-table\n')
    path = model_root / 'sessions' / 'round-table.md'
    app = build(make_app, model_root)
    assert (f'round-table.md:{line_of(path, ":part:")}: ERROR: :part: is \'day-2-morning\', but '
            'no page of a part lists the session in its table of contents' in warnings_of(app))
