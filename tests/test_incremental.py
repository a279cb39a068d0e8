"""``make book`` rebuilds only the editions whose inputs changed, and makes the clean site."""

from __future__ import annotations

import hashlib
import sys
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from proceedings.cli.publish import publish

pytestmark = pytest.mark.builds

CATALOGUE = Path('locale/fr/LC_MESSAGES/chapters/introduction.po')


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob('*')) if p.is_file()}


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

    # Undone, the French edition is rebuilt and the site is the clean one, byte for byte.
    catalogue.write_text(original, 'utf-8')
    publish(project, build, out)
    assert '  fr: html built' in capsys.readouterr().out
    assert hashes(out) == clean


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
