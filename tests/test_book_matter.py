"""The book's matter and interface, in both languages and every format, on real builds.

- the interface of the French edition has no English left (HTML and EPUB), not even in
  what only a screen reader meets (aria-label, icon titles);
- rights appear only where book.toml states them;
- the PDF's colophon on page 2, no blank page with a running head or folio, no heading
  at the foot of a page, no inverted verb, acronym or heading broken by hyphenation;
- the EPUB's first page and its navigation without duplicates; no empty index page;
- hreflang alternates only with the site's address; browser-tab titles with an en dash.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from testing import BASE_URL, PROJECT
from testing import LANGUAGES, SLUG, html_pages

pytestmark = pytest.mark.builds

#: furo's and Sphinx's English interface words that a French reader must never meet.
FURO_ENGLISH = (
    'Toggle', 'Contents', 'Expand', 'Light mode', 'Dark mode', 'Auto light/dark',
    'Made with', "pradyunsg's", 'Table of Contents', 'Skip to content', 'Back to top',
    'On this page', 'Previous', 'Next', 'Search', 'Copyright', 'Cover',
)
#: Interface words that are the same in both languages.
SAME_IN_BOTH = {'Menu', 'PDF', 'EPUB', 'English', 'Sphinx', 'Furo', 'Introduction'}
PIECE_LABELS = {
    'en': ('Guiding questions', 'Summary', 'Cite this chapter'),
    'fr': ('Questions directrices', 'Résumé', 'Citer ce chapitre'),
}
ONLINE_UNKNOWN = {
    'en': 'its address was not known when this edition was made',
    'fr': 'son adresse n’était pas connue lorsque cette édition a été réalisée',
}


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text('utf-8'), 'html.parser')


def attribute_strings(soup: BeautifulSoup) -> set[str]:
    """Accessible names, titles, placeholders and icon titles of a page."""
    found: set[str] = set()
    for tag in soup.find_all(True):
        for attribute in ('aria-label', 'title', 'placeholder', 'alt'):
            if tag.get(attribute):
                found.add(' '.join(tag[attribute].split()))
    for title in soup.select('svg title, symbol title'):
        found.add(' '.join(title.get_text().split()))
    return found


def interface_strings(soup: BeautifulSoup) -> set[str]:
    """What a reader or a screen reader meets of a page's interface (not its chapters):
    accessible names, titles, placeholders, icon titles, and the words outside the article
    and the navigation's links (which are the chapters' titles)."""
    found = attribute_strings(soup)
    body = soup.body or soup
    for text in body.find_all(string=True):
        if text.find_parent(['article', 'script', 'style', 'title', 'a', 'nav']) is not None:
            continue
        if text.find_parent(class_=['sidebar-tree', 'toc-tree', 'toctree-wrapper']):
            continue
        words = ' '.join(text.split())
        if words:
            found.add(words)
    for link in body.select('footer a, .related-pages .context, .skip-to-content, '
                            '.back-to-top, .sidebar-editions-downloads'):
        found.add(' '.join(link.get_text().split()))
    return {s for s in found if s}


def english_left(french: set[str], english: set[str]) -> list[str]:
    """French interface strings that are English: the English edition's own, or furo's."""
    left = sorted(s for s in french if s in english and s not in SAME_IN_BOTH)
    left += sorted(s for s in french for word in FURO_ENGLISH if word in s)
    return left


# -- The interface in French -------------------------------------------------------------


def test_french_pages_have_no_english_interface(site):
    problems, checked = [], 0
    for path in html_pages(site, 'fr'):
        twin = site / 'en' / path.relative_to(site / 'fr')
        french = interface_strings(soup_of(path))
        english = interface_strings(soup_of(twin))
        checked += len(french)
        problems += [f'{path.relative_to(site)}: {s!r}' for s in english_left(french, english)]
    assert checked >= 20 * len(html_pages(site, 'fr'))
    assert not problems, '\n'.join(problems)
    home = soup_of(site / 'fr' / 'index.html')
    labels = {tag['aria-label'] for tag in home.find_all(attrs={'aria-label': True})}
    # Each of furo's controls has its French name, the expanders with the part they open.
    assert {'Afficher ou masquer la navigation du site',
            'Changer de thème\u00a0: clair, sombre ou automatique'} <= labels
    assert any(label.startswith('Déplier ou replier «\u00a0Matin') for label in labels), labels
    assert {t.get_text() for t in home.select('symbol title')} >= {'Sommaire', 'Mode clair'}
    assert 'Réalisé avec Sphinx et Furo' in ' '.join(home.find('footer').get_text().split())


def test_precomputed_and_furo_navigation_are_both_translated(tmp_path):
    """The expanders' labels in French whether the extension or furo computes the tree."""
    for precompute in (True, False):
        out = tmp_path / str(precompute)
        subprocess.run(
            [sys.executable, '-m', 'sphinx', '-b', 'html', '-q', str(PROJECT), str(out),
             '-d', str(tmp_path / f'doctrees-{precompute}'), '-D', 'language=fr',
             '-D', f'proceedings_precompute_navigation={int(precompute)}'],
            check=True, capture_output=True, timeout=300)
        soup = soup_of(out / 'chapters' / 'introduction.html')
        labels = [box['aria-label'] for box in soup.select('input.toctree-checkbox')]
        assert labels and all(label.startswith('Déplier ou replier «\u00a0') for label in labels), \
            (precompute, labels)


