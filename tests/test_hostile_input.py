"""Random and hostile options and content for the session directives: every case either
builds, or fails with errors that name the file and line; nothing crashes."""

from __future__ import annotations

import functools
import json
import re
from html import unescape as html_unescape
import shutil
import tempfile
import zipfile
from io import StringIO
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

pytestmark = pytest.mark.builds

PROJECT = Path(__file__).resolve().parent.parent
ROOT = PROJECT / 'tests' / 'roots' / 'test-sessions'
SPECIALS = '%&#$_{}\\~^<>"\'`*[]():;!?|=-+/@«» \u00a0\u202f'

# Option values are one line: a line break would end the option, which is Markdown's
# business, not the directive's.
one_line = st.text(
    alphabet=st.characters(blacklist_categories=('Cs', 'Cc', 'Zl', 'Zp'))
    | st.sampled_from(SPECIALS),
    max_size=30,
)
body = st.text(
    alphabet=st.characters(blacklist_categories=('Cs',), blacklist_characters='\x00`')
    | st.sampled_from(SPECIALS),
    max_size=200,
)
addresses = st.one_of(
    one_line,
    st.sampled_from(['https://recordings.example.org/x', 'http://example.org/a_b?c=%20&d#e~',
                     'javascript:alert(1)', 'data:audio/mp3,AAAA', 'file:///etc/passwd',
                     '//example.org/x', 'https://', 'https://exa mple.org/', '']),
)


def chapter(kind: str, part: str, questions: str, summary: str, address: str,
            language: str, duration: str, title: str) -> str:
    return f"""# {title or 'A title'}

```{{session}}
:kind: {kind}
:part: {part}
```

```{{guiding-questions}}
{questions}
```

```{{summary}}
{summary}
```

```{{podcast}} {address}
:language: {language}
:duration: {duration}
```
"""


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.one_of(st.sampled_from(['plenary', 'round-table']), one_line),
    part=st.one_of(st.sampled_from(['first', 'second']), one_line),
    questions=body, summary=body, address=addresses,
    language=st.one_of(st.sampled_from(['fr', 'en', 'xx', 'fr-CA', '']), one_line),
    duration=st.one_of(st.sampled_from(['', '1:02:03', '45:00', '99:99', '0:00']), one_line),
    title=one_line,
)
def test_session_directives_build_or_fail_cleanly(kind, part, questions, summary, address,
                                                  language, duration, title):
    folder = Path(tempfile.mkdtemp())
    try:
        root = folder / 'root'
        shutil.copytree(ROOT, root)
        (root / 'sessions' / 'first-plenary.md').write_text(
            chapter(kind, part, questions, summary, address, language, duration, title), 'utf-8')
        for builder in ('html', 'latex'):
            warnings = StringIO()
            app = SphinxTestApp(builder, srcdir=root, status=StringIO(), warning=warnings)
            try:
                app.build()  # an exception here is the failure this test looks for
            finally:
                app.cleanup()
            output = strip_colors(warnings.getvalue())
            assert 'Traceback' not in output
            if app.statuscode:
                assert re.search(r'first-plenary\.md:\d+: ERROR: ', output), output
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- The hostile-input corpus: one case per class, on the small test root ---------------

#: What no output may ever hold: the text of a file outside the book.
SECRET = 'SECRET-OUTSIDE-THE-BOOK'
#: Every character that means something to HTML, JSON in <script>, LaTeX, BibTeX or YAML.
MARKUP = ('</title></span><script>alert(1)</script><!-- " onload="x" \\input{/etc/passwd} '
          '& % # _ $ ^ ~ {} }, note = {x')

