"""The translators' workflow, with the real commands, on a copy of the project.

`make update-po`, `make stats`, `make check-po`, `make spell`, `make normalise-po` and the
Sphinx builds of a translation: nothing lost, a broken catalogue named with its file and
line, one normal form, a third language in one line.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from testing import PROJECT, copy_makefile
from proceedings.po import pofile

pytestmark = pytest.mark.builds

VENV = Path(sys.prefix)
FR = Path('locale') / 'fr' / 'LC_MESSAGES'
INTRODUCTION = 'chapters/introduction.md'
OLD_SENTENCE = ('It approached peer support as a cross-cutting subject across the fields of '
                'health, mental health and disability.')
NEW_SENTENCE = ('It approached peer support as a cross-cutting subject across the fields of '
                'health, of mental health and of disability.')


def make(project: Path, *targets: str) -> subprocess.CompletedProcess:
    """`make` in the copy, with this virtual environment (never reinstalled from there)."""
    return subprocess.run(
        ['make', '--no-print-directory', '-C', str(project), f'VENV={VENV}',
         '-o', f'{VENV}/.installed', *targets],
        capture_output=True, text=True, check=False,
    )


def sphinx(project: Path, builder: str, language: str, *options: str
           ) -> subprocess.CompletedProcess:
    """sphinx-build of one edition into ``_build/<builder>-<language>``."""
    return subprocess.run(
        [sys.executable, '-m', 'sphinx', '-b', builder, '-q', *options,
         '-D', f'language={language}', str(project),
         str(project / '_build' / f'{builder}-{language}')],
        capture_output=True, text=True, check=False,
    )


def output(result: subprocess.CompletedProcess) -> str:
    return result.stdout + result.stderr


def catalogues(project: Path, language: str = 'fr') -> dict[str, bytes]:
    folder = project / 'locale' / language / 'LC_MESSAGES'
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob('*.po'))}


def message_count(project: Path, language: str = 'fr') -> int:
    """How many messages the book has to translate, as its catalogues stand."""
    return sum(1 for path in (project / 'locale' / language / 'LC_MESSAGES').rglob('*.po')
               for message in load(path) if message.id)


def load(path: Path):
    with path.open('rb') as f:
        return read_po(f)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text('utf-8')
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), 'utf-8')


# -- Update: one normal form, minimal diffs, nothing lost ----------------------------------


def test_update_po_keeps_catalogues_byte_for_byte_and_twice_changes_nothing(project):
    original = catalogues(project)
    result = make(project, 'update-po')
    assert result.returncode == 0, output(result)
    assert catalogues(project) == original  # already in normal form: not one byte changes
    edit(project / INTRODUCTION, OLD_SENTENCE, NEW_SENTENCE)
    assert make(project, 'update-po').returncode == 0
    updated = catalogues(project)
    changed = [name for name in updated if updated[name] != original[name]]
    assert changed == ['chapters/introduction.po']
    second = make(project, 'update-po')
    assert second.returncode == 0, output(second)
    assert catalogues(project) == updated
    assert 'Update:' not in second.stdout and 'Normalised' not in second.stdout


def test_a_changed_paragraph_keeps_its_translation_as_fuzzy_and_shows_english(project, tmp_path):
    po_path = project / FR / 'chapters' / 'introduction.po'
    old = next(m for m in load(po_path) if m.id and OLD_SENTENCE in m.id)
    edit(project / INTRODUCTION, OLD_SENTENCE, NEW_SENTENCE)

    # Not extracted yet: the check says what to run.
    result = make(project, 'check-po')
    assert result.returncode != 0
    assert (f'{FR}/chapters/introduction.po:{old.lineno}: this text changed in the sources '
            f'({INTRODUCTION}:3)') in result.stderr
    assert 'run `make update-po`' in result.stderr

    assert make(project, 'update-po').returncode == 0
    new = next(m for m in load(po_path) if m.id and NEW_SENTENCE in m.id)
    assert new.fuzzy and new.string == old.string  # the old translation, as a suggestion
    assert not any(OLD_SENTENCE in m.id for m in load(po_path) if m.id)

    stats_file = tmp_path / 'stats.json'
    stats = make(project, 'stats', f'JSON={stats_file}')
    assert stats.returncode == 0, output(stats)
    count = sum(1 for m in load(po_path) if m.id)
    assert re.search(rf'chapters/introduction\.po\s+{count - 1}\s+1\s+0\s+0\s+'
                     rf'{100 * (count - 1) / count:.1f}%', stats.stdout), stats.stdout
    total = message_count(project)
    assert re.search(rf'^fr: {total - 1} of {total} messages translated '
                     rf'\({100 * (total - 1) / total:.1f}%\), 1 fuzzy', stats.stdout, re.M)
    numbers = json.loads(stats_file.read_text('utf-8'))['fr']
    assert numbers['catalogues']['chapters/introduction.po']['fuzzy'] == 1
    assert numbers['total']['translated'] == total - 1

    result = make(project, 'check-po')
    assert result.returncode != 0
    assert f'{FR}/chapters/introduction.po:{new.lineno}: fuzzy: the English changed' \
        in result.stderr

    # Sphinx leaves fuzzy translations out: the reader gets the new English, not stale French.
    build = sphinx(project, 'html', 'fr', '-W')
    assert build.returncode == 0, output(build)
    soup = BeautifulSoup((project / '_build' / 'html-fr' / 'chapters' / 'introduction.html')
                         .read_text('utf-8'), 'html.parser')
    paragraph = soup.find('p', string=re.compile(re.escape(NEW_SENTENCE)))
    assert paragraph is not None and 'untranslated' in paragraph['class']
    assert old.string[:40] not in soup.get_text()


def test_a_rewritten_long_paragraph_and_title_come_back_fuzzy_not_empty(project):
    # A sentence added to a long paragraph: babel's matching scores it under a half (its
    # "popular character" heuristic), and the French went to an obsolete entry.
    po_path = project / FR / 'chapters' / 'introduction.po'
    paragraph = next(m for m in load(po_path) if m.id and m.id.startswith('In Western'))
    assert len(paragraph.id) > 200
    sentence = 'The page that announced the day gives no figures on them. '
    cut = paragraph.id.index('Peer support has spread')
    rewritten = paragraph.id[:cut] + sentence + paragraph.id[cut:]
    text = (project / INTRODUCTION).read_text('utf-8')
    (project / INTRODUCTION).write_text(text.replace(paragraph.id, rewritten), 'utf-8')
    title_po = project / FR / 'chapters' / 'afternoon' / 'plenary-effects-of-statutes.po'
    title = next(m for m in load(title_po) if m.id.startswith('Peer support: what effects'))
    edit(project / 'chapters/afternoon/plenary-effects-of-statutes.md', title.id,
         'Peer support: what effects do statutes and contexts of practice have?')

    result = make(project, 'update-po')
    assert result.returncode == 0, output(result)
    assert 'Suggested: 1 earlier translations of rewritten texts, fuzzy, in ' \
        f'{FR}/chapters/introduction.po' in result.stdout
    new = next(m for m in load(po_path) if m.id == rewritten)
    assert new.fuzzy and new.string == paragraph.string
    catalog = load(po_path)
    assert not catalog.obsolete  # moved, not copied
    new_title = next(m for m in load(title_po) if 'contexts of practice' in m.id)
    assert new_title.fuzzy and new_title.string == title.string
    assert make(project, 'update-po').stdout.count('Suggested') == 0  # twice: no change

    # Fuzzy: reported, and never used by the build.
    check = make(project, 'check-po')
    assert check.returncode != 0
    assert f'{FR}/chapters/introduction.po:{new.lineno}: fuzzy: the English changed' \
        in check.stderr
    build = sphinx(project, 'html', 'fr', '-W')
    assert build.returncode == 0, output(build)
    html = (project / '_build/html-fr/chapters/introduction.html').read_text('utf-8')
    assert paragraph.string[:60] not in html


def test_renamed_and_removed_pages_keep_their_translations(project):
    introduction = load(project / FR / 'chapters' / 'introduction.po')
    translations = {m.id: m.string for m in introduction if m.id}
    resources = {m.id: m.string for m in load(project / FR / 'chapters' / 'resources.po') if m.id}
    (project / INTRODUCTION).rename(project / 'chapters' / 'opening.md')
    (project / 'chapters' / 'resources.md').unlink()
    edit(project / 'index.md', 'chapters/introduction\n', 'chapters/opening\n')
    edit(project / 'index.md', 'chapters/resources\n', '')

    result = make(project, 'update-po')
    assert result.returncode == 0, output(result)
    assert (f'Reused: {len(translations)} earlier translations in {FR}/chapters/opening.po'
            in result.stdout)
    assert (f'Retired: {FR}/chapters/resources.po: its page is gone; '
            f'its {len(resources)} translations') in result.stdout
    # Renamed: the same texts, so the same translations, in use, in the new catalogue.
    opening = load(project / FR / 'chapters' / 'opening.po')
    assert {m.id: m.string for m in opening if m.id} == translations
    assert not any(m.fuzzy for m in opening if m.id)
    assert not (project / FR / 'chapters' / 'introduction.po').exists()
    # Removed: every translation kept, as an obsolete entry.
    removed = load(project / FR / 'chapters' / 'resources.po')
    assert not [m for m in removed if m.id]
    assert {m.id: m.string for m in removed.obsolete.values()} == resources

    result = make(project, 'check-po')
    assert result.returncode == 0, output(result)
    in_use = sum(1 for path in (project / FR).rglob('*.po') if any(m.id for m in load(path)))
    assert make(project, 'update-po').stdout.count('Not Changed') == in_use

    # The page comes back: its translations come back too, fuzzy, for a translator to confirm.
    shutil.copy(PROJECT / 'chapters' / 'resources.md', project / 'chapters' / 'resources.md')
    edit(project / 'index.md', 'chapters/afternoon/index\n',
         'chapters/afternoon/index\nchapters/resources\n')
    assert make(project, 'update-po').returncode == 0
    back = load(project / FR / 'chapters' / 'resources.po')
    assert {m.id: m.string for m in back if m.id} == resources
    assert all(m.fuzzy for m in back if m.id) and not back.obsolete


# -- A broken catalogue: its file and line, never a traceback --------------------------------

#: Each in a catalogue of its own, since a catalogue that cannot be read is not compared.
BREAKAGES = {
    # name: (catalogue, the text to change, what it becomes, the message expected)
    'syntax': ('chapters/morning/index.po', 'msgstr "Matinée — ', 'msgstr Matinée — ',
               'msgstr: a string must start with a double quote (")'),
    'plural': ('chapters/afternoon/index.po', 'nplurals=3;', 'nplurals=2;',
               'Plural-Forms: the expression gives form 2, but nplurals=2'),
    'bold': ('index.po', '"**Lire, écouter, télécharger.**"',
             '"**Lire, écouter, télécharger."',
             'bold (**…**): 1 in the English, 0 in the translation'),
    'backquote': ('index.po', 'msgstr "Sommaire"', 'msgstr "Som`maire"',
                  'a lone backquote (`) in the translation'),
    'link': ('index.po', '[L’aire d’U](https://www.lairedu.fr/)',
             '[L’aire d’U](https://www.lairedu.fr)',
             'the link to https://www.lairedu.fr/ became the link to https://www.lairedu.fr'),
    'reference': ('404.po', '[la page d’accueil](index.md)', '[la page d’accueil](indx.md)',
                  'the link to index.md became the link to indx.md'),
    # Used in a "%" formatting by the extension: the build must not crash on it.
    'placeholder': ('proceedings.po', 'l’enregistrement (en %s)', 'l’enregistrement (en français)',
                    'the placeholder %s is in the English but not in the translation'),
}


def expected_line(path: Path, changed: str, header: bool = False) -> int:
    """The line a message names: the header's, or the msgstr of the changed entry."""
    lines = path.read_text('utf-8').splitlines()
    line = next(i for i, text in enumerate(lines, 1) if changed in text)
    while not header and not lines[line - 1].startswith('msgstr'):
        line -= 1
    return line


