"""``make book`` rebuilds only the editions whose inputs changed, and makes the clean site."""

from __future__ import annotations

import hashlib
import os
import sys
import time
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from proceedings.cli import incremental
from proceedings.cli.publish import publish
from testing import pdf_text

pytestmark = pytest.mark.builds

CATALOGUE = Path('locale/fr/LC_MESSAGES/chapters/introduction.po')
CHAPTER = Path('chapters/introduction.md')
SLUG = 'expeerts-study-day-2018'


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob('*')) if p.is_file()}


def in_every_format(out: Path, language: str, text: str, page: str) -> dict[str, bool]:
    """Whether *text* is in the edition's HTML *page*, its EPUB and its PDF."""
    with zipfile.ZipFile(out / language / f'{SLUG}-{language}.epub') as epub:
        epub_text = ''.join(epub.read(name).decode('utf-8') for name in epub.namelist()
                            if name.endswith('.xhtml'))
    return {
        'html': text in (out / language / f'{page}.html').read_text('utf-8'),
        'epub': text in epub_text,
        'pdf': text in ' '.join(pdf_text(out / language / f'{SLUG}-{language}.pdf').split()),
    }


def test_a_french_edit_rebuilds_the_french_edition_alone_as_a_clean_build_would(
        project, tmp_path, capsys):
    build, out = tmp_path / 'build', tmp_path / 'site'
    publish(project, build, out)
    clean = hashes(out)
    capsys.readouterr()

    publish(project, build, out)
    assert 'Nothing has changed since the last build' in capsys.readouterr().out
    assert hashes(out) == clean

    # A site changed by hand is put back from the editions' builds, which are intact.
    (out / 'en' / 'index.html').write_text('changed by hand', 'utf-8')
    publish(project, build, out)
    printed = capsys.readouterr().out
    assert '  en: unchanged since its last build' in printed
    assert '  fr: unchanged since its last build' in printed
    assert hashes(out) == clean

    catalogue = project / CATALOGUE
    original = catalogue.read_text('utf-8')
    msgstr = '\nmsgstr "Le programme de recherche"\n'
    assert msgstr in original
    catalogue.write_text(original.replace(msgstr, '\nmsgstr "Le programme de recherches"\n'),
                         'utf-8')
    publish(project, build, out)
    printed = capsys.readouterr().out
    assert '  en: unchanged since its last build' in printed
    assert '  fr: html built' in printed and '  fr: latexpdf built' in printed
    edited = hashes(out)
    assert 'programme de recherches' in (out / 'fr/chapters/introduction.html').read_text('utf-8')
    assert {n: h for n, h in edited.items() if n.startswith('en/')} == {
        n: h for n, h in clean.items() if n.startswith('en/')}
    assert edited['fr/chapters/introduction.html'] != clean['fr/chapters/introduction.html']

    # The page alone was read again, and the PDF made again from the .aux files of the
    # last build: the new words are in every format, none of the old ones.
    assert '  fr: 1 changed pages read again' in printed
    assert in_every_format(out, 'fr', 'programme de recherches', 'chapters/introduction') == {
        'html': True, 'epub': True, 'pdf': True}

    # Undone, the French edition is rebuilt and the site is the clean one, byte for byte.
    catalogue.write_text(original, 'utf-8')
    publish(project, build, out)
    printed = capsys.readouterr().out
    assert '  fr: 1 changed pages read again' in printed and '  fr: html built' in printed
    assert hashes(out) == clean

    # An English chapter: both editions read it again; undone, the clean site again.
    chapter = project / CHAPTER
    text = chapter.read_text('utf-8')
    assert '# Introduction\n' in text
    chapter.write_text(text.replace('# Introduction\n', '# Introduction to the day\n', 1),
                       'utf-8')
    publish(project, build, out)
    printed = capsys.readouterr().out
    assert '  en: 1 changed pages read again' in printed
    assert '  fr: 1 changed pages read again' in printed
    assert in_every_format(out, 'en', 'Introduction to the day', 'chapters/introduction') == {
        'html': True, 'epub': True, 'pdf': True}
    chapter.write_text(text, 'utf-8')
    publish(project, build, out)
    capsys.readouterr()
    assert hashes(out) == clean

    # book.toml is no page: Sphinx's incremental build would miss it in the pages it
    # does not read again. Both editions are rebuilt from clean, and its new text is in
    # every format.
    toml = project / 'book.toml'
    assert '\n# rights = ""\n' in toml.read_text('utf-8')
    toml.write_text(toml.read_text('utf-8').replace(
        '\n# rights = ""\n', '\nrights = "© 2018 The authors of the chapters"\n'), 'utf-8')
    publish(project, build, out)
    printed = capsys.readouterr().out
    assert 'read again' not in printed
    assert '  en: html built' in printed and '  fr: latexpdf built' in printed
    for language in ('en', 'fr'):
        assert in_every_format(out, language, 'The authors of the chapters', 'index') == {
            'html': True, 'epub': True, 'pdf': True}, language


def _inputs(source: Path, language: str = 'fr') -> incremental.EditionInputs:
    return incremental.edition_inputs_by_part(
        source, language, ('en', 'fr'), base_url='', environment={'PATH': '/usr/bin'},
        outputs=[source / '_build'], shared='toolchain')


