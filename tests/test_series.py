"""The 2018 book and the example volume of the 2019 conference, published as one series.

One build of the series, as `make series` makes it (``proceedings series``), shared by
every test here; the series file is the example's own, with a name that HTML would read
as markup, to see it escaped where it lands.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from testing import PROJECT

pytestmark = pytest.mark.builds

EXAMPLE = PROJECT / 'examples' / 'expeerts-conference-2019'
VOLUMES = {'expeerts-study-day-2018': PROJECT, 'expeerts-conference-2019': EXAMPLE}
TITLE = 'Proceedings <b>&amp;</b> "acts" & more'


@pytest.fixture(scope='module')
def series_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp('series')
    text = (PROJECT / 'examples' / 'series.toml').read_text('utf-8')
    text = re.sub(r'^title = .*$', lambda _: 'title = ' + json.dumps(TITLE), text, count=1,
                  flags=re.M)
    text = text.replace('path = "..', f'path = "{PROJECT}').replace(
        'path = "expeerts-conference-2019"', f'path = "{EXAMPLE}"')
    series = work / 'series.toml'
    series.write_text(text, 'utf-8')
    assert tomllib.loads(text)['series']['title'] == TITLE
    result = subprocess.run(
        [sys.executable, '-m', 'proceedings', 'series', str(series), '--builddir',
         str(work / 'build')], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'The series (2 volumes) is in' in result.stdout
    return work / 'build' / 'site'


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text('utf-8'), 'html.parser')


def target(page: Path, href: str) -> Path:
    return (page.parent / urlsplit(href).path).resolve()


def test_the_series_page_lists_the_volumes_by_date_in_each_language(series_site):
    page = series_site / 'index.html'
    html = soup(page)
    sections = html.find_all('section', class_='series-language')
    assert [s['lang'] for s in sections] == ['en', 'fr']
    assert [s.h1.get_text() for s in sections] == [
        TITLE, 'Le programme de recherche EXPAIRs : actes']
    assert html.find('b') is None  # the series' name is text, not markup
    english, french = sections
    assert [li['data-volume'] for li in english.find_all('li')] == list(VOLUMES)
    first, second = english.find_all('li')
    assert first.strong.get_text() == 'EXPEERTs Study Day 2018'
    assert first.time.get_text() == '7 November 2018'
    assert second.strong.get_text() == 'EXPEERTs Conference 2019'
    assert second.time.get_text() == '14–15 November 2019'
    assert [a.get_text() for a in second.find(class_='editions').find_all('a')] == [
        'English', 'French', 'PDF', 'EPUB']
    assert french.find_all('li')[1].strong.get_text() == 'Colloque EXPAIRs 2019'
    assert french.find_all('li')[1].time.get_text() == '14–15 novembre 2019'
    assert [a.get_text() for a in french.find_all('li')[0].find(class_='editions')
            .find_all('a')][:2] == ['Anglais', 'Français']
    for link in html.find_all('a'):
        assert target(page, link['href']).is_file(), link['href']


@pytest.mark.parametrize('slug', VOLUMES)
def test_each_volume_has_its_own_address_and_downloads(series_site, slug):
    volume = series_site / slug
    assert (volume / 'index.html').is_file()  # the volume's own root, its editions
    for language in ('en', 'fr'):
        for name in (f'{slug}-{language}.pdf', f'{slug}-{language}.epub', 'index.html'):
            assert (volume / language / name).stat().st_size > 0, name


@pytest.mark.parametrize('slug', VOLUMES)
@pytest.mark.parametrize('language', ['en', 'fr'])
def test_each_volume_links_to_the_series_and_the_other_volumes(series_site, slug, language):
    page = series_site / slug / language / 'index.html'
    nav = soup(page).find('nav', class_='sidebar-series')
    assert nav is not None
    assert nav['aria-label'] == {'en': 'Volumes of the series',
                                 'fr': 'Les volumes de la série'}[language]
    home = nav.find(class_='sidebar-series-title').a
    assert target(page, home['href']) == (series_site / 'index.html').resolve()
    assert home.get_text() == {'en': TITLE,
                               'fr': 'Le programme de recherche EXPAIRs : actes'}[language]
    current = nav.find(class_='current-volume')
    assert current['aria-current'] == 'true'
    others = nav.find_all('a', class_='series-volume')
    assert len(others) == 1
    other = next(s for s in VOLUMES if s != slug)
    assert target(page, others[0]['href']) == (series_site / other / language
                                               / 'index.html').resolve()
    assert others[0]['hreflang'] == language
    # Deeper pages reach the same addresses.
    deep = series_site / slug / language / 'chapters'
    chapter = next(p for p in sorted(deep.rglob('*.html')) if p.parent != deep)
    link = soup(chapter).find('nav', class_='sidebar-series').find('a', class_='series-volume')
    assert target(chapter, link['href']) == (series_site / other / language
                                             / 'index.html').resolve()


@pytest.mark.parametrize('slug', VOLUMES)
def test_the_language_switch_stays_within_the_volume(series_site, slug):
    for page in sorted((series_site / slug / 'en').rglob('*.html')):
        if '_static' in page.parts or page.name in ('search.html', 'genindex.html'):
            continue
        switch = soup(page).find('a', class_='edition-switch')
        twin = target(page, switch['href'])
        assert twin == (series_site / slug / 'fr' / page.relative_to(series_site / slug / 'en')).resolve()
        assert twin.is_file()


def test_the_example_shows_the_model_with_placeholders(series_site):
    edition = series_site / 'expeerts-conference-2019' / 'en'
    home = soup(edition / 'index.html')
    assert 'This is an example volume, not the acts of the conference.' in home.get_text()
    assert home.find(class_='book-event').get_text().startswith('14–15 November 2019')
    for chapter in sorted(EXAMPLE.glob('chapters/*/*.md')):
        text = chapter.read_text('utf-8')
        assert text.startswith('# Placeholder') or '{day-part}' in text, chapter
    # Two days, four parts, four kinds.
    programme = soup(edition / 'chapters' / 'programme.html')
    assert len(programme.select('.programme-day')) == 2
    assert len(programme.select('.programme-part')) == 4
    kinds = set()
    for page in sorted(edition.glob('chapters/*/*.html')):
        kind = soup(page).find(class_='session-kind')
        if kind is not None:
            kinds.add(kind.get_text())
    assert kinds == {'Keynote', 'Plenary', 'Round table', 'Paper'}
    # A session with two recordings and three people, each with an ORCID iD.
    table = soup(edition / 'chapters' / 'day-1-morning' / 'round-table.html')
    assert len(table.select('.podcast-link')) == 2
    assert sorted(a['href'] for a in table.select('a.orcid')) == [
        'https://orcid.org/0000-0001-5109-3700', 'https://orcid.org/0000-0002-1694-233X',
        'https://orcid.org/0000-0002-1825-0097']
    assert 'Placeholder University' in table.get_text()
    # A paper with its abstract and no recording.
    paper = soup(edition / 'chapters' / 'day-2-afternoon' / 'paper.html')
    assert paper.select('.abstract') and not paper.select('.podcast')
    assert paper.find('meta', attrs={'name': 'citation_author'})['content'] == 'Placeholder Author'