def test_broken_catalogues_are_named_with_their_file_and_line(project):
    # That session's recording known, its page shows the label whose placeholder is lost.
    edit(project / 'chapters/morning/round-table-mobilizing-to-cope.md',
         '```{podcast} https://www.lairedu.fr/', '```{podcast} https://www.lairedu.fr/video/1/')
    expected = {}
    for name, (catalogue, old, new, message) in BREAKAGES.items():
        path = project / FR / catalogue
        edit(path, old, new)
        expected[name] = (path, expected_line(path, new, header=name == 'plural'), message)
    # What only gettext's own msgfmt checks: a translation that ends a line unlike its English.
    statutes = project / FR / 'chapters' / 'afternoon' / 'plenary-effects-of-statutes.po'
    edit(statutes, 'd’exercice\u202f?"', 'd’exercice\u202f?\\n"')
    msgfmt_line = expected_line(statutes, '?\\n"')

    result = make(project, 'check-po')
    assert result.returncode != 0
    assert 'Traceback' not in output(result)
    assert (f"{statutes.relative_to(project)}:{msgfmt_line}: msgfmt: 'msgid' and 'msgstr' entries "
            "do not both end with '\\n'") in result.stderr, output(result)
    for name, (path, line, message) in expected.items():
        assert f'{path.relative_to(project)}:{line}: {message}' in result.stderr, \
            (name, output(result))

    # The build of the French edition stops on them too (`make book` builds with -W), and
    # does not crash on the lost placeholder: that translation is left out.
    build = sphinx(project, 'html', 'fr')
    assert build.returncode == 1, output(build)
    assert 'Traceback' not in output(build)
    for name, (path, line, message) in expected.items():
        assert f'{path}:{line}: ERROR: {message}' in build.stderr, (name, output(build))
    page = (project / '_build/html-fr/chapters/morning/round-table-mobilizing-to-cope.html')
    # The label left out shows whole in English, never half translated ("in français").
    assert 'lang="en" rel="noopener noreferrer">Listen to the recording (in French)' \
        in page.read_text('utf-8')

    # Built again, every page written again, the catalogues unchanged: the findings of the
    # first check are reused, and they still stop the build and leave that translation out.
    page.unlink()
    again = sphinx(project, 'html', 'fr', '-E')
    assert again.returncode == 1, output(again)
    assert 'Traceback' not in output(again)
    for name, (path, line, message) in expected.items():
        assert f'{path}:{line}: ERROR: {message}' in again.stderr, (name, output(again))
    # The label left out shows whole in English, never half translated ("in français").
    assert 'lang="en" rel="noopener noreferrer">Listen to the recording (in French)' \
        in page.read_text('utf-8')