@pytest.mark.parametrize('changed, expected', [
    ('chapters/introduction.md', ['chapters/introduction.md']),
    ('locale/fr/LC_MESSAGES/chapters/introduction.po',
     ['locale/fr/LC_MESSAGES/chapters/introduction.po']),
    ('book.toml', None),
    ('conf.py', None),
    ('index.md', None),
    ('_templates/page.html', None),
    ('_static/book.css', None),
    ('locale/fr/LC_MESSAGES/proceedings.po', None),
    ('locale/fr/LC_MESSAGES/sphinx.po', None),
    ('locale/fr/LC_MESSAGES/index.po', None),
    ('locale/glossary.toml', None),
    ('chapters/new-session.md', None),  # its outputs would be new files: from clean
])
def test_only_changed_pages_are_left_to_sphinx_s_incremental_build(tmp_path, changed,
                                                                   expected):
    source = tmp_path / 'book'
    files = ('book.toml', 'conf.py', 'index.md', '_templates/page.html', '_static/book.css',
             'chapters/introduction.md', 'locale/fr/LC_MESSAGES/chapters/introduction.po',
             'locale/fr/LC_MESSAGES/proceedings.po', 'locale/fr/LC_MESSAGES/sphinx.po',
             'locale/fr/LC_MESSAGES/index.po', 'locale/glossary.toml')
    for name in files:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(f'{name}\n', 'utf-8')
    edition = tmp_path / 'build' / 'fr'
    edition.mkdir(parents=True)
    before = _inputs(source)
    incremental.remember(edition, before, [], time.time_ns())
    assert incremental.changed_pages(edition, source, _inputs(source)) == []
    (source / changed).parent.mkdir(parents=True, exist_ok=True)
    (source / changed).write_text('changed\n', 'utf-8')
    after = _inputs(source)
    assert after.digest != before.digest
    assert incremental.changed_pages(edition, source, after) == expected


def test_a_changed_page_older_than_the_last_build_rebuilds_from_clean(tmp_path):
    """Sphinx reads a page again only when its file is newer than its last reading."""
    source = tmp_path / 'book'
    page = source / 'chapters' / 'introduction.md'
    page.parent.mkdir(parents=True)
    page.write_text('# Introduction\n', 'utf-8')
    edition = tmp_path / 'build' / 'en'
    edition.mkdir(parents=True)
    started = time.time_ns()
    incremental.remember(edition, _inputs(source, 'en'), [], started)
    page.write_text('# Introduction to the day\n', 'utf-8')
    os.utime(page, ns=(started - 10**9, started - 10**9))  # as restored from an archive
    assert incremental.changed_pages(edition, source, _inputs(source, 'en')) is None
    os.utime(page)
    assert incremental.changed_pages(edition, source, _inputs(source, 'en')) == [
        'chapters/introduction.md']
    # A build recorded without its pages, or none recorded, is rebuilt from clean.
    incremental.remember(edition, _inputs(source, 'en'), [])
    assert incremental.changed_pages(edition, source, _inputs(source, 'en')) is None
    incremental.forget(edition)
    assert incremental.changed_pages(edition, source, _inputs(source, 'en')) is None


def test_an_edition_reads_nothing_of_the_other_languages_catalogues(project, tmp_path):
    """What lets a French edit leave the English edition as it is (``incremental``)."""
    opened: list[str] = []
    french = str(project / 'locale' / 'fr')

    def watch(event: str, args: tuple) -> None:
        if event == 'open' and isinstance(args[0], (str, Path)) and str(args[0]).startswith(french):
            opened.append(str(args[0]))

    sys.addaudithook(watch)  # cannot be removed: it watches only this test's copy
    for builder in ('html', 'epub', 'latex'):
        app = SphinxTestApp(builder, srcdir=project, builddir=tmp_path / builder,
                            confoverrides={'language': 'en'}, status=StringIO(),
                            warning=StringIO())
        try:
            app.build()
        finally:
            app.cleanup()
    assert (tmp_path / 'latex' / 'latex').is_dir()  # the builds ran, in English
    assert opened == []


def test_a_changed_catalogue_is_compiled_as_sphinx_compiles_it(project, tmp_path):
    from sphinx.util.i18n import CatalogInfo

    from proceedings.cli.publish import compile_catalogues

    po = project / CATALOGUE
    info = CatalogInfo(os.fspath(po.parent), po.stem, 'utf-8-sig')
    info.write_mo('fr')
    by_sphinx = po.with_suffix('.mo').read_bytes()
    po.with_suffix('.mo').unlink()
    assert compile_catalogues(project, [po], 'fr')
    assert po.with_suffix('.mo').read_bytes() == by_sphinx
    assert not list(po.parent.glob('*.partial'))
    # A conf.py that sets how Sphinx compiles leaves the catalogue to Sphinx, .mo removed.
    conf = project / 'conf.py'
    conf.write_text(conf.read_text('utf-8') + '\ngettext_allow_fuzzy_translations = True\n',
                    'utf-8')
    assert not compile_catalogues(project, [po], 'fr')
    assert not po.with_suffix('.mo').exists()
    assert compile_catalogues(project, [], 'fr')