def epub_files(site: Path, language: str) -> dict[str, str]:
    with zipfile.ZipFile(site / language / f'{SLUG}-{language}.epub') as epub:
        return {name: epub.read(name).decode('utf-8') for name in epub.namelist()
                if name.endswith(('.xhtml', '.opf', '.ncx'))}


def test_french_epub_has_no_english_interface(site):
    french, english = epub_files(site, 'fr'), epub_files(site, 'en')
    problems = []
    # The EPUB's pages are all text but for their labels and titles (its theme has no
    # interface around the text).
    for name, text in french.items():
        if name.endswith('.xhtml'):
            strings = attribute_strings(BeautifulSoup(text, 'html.parser'))
            twin = attribute_strings(BeautifulSoup(english[name], 'html.parser'))
            problems += [f'{name}: {s!r}' for s in english_left(strings, twin)]
    guide = re.findall(r'<reference type="(\w+)" title="([^"]*)"', french['content.opf'])
    nav = BeautifulSoup(french['nav.xhtml'], 'html.parser')
    assert guide == [('toc', 'Sommaire')]
    assert nav.title.get_text() == nav.h1.get_text() == 'Sommaire'
    assert not problems, '\n'.join(problems)


def test_browser_tab_titles_use_a_spaced_en_dash(site):
    for language in LANGUAGES:
        for path in html_pages(site, language):
            title = soup_of(path).title.get_text()
            if path.name == 'index.html' and path.parent == site / language:
                assert '–' not in title
                continue
            assert ' - ' not in title, title
            assert '\u00a0– ' in title, (path, title)


# -- Rights -----------------------------------------------------------------------------


def test_no_rights_are_claimed_where_book_toml_states_none(site):
    for language in LANGUAGES:
        for path in html_pages(site, language):
            footer = soup_of(path).find('footer')
            text = footer.get_text()
            assert '©' not in text and 'Copyright' not in text, path
        opf = epub_files(site, language)['content.opf']
        rights = re.search(r'<dc:rights>([^<]*)</dc:rights>', opf)[1]
        assert rights == {'en': 'Rights not stated by the editors',
                          'fr': 'Droits non précisés par les éditeurs'}[language]
        colophon = PdfReader(site / language / f'{SLUG}-{language}.pdf').pages[1].extract_text()
        assert 'Rights' not in colophon and 'Droits' not in colophon and '©' not in colophon


def test_rights_appear_where_book_toml_states_them(project, tmp_path):
    book = project / 'book.toml'
    rights = '© 2018 The authors & contributors, 100% CC BY 4.0'
    licence = 'https://creativecommons.org/licenses/by/4.0/'
    book.write_text(book.read_text('utf-8').replace(
        'base_url = ""', f'base_url = ""\nrights = "{rights}"\nlicence_url = "{licence}"'),
        'utf-8')
    for builder in ('html', 'epub', 'latex'):
        subprocess.run([sys.executable, '-m', 'sphinx', '-b', builder, '-q', '-W',
                        str(project), str(tmp_path / builder), '-d', str(tmp_path / 'doctrees')],
                       check=True, capture_output=True, timeout=300)
    footer = soup_of(tmp_path / 'html' / 'chapters' / 'introduction.html').find('footer')
    link = footer.find('a', rel='license')
    assert link['href'] == licence and link.get_text() == rights
    opf = (tmp_path / 'epub' / 'content.opf').read_text('utf-8')
    assert '<dc:rights>© 2018 The authors &amp; contributors, 100% CC BY 4.0</dc:rights>' in opf
    tex = (tmp_path / 'latex' / f'{SLUG}-en.tex').read_text('utf-8')
    # In the colophon, escaped for LaTeX where it lands.
    assert (r'\textbf{Rights}: © 2018 The authors \& contributors, 100\% CC BY 4.0 '
            r'(\sphinxurl{https://creativecommons.org/licenses/by/4.0/})') in tex