#: Each construct that reads or fetches something outside the book, the line it is on in
#: CORPUS, and what the error says there.
CORPUS_CASES = {
    'include': ('```{include} ../outside.txt\n```\n', 'outside the book'),
    'colon-fence-include': (':::{include} ../outside.txt\n:::\n', 'outside the book'),
    'absolute-include': ('```{include} /../outside.txt\n```\n', 'outside the book'),
    'literalinclude': ('```{literalinclude} ../outside.txt\n```\n', 'outside the book'),
    'standard-include': ('```{include} <isonum.txt>\n```\n', 'error reading file'),
    'eval-rst-standard-include': ('```{eval-rst}\n.. include:: <isonum.txt>\n```\n',
                                  '<isonum.txt> is outside the book'),
    'symlinked-include': ('```{include} link.txt\n```\n', 'link.txt is outside the book'),
    'download': ('{download}`the file <../outside.txt>`\n', 'outside the book'),
    'csv-table-file': ('```{csv-table}\n:file: ../outside.txt\n```\n', 'outside the book'),
    'csv-table-url': ('```{csv-table}\n:url: https://example.org/t.csv\n```\n',
                      'csv-table :url: would fetch'),
    'image': ('![a picture](../outside.txt)\n', 'outside the book'),
    'remote-image': ('![a picture](https://example.org/x.png)\n', 'is on another host'),
    'eval-rst-include': ('```{eval-rst}\n.. include:: ../outside.txt\n```\n',
                         'outside the book'),
    'eval-rst-javascript': ('```{eval-rst}\n`click <javascript:alert(1)>`_\n```\n',
                            "the link to 'javascript:alert(1)' is refused"),
    'eval-rst-data': ('```{eval-rst}\n`see <data:text/html,x>`_\n```\n',
                      "the link to 'data:text/html,x' is refused"),
    'eval-rst-meta': ('```{eval-rst}\n.. meta::\n   :http-equiv=refresh: 0; '
                      'url=https://evil.example/\n```\n', 'the meta directive is not allowed'),
    'raw-file': ('```{raw} html\n:file: ../outside.txt\n```\n', 'raw html is not allowed'),
}


@pytest.fixture
def hostile_root(session_root: Path) -> tuple[Path, dict[str, int]]:
    """The test root with every case of CORPUS_CASES in its home page, and their lines."""
    (session_root.parent / 'outside.txt').write_text(f'{SECRET}\n', 'utf-8')
    (session_root / 'link.txt').symlink_to(session_root.parent / 'outside.txt')
    index = session_root / 'index.md'
    text = index.read_text('utf-8')
    lines = {}
    for name, (source, _message) in CORPUS_CASES.items():
        text += '\n'
        # reStructuredText's constructs are on the line after the fence that opens it.
        lines[name] = text.count('\n') + 1 + source.startswith('```{eval-rst}')
        text += source
    index.write_text(text, 'utf-8')
    return session_root, lines


def everything_under(folder: Path) -> str:
    """The text of every file the build wrote (an EPUB unzipped)."""
    found = []
    for path in folder.rglob('*'):
        # _sources: the chapters themselves, which the test root publishes as they are.
        if path.is_file() and not {'.doctrees', '_sources'} & set(path.parts):
            data = path.read_bytes()
            if path.suffix == '.epub':
                with zipfile.ZipFile(path) as epub:
                    data = b''.join(epub.read(name) for name in epub.namelist())
            found.append(data.decode('utf-8', errors='replace'))
    return '\n'.join(found)


@pytest.mark.parametrize('builder', ['html', 'epub', 'latex'])
def test_the_corpus_reads_nothing_outside_the_book_and_fetches_nothing(
        make_app, hostile_root, builder, monkeypatch):
    import requests

    fetched = []

    def no_fetch(self, method, url, *args, **kwargs):
        fetched.append(url)
        raise AssertionError(f'fetched {url}')

    monkeypatch.setattr(requests.Session, 'request', no_fetch)
    root, lines = hostile_root
    app = make_app(builder, srcdir=root, warningiserror=False)
    app.build()
    warnings = strip_colors(app.warning.getvalue())
    assert 'Traceback' not in warnings
    for name, (_source, message) in CORPUS_CASES.items():
        level = '(ERROR|WARNING|CRITICAL)'  # as each directive reports what it could not do
        assert re.search(rf'index\.md:{lines[name]}: {level}: [^\n]*{re.escape(message)}',
                         warnings), (name, warnings)
    assert app.statuscode == 1
    written = everything_under(app.outdir)
    assert SECRET not in written
    assert 'javascript:alert' not in written and 'data:text/html' not in written
    assert 'http-equiv="refresh"' not in written and 'evil.example' not in written
    assert fetched == []


