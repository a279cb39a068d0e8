"""The real book's text: what it claims, how it cites, and its pending recordings.

The sources give each session its title, its kind and its part of the day, with that
part's description and questions; the book says no more. A recording whose address is
only the platform's home page is pending: every output says so, and the moment an editor
writes a session's own address, every output of that session follows from that one field.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from testing import BASE_URL, LANGUAGES, PLATFORM, PROJECT, SESSIONS, SLUG, html_pages, page, title_of

pytestmark = pytest.mark.builds

#: The session that the copy of the project gives a recording address of its own.
KNOWN = 'chapters/morning/plenary-what-are-we-talking-about'
#: A made-up address on the platform (the tests' copy only; the book sets none it has not seen).
KNOWN_ADDRESS = 'https://www.lairedu.fr/media/videos/test-plenary/'

PENDING_NOTE = {'en': 'The address of this session’s own recording is not known yet.',
                'fr': 'L’adresse propre de l’enregistrement de cette séance n’est pas encore '
                      'connue.'}
PENDING_LABEL = {'en': 'Find the recording on L’aire d’U (in French)',
                 'fr': 'Trouver l’enregistrement sur L’aire d’U (en français)'}
KNOWN_LABEL = {'en': 'Listen to the recording (in French)',
               'fr': 'Écouter l’enregistrement (en français)'}

#: What the sources do not say of a session: a running order, the recordings' contents,
#: the survey's finding as a session's starting point, a session's subject.
FORBIDDEN = {
    'en': ['opened the', 'followed the', 'closed the', 'in full', 'survey', 'recording gives',
           'its subject was', 'it looked at', 'starting point', 'debated at length',
           'differ widely', 'then a round table'],
    'fr': ['a ouvert', 'a suivi', 'a clos', 'a clôturé', 'en entier', 'enquête', 'intégralité',
           'portait sur', 'point de départ', 'longuement', 'puis une table ronde', 'le matin'],
}


def text_of(soup: BeautifulSoup) -> str:
    article = soup.find('article')
    for tag in article.find_all(['script', 'style']):
        tag.decompose()
    return ' '.join(article.get_text(' ').split())


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    return ' '.join(' '.join(p.extract_text() for p in reader.pages).split())


def json_ld(soup: BeautifulSoup) -> dict:
    return json.loads(soup.find('script', type='application/ld+json').string)


# -- What the book says ---------------------------------------------------------------


@pytest.mark.parametrize('language', LANGUAGES)
@pytest.mark.parametrize('docname', sorted(SESSIONS))
def test_summaries_say_only_what_the_sources_say(site, language, docname):
    soup = page(site, language, docname)
    summary = ' '.join(soup.select_one('section.summary').get_text(' ').split()).lower()
    for claim in FORBIDDEN[language]:
        assert claim not in summary, (docname, claim)
    # What the sources give: the session's title and its part.
    assert ' '.join(title_of(soup).split()) in ' '.join(
        soup.select_one('section.summary').get_text().split())
    part = docname.split('/')[1]
    words = {'en': {'morning': 'morning', 'afternoon': 'afternoon'},
             'fr': {'morning': 'matinée', 'afternoon': 'après-midi'}}[language]
    assert words[part] in summary


@pytest.mark.parametrize('language', LANGUAGES)
def test_part_pages_follow_the_sources_nuances(site, language):
    afternoon = text_of(page(site, language, 'chapters/afternoon/index'))
    morning = text_of(page(site, language, 'chapters/morning/index'))
    if language == 'en':
        assert 'lively debate' in afternoon and 'are different' in afternoon
        assert 'at length' not in afternoon and 'widely' not in afternoon
        soup = page(site, language, 'chapters/afternoon/index')
        for tag in soup.select('h1, .toctree-wrapper'):
            tag.decompose()
        assert 'statutes' not in text_of(soup)  # only inside the source's titles
        assert 'The morning was devoted to understanding' in morning
    else:
        assert 'vif débat' in afternoon and 'sont différents' in afternoon
        assert 'ce qui nous distingue' in afternoon and 'fait la différence' not in afternoon
        assert 'La matinée a cherché à comprendre' in morning and 'Le matin ' not in morning


@pytest.mark.parametrize('language', LANGUAGES)
def test_derived_questions_say_what_they_come_from_part_by_part(site, language):
    # The morning has questions of its own in the sources; the afternoon only a description.
    said = {
        'en': {'morning': 'from the questions of its part of the day',
               'afternoon': 'nor for its part of the day: these are drawn from its title and '
                            'from the description of its part'},
        'fr': {'morning': 'des questions de sa demi-journée',
               'afternoon': 'ni pour cette séance ni pour sa demi-journée'},
    }[language]
    for docname in SESSIONS:
        note = page(site, language, docname).select_one('section.guiding-questions .derived-note')
        text = ' '.join(note.get_text().split())
        part = docname.split('/')[1]
        other = 'afternoon' if part == 'morning' else 'morning'
        assert said[part] in text and said[other] not in text, (docname, text)


@pytest.mark.parametrize('language', LANGUAGES)
def test_home_page_promises_only_what_the_site_does(site, language):
    home = text_of(page(site, language, 'index'))
    for promise in ('button that opens', 'the same links lead', 'bouton qui ouvre',
                    'les mêmes liens mènent', 'These are the acts', 'Voici les actes'):
        assert promise not in home
    assert {'en': 'language switch', 'fr': 'sélecteur de langue'}[language] in home


def test_english_says_proceedings_not_acts(site):
    for path in html_pages(site, 'en'):
        soup = BeautifulSoup(path.read_text('utf-8'), 'html.parser')
        if soup.find('article') is None:
            continue
        # "Acts" only where the source itself says it: the downloads of the sidebar.
        prose = re.sub(r'https?://\S+', '', text_of(soup))  # the tests' host is acts.example.org
        assert not re.search(r'\bacts\b', prose, re.I), path


EDITORIAL_NOTE = {
    'en': ('Editorial note', ['holds no transcripts', 'name no speaker',
                              'The French edition’s titles are the book’s translations']),
    'fr': ('Avertissement', ['aucune transcription', 'ne nomment aucune des personnes',
                             'Ceux de l’édition en français en sont des traductions']),
}


@pytest.mark.parametrize('language', LANGUAGES)
def test_editorial_note_in_every_edition_and_format(site, language):
    title, sentences = EDITORIAL_NOTE[language]
    soup = page(site, language, 'chapters/editorial-note')
    assert title_of(soup) == title
    text = text_of(soup)
    for sentence in sentences:
        assert sentence in text
    # In the book's table of contents, first of the chapters.
    home = page(site, language, 'index')
    toc = [a['href'] for a in home.select('article .toctree-wrapper a.reference.internal')]
    assert toc[0] == 'chapters/editorial-note.html'
    pdf = pdf_text(site / language / f'{SLUG}-{language}.pdf')
    for sentence in sentences:
        assert ' '.join(sentence.split()).replace(' ', '') in pdf.replace(' ', '')
    with zipfile.ZipFile(site / language / f'{SLUG}-{language}.epub') as epub:
        xhtml = BeautifulSoup(epub.read('chapters/editorial-note.xhtml'), 'html.parser')
        assert 'chapters/editorial-note.xhtml' in epub.read('toc.ncx').decode('utf-8')
    assert title in xhtml.get_text() and sentences[0] in ' '.join(xhtml.get_text().split())


#: Dates in the other form than the book's, in each language.
OTHER_DATE_FORMS = {'en': re.compile(r'(January|February|March|April|May|June|July|August|'
                                     r'September|October|November|December) \d{1,2}, \d{4}'
                                     r'|\d{1,2}/\d{1,2}/\d{4}'),
                    'fr': re.compile(r'\d{1,2}/\d{1,2}/\d{4}|\b(November|novembre) \d{1,2}, \d{4}')}


@pytest.mark.parametrize('language', LANGUAGES)
def test_one_date_format_per_language(site, language):
    date = {'en': '7 November 2018', 'fr': '7\u00a0novembre 2018'}[language]
    found = 0
    for path in html_pages(site, language):
        soup = BeautifulSoup(path.read_text('utf-8'), 'html.parser')
        if soup.find('article') is None:
            continue
        text = text_of(soup)
        assert not OTHER_DATE_FORMS[language].search(text), path
        found += text.replace('\u00a0', ' ').count(date.replace('\u00a0', ' '))
    assert found >= len(SESSIONS) + 2  # every reference, the home page, the programme
    home = page(site, language, 'index')
    assert home.select_one('p.book-citation').get_text().endswith(
        {'en': ', 7 November 2018.', 'fr': ', 7 novembre 2018.'}[language])
    pdf = pdf_text(site / language / f'{SLUG}-{language}.pdf')
    assert not OTHER_DATE_FORMS[language].search(pdf)


@pytest.mark.parametrize('language', LANGUAGES)
def test_the_book_is_cited_with_one_editor(site, language):
    citation = page(site, language, 'index').select_one('p.book-citation')
    text = citation.get_text()
    assert text.startswith({'en': 'EXPEERTs research programme (ed.), ',
                            'fr': 'Programme de recherche EXPAIRs (dir.), '}[language])
    home = page(site, language, 'index')
    book = f'{title_of(home)}. {home.select_one("p.book-subtitle").get_text()}'
    assert citation.find('em').get_text() == book  # the book's title in italics
    bib = (site / language / f'{SLUG}-{language}.bib').read_text('utf-8')
    assert re.search(r'^  title = \{\{(EXPEERTs|Journée)\} ', bib, re.M)
    assert '{EXPEERTs}' in bib or '{EXPAIRs}' in bib


# -- Pending recordings ---------------------------------------------------------------


@pytest.mark.parametrize('language', LANGUAGES)
def test_every_recording_of_the_book_is_pending_today(site, language):
    assert set(SESSIONS.values()) == {PLATFORM}
    bib = (site / language / f'{SLUG}-{language}.bib').read_text('utf-8')
    assert bib.count({'en': 'its own address is not yet known',
                      'fr': 'son adresse propre n’est pas encore connue'}[language]) == len(SESSIONS)
    assert f'Recording: {PLATFORM}' not in bib and f'Enregistrement : {PLATFORM}' not in bib
    pdf = pdf_text(site / language / f'{SLUG}-{language}.pdf')
    assert pdf.replace(' ', '').count(PENDING_NOTE[language].replace(' ', '')) == len(SESSIONS)


@pytest.fixture(scope='session')
def site_with_one_recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole book, from a copy of the project where one session has its own address."""
    import shutil

    from proceedings.cli.publish import publish

    work = tmp_path_factory.mktemp('one-recording')
    copy = work / 'project'
    shutil.copytree(PROJECT, copy, ignore=shutil.ignore_patterns(
        '_build', '.venv', '.git', '.pytest_cache', '__pycache__', '*.mo', 'node_modules'))
    chapter = copy / f'{KNOWN}.md'
    text = chapter.read_text('utf-8')
    assert f'```{{podcast}} {PLATFORM}\n' in text
    chapter.write_text(text.replace(f'```{{podcast}} {PLATFORM}\n',
                                    f'```{{podcast}} {KNOWN_ADDRESS}\n'), 'utf-8')
    publish(copy, work / 'build', copy / 'site', base_url=BASE_URL)
    return copy / 'site'


