"""The accessibility statement's contact and footer link, and the language of parts, on the
small session root: HTML, EPUB and LaTeX."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ConfigError

from testing import build, warnings_of

pytestmark = pytest.mark.extension

STATEMENT = '''# Accessibility

```{accessibility-contact}
```

The day was held at the Maison des Sciences de l'Homme en Bretagne, not at `Housing First`.
Housing First is a programme.
'''


def with_statement(root, contact: str = '', names: dict | None = None) -> dict:
    (root / 'accessibility.md').write_text(STATEMENT, encoding='utf-8')
    index = root / 'index.md'
    index.write_text(index.read_text('utf-8').replace('parts/second\n',
                                                     'parts/second\naccessibility\n'), 'utf-8')
    if contact:
        toml = root / 'book.toml'
        toml.write_text(toml.read_text('utf-8').replace(
            '[event]', f'accessibility_contact = "{contact}"\n\n[event]'), 'utf-8')
    return {
        'proceedings_accessibility_page': 'accessibility',
        'proceedings_names_by_language': names if names is not None else {
            'fr': ["Maison des Sciences de l'Homme en Bretagne"], 'en': ['Housing First']},
    }


def soup(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f'{docname}.html').read_text('utf-8'), 'html.parser')


def test_every_footer_links_to_the_statement_which_says_there_is_no_contact(
        make_app, session_root):
    app = build(make_app, session_root, confoverrides=with_statement(session_root))
    assert warnings_of(app) == ''
    for docname in ('index', 'parts/first', 'sessions/first-plenary', 'accessibility'):
        link = soup(app, docname).select_one('footer a.accessibility-statement')
        assert link is not None, docname
        assert link.get_text() == 'Accessibility'
    assert soup(app, 'sessions/first-plenary').select_one(
        'footer a.accessibility-statement')['href'] == '../accessibility.html'
    contact = soup(app, 'accessibility').select_one('p.accessibility-contact')
    assert contact.get_text().startswith('This edition gives no contact')
    assert contact.find('a') is None


def test_the_contact_of_book_toml_is_a_link(make_app, session_root):
    overrides = with_statement(session_root, contact='mailto:a11y@example.org')
    app = build(make_app, session_root, confoverrides=overrides)
    contact = soup(app, 'accessibility').select_one('p.accessibility-contact')
    link = contact.find('a')
    # Sphinx cloaks the address from harvesters (%40 for @), as mail programs read it.
    assert (unquote(link['href']), link.get_text()) == (
        'mailto:a11y@example.org', 'a11y@example.org')
    assert contact.get_text().startswith('To report a problem, write to a11y@example.org:')


@pytest.mark.parametrize('contact', ['javascript:alert(1)', 'mailto:a<b@example.org',
                                     'https://example.org/a b'])
def test_a_contact_that_is_no_address_stops_the_build(make_app, session_root, contact):
    overrides = with_statement(session_root, contact=contact)
    with pytest.raises(ConfigError, match='accessibility_contact must be a mailto: address'):
        make_app('html', srcdir=session_root, confoverrides=overrides)


def test_a_statement_page_that_does_not_exist_is_named(make_app, session_root):
    app = build(make_app, session_root,
                confoverrides={'proceedings_accessibility_page': 'nowhere'})
    assert "proceedings_accessibility_page 'nowhere' is not a page of the book" in \
        warnings_of(app)
    assert soup(app, 'index').select_one('footer a.accessibility-statement') is None


def test_names_in_another_language_are_marked_with_it(make_app, session_root):
    app = build(make_app, session_root, confoverrides=with_statement(session_root))
    page = soup(app, 'accessibility')
    marked = [(span['lang'], span.get_text()) for span in page.select('article [lang]')]
    # Smart quotes made the apostrophe typographic; the English name is in the page's
    # own language, and the one inside code is left alone.
    assert marked == [('fr', 'Maison des Sciences de l’Homme en Bretagne')]


def test_names_are_marked_in_the_epub_and_in_their_language_in_latex(make_app, session_root):
    overrides = with_statement(session_root)
    epub = build(make_app, session_root, 'epub', confoverrides=overrides)
    xhtml = (epub.outdir / 'accessibility.xhtml').read_text('utf-8')
    assert '<span lang="fr">Maison des Sciences de l’Homme en Bretagne</span>' in xhtml
    assert 'lang="en" xml:lang="en"' in xhtml.split('<head>')[0]
    opf = (epub.outdir / 'content.opf').read_text('utf-8')
    assert 'and have no transcripts.' in opf
    assert 'The accessibility page of the book says what was checked' in opf
    assert '<nav epub:type="toc" role="doc-toc">' in (epub.outdir / 'nav.xhtml').read_text('utf-8')
    latex = build(make_app, session_root, 'latex', confoverrides=overrides)
    tex = (latex.outdir / 'test-day-en.tex').read_text('utf-8')
    assert r'\DUrole{language-fr}{Maison des Sciences de l’Homme en Bretagne}' in tex
    # …typeset in French (hyphenation, spacing), the edition's English staying the main one.
    assert r'\usepackage[french,main=english]{babel}' in tex
    assert (r'\expandafter\newcommand\csname DUrolelanguage-fr\endcsname[1]'
            r'{\foreignlanguage{french}{#1}}') in tex


FRENCH_STATEMENT = r'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: fr\n"

msgid "Accessibility"
msgstr "Accessibilité"

msgid ""
"The day was held at the Maison des Sciences de l'Homme en Bretagne, not at "
"`Housing First`. Housing First is a programme."
msgstr ""
"La journée s’est tenue à la Maison des Sciences de l'Homme en Bretagne, et "
"non à `Housing First`. Housing First est un programme."
'''


def test_a_french_edition_marks_english_names(make_app, session_root):
    # The page translated: an untranslated one would be English as a whole, and marked so.
    catalogue = session_root / 'locale' / 'fr' / 'LC_MESSAGES' / 'accessibility.po'
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text(FRENCH_STATEMENT, encoding='utf-8')
    overrides = {**with_statement(session_root), 'locale_dirs': ['locale']}
    app = build(make_app, session_root, confoverrides={**overrides, 'language': 'fr'})
    page = soup(app, 'accessibility')
    assert page.find('html')['lang'] == 'fr'
    # The French name is in the edition's language; the code is left alone.
    assert [(span['lang'], span.get_text()) for span in page.select('article [lang]')] == [
        ('en', 'Housing First')]