def test_a_symlinked_chapter_is_not_read(make_app, session_root):
    outside = session_root.parent / 'outside.md'
    outside.write_text(f'# Outside\n\n{SECRET}\n', 'utf-8')
    (session_root / 'linked.md').symlink_to(outside)
    index = session_root / 'index.md'
    index.write_text(index.read_text('utf-8').replace('parts/second\n', 'parts/second\nlinked\n'),
                     'utf-8')
    app = make_app('html', srcdir=session_root)
    app.build()
    warnings = strip_colors(app.warning.getvalue())
    assert re.search(r'linked\.md: ERROR: .*outside\.md is outside the book', warnings), warnings
    assert app.statuscode == 1
    assert SECRET not in everything_under(app.outdir)


def test_front_matter_sets_only_documented_myst_keys(make_app, session_root):
    index = session_root / 'index.md'
    index.write_text('---\nmyst:\n  heading_anchors: 2\n  html_meta:\n'
                     '    "http-equiv=refresh": "0; url=https://evil.example/"\n'
                     '  disable_syntax: []\n---\n' + index.read_text('utf-8'), 'utf-8')
    app = make_app('html', srcdir=session_root)
    app.build()
    warnings = strip_colors(app.warning.getvalue())
    assert re.search(r'index\.md:2: ERROR: front matter myst: disable_syntax, html_meta: a page '
                     r'may set only heading_anchors', warnings), warnings
    assert app.statuscode == 1
    assert 'evil.example' not in (app.outdir / 'index.html').read_text('utf-8')


@pytest.mark.parametrize(('address', 'message'), [
    ('https://recordings.example.org/\\input{/etc/passwd}', r"holds '\\\\'"),
    ('https://recordings.example.org/a"b', "holds '\"'"),
    ('https://recordings.example.org/é', "holds 'é'"),
    ('https://recordings.example.org/%zz', "holds '%'"),
    ('https://recordings.example.org/' + 'x' * 2400, 'a QR code holds at most 2331'),
], ids=['tex', 'quote', 'non-ascii', 'bad-escape', 'qr-overflow'])
def test_a_podcast_address_that_cannot_come_out_literally_is_refused(
        make_app, session_root, address, message):
    chapter = session_root / 'sessions' / 'first-plenary.md'
    source = chapter.read_text('utf-8')
    chapter.write_text(re.sub(r'```\{podcast\} \S+', lambda m: f'```{{podcast}} {address}',
                              source, count=1), 'utf-8')
    app = make_app('latex', srcdir=session_root)
    app.build()
    warnings = strip_colors(app.warning.getvalue())
    assert re.search(r'first-plenary\.md:\d+: ERROR: podcast address .*' + message, warnings), \
        warnings
    assert 'Traceback' not in warnings
    tex = '\n'.join(p.read_text('utf-8') for p in app.outdir.glob('*.tex'))
    assert '\\input{/etc/passwd}' not in tex


@pytest.mark.parametrize(('key', 'value', 'message'), [
    ('base_url', "https://acts.example.org/ 'unsafe-inline'", 'base_url'),
    ('base_url', 'https://acts.example.org/}, note = {x', 'base_url'),
    ('base_url', 'https://acts.example.org;script-src *', 'base_url'),
    ('base_url', 'javascript:alert(1)//', 'base_url'),
    ('slug', '../../etc/x', 'slug'),
    ('slug', 'a b', 'slug'),
    ('slug', '.hidden', 'slug'),
], ids=['csp-source', 'bibtex-field', 'csp-directive', 'scheme', 'slug-path', 'slug-space',
        'slug-dot'])
def test_an_address_or_slug_that_could_widen_or_inject_is_refused(tmp_path, key, value,
                                                                  message):
    from proceedings.core.identity import IdentityError, load

    source = (ROOT / 'book.toml').read_text('utf-8')
    if key == 'slug':
        source = source.replace('slug = "test-day"', f'slug = {json.dumps(value)}')
    else:
        source = source.replace('[book]\n', f'[book]\nbase_url = {json.dumps(value)}\n')
    path = tmp_path / 'book.toml'
    path.write_text(source, 'utf-8')
    with pytest.raises(IdentityError, match=rf'book\.toml: .*{message}'):
        load(path)


def strings_in(data) -> list[str]:
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings_in(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings_in(value)]
    return [data] if isinstance(data, str) else []


