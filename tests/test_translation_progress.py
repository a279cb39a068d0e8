"""What a translation not finished yet gives readers and translators, with the real commands.

Untranslated passages marked (``lang`` of the source, a visual cue, a note) and counted
against the English as it is now; a language declared in progress that builds as a
preview edition, is checked for what it holds and never blocks the catalogue check.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from bs4 import BeautifulSoup

from proceedings.cli.publish import untranslated_report
from proceedings.core.identity import load
from proceedings.po import WIDTH

pytestmark = pytest.mark.builds

VENV = Path(sys.prefix)
FR = Path('locale') / 'fr' / 'LC_MESSAGES'


def make(project: Path, *targets: str) -> subprocess.CompletedProcess:
    """`make` in the copy, with this virtual environment (never reinstalled from there)."""
    return subprocess.run(
        ['make', '--no-print-directory', '-C', str(project), f'VENV={VENV}',
         '-o', f'{VENV}/.installed', *targets],
        capture_output=True, text=True, check=False,
    )


def sphinx(project: Path, target: str, language: str, *options: str,
           folder: str = '_build') -> subprocess.CompletedProcess:
    """`sphinx-build -M` of one edition, as `make book` runs it (warnings are errors)."""
    return subprocess.run(
        [sys.executable, '-m', 'sphinx', '-M', target, str(project),
         str(project / folder / language), '-D', f'language={language}', '-q', '-W',
         '--keep-going', '-n', *options],
        capture_output=True, text=True, check=False,
    )


def output(result: subprocess.CompletedProcess) -> str:
    return result.stdout + result.stderr


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text('utf-8'), 'html.parser')


def rewrite(path: Path, change) -> None:
    """Change the messages of a catalogue with babel, then write it in its normal form."""
    with path.open('rb') as f:
        catalog = read_po(f)
    for message in catalog:
        if message.id:
            change(message)
    with path.open('wb') as f:
        write_po(f, catalog, width=WIDTH)


def test_untranslated_passages_are_marked_counted_and_reported(project):
    # One title and one paragraph left untranslated, a heading translated as its English,
    # and a page whose catalogue is gone: before `make update-po`, as a translator meets it.
    resources = project / FR / 'chapters' / 'resources.po'
    blanked = {}

    def blank(message):
        if message.id == 'The proceedings' or message.id.startswith('This book is the'):
            blanked[message.id] = message.string
            message.string = ''
        elif message.id == 'Programme of the day':
            message.string = message.id  # the same words in French, on purpose

    rewrite(resources, blank)
    assert len(blanked) == 2
    with (project / FR / 'chapters' / 'editorial-note.po').open('rb') as f:
        editorial = [m for m in read_po(f) if m.id]
    (project / FR / 'chapters' / 'editorial-note.po').unlink()

    # `make stats` counts against the English of a fresh extraction: the missing catalogue's
    # texts count as untranslated, not as nothing.
    stats = make(project, 'stats', 'JSON=stats.json')
    assert stats.returncode == 0, output(stats)
    numbers = json.loads((project / 'stats.json').read_text('utf-8'))['fr']
    note = numbers['catalogues']['chapters/editorial-note.po']
    assert note['untranslated'] == note['total'] == len(editorial)
    assert numbers['catalogues']['chapters/resources.po']['untranslated'] == 1 + 1
    assert numbers['total']['untranslated'] == len(editorial) + 2
    assert re.search(rf'^fr: \d+ of \d+ messages translated .*, {len(editorial) + 2} '
                     'untranslated', stats.stdout, re.M), stats.stdout

    html = sphinx(project, 'html', 'fr')
    assert html.returncode == 0, output(html)
    epub = sphinx(project, 'epub', 'fr')
    assert epub.returncode == 0, output(epub)
    built = project / '_build' / 'fr'
    page = soup(built / 'html' / 'chapters' / 'resources.html')
    marked = [' '.join(e.get_text().split())
              for e in page.select('article [lang="en"].in-source-language')]
    for text in blanked:
        assert any(m.startswith(' '.join(text.split())) for m in marked), (text, marked)
    # The note that explains the mark, in French (the extension's labels are translated).
    notes = page.select('p.untranslated-note')
    assert [n.get_text() for n in notes] == [
        'Certains passages de cette page ne sont pas encore traduits en français\u00a0: '
        'ils s’affichent en anglais.']
    assert 'lang' not in notes[0].attrs
    # Translated as its English on purpose: translated, not marked.
    heading = next(h for h in page.select('article h2')
                   if h.get_text().startswith('Programme of the day'))
    assert heading['class'] == ['translated'] and 'lang' not in heading.attrs
    # A page with no catalogue at all is marked throughout.
    editorial_page = soup(built / 'html' / 'chapters' / 'editorial-note.html')
    assert editorial_page.select_one('h1.in-source-language[lang="en"]')
    assert all(p.get('lang') == 'en' for p in editorial_page.select('article p:not(.untranslated-note)'))
    # The style sheet gives the mark its cue, in HTML and in the EPUB.
    css = (built / 'html' / '_static' / 'proceedings.css').read_text('utf-8')
    assert re.search(r'\.in-source-language\s*\{[^}]*border-inline-start', css)
    xhtml = (built / 'epub' / 'chapters' / 'resources.xhtml').read_text('utf-8')
    assert re.search(r'<h2 [^>]*class="[^"]*in-source-language[^"]*"[^>]*lang="en"', xhtml) \
        or re.search(r'<h2 [^>]*lang="en"[^>]*in-source-language', xhtml)
    assert 'proceedings.css' in (built / 'epub' / 'chapters' / 'resources.xhtml').read_text()

    # Read in parallel processes, the counts are the same (the collector merges them).
    parallel = sphinx(project, 'html', 'fr', '-j', '2', '-D', 'proceedings_parallel_read_from=0',
                      folder='_build-j')
    assert parallel.returncode == 0, output(parallel)
    assert (project / '_build-j/fr/doctrees/proceedings-untranslated.json').read_text() == \
        (built / 'doctrees' / 'proceedings-untranslated.json').read_text()

    # What `make book` prints at its end, from the same build.
    report = untranslated_report(load(project / 'book.toml'), project / '_build')
    assert re.fullmatch(
        rf'fr: {len(editorial) + 2} of \d+ texts show in English, the source language '
        r'\(marked in the pages; `make stats` says what is left to translate\): '
        rf'chapters/editorial-note \({len(editorial)}\), chapters/resources \(2\)', report), report


def test_a_language_in_progress_is_a_preview_that_never_blocks_the_checks(project):
    book = project / 'book.toml'
    text = book.read_text('utf-8')
    book.write_text(text.replace('languages = ["en", "fr"]',
                                 'languages = ["en", "fr", "es"]\nin_progress = ["es"]'), 'utf-8')
    update = make(project, 'update-po')
    assert update.returncode == 0, output(update)
    # One Spanish translation, with its markup and spelling checked like any other.
    index = project / 'locale' / 'es' / 'LC_MESSAGES' / 'chapters' / 'resources.po'

    def translate(message):
        if message.id == 'Programme of the day':
            message.string = 'Programa de la jornada'

    rewrite(index, translate)

    check = make(project, 'check-po')  # as `make test` runs it
    assert check.returncode == 0, output(check)
    assert 'es: in progress (book.toml)' in check.stdout
    assert 'Spelling of fr es: no problem.' in check.stdout  # es was checked: hunspell-es
    assert ('The catalogues of fr are complete, in step and well formed; those of es, in '
            'progress, are well formed.') in check.stdout
    # Counted, against the templates that check-po just extracted (what `make stats` runs).
    stats = subprocess.run([str(VENV / 'bin' / 'proceedings'), 'stats', '--pot', '_build/gettext'],
                           cwd=project, capture_output=True, text=True, check=False)
    assert stats.returncode == 0, output(stats)
    assert re.search(r'^es \(in progress: a preview edition\): 1 of \d+ messages translated',
                     stats.stdout, re.M), stats.stdout

    # A misspelt word in what exists is still found.
    rewrite(index, lambda m: setattr(m, 'string', 'Programa de la jornadda')
            if m.id == 'Programme of the day' else None)
    spell = make(project, 'spell')
    assert spell.returncode != 0
    assert re.search(r"locale/es/LC_MESSAGES/chapters/resources\.po:\d+: unknown word 'jornadda'",
                     spell.stderr), output(spell)
    rewrite(index, translate)

    # A dictionary that is not there is said to be missing, not passed over in silence.
    glossary = project / 'locale' / 'glossary.toml'
    glossary.write_text(glossary.read_text('utf-8').replace(
        'fr = "fr_FR"', 'fr = "fr_FR"\nes = "es_XX"', 1), 'utf-8')
    spell = make(project, '-o', 'po-tools', 'spell')
    assert spell.returncode == 0, output(spell)
    assert "es: spelling not checked (a language in progress): hunspell has no es_XX " \
        "dictionary" in spell.stdout
    assert 'Spelling of fr: no problem; es not checked.' in spell.stdout

    # The preview edition says what it is, and its untranslated labels are whole English.
    html = sphinx(project, 'html', 'es')
    assert html.returncode == 0, output(html)
    page = soup(project / '_build/es/html/chapters/morning/plenary-what-are-we-talking-about.html')
    assert page.html['lang'] == 'es'
    preview = page.select_one('p.preview-note')
    assert preview['lang'] == 'en'
    assert preview.get_text() == ('This Spanish edition is a preview: its translation is in '
                                  'progress, and what is not translated yet shows in English.')
    link = page.select_one('a.recording-link')
    assert link.get_text() == 'Find the recording on L’aire d’U (in French)'
    assert link['lang'] == 'en'
    assert page.select_one('p.podcast-pending-note')['lang'] == 'en'
    assert page.select_one('.current-edition').get_text(' ', strip=True) == \
        'Español (preview edition)'
    french = sphinx(project, 'html', 'fr')
    assert french.returncode == 0, output(french)
    switch = soup(project / '_build/fr/html/index.html').select_one('a.edition-switch[hreflang=es]')
    assert switch.get_text(' ', strip=True) == 'Español (version préliminaire)'
    assert switch.select_one('.edition-preview')['lang'] == 'fr'
    # The PDF's cover and colophon say so too (its LaTeX source; TeX itself is not run).
    latex = sphinx(project, 'latex', 'es')
    assert latex.returncode == 0, output(latex)
    slug = load(project / 'book.toml').slug
    tex = (project / '_build/es/latex' / f'{slug}-es.tex').read_text('utf-8')
    assert 'Spanish edition, a preview: its translation is in progress' in tex
    assert 'Spanish edition of' in tex and 'a preview: its translation is in progress' in tex
    # No page of the French edition says it is a preview.
    assert not soup(project / '_build/fr/html/index.html').select('p.preview-note')
