"""Bad input gets a clear error, a failed build loses nothing, two builds are identical."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from bs4 import BeautifulSoup
from pypdf import PdfReader

from proceedings.cli.publish import PublishError, publish
from proceedings.po import WIDTH
from testing import BASE_URL, LANGUAGES, PROJECT, SLUG, html_pages, pdf_text, plain

pytestmark = pytest.mark.builds

CHAPTER = 'chapters/morning/plenary-what-are-we-talking-about'
#: Every character that means something to LaTeX, HTML or BibTeX, in reader's text.
HOSTILE = '50% & #1 $5 a_b {c} C:\\path ~d ^e <b>x</b> "q" \'s'
HOSTILE_FR = '50 % & n°1 5 $ a_b {c} C:\\chemin ~d ^e <b>x</b> « q » l’s'
HOSTILE_URL = 'https://recordings.example.org/a_b?x=1&y=%20z#t~1'


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob('*')) if p.is_file()}


def test_two_builds_of_one_commit_are_identical(site, tmp_path):
    again = tmp_path / 'site'
    publish(PROJECT, tmp_path / 'build', again, base_url=BASE_URL)
    first, second = hashes(site), hashes(again)
    assert len(first) > 50
    assert first == second


def test_dates_come_from_the_last_commit(site):
    commit = subprocess.run(['git', '-C', str(PROJECT), 'log', '-1', '--format=%ct'],
                            capture_output=True, text=True, check=False).stdout.strip()
    if not commit.isdigit():
        pytest.skip('not a git checkout')
    import datetime as dt

    when = dt.datetime.fromtimestamp(int(commit), dt.timezone.utc)
    reader = PdfReader(site / 'en' / f'{SLUG}-en.pdf')
    assert reader.metadata['/CreationDate'].startswith(when.strftime("D:%Y%m%d%H%M%S"))
    with zipfile.ZipFile(site / 'fr' / f'{SLUG}-fr.epub') as epub:
        infos = epub.infolist()
        opf = epub.read('content.opf').decode('utf-8')
    assert infos[0].filename == 'mimetype' and infos[0].compress_type == zipfile.ZIP_STORED
    zip_time = when.replace(second=when.second - when.second % 2)  # zip keeps even seconds
    assert {info.date_time for info in infos} == {zip_time.timetuple()[:6]}
    assert when.strftime('%Y-%m-%dT%H:%M:%SZ') in opf


def translate(project: Path, catalogue: str, translations: dict[str, str]) -> None:
    path = project / 'locale' / 'fr' / 'LC_MESSAGES' / f'{catalogue}.po'
    with path.open('rb') as f:
        po = read_po(f)
    for msgid, msgstr in translations.items():
        message = po.get(msgid)
        assert message is not None, f'{msgid!r} is not in {path}'
        message.string = msgstr
        message.flags.discard('fuzzy')
    with path.open('wb') as f:
        write_po(f, po, width=WIDTH)


def test_hostile_characters_come_out_literally_everywhere(project, tmp_path):
    chapter = project / f'{CHAPTER}.md'
    source = chapter.read_text('utf-8')
    old_question = 'On what basis do we recognise ourselves as peers today?'
    source = (source.replace('# Peer support: what are we talking about?', f'# Costs: {HOSTILE}')
              .replace(old_question, f'Who pays {HOSTILE}?')
              .replace('https://www.lairedu.fr/', HOSTILE_URL, 1))
    chapter.write_text(source, 'utf-8')
    subprocess.run([sys.executable, '-m', 'sphinx', '-M', 'gettext', str(project),
                    str(project / '_build'), '-q'], check=True)
    subprocess.run([sys.executable, '-m', 'sphinx_intl', 'update', '-p',
                    str(project / '_build' / 'gettext'), '-d', str(project / 'locale'),
                    '-l', 'fr', '-w', str(WIDTH)], check=True, capture_output=True)
    translate(project, CHAPTER, {f'Costs: {HOSTILE}': f'Coûts\u00a0: {HOSTILE_FR}',
                                 f'Who pays {HOSTILE}?': f'Qui paie {HOSTILE_FR}\u202f?'})
    out = tmp_path / 'site'
    publish(project, tmp_path / 'build', out)
    for language, text in (('en', f'Costs: {HOSTILE}'), ('fr', f'Coûts\u00a0: {HOSTILE_FR}')):
        soup = BeautifulSoup((out / language / f'{CHAPTER}.html').read_text('utf-8'), 'html.parser')
        heading = soup.find('h1')
        heading.find('a', class_='headerlink').decompose()
        assert plain(heading.get_text()) == plain(text)
        assert not soup.find('article').find('b')  # no markup injected
        assert soup.select_one('div.podcast a')['href'] == HOSTILE_URL
        assert plain(soup.find('meta', attrs={'name': 'citation_title'})['content']) == plain(text)
        question = soup.select('section.guiding-questions li')[-1].get_text()
        assert plain(question).endswith(plain(text.split(' ', 1)[1]) + ('\u202f?' if language == 'fr' else '?').replace('\u202f', ' '))
        reader = PdfReader(out / language / f'{SLUG}-{language}.pdf')
        assert plain(text) in plain(pdf_text(out / language / f'{SLUG}-{language}.pdf'))
        links = [a.get_object()['/A'].get('/URI') for page in reader.pages
                 for a in page.get('/Annots', []) if '/A' in a.get_object()]
        assert HOSTILE_URL in links
        with zipfile.ZipFile(out / language / f'{SLUG}-{language}.epub') as epub:
            xhtml = BeautifulSoup(epub.read(f'{CHAPTER}.xhtml'), 'html.parser')
        assert plain(text) in plain(xhtml.find('h1').get_text())
        bib = (out / language / f'{CHAPTER}.bib').read_text('utf-8')
        # Escaped; a word with a capital is also braced, so that styles keep its case.
        assert r'\& ' in bib and r'a\_b \{c\} {C:\textbackslash{}' in bib and r'\%' in bib


def test_a_raw_html_tag_in_a_chapter_shows_as_text(project, tmp_path):
    chapter = project / 'chapters' / 'introduction.md'
    chapter.write_text(chapter.read_text('utf-8') + '\nA tag: <script>alert(1)</script>.\n\n'
                       '<div onclick="steal()">A block.</div>\n', 'utf-8')
    subprocess.run([sys.executable, '-m', 'sphinx', '-b', 'html', '-q', str(project),
                    str(tmp_path / 'html')], check=True, capture_output=True)
    html = (tmp_path / 'html' / 'chapters' / 'introduction.html').read_text('utf-8')
    assert '&lt;script&gt;alert(1)&lt;/script&gt;' in html and '<script>alert' not in html
    assert '&lt;div onclick=' in html and '<div onclick' not in html


def publish_with_chapter_changed(project, tmp_path, change):
    """`proceedings publish` of *project* after *change* rewrote one session chapter."""
    chapter = project / f'{CHAPTER}.md'
    chapter.write_text(change(chapter.read_text('utf-8')), 'utf-8')
    return subprocess.run(
        [sys.executable, '-m', 'proceedings', 'publish', '--source', str(project),
         '--builddir', str(tmp_path / 'build')],
        capture_output=True, text=True, check=False, cwd=PROJECT,
    )


@pytest.mark.parametrize(('mistake', 'message'), [
    (lambda s: '---\ntitle: [unclosed\n---\n' + s, r'plenary-what-are-we-talking-about\.md:\d+: WARNING: Malformed YAML'),
    (lambda s: s.replace(':kind: plenary', ':kind: plenary\n:colour: red'),
     r'plenary-what-are-we-talking-about\.md:\d+: (WARNING|ERROR): .*colour'),
    (lambda s: s.replace(':kind: plenary', ':kind: keynote'),
     r"plenary-what-are-we-talking-about\.md:4: ERROR: session kind 'keynote' is not declared "
     r'in book\.toml \(declared kinds: plenary, round-table\); write :kind: with one of them, '
     r'or declare it under \[kinds\.keynote\]'),
    (lambda s: s.replace('```{podcast} https://www.lairedu.fr/', '```{podcast} javascript:alert(1)'),
     r"plenary-what-are-we-talking-about\.md:\d+: ERROR: podcast address 'javascript:alert\(1\)' "
     r'is not an absolute https:// or http:// address'),
    (lambda s: s + '\n```{summary}\nAgain.\n```\n',
     r'plenary-what-are-we-talking-about\.md:\d+: ERROR: a session has one summary; this one repeats it'),
], ids=['front-matter', 'directive-option', 'kind', 'podcast-address', 'piece-twice'])
def test_a_mistake_stops_make_book_with_file_and_line(project, tmp_path, mistake, message):
    result = publish_with_chapter_changed(project, tmp_path, mistake)
    assert result.returncode == 1
    assert re.search(message, result.stderr), result.stderr
    assert 'The book was not published' in result.stderr
    assert 'Traceback' not in result.stderr and 'Versions' not in result.stderr


def test_a_broken_identity_file_is_named(project):
    identity = project / 'book.toml'
    identity.write_text(identity.read_text('utf-8').replace('title = "', 'title = ', 1), 'utf-8')
    with pytest.raises(PublishError, match=r'book\.toml: not valid TOML: .*line 10'):
        publish(project, project / '_build', project / '_build' / 'site')


def test_a_failing_french_pdf_leaves_the_site_as_it_was(project, tmp_path, monkeypatch):
    out = tmp_path / 'site'
    publish(project, tmp_path / 'build', out)
    published = hashes(out)
    # A latexmk that fails for the French edition only, as a broken TeX package would.
    fake = tmp_path / 'bin'
    fake.mkdir()
    real = shutil.which('latexmk')
    script = fake / 'latexmk'
    script.write_text(f'#!/bin/sh\ncase "$*" in *-fr.tex*) echo "! French failure" >&2; '
                      f'exit 12;; esac\nexec {real} "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv('PATH', f'{fake}{os.pathsep}{os.environ["PATH"]}')
    with pytest.raises(PublishError, match=r'(?s)the fr latexpdf failed'):
        publish(project, tmp_path / 'build', out)
    assert hashes(out) == published


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which('setpriv'),
                    reason='root ignores permissions unless it gives up CAP_DAC_OVERRIDE')
def test_no_write_permission_gets_a_clear_message(project, tmp_path):
    build = tmp_path / 'build'
    build.mkdir()
    build.chmod(0o555)
    # Root, without the capability that lets it write anywhere: as any other user.
    result = subprocess.run(
        ['setpriv', '--bounding-set', '-dac_override,-dac_read_search', '--',
         sys.executable, '-m', 'proceedings', 'publish', '--source', str(project),
         '--builddir', str(build / '_build')],
        capture_output=True, text=True, check=False, cwd=PROJECT,
    )
    assert result.returncode == 1
    assert re.search(rf'cannot write in {re.escape(str(build))} .*: permission denied', result.stderr)
    assert 'Traceback' not in result.stderr
    assert not (build / '_build').exists()


def test_translated_editions_evaluate_no_string(site):
    # Sphinx's addTranslations builds a function from a string, which the policy forbids.
    script = (site / 'fr' / '_static' / 'translations.js').read_text('utf-8')
    assert 'addTranslations' not in script and 'Function' not in script
    assert 'Documentation.PLURAL_EXPR = (n) => Number((n == 0 || n == 1) ? 0' in script
    assert r'"Search Results": "R\u00e9sultats de la recherche"' in script


@pytest.mark.parametrize('language', LANGUAGES)
def test_pages_declare_a_strict_security_policy(site, language):
    import base64

    for path in html_pages(site, language):
        soup = BeautifulSoup(path.read_text('utf-8'), 'html.parser')
        policy = soup.find('meta', attrs={'http-equiv': 'Content-Security-Policy'})['content']
        directives = dict(part.strip().split(' ', 1) for part in policy.split(';'))
        assert directives['default-src'] == "'none'"
        site = BASE_URL.split('/expeerts-2018/')[0]  # the published origin
        for name in ('script-src', 'style-src', 'img-src', 'font-src', 'connect-src'):
            sources = set(directives[name].split())
            assert sources - {"'self'", site, "'unsafe-inline'", 'data:'} <= {
                s for s in sources if s.startswith("'sha256-")}, (name, sources)
        assert "'unsafe-inline'" not in directives['script-src']
        for script in soup.find_all('script'):
            if script.get('src') or script.get('type') == 'application/ld+json':
                continue
            digest = base64.b64encode(hashlib.sha256(script.string.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in directives['script-src'].split(), path
        assert soup.find('meta', attrs={'name': 'referrer'})['content'] == 'no-referrer'
        to_other_hosts = [a for a in soup.find('article').find_all('a', href=True)
                          if '://' in a['href'] and not a['href'].startswith(BASE_URL)]
        for link in to_other_hosts:
            assert link.get('rel') == ['noopener', 'noreferrer'], (path, link)


# -- Faults of make book: a kill, a second run, Ctrl-C, a full disk, too much input --------

def small_site(folder: Path, version: str) -> dict[str, str]:
    """A stand-in site of a few files, each saying which *version* it is."""
    for name in ('index.html', 'en/index.html', 'en/book.pdf', 'fr/index.html'):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'{version} {name}\n', 'utf-8')
    return hashes(folder)


#: The publisher killed (SIGKILL: nothing runs after) at each step of putting a site in
#: place: the script replaces one of publish's own operations by a kill at that point.
KILL_POINTS = {
    'before-the-exchange': "publish.exchange = lambda a, b: os.kill(os.getpid(), 9)",
    'after-the-exchange': (
        "real = publish.exchange\n"
        "def exchange(a, b):\n"
        "    real(a, b)\n"
        "    os.kill(os.getpid(), 9)\n"
        "publish.exchange = exchange"),
    'while-removing-the-old-site': (
        "real = os.unlink\n"
        "def unlink(path, *args, **kwargs):\n"
        "    real(path, *args, **kwargs)\n"
        "    os.kill(os.getpid(), 9)\n"
        "os.unlink = unlink"),
}


@pytest.mark.parametrize('point', sorted(KILL_POINTS))
def test_a_kill_at_any_step_of_the_swap_leaves_the_old_or_the_new_site(tmp_path, point):
    out, staging = tmp_path / 'site', tmp_path / 'site.staging'
    old, new = small_site(out, 'old'), small_site(staging, 'new')
    script = (f"import os, sys\nsys.path.insert(0, {str(PROJECT)!r})\n"
              "from pathlib import Path\nfrom proceedings.cli import publish\n"
              f"{KILL_POINTS[point]}\n"
              f"publish.replace_site(Path({str(staging)!r}), Path({str(out)!r}))\n")
    result = subprocess.run([sys.executable, '-c', script], capture_output=True, text=True,
                            check=False)
    assert result.returncode == -9, result.stderr  # killed where the test said
    assert hashes(out) in (old, new)
    # The next run starts by removing what is left at the staging name.
    if point != 'before-the-exchange':
        assert hashes(out) == new


def test_a_reader_never_finds_the_site_missing_or_mixed(tmp_path):
    """Another process reads the site while it is replaced a hundred times."""
    out = tmp_path / 'site'
    versions = {f'v{n}': small_site(tmp_path / f'v{n}', f'v{n}') for n in range(2)}
    small_site(out, 'v0')
    # The reader opens the site's folder, then its files from that folder: a snapshot of
    # one instant, as a server that resolved the folder would have. Files that vanish
    # from a folder that is no longer the site are the old site being removed: read again.
    reader = subprocess.Popen([sys.executable, '-c', f'''
import os, sys, time
from pathlib import Path
out = Path({str(out)!r})
names = ('index.html', 'en/index.html', 'en/book.pdf', 'fr/index.html')
seen, deadline = 0, time.monotonic() + 60
while not (out.parent / 'done').exists() and time.monotonic() < deadline:
    try:
        folder = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        sys.exit('the site is missing')
    try:
        texts = set()
        for name in names:
            fd = os.open(name, os.O_RDONLY, dir_fd=folder)
            texts.add(os.read(fd, 100).split()[0])
            os.close(fd)
    except FileNotFoundError as exc:
        if os.fstat(folder).st_ino == os.stat(out).st_ino:
            sys.exit(f'missing in the site: {{exc.filename}}')
        continue
    finally:
        os.close(folder)
    if len(texts) != 1:
        sys.exit(f'mixed: {{texts}}')
    seen += 1
print(seen)
'''], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    from proceedings.cli.publish import replace_site

    for round_ in range(100):
        version = f'v{(round_ + 1) % 2}'
        staging = tmp_path / 'site.staging'
        shutil.copytree(tmp_path / version, staging)
        replace_site(staging, out)
        assert hashes(out) == versions[version]
    (tmp_path / 'done').touch()
    stdout, stderr = reader.communicate(timeout=90)
    assert reader.returncode == 0, stderr
    assert int(stdout) > 100  # it did read, all along


def publisher(project: Path, builddir: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, '-m', 'proceedings', 'publish', '--source', str(project),
         '--builddir', str(builddir), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PROJECT,
    )


def wait_for(condition, seconds: float = 60) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, 'timed out'
        time.sleep(0.05)


def holds_lock(builddir: Path, process: subprocess.Popen) -> bool:
    lock = builddir / '.make-book.lock'
    return lock.exists() and f'process {process.pid}' in lock.read_text('utf-8')


def test_a_second_make_book_stops_while_the_first_runs(project, tmp_path):
    build, out = tmp_path / 'build', tmp_path / 'build' / 'site'
    first = publisher(project, build)
    wait_for(lambda: holds_lock(build, first))
    # The same build folder; then another build folder publishing to the same site.
    for extra in ([], ['--builddir', str(tmp_path / 'other'), '--out', str(out)]):
        second = subprocess.run(
            [sys.executable, '-m', 'proceedings', 'publish', '--source', str(project),
             '--builddir', str(build), *extra],
            capture_output=True, text=True, check=False, cwd=PROJECT, timeout=60)
        assert second.returncode == 1
        assert re.search(rf'another make book is running for this folder \(process '
                         rf'{first.pid}, lock .*\); this one stops without building',
                         second.stderr), second.stderr
        assert 'Traceback' not in second.stderr
    stdout, stderr = first.communicate(timeout=600)
    assert first.returncode == 0, stderr
    assert not (tmp_path / 'other' / 'en').exists()  # the second built nothing
    assert not out.with_name('site.staging').exists()
    assert (out / 'en' / f'{SLUG}-en.pdf').is_file()


def sphinx_children_of(project: Path) -> list[str]:
    found = []
    for status in Path('/proc').glob('[0-9]*/cmdline'):
        try:
            command = status.read_bytes().replace(b'\0', b' ').decode()
        except OSError:
            continue
        if 'sphinx' in command and str(project) in command:
            found.append(command)
    return found


@pytest.mark.parametrize('signal_name', ['SIGINT', 'SIGTERM'])
def test_an_interrupted_make_book_says_one_line_and_leaves_no_staging(project, tmp_path,
                                                                      signal_name):
    import signal

    build = tmp_path / 'build'
    out = build / 'site'
    small_site(out, 'old')
    published = hashes(out)
    run = publisher(project, build)
    wait_for(lambda: (build / 'en' / 'build.log').exists() and sphinx_children_of(project))
    run.send_signal(getattr(signal, signal_name))
    _stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 130
    assert [line for line in stderr.splitlines() if line.strip()] == [
        f'Interrupted: the book was not published; {out} is left as it was.']
    assert not out.with_name('site.staging').exists()
    assert hashes(out) == published
    wait_for(lambda: not sphinx_children_of(project), 30)


def test_a_full_disk_gets_one_line_that_names_the_file(project, tmp_path, monkeypatch):
    import errno

    from proceedings.cli import publish as publishing

    out = tmp_path / 'site'
    published = small_site(out, 'old')
    monkeypatch.setattr(publishing, 'build_edition', lambda *args: [])

    def full(source, target, **kwargs):
        raise OSError(errno.ENOSPC, 'No space left on device', str(target / 'index.html'))

    monkeypatch.setattr(publishing.shutil, 'copytree', full)
    with pytest.raises(PublishError) as caught:
        publish(project, tmp_path / 'build', out)
    assert str(caught.value) == (f'{tmp_path}/site.staging/en/index.html: no space left on '
                                 'the disk; free some space and build again')
    assert hashes(out) == published
    assert not (tmp_path / 'site.staging').exists()


@pytest.mark.parametrize(('grow', 'message'), [
    (lambda s: s.replace('```{summary}\n', '```{summary}\n' + 'word ' * 1_000_000 + '\n\n', 1),
     r'plenary-what-are-we-talking-about\.md:\d+: ERROR: a line of 4999999 characters: the '
     r'PDF is typeset from lines of at most 10000'),
    (lambda s: re.sub(r'(```\{guiding-questions\}\n(?::derived:\n)?)',
                      lambda m: m.group(1) + ''.join(f'- Question {n}?\n' for n in range(3000)),
                      s, count=1),
     r'plenary-what-are-we-talking-about\.md:\d+: ERROR: the guiding questions are 300\d, '
     r'of \d+ characters: the PDF frames them in one box of at most 100 questions'),
], ids=['5-MB-paragraph', '3000-questions'])
def test_oversized_input_gets_an_error_at_its_line_not_a_tex_log(project, tmp_path, grow,
                                                                 message):
    result = publish_with_chapter_changed(project, tmp_path, grow)
    assert result.returncode == 1
    assert re.search(message, result.stderr), result.stderr
    assert 'Traceback' not in result.stderr and '! ' not in result.stderr


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which('setpriv'),
                    reason='root reads any file unless it gives up CAP_DAC_READ_SEARCH')
def test_an_unreadable_catalogue_is_named_in_one_line(project, tmp_path):
    catalogue = project / 'locale' / 'fr' / 'LC_MESSAGES' / 'chapters' / 'introduction.po'
    catalogue.chmod(0)
    result = subprocess.run(
        ['setpriv', '--bounding-set', '-dac_override,-dac_read_search', '--',
         sys.executable, '-m', 'sphinx', '-b', 'html', '-q', '--no-color',
         '-D', 'language=fr', str(project), str(tmp_path / 'html')],
        capture_output=True, text=True, check=False, cwd=PROJECT,
    )
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if line.strip()] == [
        f'ERROR: {catalogue}: cannot be read: Permission denied [proceedings.catalogue]']


@pytest.mark.parametrize('target', ['html', 'serve', 'latexpdf'])
def test_make_html_and_serve_report_a_broken_identity_file_in_one_line(project, tmp_path,
                                                                       target):
    identity = project / 'book.toml'
    identity.write_text(identity.read_text('utf-8').replace('title = "', 'title = ', 1), 'utf-8')
    result = subprocess.run(
        ['make', '-C', str(project), target, f'VENV={PROJECT / ".venv"}',
         f'BUILDDIR={tmp_path / "build"}', 'TEX_PACKAGES='],
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if not line.startswith('make')]
    assert errors == ['The book cannot be built: book.toml: not valid TOML: Invalid value '
                      '(at line 10, column 9)'], result.stderr


def test_a_copy_that_fills_the_disk_gets_one_line(tmp_path):
    """The environment copied for the EPUB and the PDF (``shutil.copytree``) goes on past
    a file it cannot write and lists them all: where the disk fills decides whether a
    build or that copy meets it first, and both say it in one line."""
    from proceedings.cli.publish import _os_error

    full = "[Errno 28] No space left on device: '{0}' -> '{1}'"
    failures = [(f'/b/doctrees/{name}', f'/b/doctrees-epub/{name}',
                 full.format(f'/b/doctrees/{name}', f'/b/doctrees-epub/{name}'))
                for name in ('environment.pickle', 'index.doctree')]
    assert _os_error(shutil.Error(failures)) == (
        '/b/doctrees-epub/environment.pickle: no space left on the disk; free some space and '
        'build again')
    denied = [('/b/a', '/b/c', "[Errno 13] Permission denied: '/b/c'"), ('/b/d', '/b/e', 'x')]
    assert _os_error(shutil.Error(denied)) == (
        "/b/c: [Errno 13] Permission denied: '/b/c' (and 1 more files)")
    # A real copy into a full file system, where root can mount one.
    disk = tmp_path / 'disk'
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(
            ['mount', '-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', str(disk)],
            capture_output=True, check=False).returncode:
        return
    try:
        source = tmp_path / 'source'
        source.mkdir()
        for number in range(4):
            (source / f'{number}.doctree').write_bytes(os.urandom(40_000))
        with pytest.raises(OSError) as raised:
            shutil.copytree(source, disk / 'copy')
        assert re.fullmatch(rf'{re.escape(str(disk))}/copy/\d\.doctree: no space left on the '
                            r'disk; free some space and build again', _os_error(raised.value))
    finally:
        subprocess.run(['umount', '-l', str(disk)], check=False)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which('mount'),
                    reason='needs root to mount a small file system')
def test_a_really_full_disk_gets_one_line(project, tmp_path):
    disk = tmp_path / 'disk'
    disk.mkdir()
    mounted = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', str(disk)],
                             capture_output=True, text=True, check=False)
    if mounted.returncode:
        pytest.skip(f'cannot mount a tmpfs here: {mounted.stderr.strip()}')
    try:
        result = subprocess.run(
            [sys.executable, '-m', 'proceedings', 'publish', '--source', str(project),
             '--builddir', str(disk / 'build')],
            capture_output=True, text=True, check=False, cwd=PROJECT, timeout=600,
        )
    finally:
        subprocess.run(['umount', '-l', str(disk)], check=False)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert re.fullmatch(rf'The book was not published: {re.escape(str(disk))}/build\S*: no '
                        r'space left on the disk.*', lines[0]), result.stderr
    assert len(lines) == 2 and 'Traceback' not in result.stderr and '! ' not in result.stderr
