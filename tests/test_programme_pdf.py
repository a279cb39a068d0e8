"""The programme of the day as a PDF of its own: in the real book, and from a small test root.

The real book's programme PDFs are those `make book` publishes (the session-scoped ``site``
fixture); the test root's are built by `sphinx-build -M latexpdf`, as `make latexpdf` does,
before and after an editor changes its chapters.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from testing import (
    BASE_URL, PROJECT, SESSIONS, SLUG, condensed, embedded, fonts_of, html_pages, in_order, page,
    title_of,
)

pytestmark = pytest.mark.builds

LANGUAGES = ('en', 'fr')
DATES = {'en': '7 November 2018', 'fr': '7 novembre 2018'}
PENDING = {'en': 'Recording (in French) on L’aire d’U: find it by its title',
           'fr': 'Enregistrement (en français) sur L’aire d’U : à retrouver par son titre'}
HEADINGS = {'en': 'Programme of the day', 'fr': 'Programme de la journée'}
DOWNLOAD_LABELS = {'en': 'The programme of the day as a PDF, to print or hand out',
                   'fr': 'Le programme de la journée en PDF, à imprimer ou à distribuer'}


def programme_path(site: Path, language: str) -> Path:
    return site / language / f'{SLUG}-programme-{language}.pdf'


def pdf_text(path: Path) -> str:
    """The PDF's text as PDFium extracts it (pypdf loses spaces in some XeTeX lines)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    return ' '.join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def links(path: Path) -> list[str]:
    return [annotation.get_object()['/A'].get('/URI')
            for pdf_page in PdfReader(path).pages for annotation in pdf_page.get('/Annots', [])
            if '/A' in annotation.get_object()]


def qr_codes(path: Path) -> list[str]:
    """What the QR codes of the PDF say, page after page, top to bottom."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(path)
    found = []
    for number in range(len(document)):
        codes = zxingcpp.read_barcodes(document[number].render(scale=3).to_numpy())
        codes = sorted((c for c in codes if c.format == zxingcpp.BarcodeFormat.QRCode),
                       key=lambda c: c.position.top_left.y)
        found += [code.text for code in codes]
    return found


def parts_of(site: Path, language: str) -> list[tuple[str, list[str]]]:
    """The parts of the day and their sessions' titles, as the resources page lists them."""
    soup = page(site, language, 'chapters/resources')
    return [(part.get_text(), [li.find('a').get_text()
                               for li in part.find_next_sibling('ul').select('li.programme-session')])
            for part in soup.select('p.programme-part')]


# -- The real book -----------------------------------------------------------------------


@pytest.mark.parametrize('language', LANGUAGES)
def test_programme_pdf_is_one_or_two_pages_with_its_metadata(site, language):
    path = programme_path(site, language)
    reader = PdfReader(path)
    assert 1 <= len(reader.pages) <= 2
    acts = PdfReader(site / language / f'{SLUG}-{language}.pdf').metadata
    book_title = title_of(page(site, language, 'index'))
    assert reader.metadata.title == f'{HEADINGS[language]} — {book_title}'
    assert reader.metadata.author == acts.author
    assert reader.metadata.subject == acts.subject
    assert reader.trailer['/Root']['/Lang'] == language
    keywords = reader.metadata['/Keywords'].split(', ')
    assert keywords == [HEADINGS[language], *acts['/Keywords'].split(', ')]
    assert {'en': 'peer support', 'fr': 'pair-aidance'}[language] in keywords


@pytest.mark.parametrize('language', LANGUAGES)
def test_programme_pdf_lists_the_day_as_the_programme_page_does(site, language):
    text = condensed(pdf_text(programme_path(site, language)))
    home = page(site, language, 'index')
    event = home.select_one('p.book-event').get_text()
    date, place = event.split(' · ')
    assert date == DATES[language]
    pieces = [HEADINGS[language], title_of(home), home.select_one('p.book-subtitle').get_text(),
              date, place]
    parts = parts_of(site, language)
    assert len(parts) == 2 and sum(len(titles) for _part, titles in parts) == len(SESSIONS)
    for part, titles in parts:
        pieces += [part, *titles]
    # The texts of book.toml are not smart-quoted for LaTeX (the acts' cover neither):
    # "l'Homme" in the PDF where the English page has "l’Homme".
    straight = str.maketrans('’', "'")
    assert in_order(text.translate(straight), [p.translate(straight) for p in pieces]) == []
    # Each session's kind comes before its title, in the edition's language.
    kinds = {'en': ('Plenary', 'Round table'), 'fr': ('Plénière', 'Table ronde')}[language]
    assert all(condensed(kind) in text for kind in kinds)


