"""The real book, built as `make book` builds it: what readers of each edition get."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from pypdf import PdfReader

from testing import LANGUAGES, PLATFORM, PROJECT, SESSIONS, SLUG, html_pages, outline_entries, page, title_of

pytestmark = pytest.mark.builds

FRENCH_PUNCTUATION = re.compile(r'(\w|[»)]) ([:;?!])|\w\'\w|« | »')


def chapter_docnames(site: Path) -> list[str]:
    root = site / 'en'
    return sorted(p.relative_to(root).with_suffix('').as_posix()
                  for p in (root / 'chapters').rglob('*.html'))


def test_the_book_has_four_sessions():
    assert len(SESSIONS) == 4


def test_root_sends_readers_to_their_language(site):
    soup = BeautifulSoup((site / 'index.html').read_text('utf-8'), 'html.parser')
    script = soup.find('script', src='choose-language.js')
    assert script['data-languages'] == 'en fr'
    assert 'navigator.languages' in (site / 'choose-language.js').read_text('utf-8')
    # Without JavaScript, a plain list of both editions, each in its own language.
    for language in LANGUAGES:
        item = soup.find('li', lang=language)
        link = item.find('a', href=f'{language}/index.html')
        assert link and (site / language / 'index.html').is_file()
    assert 'Journée d’étude EXPAIRs 2018' in soup.find('li', lang='fr').get_text()
    assert 'EXPEERTs Study Day 2018' in soup.find('li', lang='en').get_text()


@pytest.mark.parametrize('language', LANGUAGES)
@pytest.mark.parametrize('docname', sorted(SESSIONS))
def test_session_page(site, language, docname):
    soup = page(site, language, docname)
    assert soup.html['lang'] == language
    questions = soup.find('section', class_='guiding-questions')
    assert len(questions.find_all('li')) >= 2
    summary = soup.find('section', class_='summary')
    paragraphs = [p for p in summary.find_all('p') if 'rubric' not in p.get('class', [])]
    assert 1 <= len(paragraphs) <= 3
    link = soup.find('div', class_='podcast').find('a')
    assert link['href'] == SESSIONS[docname]
    assert link['hreflang'] == 'fr'
    if SESSIONS[docname] == PLATFORM:
        # Pending: the link is labelled as the platform, never as the recording.
        label = {'en': 'Find the recording on L’aire d’U (in French)',
                 'fr': 'Trouver l’enregistrement sur L’aire d’U (en français)'}[language]
        assert 'pending' in link['class']
        assert soup.select_one('div.podcast p.podcast-pending-note')
    else:
        label = {'en': 'Listen to the recording (in French)',
                 'fr': 'Écouter l’enregistrement (en français)'}[language]
    assert link.get_text() == label


@pytest.mark.parametrize('docname', sorted(SESSIONS))
def test_french_session_pages_are_in_french(site, docname):
    english, french = page(site, 'en', docname), page(site, 'fr', docname)
    assert not french.find(class_='untranslated')
    for selector in ('h1', 'section.guiding-questions', 'section.summary', '.session-meta-line'):
        assert english.select_one(selector).get_text() != french.select_one(selector).get_text()
    text = french.find('article').get_text()
    assert 'Questions directrices' in text and 'Résumé' in text
    assert 'Guiding questions' not in text and 'Summary' not in text


@pytest.mark.parametrize('language', LANGUAGES)
def test_every_page_links_its_pdf_and_its_twin(site, language):
    other = {'en': 'fr', 'fr': 'en'}[language]
    pages = html_pages(site, language)
    assert len(pages) >= 10
    for path in pages:
        soup = BeautifulSoup(path.read_text('utf-8'), 'html.parser')
        url = path.as_uri()
        pdf = soup.find('a', class_='download', type='application/pdf')
        assert urlsplit(urljoin(url, pdf['href'])).path == (site / language / f'{SLUG}-{language}.pdf').as_posix(), path
        twin = soup.find('a', class_='edition-switch', hreflang=other)
        target = Path(urlsplit(urljoin(url, twin['href'])).path)
        assert target == site / other / path.relative_to(site / language), path
        assert target.is_file()


def test_french_edition_uses_french_words_and_typography(site):
    for path in html_pages(site, 'fr'):
        soup = BeautifulSoup(path.read_text('utf-8'), 'html.parser')
        assert soup.html['lang'] == 'fr'
        text = soup.get_text()
        assert 'Back to top' not in text and 'Previous' not in text, path
        article = soup.find('article')
        for script in article.find_all(['script', 'style']):
            script.decompose()
        prose = article.get_text()
        assert not FRENCH_PUNCTUATION.search(prose), (path, FRENCH_PUNCTUATION.search(prose))
    home = page(site, 'fr', 'index')
    assert 'Retour en haut' in home.get_text()
    assert 'Télécharger les actes' in home.get_text()


@pytest.mark.parametrize('language', LANGUAGES)
def test_pdf(site, language):
    reader = PdfReader(site / language / f'{SLUG}-{language}.pdf')
    home = page(site, language, 'index')
    assert reader.metadata.title == title_of(home)
    assert reader.metadata.author == {'en': 'EXPEERTs research programme',
                                      'fr': 'Programme de recherche EXPAIRs'}[language]
    assert reader.trailer['/Root']['/Lang'] == language
    text = ' '.join(' '.join(p.extract_text() for p in reader.pages).split())
    bookmarks = [entry.title for entry in outline_entries(reader.outline)]
    for docname in chapter_docnames(site):
        title = title_of(page(site, language, docname))
        assert ' '.join(title.split()) in text, title  # extraction loses no-break spaces
        assert title in bookmarks, title
    for address in SESSIONS.values():
        assert address in str([a.get_object() for p in reader.pages for a in p.get('/Annots', [])])
    # The copyright line is not the book's matter to invent; the editorial note is.
    note = title_of(page(site, language, 'chapters/editorial-note'))
    assert note in bookmarks


def test_french_pdf_is_set_with_babel_french(builddir):
    tex = (builddir / 'fr' / 'latex' / f'{SLUG}-fr.tex').read_text('utf-8')
    assert re.search(r'\\documentclass\[[^]]*french[^]]*\]\{sphinxmanual\}', tex)
    # English too, for the names and passages of the French edition in English.
    assert '\\usepackage[english,main=french]{babel}' in tex
    assert 'polyglossia' not in tex
    assert r'\DUrole{language-en}{Housing First}' in tex


@pytest.mark.parametrize('language', LANGUAGES)
def test_epub(site, language):
    path = site / language / f'{SLUG}-{language}.epub'
    with zipfile.ZipFile(path) as epub:
        assert epub.testzip() is None
        assert epub.namelist()[0] == 'mimetype'
        assert epub.read('mimetype') == b'application/epub+zip'
        opf = epub.read('content.opf').decode('utf-8')
        chapter = epub.read(f'{sorted(SESSIONS)[0]}.xhtml').decode('utf-8')
    assert f'<dc:language>{language}</dc:language>' in opf
    assert SESSIONS[sorted(SESSIONS)[0]] in chapter


def test_french_catalogues_are_complete():
    catalogues = sorted((PROJECT / 'locale' / 'fr' / 'LC_MESSAGES').rglob('*.po'))
    assert {p.name for p in catalogues} >= {'sphinx.po', 'proceedings.po', 'index.po'}
    for path in catalogues:
        with path.open('rb') as f:
            catalogue = read_po(f)
        for message in catalogue:
            if message.id:
                assert message.string, f'{path}: untranslated: {message.id!r}'
                assert not message.fuzzy, f'{path}: fuzzy: {message.id!r}'


@pytest.mark.parametrize('language', LANGUAGES)
def test_pages_load_nothing_from_other_hosts(site, language):
    for path in html_pages(site, language):
        soup = BeautifulSoup(path.read_text('utf-8'), 'html.parser')
        loaded = [tag.get('src') for tag in soup.find_all(['script', 'img', 'iframe', 'audio', 'source'])]
        fetched = {'stylesheet', 'icon', 'preload', 'prefetch', 'modulepreload', 'manifest'}
        loaded += [tag.get('href') for tag in soup.find_all('link')
                   if fetched & set(tag.get('rel', []))]
        for address in filter(None, loaded):
            assert not urlsplit(address).netloc and not address.startswith('//'), (path, address)