@pytest.mark.parametrize(('text', 'message'), [
    (b'msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', '6: msgid without its msgstr'),
    (b'msgid "a"\nmsgstr "b"\nhello\n', "8: not a line of a PO file: 'hello'"),
    (b'msgid "a"\nmsgtsr "b"\n', "7: unknown keyword 'msgtsr'"),
    (b'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', '9: the same msgid as at line 6'),
    (b'msgid "a"\nmsgstr "b\\q"\n', '7: msgstr: \\q is not an escape that Sphinx understands'),
    (b'msgid "a"\nmsgstr "caf\xe9"\n', '7: not valid UTF-8'),
    (b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[2] "c"\n',
     '9: msgstr[2] where msgstr[1]'),
    (b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\n', '6: 1 translated form(s) (msgstr[n]), but '
     'Plural-Forms says nplurals=2'),
    (b'msgid "a"\nmsgstr[0] "b"\n', '7: msgstr[0] in a message without msgid_plural'),
])
def test_syntax_errors_are_named_with_their_line(text, message):
    header = (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              b'"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')
    po, problems = pofile.read(Path('x.po'), header + text)
    assert po is None
    assert f'x.po:{message}' in [p.format() for p in problems][0]


def test_a_percent_sign_in_prose_is_no_placeholder(project):
    # Babel flags "100% of" as python-format; msgfmt would refuse the French "100 %".
    edit(project / INTRODUCTION, OLD_SENTENCE, f'{OLD_SENTENCE} Nearly 100% of them came.')
    assert make(project, 'update-po').returncode == 0
    path = project / FR / 'chapters' / 'introduction.po'
    catalog = load(path)
    message = next(m for m in catalog if m.id and '100%' in m.id)
    assert 'python-format' in message.flags and message.fuzzy
    message.string = message.string + ' Ils sont venus à 100\u00a0%.'
    message.flags.discard('fuzzy')
    path.write_bytes(pofile.normal_form(catalog))
    plain = subprocess.run(['msgfmt', '--check', '-o', os.devnull, str(path)],
                           capture_output=True, text=True, check=False)
    assert plain.returncode != 0  # the false alarm that check-po must not raise
    result = make(project, 'check-po')
    assert result.returncode == 0, output(result)


