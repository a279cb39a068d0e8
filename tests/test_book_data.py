"""The real book: what the session data give readers, indexers and printers."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from importlib import import_module
from xml.etree import ElementTree
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from sphinx.search import languages

from proceedings.core.citation import bibtex_title
from testing import BASE_URL, LANGUAGES, PLATFORM, PROJECT, SESSIONS, SLUG, html_pages, page, title_of

pytestmark = pytest.mark.builds

KINDS = {'en': {'plenary': 'Plenary', 'round-table': 'Round table'},
         'fr': {'plenary': 'Plénière', 'round-table': 'Table ronde'}}


def toctree_entries(path: Path) -> list[str]:
    block = re.search(r'```\{toctree\}\n(.*?)```', path.read_text('utf-8'), re.S).group(1)
    return [line.strip() for line in block.splitlines() if line.strip() and not line.startswith(':')]


def programme_in_sources() -> list[tuple[str, list[tuple[str, str]]]]:
    """The parts and their sessions, in the order of the tables of contents."""
    programme = []
    for entry in toctree_entries(PROJECT / 'index.md'):
        part_page = PROJECT / f'{entry}.md'
        if '```{day-part}' not in part_page.read_text('utf-8'):
            continue
        sessions = []
        for child in toctree_entries(part_page):
            docname = f'{Path(entry).parent.as_posix()}/{child}'
            kind = re.search(r':kind: (\S+)', (PROJECT / f'{docname}.md').read_text('utf-8')).group(1)
            sessions.append((kind, docname))
        programme.append((entry, sessions))
    return programme


PROGRAMME = programme_in_sources()


def test_the_programme_has_two_parts_of_two_sessions():
    assert [len(sessions) for _part, sessions in PROGRAMME] == [2, 2]
    assert sorted(d for _p, sessions in PROGRAMME for _k, d in sessions) == sorted(SESSIONS)


@pytest.mark.parametrize('language', LANGUAGES)
def test_programme_page_lists_every_session_in_order(site, language):
    soup = page(site, language, 'chapters/resources')
    parts = soup.select('p.programme-part')
    assert len(parts) == len(PROGRAMME)
    for part, (part_doc, sessions) in zip(parts, PROGRAMME, strict=True):
        assert part.get_text() == title_of(page(site, language, part_doc))
        items = part.find_next_sibling('ul').select('li.programme-session')
        assert len(items) == len(sessions)
        for item, (kind, docname) in zip(items, sessions, strict=True):
            assert item.select_one('.session-kind').get_text() == KINDS[language][kind]
            chapter = item.find('a', class_='internal')
            assert chapter.get_text() == title_of(page(site, language, docname))
            assert chapter['href'] == Path(docname).relative_to('chapters').as_posix() + '.html'
            if SESSIONS[docname] == PLATFORM:
                # Pending: the programme names the platform, and links no recording.
                assert not item.select_one('a.recording-link')
                platform = item.select_one('a.platform-link')
                assert platform['href'] == PLATFORM and platform.get_text() == 'L’aire d’U'
            else:
                recording = item.select_one('a.recording-link')
                assert recording['href'] == SESSIONS[docname] and recording['hreflang'] == 'fr'


@pytest.mark.parametrize('language', LANGUAGES)
def test_programme_is_in_the_pdf_and_the_epub(site, language):
    titles = [title_of(page(site, language, d)) for _p, sessions in PROGRAMME for _k, d in sessions]
    reader = PdfReader(site / language / f'{SLUG}-{language}.pdf')
    text = ' '.join(' '.join(p.extract_text() for p in reader.pages).split())
    programme = text[text.rindex(' '.join(title_of(page(site, language, 'chapters/resources')).split())):]
    # Without spaces: pypdf loses some in justified XeTeX lines (a longer line, a lost space).
    programme = ''.join(programme.split())
    positions = [programme.index(''.join(title.split())) for title in titles]
    assert positions == sorted(positions)
    with zipfile.ZipFile(site / language / f'{SLUG}-{language}.epub') as epub:
        soup = BeautifulSoup(epub.read('chapters/resources.xhtml'), 'html.parser')
    assert [li.find('a').get_text() for li in soup.select('li.programme-session')] == titles


@pytest.mark.parametrize('language', LANGUAGES)
@pytest.mark.parametrize('docname', sorted(SESSIONS))
def test_session_page_cites_itself(site, language, docname):
    soup = page(site, language, docname)
    title = title_of(page(site, language, docname))
    url = f'{BASE_URL}{language}/{docname}.html'
    block = soup.select_one('section.chapter-citation')
    assert block.find('h2').get_text() == {'en': 'Cite this chapter', 'fr': 'Citer ce chapitre'}[language]
    reference = block.select_one('p.chapter-reference')
    quoted = {'en': f'“{title}”, in ', 'fr': f'«\u00a0{title}\u00a0», dans '}[language]
    assert reference.get_text().startswith(quoted) and reference.get_text().endswith(url)
    # One corporate editor: (ed.) in English, (dir.) in French; the book's title in italics.
    assert {'en': ' (ed.), ', 'fr': ' (dir.), '}[language] in reference.get_text()
    assert '(eds.)' not in reference.get_text()
    assert reference.find('em').get_text().startswith(title_of(page(site, language, 'index')))
    bibtex = block.select_one('div.highlight-bibtex').get_text()
    assert bibtex.startswith('@inproceedings{') and f'title = {{{bibtex_title(title)}}}' in bibtex
    assert '{EXPEERTs}' in bibtex or '{EXPAIRs}' in bibtex  # capitals protected
    download = block.select_one('p.bibtex-download a')
    bib = (site / language / docname).parent / download['href']
    assert bib.read_text('utf-8').strip() == bibtex.strip()
    book_bib = (site / language / f'{SLUG}-{language}.bib').read_text('utf-8')
    assert bibtex.strip() in book_bib and book_bib.startswith('@proceedings{')


def meta(soup: BeautifulSoup, key: str) -> list[str]:
    return [tag['content'] for tag in soup.find_all('meta', attrs={'name': key})
            + soup.find_all('meta', attrs={'property': key})]


@pytest.mark.parametrize('language', LANGUAGES)
@pytest.mark.parametrize('docname', sorted(SESSIONS))
def test_session_page_head_tags(site, language, docname):
    soup = page(site, language, docname)
    title = title_of(page(site, language, docname))
    home = title_of(page(site, language, 'index'))
    url = f'{BASE_URL}{language}/{docname}.html'
    assert meta(soup, 'citation_title') == [title]
    assert meta(soup, 'citation_conference_title') == [
        {'en': 'EXPEERTs Study Day 2018', 'fr': 'Journée d’étude EXPAIRs 2018'}[language]]
    assert meta(soup, 'citation_date') == ['2018/11/07']
    assert meta(soup, 'citation_language') == [language]
    assert meta(soup, 'citation_pdf_url') == [f'{BASE_URL}{language}/{SLUG}-{language}.pdf']
    assert meta(soup, 'og:title') == [title] and meta(soup, 'og:site_name') == [home]
    assert meta(soup, 'og:url') == [url] and meta(soup, 'og:type') == ['article']
    assert meta(soup, 'og:locale') == [{'en': 'en_US', 'fr': 'fr_FR'}[language]]
    summary = soup.select_one('section.summary p').get_text()
    assert meta(soup, 'description') == [summary] == meta(soup, 'og:description')
    data = json.loads(soup.find('script', type='application/ld+json').string)
    assert data['@type'] == 'Event' and data['name'] == title and data['url'] == url
    assert data['superEvent']['startDate'] == '2018-11-07'
    if SESSIONS[docname] == PLATFORM:
        assert 'recordedIn' not in data  # the platform's home page is not the recording
    else:
        assert data['recordedIn'] == {'@type': 'AudioObject', 'name': title,
                                      'url': SESSIONS[docname], 'inLanguage': 'fr'}
    alternates = {link['hreflang']: link['href']
                  for link in soup.find_all('link', rel='alternate', hreflang=True)}
    assert alternates == {code: f'{BASE_URL}{code}/{docname}.html' for code in LANGUAGES}


@pytest.mark.parametrize('language', LANGUAGES)
def test_home_page_describes_the_day(site, language):
    soup = page(site, language, 'index')
    data = json.loads(soup.find('script', type='application/ld+json').string)
    assert data['@type'] == 'Event' and data['startDate'] == '2018-11-07'
    assert [event.get('recordedIn', {}).get('url') for event in data['subEvent']] == [
        None if SESSIONS[d] == PLATFORM else SESSIONS[d]
        for _p, sessions in PROGRAMME for _k, d in sessions]


@pytest.mark.parametrize('language', LANGUAGES)
def test_sitemap_lists_every_page_with_its_twins(site, language):
    namespaces = {'s': 'http://www.sitemaps.org/schemas/sitemap/0.9',
                  'x': 'http://www.w3.org/1999/xhtml'}
    urls = ElementTree.parse(site / language / 'sitemap.xml').getroot().findall('s:url', namespaces)
    listed = {url.find('s:loc', namespaces).text for url in urls}
    root = site / language
    pages = {f'{BASE_URL}{language}/{p.relative_to(root).as_posix()}' for p in html_pages(site, language)
             if p.name not in {'404.html', 'search.html', 'genindex.html'}}
    assert listed == pages
    for url in urls:
        loc = url.find('s:loc', namespaces).text
        twins = {link.get('hreflang'): link.get('href') for link in url.findall('x:link', namespaces)}
        assert twins == {code: loc.replace(f'/{language}/', f'/{code}/', 1) for code in LANGUAGES}


@pytest.mark.parametrize('language', LANGUAGES)
def test_not_found_page_in_each_language(site, language):
    soup = page(site, language, '404')
    assert soup.find('base')['href'] == f'{BASE_URL}{language}/404.html'
    assert title_of(soup) == {'en': 'Page not found', 'fr': 'Page introuvable'}[language]
    assert soup.find('article').find('a', href='index.html')


def test_search_uses_each_language_stemmer(site):
    english = (site / 'en' / 'searchindex.js').read_text('utf-8')
    french = (site / 'fr' / 'searchindex.js').read_text('utf-8')
    assert '"practic"' in english   # practices, practice
    assert '"pratiqu"' in french    # pratiques, pratique
    assert '"pratiqu"' not in english


#: Forms that a reader may type and that the book's pages may not hold.
TYPED = {'en': ['Supporting', 'supporters', 'PEERS', 'recovery', 'recovered', 'organisations'],
         'fr': ['Pair-aidantes', 'accompagnées', 'l’accompagnement', 'qu’ils', 'ŒUVRE',
                'rétablissement', 'rétablies', 'évaluées', 'reconnaissance', 'EXPAIRs']}


def browser_stems(site: Path, language: str, words: list[str]) -> dict[str, str]:
    """The stems that the edition's search page computes, with its own language_data.js."""
    node = shutil.which('node') or shutil.which('nodejs')
    assert node, 'Node.js comes with npm, which `make gates` installs'
    script = (site / language / '_static' / 'language_data.js').read_text('utf-8') + """
        const words = JSON.parse(require('fs').readFileSync(0, 'utf8'));
        const stemmer = new Stemmer();
        const stems = {};
        for (const word of words) stems[word] = stemmer.stemWord(word.toLowerCase());
        process.stdout.write(JSON.stringify(stems));
    """
    result = subprocess.run([node, '-e', script], input=json.dumps(words), capture_output=True,
                            text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize('language', LANGUAGES)
def test_search_index_and_search_page_stem_every_word_alike(site, language):
    # The index is stemmed in Python (by PyStemmer when installed, snowballstemmer
    # otherwise), the reader's query in JavaScript: a word found on a page is found by
    # the search only if both give it the same stem.
    words = set(TYPED[language])
    for path in html_pages(site, language):
        article = BeautifulSoup(path.read_text('utf-8'), 'html.parser').find('article')
        if article is not None:
            words |= set(re.findall(r'[^\W\d_]+', article.get_text(' ')))
    assert len(words) > 300
    found = languages[language]
    if isinstance(found, str):
        module, name = found.rsplit('.', 1)
        found = getattr(import_module(module), name)
    python = found({})
    # Stop words are left out on both sides; below three letters, Sphinx's own two English
    # stemmers already differ ('is', 'as', the 's' of "peer’s"), whatever the index uses.
    words = {w for w in words if len(w) > 2 and w.lower() not in python.stopwords}
    javascript = browser_stems(site, language, sorted(words))
    differ = {w: (python.stem(w), javascript[w]) for w in sorted(words)
              if python.stem(w) != javascript[w]}
    assert differ == {}


@pytest.mark.parametrize('language', LANGUAGES)
def test_pdf_reaches_each_recording_from_paper(site, language):
    import pypdfium2
    import zxingcpp

    path = site / language / f'{SLUG}-{language}.pdf'
    document = pypdfium2.PdfDocument(path)
    reader = PdfReader(path)
    decoded, linked = [], []
    for number in range(len(document)):
        codes = zxingcpp.read_barcodes(document[number].render(scale=3).to_numpy())
        texts = [code.text for code in codes if code.format == zxingcpp.BarcodeFormat.QRCode]
        decoded += texts
        links = [annotation.get_object().get('/A', {}).get('/URI')
                 for annotation in reader.pages[number].get('/Annots', [])]
        if texts:
            # The live link sits on the same page as the QR code.
            assert set(texts) <= set(links), (number, texts, links)
        linked += links
    # A pending recording has no QR code: a code would be read as the recording itself.
    assert sorted(decoded) == sorted(a for a in SESSIONS.values() if a != PLATFORM)
    text = ' '.join(reader.pages[0].extract_text().split())
    assert {'en': 'English edition', 'fr': 'Édition en français'}[language] in text
    assert 'pair-aidance' in reader.metadata['/Keywords'] if language == 'fr' else \
        'peer support' in reader.metadata['/Keywords']


def test_citation_cff_is_written_from_book_toml():
    from proceedings.core.cff import citation_cff
    from proceedings.core.identity import load

    assert (PROJECT / 'CITATION.cff').read_text('utf-8') == citation_cff(load(PROJECT / 'book.toml'))