@pytest.mark.parametrize(('line', 'message'), [
    ('rights = 2018', 'rights must be text'),
    ('licence_url = "https://creativecommons.org/licenses/by/4.0/"', 'needs the rights'),
    ('rights = "CC BY"\nlicence_url = "javascript:alert(1)"', 'licence_url must be'),
    ('rights = "CC\\u0000BY"', 'control character'),
])
def test_a_wrong_rights_statement_is_refused(tmp_path, line, message):
    from proceedings.core.identity import IdentityError, load

    book = tmp_path / 'book.toml'
    book.write_text((PROJECT / 'book.toml').read_text('utf-8').replace(
        'base_url = ""', f'base_url = ""\n{line}'), 'utf-8')
    with pytest.raises(IdentityError, match=message):
        load(book)


# -- The PDF -------------------------------------------------------------------------------


def pdf_lines(page) -> list[str]:
    return [line.strip() for line in page.extract_text().splitlines() if line.strip()]


@pytest.mark.parametrize('language', LANGUAGES)
def test_colophon_on_the_verso_of_the_title_page(site, default_site, language):
    other = {'en': 'fr', 'fr': 'en'}[language]
    for built, online in ((site, f'{BASE_URL}{language}/'), (default_site, None)):
        reader = PdfReader(built / language / f'{SLUG}-{language}.pdf')
        text = ' '.join(reader.pages[1].extract_text().replace('\u00a0', ' ').split())
        labels = {'en': ('Event:', 'Publisher:', 'Edition:', 'Online edition:',
                         'Other languages:', 'How to cite:'),
                  'fr': ('Événement :', 'Éditeur :', 'Édition :', 'Édition en ligne :',
                         'Autres langues :', 'Pour citer cet ouvrage :')}[language]
        for label in labels:
            assert label in text, (label, text)
        assert {'en': 'EXPEERTs research programme',
                'fr': 'Programme de recherche EXPAIRs'}[language] in text
        assert {'en': 'English edition of', 'fr': 'édition en français du'}[language] in text
        assert f'{SLUG}-{other}.pdf' in text
        if online:
            assert online in text and f'{BASE_URL}{other}/' in text
            uris = [str(a.get_object()['/A']['/URI']) for a in reader.pages[1]['/Annots']]
            assert online in uris
        else:
            assert ONLINE_UNKNOWN[language] in text and 'https://' not in text
        # The title page before it, the contents after it.
        assert {'en': 'English edition', 'fr': 'Édition en français'}[language] in (
            reader.pages[0].extract_text())
        assert reader.get_destination_page_number(reader.outline[0]) > 1


def running_head(reader: PdfReader) -> str:
    return re.sub(r'\s+', '', reader.metadata.title)


def body_lines(reader: PdfReader, page) -> list[str]:
    """A page's lines without its running head and its folio line."""
    lines = pdf_lines(page)
    if lines and re.sub(r'\s+', '', lines[0]) == running_head(reader):
        lines = lines[1:]
    if lines and re.fullmatch(r'[ivxlc]+|\d+|\d+\s+\S.*|.*\S\s+\d+', lines[-1]):
        lines = lines[:-1]
    return lines


@pytest.mark.parametrize('language', LANGUAGES)
def test_no_page_holds_only_a_running_head_or_a_folio(site, language):
    reader = PdfReader(site / language / f'{SLUG}-{language}.pdf')
    furniture_only = [number for number, page in enumerate(reader.pages, start=1)
                      if pdf_lines(page) and not body_lines(reader, page)]
    assert len(reader.pages) >= 8
    assert not furniture_only, f'pages with only a running head or folio: {furniture_only}'


def headings(site: Path, language: str) -> set[str]:
    found = set()
    for path in html_pages(site, language):
        for heading in soup_of(path).select('article h1, article h2, article h3'):
            for link in heading.select('a.headerlink'):
                link.decompose()
            found.add(re.sub(r'\s+', '', heading.get_text()))
    return found