# -- One normal form, spelling, typography -------------------------------------------------


def test_a_catalogue_saved_by_a_po_editor_is_normalised(project):
    path = project / FR / 'chapters' / 'introduction.po'
    original = path.read_bytes()
    # A PO editor that wraps its own way (here gettext's msgcat, without wrapping).
    subprocess.run(['msgcat', '--no-wrap', '-o', str(path), str(path)], check=True)
    assert path.read_bytes() != original
    result = make(project, 'check-po')
    assert result.returncode != 0
    assert re.search(rf'{FR}/chapters/introduction\.po:\d+: not in the normal form \(wrapped at '
                     r'79 columns, as `make update-po` writes\): run `make normalise-po`',
                     result.stderr), output(result)
    result = make(project, 'normalise-po')
    assert result.returncode == 0, output(result)
    assert f'Normalised: {FR}/chapters/introduction.po' in result.stdout
    assert path.read_bytes() == original


def test_spelling_and_typography_use_the_glossary(project):
    path = project / FR / 'index.po'
    assert make(project, 'spell').returncode == 0
    edit(path, 'msgstr "Sommaire"', 'msgstr "Somaire"')
    line = expected_line(path, 'msgstr "Somaire"')
    result = make(project, 'spell')
    assert result.returncode != 0
    assert f"{FR}/index.po:{line}: unknown word 'Somaire'" in result.stderr
    edit(path, 'msgstr "Somaire"', 'msgstr "Sommaire"')
    # The glossary is the spelling check's word list: without a word of it, the word fails.
    edit(project / 'locale' / 'glossary.toml', '    "pluriprofessionnelles",\n', '')
    result = make(project, 'spell')
    assert result.returncode != 0
    assert "unknown word 'pluriprofessionnelles'" in result.stderr
    # French typography: a plain space before ":" where a no-break space belongs.
    edit(path, 'Citer ce livre.** Citez le livre dans son ensemble sous cette forme\u00a0:',
         'Citer ce livre.** Citez le livre dans son ensemble sous cette forme :')
    result = subprocess.run([sys.executable, '-m', 'proceedings', 'check-po'],
                            cwd=project, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert re.search(rf'{FR}/index\.po:\d+: a plain space before ":": type a no-break space',
                     result.stderr), output(result)


# -- A third language ------------------------------------------------------------------------


def test_a_third_language_is_one_line_and_update_po(project):
    edit(project / 'book.toml', 'languages = ["en", "fr"]', 'languages = ["en", "fr", "de"]')
    result = make(project, 'update-po')
    assert result.returncode == 0, output(result)
    assert catalogues(project, 'de').keys() == catalogues(project, 'fr').keys()
    assert all(not m.string for m in load(project / 'locale/de/LC_MESSAGES/index.po') if m.id)
    stats = make(project, 'stats')
    assert re.search(rf'^de: 0 of {message_count(project, "de")} messages translated',
                     stats.stdout, re.M)

    german = sphinx(project, 'html', 'de', '-W', '--keep-going', '-n')
    assert german.returncode == 0, output(german)
    home = BeautifulSoup((project / '_build/html-de/index.html').read_text('utf-8'), 'html.parser')
    assert home.html['lang'] == 'de'
    assert home.find(class_='untranslated')  # English where untranslated
    assert 'This book gathers the proceedings' in home.get_text()
    assert home.find('span', class_='current-edition', lang='de').get_text() == 'Deutsch'

    french = sphinx(project, 'html', 'fr', '-W')
    assert french.returncode == 0, output(french)
    page = BeautifulSoup((project / '_build/html-fr/chapters/introduction.html')
                         .read_text('utf-8'), 'html.parser')
    switch = page.find('a', class_='edition-switch', hreflang='de')
    assert switch['href'] == '../../de/chapters/introduction.html'
    assert switch.get_text() == 'Deutsch'


# -- Set-up and documentation ----------------------------------------------------------------


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which('runuser'),
                    reason='needs root to run make as another user')
def test_without_root_make_names_the_missing_po_tools():
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)
        copy_makefile(folder)
        result = subprocess.run(
            ['runuser', '-u', 'nobody', '--', 'make', '-C', folder, 'po-tools',
             'PO_PACKAGES=no-such-po-package gettext'],
            capture_output=True, text=True, check=False,
        )
    assert result.returncode != 0
    assert 'sudo apt-get install --no-install-recommends no-such-po-package' in result.stdout


def test_the_guide_names_real_commands_and_files():
    guide = (PROJECT / 'TRANSLATING.md').read_text('utf-8')
    readme = (PROJECT / 'README.md').read_text('utf-8')
    assert '(TRANSLATING.md)' in readme.split('## Translators')[1].split('\n## ')[0]
    help_text = subprocess.run(['make', '-s', '-C', str(PROJECT), 'help'], capture_output=True,
                               text=True, check=True).stdout
    for target in set(re.findall(r'`make ([a-z-]+)', guide)):
        assert f'make {target} ' in help_text, target
    for path in re.findall(r'`(locale/[\w./]+)`', guide):
        assert (PROJECT / path).exists(), path
    assert 'TRANSLATING.md' in (PROJECT / 'conf.py').read_text('utf-8')  # kept out of the book
