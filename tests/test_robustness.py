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

from conftest import BASE_URL, PROJECT
from proceedings.publish import PublishError, publish
from test_book import SLUG, html_pages

CHAPTER = 'chapters/morning/plenary-what-are-we-talking-about'
#: Every character that means something to LaTeX, HTML or BibTeX, in reader's text.
HOSTILE = '50% & #1 $5 a_b {c} C:\\path ~d ^e <b>x</b> "q" \'s'
HOSTILE_FR = '50 % & n°1 5 $ a_b {c} C:\\chemin ~d ^e <b>x</b> « q » l’s'
HOSTILE_URL = 'https://recordings.example.org/a_b?x=1&y=%20z#t~1'


def plain(text: str) -> str:
    """Text as typed: Sphinx's smart quotes (English only) curl straight quotes."""
    return ' '.join(text.translate(str.maketrans('“”‘’', '""\'\'')).split())


def pdf_text(path: Path) -> str:
    """The PDF's text as PDFium extracts it (pypdf loses spaces in some XeTeX lines)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    return ' '.join(document[i].get_textpage().get_text_range() for i in range(len(document)))


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
        write_po(f, po, width=79)


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
                    '-l', 'fr', '-w', '79'], check=True, capture_output=True)
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


@pytest.mark.parametrize(('mistake', 'message'), [
    (lambda s: '---\ntitle: [unclosed\n---\n' + s, r'plenary-what-are-we-talking-about\.md:\d+: WARNING: Malformed YAML'),
    (lambda s: s.replace(':kind: plenary', ':kind: plenary\n:colour: red'),
     r'plenary-what-are-we-talking-about\.md:\d+: (WARNING|ERROR): .*colour'),
    (lambda s: s.replace(':kind: plenary', ':kind: keynote'),
     r"plenary-what-are-we-talking-about\.md:3: ERROR: session kind 'keynote' is unknown; "
     r'write :kind: with one of: plenary, round-table'),
    (lambda s: s.replace('```{podcast} https://www.lairedu.fr/', '```{podcast} javascript:alert(1)'),
     r"plenary-what-are-we-talking-about\.md:\d+: ERROR: podcast address 'javascript:alert\(1\)' "
     r'is not an absolute https:// or http:// address'),
    (lambda s: s + '\n```{summary}\nAgain.\n```\n',
     r'plenary-what-are-we-talking-about\.md:\d+: ERROR: a session has one summary; this one repeats it'),
], ids=['front-matter', 'directive-option', 'kind', 'podcast-address', 'piece-twice'])
def test_a_mistake_stops_make_book_with_file_and_line(project, tmp_path, mistake, message):
    chapter = project / f'{CHAPTER}.md'
    chapter.write_text(mistake(chapter.read_text('utf-8')), 'utf-8')
    result = subprocess.run(
        [sys.executable, '-m', 'proceedings.publish', '--source', str(project),
         '--builddir', str(tmp_path / 'build')],
        capture_output=True, text=True, check=False, cwd=PROJECT,
    )
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
         sys.executable, '-m', 'proceedings.publish', '--source', str(project),
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


@pytest.mark.parametrize('language', ['en', 'fr'])
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