@pytest.mark.parametrize('language', LANGUAGES)
def test_no_heading_at_the_foot_of_a_page(site, language):
    reader = PdfReader(site / language / f'{SLUG}-{language}.pdf')
    titles = headings(site, language) | set(PIECE_LABELS[language])
    stranded = []
    for number, page in enumerate(reader.pages[2:], start=3):
        lines = body_lines(reader, page)
        if lines and re.sub(r'^[\d.]+\s*', '', re.sub(r'\s+', '', lines[-1])) in titles:
            stranded.append(f'page {number}: {lines[-1]!r}')
    assert not stranded, '\n'.join(stranded)


@pytest.mark.parametrize('language', LANGUAGES)
def test_no_word_the_pdf_must_keep_whole_is_broken(site, language):
    """Hyphenation breaks no inverted verb, no word that starts with a capital (acronyms,
    names) and no word of a heading."""
    reader = PdfReader(site / language / f'{SLUG}-{language}.pdf')
    titles = headings(site, language)
    broken = []
    for number, page in enumerate(reader.pages, start=1):
        lines = pdf_lines(page)
        for line, following in zip(lines, lines[1:]):
            if re.search(r'\w[\-‐]$', line) and re.match(
                    r'(t[\-‐])?(je|tu|il|elle|on|nous|vous|ils|elles|ce)\b', following):
                broken.append(f'page {number}: inverted verb {line[-12:]!r} / {following[:8]!r}')
            end = re.search(r'(\w+)-$', line)
            start = re.match(r'(\w+)', following)
            if not (end and start):
                continue
            if end[1][0].isupper():
                broken.append(f'page {number}: {end[1]}-/{start[1]}')
            joined = re.sub(r'^[\d.]+', '', re.sub(r'\s+', '', line))[:-1] + start[1]
            if any(joined in title for title in titles):
                broken.append(f'page {number}: heading {line!r} / {following!r}')
    assert not broken, '\n'.join(broken)


# -- The EPUB and the index ---------------------------------------------------------------


@pytest.mark.parametrize('language', LANGUAGES)
def test_epub_navigation_lists_each_entry_once(site, language):
    files = epub_files(site, language)
    nav = BeautifulSoup(files['nav.xhtml'], 'html.parser')
    targets = [a['href'] for a in nav.select('nav a')]
    ncx = re.findall(r'<content src="([^"]+)"', files['toc.ncx'])
    assert len(targets) >= 10 and len(ncx) >= 10
    assert len(targets) == len(set(targets)), targets
    assert len(ncx) == len(set(ncx)), ncx
    assert sorted(targets) == sorted(ncx)


@pytest.mark.parametrize('language', LANGUAGES)
def test_epub_first_page_gives_the_book(site, default_site, language):
    home = soup_of(site / language / 'index.html')
    subtitle = home.select_one('.book-subtitle').get_text()
    event = home.select_one('.book-event').get_text()
    citation = home.select_one('.book-citation').get_text()
    for built in (site, default_site):
        files = epub_files(built, language)
        opf = files['content.opf']
        first = re.search(r'<itemref idref="([^"]+)"', opf)[1]
        href = re.search(rf'<item id="{first}" href="([^"]+)"', opf)[1]
        text = ' '.join(BeautifulSoup(files[href], 'html.parser').get_text().split())
        assert href == 'index.xhtml'
        for piece in (subtitle, event, citation):
            assert ' '.join(piece.split()) in text, piece
    assert BASE_URL + language + '/' in ' '.join(
        BeautifulSoup(epub_files(site, language)['index.xhtml'], 'html.parser').get_text().split())


def test_no_empty_index_page(site):
    for language in LANGUAGES:
        assert not (site / language / 'genindex.html').exists()
        for path in html_pages(site, language):
            assert not soup_of(path).find(href=re.compile(r'genindex')), path
        with zipfile.ZipFile(site / language / f'{SLUG}-{language}.epub') as epub:
            assert not [n for n in epub.namelist() if 'genindex' in n]


# -- hreflang -------------------------------------------------------------------------------


def test_hreflang_alternates_only_with_the_sites_address(site, default_site):
    for language in LANGUAGES:
        for path in html_pages(default_site, language):
            assert not soup_of(path).find('link', rel='alternate', hreflang=True), path
        for path in html_pages(site, language):
            alternates = soup_of(path).find_all('link', rel='alternate', hreflang=True)
            assert {link['hreflang'] for link in alternates} == set(LANGUAGES), path
            assert all(link['href'].startswith(BASE_URL) for link in alternates), path
