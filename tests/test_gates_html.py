"""Gates on the HTML as files: the Nu HTML Checker over every page, and every internal link.

The checker runs once for the whole site (one JVM for all pages of both editions) and
lists the files it checked, so that the test can tell "no error" from "nothing checked".
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from gates import LANGUAGES, VNU_JAR, published, require, site_pages

pytestmark = pytest.mark.gates

#: The attributes through which a page points to other files.
ADDRESS_ATTRIBUTES = {
    'a': 'href', 'area': 'href', 'link': 'href', 'img': 'src', 'script': 'src',
    'source': 'src', 'audio': 'src', 'video': 'src', 'iframe': 'src', 'track': 'src',
    'form': 'action', 'use': 'href',
}


@pytest.fixture(scope='module')
def vnu(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The Nu HTML Checker's verdict on every page, with a broken page of our own as a control."""
    java = require('java', "Java (Debian's default-jre-headless)")
    jar = require(VNU_JAR, 'The Nu HTML Checker (npm vnu-jar, in tools/)')
    control = tmp_path_factory.mktemp('vnu') / 'control.html'
    control.write_text('<!doctype html><html lang="en"><title>control</title><p><div></p>',
                       encoding='utf-8')
    pages = site_pages(site)
    result = subprocess.run(
        [java, '-jar', jar, '--format', 'json', '--errors-only', '--verbose',
         *map(str, pages), str(control)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    report = json.loads(result.stderr)
    checked = {Path(line).resolve() for line in result.stdout.splitlines() if line.strip()}
    errors: dict[Path, list[str]] = {}
    for message in report['messages']:
        path = Path(unquote(urlsplit(message['url']).path)).resolve()
        errors.setdefault(path, []).append(
            f'{path.name}:{message.get("lastLine")}: {message["type"]}: {message["message"]}')
    return {'pages': pages, 'checked': checked, 'errors': errors, 'control': control.resolve()}


def test_vnu_checked_every_page(vnu):
    # Both editions and the site's root page, each read by the checker.
    assert len(vnu['pages']) >= 2 * 10 + 1
    assert {p.resolve() for p in vnu['pages']} <= vnu['checked']
    # The control page is invalid on purpose: a checker that sees nothing fails here.
    assert vnu['errors'].get(vnu['control']), 'vnu reported no error on a broken page'


@pytest.mark.parametrize('language', [*LANGUAGES, 'root'])
def test_vnu_finds_no_error(vnu, site, language):
    pages = [site / 'index.html'] if language == 'root' else site_pages(site, language)
    found = [line for page in pages for line in vnu['errors'].get(page.resolve(), [])]
    assert not found, '\n'.join(found)


def _target(site: Path, page: Path, address: str) -> tuple[Path, str] | None:
    """The file and fragment that *address* on *page* names, or None outside the site."""
    parts = urlsplit(address)
    if parts.scheme in ('mailto', 'tel', 'data', 'javascript'):
        return None
    inside = published(address)
    if inside is not None:
        path = inside
    elif parts.scheme or parts.netloc:
        return None  # another host: linkcheck's business, not this gate's
    else:
        base = page.relative_to(site).as_posix()
        path = urlsplit(urljoin('/' + base, address)).path
    path = unquote(urlsplit(path).path)
    target = site / path.lstrip('/')
    if path.endswith('/'):
        target = target / 'index.html'
    return target, parts.fragment


def _anchors(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        soup = BeautifulSoup(path.read_text('utf-8'), 'html.parser')
        cache[path] = ({tag['id'] for tag in soup.find_all(id=True)}
                       | {tag['name'] for tag in soup.find_all('a', attrs={'name': True})})
    return cache[path]


@pytest.mark.parametrize('language', [*LANGUAGES, 'root'])
def test_internal_links_resolve(site, language):
    """Every href and src inside the site names a file of the site, and its anchor exists."""
    pages = [site / 'index.html'] if language == 'root' else site_pages(site, language)
    anchors: dict[Path, set[str]] = {}
    broken, checked = [], 0
    for page in pages:
        soup = BeautifulSoup(page.read_text('utf-8'), 'html.parser')
        base = soup.find('base', href=True)
        for tag, attribute in ADDRESS_ATTRIBUTES.items():
            for element in soup.find_all(tag, attrs={attribute: True}):
                address = element[attribute]
                if base:  # as a browser does, even for '#…'
                    address = urljoin(base['href'], address)
                found = _target(site, page, address)
                if found is None:
                    continue
                target, fragment = found
                checked += 1
                where = f'{page.relative_to(site)}: <{tag} {attribute}="{element[attribute]}">'
                if not target.is_file():
                    broken.append(f'{where}: no file {target.relative_to(site)}')
                elif fragment and target.suffix == '.html' and fragment not in _anchors(target, anchors):
                    broken.append(f'{where}: no anchor #{fragment} in {target.relative_to(site)}')
    assert checked >= 5 * len(pages), 'too few links found: is the parser reading the pages?'
    assert not broken, '\n'.join(broken)
