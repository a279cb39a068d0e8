"""The book's accessibility as readers meet it in both editions: the statement, linked from
every page's footer; the language of parts; the PDF's word on its accessible alternative."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from testing import (
    BASE_URL, LANGUAGES, SESSIONS, SLUG, condensed, html_pages, page, title_of,
)

pytestmark = pytest.mark.builds

STATEMENT = 'chapters/accessibility'
TITLES = {'en': 'Accessibility', 'fr': 'Accessibilité'}
#: Names in another language than their edition's, which every page must mark with theirs.
FOREIGN = {
    'en': {'fr': ['Maison des Sciences de l’Homme en Bretagne', 'L’aire d’U',
                  'Université Rennes 2']},
    'fr': {'en': ['Popular Health Movement', 'Housing First']},
}


@pytest.mark.parametrize('language', LANGUAGES)
def test_every_page_links_to_the_statement_from_its_footer(site, language):
    pages = html_pages(site, language)
    assert len(pages) >= len(SESSIONS) + 5
    statement = site / language / f'{STATEMENT}.html'
    assert title_of(page(site, language, STATEMENT)) == TITLES[language]
    missing = []
    for path in pages:
        soup = BeautifulSoup(path.read_text('utf-8'), 'html.parser')
        link = soup.select_one('footer a.accessibility-statement')
        if link is None or link.get_text() != TITLES[language]:
            missing.append(str(path.relative_to(site)))
            continue
        target = (path.parent / link['href']).resolve() if link['href'] != '#' else path
        if target != statement.resolve():
            missing.append(f'{path.relative_to(site)}: {link["href"]}')
    assert not missing, missing


@pytest.mark.parametrize('language', LANGUAGES)
def test_the_statement_says_what_does_not_conform_and_that_there_is_no_contact(site, language):
    soup = page(site, language, STATEMENT)
    text = condensed(soup.find('article').get_text())
    expected = {
        'en': ['The PDF is not tagged', 'The recordings have no transcripts', 'DAISY Ace',
               'gives no contact for reporting an accessibility problem yet'],
        'fr': ['Le PDF n’est pas balisé', 'Les enregistrements n’ont pas de transcription',
               'DAISY Ace', 'n’indique pas encore de contact'],
    }[language]
    assert not [piece for piece in expected if condensed(piece) not in text]
    # book.toml gives no contact: the page invents none.
    assert soup.select_one('p.accessibility-contact a') is None
    assert not soup.find_all(class_='untranslated')


def unmarked(soup: BeautifulSoup, name: str, language: str) -> int:
    """How many times *name* appears in the page's body outside an element of *language*."""
    count = 0
    for text in soup.find('body').find_all(string=lambda s: name in s):
        if text.find_parent(['script', 'style', 'code', 'pre']) is not None:
            continue
        owner = text.find_parent(attrs={'lang': True})
        if owner is None or owner['lang'] != language:
            count += text.count(name)
    return count


@pytest.mark.parametrize('language', LANGUAGES)
def test_names_in_another_language_are_marked_with_it(site, language):
    found, problems = set(), []
    for path in html_pages(site, language):
        soup = BeautifulSoup(path.read_text('utf-8'), 'html.parser')
        for other, names in FOREIGN[language].items():
            for name in names:
                if any(e.get_text() == name for e in soup.select(f'[lang="{other}"]')):
                    found.add(name)
                if count := unmarked(soup, name, other):
                    problems.append(f'{path.relative_to(site)}: {name} ×{count}')
    # Each name is in the edition, marked, and nowhere unmarked.
    assert found == {name for names in FOREIGN[language].values() for name in names}
    assert not problems, problems


@pytest.mark.parametrize('language', LANGUAGES)
def test_the_language_switch_names_each_language_in_itself(site, language):
    names = {'en': 'English', 'fr': 'Français'}
    soup = page(site, language, 'index')
    entries = soup.select('.sidebar-editions-languages li > [lang]')
    assert {(e['lang'], e.get_text()) for e in entries} == set(names.items())


def test_the_french_edition_marks_the_english_titles_of_its_sessions(site):
    for docname in SESSIONS:
        english = title_of(page(site, 'en', docname))
        note = page(site, 'fr', docname).select_one('.podcast-pending-note')
        marked = note.select_one('[lang="en"]')
        assert marked is not None and marked.get_text() == english, docname
        # The recording's audio is French, and its link says so.
        assert page(site, 'fr', docname).select_one('a.recording-link')['hreflang'] == 'fr'


@pytest.mark.parametrize('language', LANGUAGES)
def test_the_pdf_colophon_names_its_accessible_alternative(site, language):
    reader = PdfReader(site / language / f'{SLUG}-{language}.pdf')
    colophon = condensed(' '.join(p.extract_text() for p in reader.pages[:3]))
    sentence = {
        'en': 'this PDF is not tagged for assistive technologies; its accessible alternative '
              'is the online edition',
        'fr': 'ce PDF n’est pas balisé pour les technologies d’assistance ; son alternative '
              'accessible est l’édition en ligne',
    }[language]
    assert condensed(sentence) in colophon
    assert condensed(f'{BASE_URL}{language}/{STATEMENT}.html') in colophon


@pytest.mark.parametrize('language', LANGUAGES)
def test_the_statement_is_in_the_pdf_and_the_epub(site: Path, language):
    reader = PdfReader(site / language / f'{SLUG}-{language}.pdf')
    assert TITLES[language] in [item.title for item in reader.outline
                                if not isinstance(item, list)]
    with zipfile.ZipFile(site / language / f'{SLUG}-{language}.epub') as epub:
        xhtml = epub.read(f'{STATEMENT}.xhtml').decode('utf-8')
    assert '<html xmlns="http://www.w3.org/1999/xhtml"' in xhtml
    assert f'lang="{language}" xml:lang="{language}"' in xhtml.split('<head>')[0]
    assert TITLES[language] in xhtml
