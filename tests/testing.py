"""What the tests share: the project and its book, and how to read what a build made.

Test modules import from here (and get fixtures from ``conftest.py``), never from one
another. The book's languages, slug and sessions come from its own sources
(``book.toml`` and the chapters), so that a test follows the book rather than a copy of it.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup

from proceedings.core.identity import load

if TYPE_CHECKING:
    from pypdf.generic import DictionaryObject
    from sphinx.testing.util import SphinxTestApp

PROJECT = Path(__file__).resolve().parent.parent
#: Where the tests pretend the site is published: example.org is reserved for examples.
BASE_URL = 'https://acts.example.org/expeerts-2018/'
#: Settings that make a build with -j read and write in parallel however few its pages.
ALWAYS_PARALLEL = {'proceedings_parallel_read_from': 0, 'proceedings_parallel_write_from': 0}
#: The header of a French catalogue that the tests write. (Without a POT-Creation-Date,
#: babel writes the minute of the reading into the .mo: two builds a minute apart differ.)
FRENCH_PO_HEADER = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"POT-Creation-Date: 2018-11-07 09:00+0100\\n"
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

'''

IDENTITY = load(PROJECT / 'book.toml')
#: The editions, the source language first, as book.toml lists them.
LANGUAGES = IDENTITY.languages
TRANSLATIONS = LANGUAGES[1:]
SLUG = IDENTITY.slug
#: Where the recordings are published: a session that points only there has a pending
#: recording, whose own address is not known yet.
PLATFORM = IDENTITY.recordings_url


def copy_makefile(folder: Path) -> Path:
    """The project's Makefile in *folder*, with the toolchain's make rules it includes, and
    nothing else: what make does before anything is set up."""
    import shutil

    rules = Path('proceedings') / 'make' / 'proceedings.mk'
    (Path(folder) / rules).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / rules, Path(folder) / rules)
    return Path(shutil.copy(PROJECT / 'Makefile', folder))


def session_chapters() -> dict[str, str]:
    """Each session chapter of the sources, with the address of its recording."""
    found = {}
    for path in sorted((PROJECT / 'chapters').rglob('*.md')):
        source = path.read_text(encoding='utf-8')
        if '```{session}' in source:
            address = re.search(r'```\{podcast\} (\S+)', source).group(1)
            found[path.relative_to(PROJECT).with_suffix('').as_posix()] = address
    return found


SESSIONS = session_chapters()


# -- Built pages and PDFs ------------------------------------------------------------------------


def page(site: Path, language: str, docname: str) -> BeautifulSoup:
    return BeautifulSoup((site / language / f'{docname}.html').read_text('utf-8'), 'html.parser')


def title_of(soup: BeautifulSoup) -> str:
    heading = soup.find('h1')
    heading.find('a', class_='headerlink').decompose()
    # Not get_text(strip=True), which would also strip the spaces around an inline
    # element (« de quoi <span class="nobreak">parle-t-on</span> ? »).
    return heading.get_text().strip()


def html_pages(site: Path, language: str) -> list[Path]:
    root = site / language
    return sorted(p for p in root.rglob('*.html') if '_static' not in p.parts)


def built_pages(folder: Path) -> dict[str, bytes]:
    """Every HTML page under *folder*, by its path there: what two builds compare."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob('*.html'))}


def described(doctree) -> list[tuple]:
    """Every node of *doctree* with what pformat leaves out: its source, line and raw
    source."""
    from docutils import nodes

    return [(type(node).__name__, node.source, node.line,
             getattr(node, 'rawsource', None),
             node.astext() if isinstance(node, nodes.Text) else node.attributes)
            for node in doctree.findall()]


def fonts_of(resources, found: dict) -> None:
    """Every font of a page's resources, form XObjects included, by name."""
    resources = resources.get_object() if resources is not None else {}
    for font in (resources.get('/Font') or {}).values():
        font = font.get_object()
        found[str(font.get('/BaseFont', font.get('/Name', '?')))] = font
    for xobject in (resources.get('/XObject') or {}).values():
        xobject = xobject.get_object()
        if xobject.get('/Subtype') == '/Form':
            fonts_of(xobject.get('/Resources'), found)