@pytest.mark.parametrize('language', LANGUAGES)
def test_pending_recordings_are_said_so_without_the_platforms_address(site, language):
    path = programme_path(site, language)
    text = ' '.join(pdf_text(path).split())
    # Every recording of this book is, so far, only the platform's home page.
    assert set(SESSIONS.values()) == {'https://www.lairedu.fr/'}
    assert text.count(PENDING[language]) == len(SESSIONS)
    assert 'lairedu' not in text
    assert not [uri for uri in links(path) if 'lairedu' in uri]
    # The one QR code is the online edition's, which a pending recording has none of.
    assert qr_codes(path) == [f'{BASE_URL}{language}/']


@pytest.mark.parametrize('language', LANGUAGES)
def test_programme_pdf_links_to_the_online_edition(site, language):
    path = programme_path(site, language)
    edition = f'{BASE_URL}{language}/'
    assert edition in ' '.join(pdf_text(path).split())
    found = links(path)
    assert edition in found
    chapters = [uri for uri in found if uri != edition]
    # Each session's title links to its chapter, which the edition has.
    assert sorted(chapters) == sorted(f'{edition}{docname}.html' for docname in SESSIONS)
    for uri in chapters:
        assert (site / language / uri[len(edition):]).is_file(), uri


@pytest.mark.parametrize('language', LANGUAGES)
def test_programme_pdf_embeds_its_fonts(site, language):
    fonts: dict = {}
    for pdf_page in PdfReader(programme_path(site, language)).pages:
        fonts_of(pdf_page.get('/Resources'), fonts)
    assert len(fonts) >= 2
    assert not [name for name, font in fonts.items() if not embedded(font)]


def test_french_programme_is_set_with_babel_french(builddir):
    tex = (builddir / 'fr' / 'latex' / f'{SLUG}-programme-fr.tex').read_text('utf-8')
    assert re.search(r'\\documentclass\[[^]]*french[^]]*\]\{article\}', tex)
    # English is loaded too, for the English names of the French edition.
    assert '\\usepackage[english,main=french]{babel}' in tex and 'polyglossia' not in tex
    assert '\\frenchsetup{AutoSpacePunctuation=false}' in tex
    assert '\\usepackage{fontspec}' in tex


def test_programme_is_dated_from_the_last_commit(site):
    commit = subprocess.run(['git', '-C', str(PROJECT), 'log', '-1', '--format=%ct'],
                            capture_output=True, text=True, check=False).stdout.strip()
    if not commit.isdigit():
        pytest.skip('not a git checkout')
    import datetime as dt

    when = dt.datetime.fromtimestamp(int(commit), dt.timezone.utc)
    for language in LANGUAGES:
        reader = PdfReader(programme_path(site, language))
        assert reader.metadata['/CreationDate'].startswith(when.strftime('D:%Y%m%d%H%M%S'))


def resolves_to(site: Path, page_path: Path, href: str) -> Path:
    return Path(urlsplit(urljoin(page_path.as_uri(), href)).path)


@pytest.mark.parametrize('language', LANGUAGES)
def test_every_page_links_the_programme_from_its_sidebar(site, language):
    target = programme_path(site, language)
    assert target.is_file()
    label = {'en': 'Programme of the day:', 'fr': 'Programme de la journée\u00a0:'}[language]
    pages = html_pages(site, language)
    assert len(pages) >= 10
    for path in pages:
        nav = BeautifulSoup(path.read_text('utf-8'), 'html.parser').find('nav', class_='sidebar-editions')
        downloads = [a for a in nav.find_all('a', class_='download')
                     if resolves_to(site, path, a['href']) == target]
        assert len(downloads) == 1, path
        link = downloads[0]
        assert link['type'] == 'application/pdf' and link.get_text() == 'PDF'
        assert ' '.join(link.parent.get_text().split()) == ' '.join(f'{label} PDF'.split())