def hostile_identity(root: Path, text: str) -> None:
    """Put *text* in every text of the root's book.toml."""
    path = root / 'book.toml'
    source = path.read_text('utf-8')
    for old in ('"Test Day"', '"A day of sessions for the tests"', '"Test Editors"',
                '"Test Publisher"', '"Testville"'):
        source = source.replace(old, json.dumps(f'{old.strip(chr(34))} {text}'))
    path.write_text(source, 'utf-8')


def test_the_book_texts_stay_text_in_html_json_latex_bibtex_and_cff(make_app, session_root):
    from proceedings.core.cff import citation_cff
    from proceedings.core.identity import load

    hostile_identity(session_root, MARKUP)
    html = make_app('html', srcdir=session_root,
                    confoverrides={'proceedings_base_url': 'https://acts.example.org/x/',
                                   'templates_path': [str(PROJECT / '_templates')]})
    html.build()
    assert html.statuscode == 0, strip_colors(html.warning.getvalue())
    title = f'Test Day {MARKUP}'
    for page in ('index.html', 'sessions/first-plenary.html'):
        source = (html.outdir / page).read_text('utf-8')
        soup = BeautifulSoup(source, 'html.parser')
        # The one script that holds the texts is data, and holds no '<' to end it early.
        assert [s for s in soup.find_all('script') if 'alert' in str(s)
                and s.get('type') != 'application/ld+json'] == [], page
        assert soup.select_one('.sidebar-brand-text').get_text() == title
        assert soup.find('title').get_text().endswith(title)
        assert soup.find('meta', attrs={'property': 'og:site_name'})['content'] == title
        data = soup.find('script', type='application/ld+json')
        assert data is not None, page
        if data is not None:
            assert '<' not in data.string
            assert any(text.endswith(MARKUP) for text in strings_in(json.loads(data.string)))
        assert not soup.find(attrs={'onload': True})
    bib = (html.outdir / 'test-day-en.bib').read_text('utf-8')
    book_entry = bib.split('\n}\n')[0] + '\n}'
    # The texts' braces are escaped: no field ends early, no other field begins.
    assert re.findall(r'^  (\w+) = ', book_entry, re.M) == [
        'title', 'editor', 'year', 'month', 'address', 'publisher', 'language', 'url']
    assert book_entry.replace(r'\{', '').replace(r'\}', '').count('{') == \
        book_entry.replace(r'\{', '').replace(r'\}', '').count('}')
    assert r'\textbackslash{}input\{/etc/passwd\}' in bib
    latex = make_app('latex', srcdir=session_root, warningiserror=False)
    latex.build()
    tex = (latex.outdir / 'test-day-en.tex').read_text('utf-8')
    assert '\\input{/etc/passwd}' not in tex
    assert r'\textbackslash{}input\{/etc/passwd\}' in tex
    cff = yaml.safe_load(citation_cff(load(session_root / 'book.toml')))
    assert cff['preferred-citation']['conference']['location'] == f'Testville {MARKUP}'
    assert cff['preferred-citation']['publisher']['name'] == f'Test Publisher {MARKUP}'


# -- Properties: whatever the book's texts and translations hold, no output gains markup --

#: Any text a book.toml or a catalogue can hold (surrogates cannot be written in UTF-8).
any_text = st.text(alphabet=st.characters(blacklist_categories=('Cs',))
                   | st.sampled_from(SPECIALS + '<!-- --> </script> \\input & &amp; \n'),
                   max_size=60)