@pytest.mark.parametrize('language', LANGUAGES)
def test_one_field_decides_how_a_recording_reads_in_html(site_with_one_recording, language):
    site = site_with_one_recording
    for docname in SESSIONS:
        soup = page(site, language, docname)
        podcast = soup.select_one('div.podcast')
        link = podcast.select_one('a.recording-link')
        note = podcast.select_one('p.podcast-pending-note')
        bibtex = soup.select_one('div.highlight-bibtex').get_text()
        data = json_ld(soup)
        if docname == KNOWN:
            assert link['href'] == KNOWN_ADDRESS and link.get_text() == KNOWN_LABEL[language]
            assert 'pending' not in link['class'] and note is None
            assert KNOWN_ADDRESS in bibtex and 'not yet known' not in bibtex
            assert data['recordedIn']['url'] == KNOWN_ADDRESS
            assert data['recordedIn']['@type'] == 'AudioObject'
        else:
            assert link['href'] == PLATFORM and link.get_text() == PENDING_LABEL[language]
            assert 'pending' in link['class']
            assert ' '.join(note.get_text().split()).startswith(PENDING_NOTE[language])
            # How to find it: by the title, which the French edition gives as the source does.
            if language == 'fr':
                english = title_of(page(site, 'en', docname))
                assert f'«\u00a0{english}\u00a0»' in note.get_text()
            assert PLATFORM not in bibtex
            assert {'en': 'not yet known', 'fr': 'pas encore connue'}[language] in bibtex
            assert 'recordedIn' not in data
    home = json_ld(page(site, language, 'index'))
    recorded = [event for event in home['subEvent'] if 'recordedIn' in event]
    assert [event['recordedIn']['url'] for event in recorded] == [KNOWN_ADDRESS]
    programme = page(site, language, 'chapters/resources')
    recordings = programme.select('li.programme-session a.recording-link')
    assert [a['href'] for a in recordings] == [KNOWN_ADDRESS]
    platforms = programme.select('li.programme-session a.platform-link')
    assert len(platforms) == len(SESSIONS) - 1
    assert all(a['href'] == PLATFORM and a.get_text() == 'L’aire d’U' for a in platforms)