@pytest.mark.parametrize('language', LANGUAGES)
@pytest.mark.parametrize('docname', ['index', 'chapters/resources'])
def test_home_and_resources_list_the_programme_among_the_downloads(site, language, docname):
    path = site / language / f'{docname}.html'
    soup = BeautifulSoup(path.read_text('utf-8'), 'html.parser')
    items = soup.find('article').select('ul.downloads a')
    targets = {resolves_to(site, path, a['href']): a.get_text() for a in items}
    assert targets.get(programme_path(site, language)) == DOWNLOAD_LABELS[language]
    assert all(target.is_file() for target in targets), targets


def test_the_sites_root_lists_each_editions_programme(site):
    soup = BeautifulSoup((site / 'index.html').read_text('utf-8'), 'html.parser')
    for language in LANGUAGES:
        item = soup.find('li', lang=language)
        link = item.find('a', href=f'{language}/{SLUG}-programme-{language}.pdf')
        assert link.get_text() == f'{HEADINGS[language]} (PDF)'
        assert link['type'] == 'application/pdf'
        assert programme_path(site, language).is_file()


# -- A test root, as an editor changes it ----------------------------------------------------

#: The test root's date: SOURCE_DATE_EPOCH for its builds, so that two of them can be compared.
EPOCH = 1577923200
HOSTILE = '50% & #1 $5 a_b {c} C:\\path ~d ^e <b>x</b> "q"'
HOSTILE_URL = 'https://recordings.example.org/a_b?x=1&y=%20z#t~1'
CONTRIBUTORS = '''
# As the book's own conf.py: HTML typed in a chapter is text.
myst_disable_syntax = ['html_block', 'html_inline']
'''

PEOPLE = '''
[contributors.ada]
name = "Ada Example"
affiliation = "Université d’Exemple"
orcid = "0000-0002-1825-0097"

[contributors.grace]
name = "Grace Example"
'''


def latexpdf(root: Path, out: Path) -> Path:
    """`make latexpdf` on *root*: the test root's programme PDF."""
    from proceedings.cli.reproducible import build_environment

    environment = build_environment(EPOCH)
    environment['PYTHONPATH'] = str(PROJECT)
    result = subprocess.run(
        [sys.executable, '-m', 'sphinx', '-M', 'latexpdf', str(root), str(out), '-q', '-W',
         '-D', 'latex_engine=xelatex'],
        capture_output=True, text=True, check=False, env=environment)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / 'latex' / 'test-day-programme-en.pdf'


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text('utf-8')
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), 'utf-8')