def _decoder(escapes: dict[str, str]):
    """Undo an escaping map: each replacement back to its character, longest first."""
    pattern = re.compile('|'.join(re.escape(v) for v in sorted(escapes.values(), key=len,
                                                               reverse=True)))
    back = {v: k for k, v in escapes.items()}
    return lambda text: pattern.sub(lambda m: back[m.group(0)], text), pattern


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=any_text)
def test_a_book_text_gains_no_markup_in_any_output(text):
    from markupsafe import escape
    from sphinx.util import texescape

    from proceedings.core.citation import BIBTEX_ESCAPES, bibtex_text
    from proceedings.sphinx_ext.latex import escape as latex_escape
    from proceedings.sphinx_ext.metadata import json_for_script

    # HTML, as text and as an attribute value: no element, no attribute, the text back.
    html = str(escape(text))
    soup = BeautifulSoup(f'<p title="{html}">{html}</p><hr>', 'html.parser')
    paragraph = soup.find('p')
    assert [c.name for c in soup.children] == ['p', 'hr']
    assert list(paragraph.attrs) == ['title'] and not paragraph.find(True)
    assert not set(html) & set('<>"\'') and html_unescape(html) == text
    # JSON in a <script>: nothing that ends the element or opens a comment; the text back.
    script = json_for_script({'name': text})
    assert not set(script) & set('<>&\u2028\u2029')
    assert json.loads(script) == {'name': text}
    # LaTeX and BibTeX: every special character escaped; the text back by undoing it.
    latex = latex_escape(text)
    table = texescape._tex_escape_map_without_unicode
    # Sphinx also writes a few characters as others ('ⅈ' as 'i'): those are no escapes.
    commands = {chr(k): v for k, v in table.items()
                if v.startswith(('\\', '{')) and k < 128}
    decode, pattern = _decoder(commands)
    assert not set(pattern.sub('', latex)) & set('\\{}$&%#_^~')
    if text.isascii():  # some Unicode characters share the escape of an ASCII one
        assert decode(latex) == text
    decode, pattern = _decoder(BIBTEX_ESCAPES)
    bibtex = bibtex_text(text)
    assert not set(pattern.sub('', bibtex)) & set('\\{}$&%#_^~')
    assert decode(bibtex) == text


@settings(max_examples=100, deadline=None, derandomize=True)
@given(text=any_text)
def test_a_book_text_comes_back_from_citation_cff_as_it_is(text):
    import dataclasses

    from proceedings.core.cff import citation_cff
    from proceedings.core.identity import load

    identity = dataclasses.replace(load(ROOT / 'book.toml'), publisher=text, event_place=text,
                                   editors=(text or 'x',))
    data = yaml.safe_load(citation_cff(identity))
    assert data['preferred-citation']['publisher']['name'] == text
    assert data['preferred-citation']['conference']['location'] == text
    assert data['authors'] == [{'name': text or 'x'}]


#: Markdown's own characters, so that translations try every construct.
markdown_text = st.lists(st.sampled_from(
    list('ab ') + ['\n', '\n\n', '*', '_', '`', '[', ']', '(', ')', '{', '}', '<', '>', '#',
                   '-', '+', '1.', ':', ':::', '```', '$', '|', '!', '%', '=', '~', '^',
                   'https://x.org', 'javascript:', '{include}', '{eval-rst}', '(t)=']),
    max_size=25).map(''.join)


@functools.cache
def book_markup():
    from proceedings.po.markup import Markup

    return Markup(['colon_fence', 'deflist'], ['html_block', 'html_inline'])


@settings(max_examples=400, deadline=None, derandomize=True)
@given(translation=markdown_text)
def test_a_translation_that_passes_the_check_adds_no_markup(translation):
    markup = book_markup()
    if markup.compare('Plain words of the English.', translation, 'myst'):
        return  # the build and check-po refuse it, at its line in the catalogue
    for token in markup.md.parse(translation, {}):
        assert token.type in ('paragraph_open', 'paragraph_close', 'inline'), (translation, token)
        for child in token.children or ():
            assert child.type in ('text', 'softbreak', 'hardbreak'), (translation, child)


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(blacklist_categories=('Cs', 'Cc'))
                    | st.sampled_from(SPECIALS + '<!-- --> </script> \\input & &amp;'),
                    min_size=1, max_size=40).filter(str.strip))