@pytest.mark.parametrize('language', LANGUAGES)
def test_one_field_decides_how_a_recording_reads_in_print(site_with_one_recording, language):
    import pypdfium2
    import zxingcpp

    site = site_with_one_recording
    path = site / language / f'{SLUG}-{language}.pdf'
    document = pypdfium2.PdfDocument(path)
    codes = [code.text for number in range(len(document))
             for code in zxingcpp.read_barcodes(document[number].render(scale=3).to_numpy())
             if code.format == zxingcpp.BarcodeFormat.QRCode]
    assert codes == [KNOWN_ADDRESS]  # no QR code that would pass the platform for a recording
    text = pdf_text(path).replace(' ', '')
    assert text.count(PENDING_NOTE[language].replace(' ', '')) == len(SESSIONS) - 1
    assert text.count(PENDING_LABEL[language].replace(' ', '')) == len(SESSIONS) - 1
    assert text.count(KNOWN_LABEL[language].replace(' ', '')) == 1
    links = [a.get_object().get('/A', {}).get('/URI') for p in PdfReader(path).pages
             for a in p.get('/Annots', [])]
    assert KNOWN_ADDRESS in links

    with zipfile.ZipFile(site / language / f'{SLUG}-{language}.epub') as epub:
        for docname in SESSIONS:
            soup = BeautifulSoup(epub.read(f'{docname}.xhtml'), 'html.parser')
            note = soup.select_one('p.podcast-pending-note')
            link = soup.select_one('div.podcast a')
            if docname == KNOWN:
                assert note is None and link['href'] == KNOWN_ADDRESS
                assert link.get_text() == KNOWN_LABEL[language]
            else:
                assert PENDING_NOTE[language] in ' '.join(note.get_text().split())
                assert link.get_text() == PENDING_LABEL[language]