@pytest.fixture(scope='module')
def programmes(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The test root's programme before and after an editor's changes, and the changed
    root built again in another folder."""
    work = tmp_path_factory.mktemp('programme')
    root = work / 'root'
    shutil.copytree(rootdir / 'test-sessions', root)
    found = {'before': work / 'before.pdf'}
    shutil.copy2(latexpdf(root, work / 'build'), found['before'])
    sessions = root / 'sessions'
    edit(sessions / 'first-plenary.md', '# The plenary of the first part', '# A renamed plenary')
    edit(sessions / 'first-round-table.md', '# The round-table of the first part',
         f'# Costs: {HOSTILE}')
    edit(sessions / 'first-round-table.md', 'https://recordings.example.org/first-round-table',
         HOSTILE_URL)
    # Only the platform's home page: a recording whose own address is not known.
    edit(sessions / 'second-round-table.md', 'https://recordings.example.org/second-round-table',
         'https://recordings.example.org/')
    # The second part now comes first in the book.
    edit(root / 'index.md', 'parts/first\nparts/second', 'parts/second\nparts/first')
    (root / 'conf.py').write_text((root / 'conf.py').read_text('utf-8') + CONTRIBUTORS, 'utf-8')
    # The session model names two speakers of a session.
    (root / 'book.toml').write_text((root / 'book.toml').read_text('utf-8') + PEOPLE, 'utf-8')
    edit(sessions / 'second-plenary.md', ':part: second', ':part: second\n:speakers: ada, grace')
    # Built again where it was built before, as `make latexpdf` after an edit.
    found['after'] = latexpdf(root, work / 'build')
    found['again'] = latexpdf(root, work / 'elsewhere')
    return found


def test_programme_of_a_test_root(programmes):
    text = condensed(pdf_text(programmes['before']))
    assert in_order(text, ['Programme of the day', 'Test Day', 'A day of sessions for the tests',
                           '2 January 2020', 'Testville',
                           'The first part', 'Plenary', 'The plenary of the first part',
                           'Recording (in French)', 'https://recordings.example.org/first-plenary',
                           'Round table', 'The round-table of the first part',
                           'The second part', 'The plenary of the second part',
                           'The round-table of the second part']) == []
    assert condensed('Speakers') not in text  # the test root names no contributors
    addresses = [f'https://recordings.example.org/{name}' for name in
                 ('first-plenary', 'first-round-table', 'second-plenary', 'second-round-table')]
    assert qr_codes(programmes['before']) == addresses
    assert links(programmes['before']) == addresses  # no base_url: no online edition
    assert len(PdfReader(programmes['before']).pages) == 1


def test_the_acts_and_the_programme_are_typeset_side_by_side(programmes):
    """`make latexpdf`'s make in the LaTeX folder runs the two latexmk at once, each making
    its PDF once."""
    environment = {key: value for key, value in os.environ.items()
                   if key not in ('MAKEFLAGS', 'MAKELEVEL', 'MFLAGS')}
    plan = subprocess.run(['make', '--dry-run', '--print-data-base', 'all-pdf'],
                          cwd=programmes['again'].parent, env=environment,
                          capture_output=True, text=True, check=True).stdout
    commands = [line for line in plan.splitlines() if line.startswith('latexmk ')]
    assert [line.split("'")[1] for line in commands] == ['test-day-en.tex',
                                                         'test-day-programme-en.tex']
    # XeLaTeX's runs write no PDF; xdvipdfmx makes it once, after the last.
    assert all(line.startswith('latexmk -xelatex ') for line in commands)
    assert re.search(r'^MAKEFLAGS = .* -j2( |$)', plan, re.MULTILINE)


def test_a_renamed_session_is_renamed_in_the_programme(programmes):
    text = condensed(pdf_text(programmes['after']))
    assert condensed('A renamed plenary') in text
    assert condensed('The plenary of the first part') not in text


def test_the_programme_follows_the_order_of_the_parts(programmes):
    text = condensed(pdf_text(programmes['after']))
    assert in_order(text, ['The second part', 'The plenary of the second part', 'The first part',
                           'A renamed plenary']) == []


def test_pending_and_published_recordings_in_a_test_root(programmes):
    path = programmes['after']
    text = ' '.join(pdf_text(path).split())
    assert text.count('Recording (in French) on Test Platform: find it by its title') == 1
    published = ['https://recordings.example.org/second-plenary',
                 'https://recordings.example.org/first-plenary', HOSTILE_URL]
    assert qr_codes(path) == published
    # A speaker's ORCID iD is a link too, before the session's recording; it has no code.
    assert links(path) == ['https://orcid.org/0000-0002-1825-0097', *published]
    assert 'https://recordings.example.org/ ' not in f'{text} '


def test_hostile_characters_come_out_literally_in_the_programme(programmes):
    text = ' '.join(pdf_text(programmes['after']).split())
    assert f'Costs: {HOSTILE}' in text.replace('“', '"').replace('”', '"')
    assert HOSTILE_URL in text


def test_contributors_show_when_the_session_model_names_them(programmes):
    text = condensed(pdf_text(programmes['after']))
    assert in_order(text, ['The plenary of the second part',
                           'Speakers: Ada Example (Université d’Exemple, ORCID '
                           '0000-0002-1825-0097), Grace Example',
                           'Recording (in French)']) == []
    assert text.count(condensed('Speakers')) == 1


def test_two_builds_of_the_programme_are_identical(programmes):
    assert programmes['after'].read_bytes() == programmes['again'].read_bytes()
    assert programmes['after'].read_bytes() != programmes['before'].read_bytes()