def test_any_title_reaches_the_pages_as_text(text):
    folder = Path(tempfile.mkdtemp())
    try:
        root = folder / 'root'
        shutil.copytree(ROOT, root)
        path = root / 'book.toml'
        path.write_text(path.read_text('utf-8').replace(
            'title = "Test Day"', f'title = {json.dumps(text, ensure_ascii=False)}'), 'utf-8')
        app = SphinxTestApp('html', srcdir=root, status=StringIO(), warning=StringIO())
        try:
            app.build()
        finally:
            app.cleanup()
        soup = BeautifulSoup((app.outdir / 'index.html').read_text('utf-8'), 'html.parser')
        assert soup.select_one('.sidebar-brand-text').get_text() == text
        assert soup.find('title').get_text().endswith(text)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_hostile_book_texts_come_out_literally_in_every_edition(project, tmp_path):
    """make book with markup in book.toml: the HTML, the PDF's text, the EPUB and the
    BibTeX all show it as typed."""
    from xml.etree import ElementTree

    from pypdf import PdfReader

    from testing import pdf_text, plain

    title = 'Acts & Co: 50% #1 a_b {c} ~d ^e $5 <b>x</b> \\input{/etc/passwd} <!--'
    identity = project / 'book.toml'
    identity.write_text(identity.read_text('utf-8').replace(
        'title = "EXPEERTs Study Day 2018"', f'title = {json.dumps(title)}'), 'utf-8')
    out = tmp_path / 'site'
    from proceedings.cli.publish import publish

    publish(project, tmp_path / 'build', out, base_url='https://acts.example.org/x/')
    for language in ('en', 'fr'):
        slug = f'expeerts-study-day-2018-{language}'
        page = BeautifulSoup((out / language / 'index.html').read_text('utf-8'), 'html.parser')
        assert page.select_one('.sidebar-brand-text').get_text() == title
        assert not page.find('b') and page.find('title').get_text().endswith(title)
        assert '\\input{/etc/passwd}' in pdf_text(out / language / f'{slug}.pdf')
        assert plain(title) in plain(pdf_text(out / language / f'{slug}.pdf'))
        assert PdfReader(out / language / f'{slug}.pdf').metadata['/Title'] == title
        with zipfile.ZipFile(out / language / f'{slug}.epub') as epub:
            opf = ElementTree.fromstring(epub.read('content.opf'))
        assert opf.find('.//{http://purl.org/dc/elements/1.1/}title').text == title
        bib = (out / language / f'{slug}.bib').read_text('utf-8')
        # Words with a capital are braced, so that a style keeps their case.
        assert (r'{Acts} \& {Co:} 50\% \#1 a\_b \{c\} \textasciitilde{}d \textasciicircum{}e \$5 '
                r'<b>x</b> \textbackslash{}input\{/etc/passwd\} <!--') in bib


PO_HEADER = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

'''


@pytest.mark.parametrize(('catalogue', 'entry', 'message'), [
    ('index', '#: ../../index.md:1\nmsgid "Test Day"\nmsgstr ""\n'
     '":::{include} ../outside.txt\\n"\n":::"\n',
     r'index\.po:\d+: ERROR: the translation is read as the directive \{include\} in a block '
     r'\(:::\), the English is not'),
    ('index', '#: ../../index.md:1\nmsgid "Test Day"\nmsgstr ""\n"```{eval-rst}\\n"\n'
     '".. include:: ../outside.txt\\n"\n"```"\n',
     r'index\.po:\d+: ERROR: the translation is read as the directive \{eval-rst\}'),
    ('proceedings', '#: book.toml:4\nmsgid "Test Day"\nmsgstr "<b>Journée</b> \\\\input{x}"\n',
     r'proceedings\.po:\d+: ERROR: HTML markup <b> is in the translation but not in the English'),
    ('sphinx', '#: theme/furo/page.html:1\nmsgid "Back to top"\n'
     'msgstr "Haut\\" onmouseover=\\"alert(1)"\n',
     r'sphinx\.po:\d+: ERROR: the character " is in the translation but not in the English'),
], ids=['colon-fence', 'eval-rst', 'book-text', 'theme-attribute'])
def test_a_translation_cannot_add_a_construct_or_markup(make_app, session_root, catalogue,
                                                       entry, message):
    (session_root.parent / 'outside.txt').write_text(f'{SECRET}\n', 'utf-8')
    messages = session_root / 'locale' / 'fr' / 'LC_MESSAGES'
    messages.mkdir(parents=True)
    (messages / f'{catalogue}.po').write_text(PO_HEADER + entry, 'utf-8')
    app = make_app('html', srcdir=session_root,
                   confoverrides={'language': 'fr', 'locale_dirs': ['locale']})
    app.build()
    warnings = strip_colors(app.warning.getvalue())
    assert re.search(message, warnings), warnings
    assert app.statuscode == 1
    assert SECRET not in everything_under(app.outdir)
    assert 'onmouseover' not in (app.outdir / 'index.html').read_text('utf-8')
