"""Fixtures: small Sphinx test roots for the extension, and one real build of the book.

Every test belongs to one tier, marked in its module (``pytestmark``), and a test without
one is refused at collection:

- ``extension``: the extension and the tools on small test roots, each build a few
  pages; ``make check`` runs these alone, in well under a minute;
- ``builds``: real builds: the whole book as ``make book`` builds it, copies of the
  project broken on purpose, generated books of many pages, many builds in one test;
- ``gates``: the built book held to the tools of the field (vnu, axe, EPUBCheck,
  Lighthouse…).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from testing import BASE_URL, PROJECT

pytest_plugins = ['sphinx.testing.fixtures']
collect_ignore = ['roots']

TIERS = ('extension', 'builds', 'gates')


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    untiered = [item.nodeid for item in items
                if sum(1 for tier in TIERS if item.get_closest_marker(tier)) != 1]
    if untiered:
        raise pytest.UsageError(
            'each test belongs to exactly one tier (pytestmark = pytest.mark.<tier> in its '
            f'module; tiers: {", ".join(TIERS)}): ' + ', '.join(untiered))


@pytest.fixture(scope='session')
def rootdir() -> Path:
    return PROJECT / 'tests' / 'roots'


@pytest.fixture
def session_root(tmp_path: Path, rootdir: Path) -> Path:
    """A writable copy of the test root with four complete session chapters."""
    target = tmp_path / 'root'
    shutil.copytree(rootdir / 'test-sessions', target)
    return target


@pytest.fixture(scope='session')
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole book, built once as `make book BASE_URL=…` builds it (warnings are errors)."""
    from proceedings.cli.publish import publish

    work = tmp_path_factory.mktemp('book')
    out = work / 'site'
    publish(PROJECT, work / 'build', out, base_url=BASE_URL)
    return out


@pytest.fixture(scope='session')
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole book as `make book` builds it from this repository: no site address."""
    from proceedings.cli.publish import publish

    work = tmp_path_factory.mktemp('default-book')
    out = work / 'site'
    publish(PROJECT, work / 'build', out)
    return out


@pytest.fixture(scope='session')
def builddir(site: Path) -> Path:
    """Where `site` was built: each edition's LaTeX sources and build logs."""
    return site.parent / 'build'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's sources, to break on purpose."""
    copy = tmp_path / 'project'
    shutil.copytree(PROJECT, copy, ignore=shutil.ignore_patterns(
        '_build', '.venv', '.git', '.pytest_cache', '__pycache__', '*.mo', 'node_modules',
        '*.egg-info'))
    return copy


@pytest.fixture(scope='session')
def generate_book():
    """The benchmark's synthetic books (``bench/generate.py``): N sessions in parts, with
    complete French catalogues, built with the project's conf.py."""
    from bench.generate import generate_book

    return generate_book


@pytest.fixture(scope='session')
def edit_session():
    """Adds a sentence to a synthetic book's session, and its translation."""
    from bench.generate import edit_session

    return edit_session


@pytest.fixture
def parallel_steps(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """'read' and 'write' each time Sphinx reads or writes pages in parallel processes."""
    from sphinx.builders import Builder

    steps: list[str] = []
    for step in ('read', 'write'):
        original = getattr(Builder, f'_{step}_parallel')

        def spy(self, *args, _original=original, _step=step, **kwargs):
            steps.append(_step)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Builder, f'_{step}_parallel', spy)
    return steps


@pytest.fixture(scope='session')
def deposit_schemas() -> dict:
    """The archives' schemas, read offline: Crossref's metadata schema 5.5.0 (XSD 1.1) and
    HAL's AOfr as packages bundle them (requirements-schemas.txt), and the .zenodo.json
    schema of tests/schemas/."""
    import json

    import jsonschema
    import xmlschema

    from testing import package_folder

    crossref = package_folder('commonmeta') / 'resources' / 'crossref'
    # The schemas import the XML and MathML schemas by their web address: the copies
    # beside them stand in, and nothing is fetched (allow='local').
    local = {
        'http://www.w3.org/2009/01/xml.xsd': (crossref / 'xml.xsd').as_uri(),
        'http://www.w3.org/Math/XMLSchema/mathml3/mathml3.xsd':
            (crossref / 'standard-modules' / 'mathml3' / 'mathml3.xsd').as_uri(),
    }
    zenodo = json.loads((PROJECT / 'tests' / 'schemas' / 'zenodo-deposit.schema.json')
                        .read_text('utf-8'))
    jsonschema.Draft202012Validator.check_schema(zenodo)
    return {
        'crossref': xmlschema.XMLSchema11(crossref / 'crossref5.5.0.xsd', uri_mapper=local,
                                          allow='local'),
        'hal': xmlschema.XMLSchema10(package_folder('push2HAL') / 'aofr.xsd',
                                     uri_mapper=local, allow='local'),
        'zenodo': jsonschema.Draft202012Validator(zenodo),
    }