def embedded(font: DictionaryObject) -> bool:
    if font['/Subtype'] == '/Type3':
        return True  # its glyphs are drawn by the PDF itself
    if font['/Subtype'] == '/Type0':
        font = font['/DescendantFonts'][0].get_object()
    descriptor = font.get('/FontDescriptor')
    descriptor = descriptor.get_object() if descriptor is not None else {}
    return any(key in descriptor for key in ('/FontFile', '/FontFile2', '/FontFile3'))


def condensed(text: str) -> str:
    """Text compared across HTML and PDF: no spaces, hyphens, ligatures or case, which the
    PDF's line breaks, hyphenation, fonts and chapter headings (in capitals) change."""
    text = unicodedata.normalize('NFKC', text)
    return re.sub(r'[\s\-\u00ad\u2010\u2011]+', '', text).casefold()


def in_order(text: str, pieces: list[str]) -> list[str]:
    """The pieces not found in *text* after the piece before them."""
    problems, position = [], 0
    for piece in pieces:
        found = text.find(condensed(piece), position)
        if found < 0:
            where = 'anywhere' if text.find(condensed(piece)) < 0 else 'after the piece before it'
            problems.append(f'{piece!r} not found {where}')
        else:
            position = found + len(condensed(piece))
    return problems


def outline_entries(outline: list) -> list:
    """The bookmarks of a PDF's outline, nested ones included, in order."""
    entries = []
    for item in outline:
        entries += outline_entries(item) if isinstance(item, list) else [item]
    return entries


def plain(text: str) -> str:
    """Text as typed: Sphinx's smart quotes (English only) curl straight quotes."""
    return ' '.join(text.translate(str.maketrans('“”‘’', '""\'\'')).split())


def pdf_text(path: Path) -> str:
    """The PDF's text as PDFium extracts it (pypdf loses spaces in some XeTeX lines)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    return ' '.join(document[i].get_textpage().get_text_range() for i in range(len(document)))


# -- Test roots -------------------------------------------------------------------------


def build(make_app, srcdir: Path, builder: str = 'html', **kwargs) -> SphinxTestApp:
    app = make_app(builder, srcdir=srcdir, **kwargs)
    app.build()
    return app


def warnings_of(app: SphinxTestApp) -> str:
    from sphinx.util.console import strip_colors

    return strip_colors(app.warning.getvalue())


# -- Deposit records ------------------------------------------------------------------------


def package_folder(name: str) -> Path:
    """Where a package lies, found without importing it (its dependencies may be absent)."""
    import importlib.util

    return Path(next(iter(importlib.util.find_spec(name).submodule_search_locations)))


def schema_problems(schema, record: Path | bytes | dict) -> list[str]:
    """What a schema of ``deposit_schemas`` refuses in a record, each with the field (its
    path in the record) named."""
    if isinstance(record, dict):
        return [f'{"/".join(map(str, error.absolute_path)) or "(record)"}: {error.message}'
                for error in schema.iter_errors(record)]
    source = record.read_bytes() if isinstance(record, Path) else record
    return [f'{error.path}: {error.reason}' for error in schema.iter_errors(source.decode())]


def zenodo_against_cff(zenodo: dict, cff_text: str) -> list[str]:
    """Where a .zenodo.json says something else than the CITATION.cff of the same volume
    (Zenodo reads the first and then ignores the second)."""
    import yaml

    from proceedings.core.identity import long_date

    cff = yaml.safe_load(cff_text)
    acts = cff['preferred-citation']
    conference = acts['conference']
    start, end = conference['date-start'], conference['date-end']
    people = [entry for entry in cff['authors'] if entry not in acts['authors']]
    dates = zenodo['conference_dates']
    found = {
        'title': (zenodo['title'], acts['title']),
        'creators': ([c['name'] for c in zenodo['creators']],
                     [a['name'] for a in acts['authors']]),
        'conference_title': (zenodo['conference_title'], conference['name']),
        'conference_dates': (dates.startswith(str(start.day)) and
                             dates.endswith(long_date(end, acts['languages'][0])), True),
        'conference_place': (zenodo['conference_place'].startswith(conference['city'])
                             if 'city' in conference else
                             zenodo['conference_place'] == conference['location'], True),
        'contributors': ([c['name'] for c in zenodo.get('contributors', [])],
                         [', '.join(filter(None, (p.get('family-names'), p.get('given-names'))))
                          or p['name'] for p in people]),
    }
    return [f'{key}: {mine!r} in .zenodo.json, {theirs!r} in CITATION.cff'
            for key, (mine, theirs) in found.items() if mine != theirs]