def run_make(project: Path, *targets: str) -> subprocess.CompletedProcess:
    venv = Path(sys.prefix)
    return subprocess.run(
        ['make', '--no-print-directory', '-C', str(project), f'VENV={venv}',
         '-o', f'{venv}/.installed', *targets],
        capture_output=True, text=True, check=False,
    )


def test_make_stats_counts_the_pending_recordings(project):
    result = run_make(project, 'stats')
    assert result.returncode == 0, result.stdout + result.stderr
    assert f'Recordings: {len(SESSIONS)} of {len(SESSIONS)} still pending' in result.stdout
    for docname in SESSIONS:
        assert f'{docname}.md:' in result.stdout
    chapter = project / f'{KNOWN}.md'
    chapter.write_text(chapter.read_text('utf-8').replace(
        f'```{{podcast}} {PLATFORM}\n', f'```{{podcast}} {KNOWN_ADDRESS}\n'), 'utf-8')
    result = run_make(project, 'stats')
    assert f'Recordings: {len(SESSIONS) - 1} of {len(SESSIONS)} still pending' in result.stdout
    assert f'{KNOWN}.md:' not in result.stdout


def test_make_book_reports_the_pending_recordings(monkeypatch, capsys):
    # The count `make book` prints after publishing, from the book's own sources (the
    # build itself is what every other test of the real book checks).
    from proceedings.cli import main, publish

    monkeypatch.setattr(publish, 'publish', lambda *args, **kwargs: [])
    assert main.main(['publish', '--source', str(PROJECT), '--out', '/nonexistent/site']) == 0
    out = capsys.readouterr().out
    assert f'Recordings: {len(SESSIONS)} of {len(SESSIONS)} still pending' in out
    assert 'chapters/morning/plenary-what-are-we-talking-about.md:' in out
