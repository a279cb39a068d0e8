"""The strict reading of a translation's catalogues at every build, on a small test root.

A rebuild reads again only the catalogues whose bytes changed (issue 7), and still
reports what an unchanged broken catalogue holds: the check's findings are kept, never
its silence.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from testing import build, warnings_of

from proceedings.sphinx_ext import translations

pytestmark = pytest.mark.extension

HEADER = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

'''
GOOD = 'msgstr "La **première** partie"'
BROKEN = 'msgstr "La première partie"'


@pytest.fixture
def french_root(session_root: Path) -> Path:
    messages = session_root / 'locale' / 'fr' / 'LC_MESSAGES'
    (messages / 'parts').mkdir(parents=True)
    (messages / 'index.po').write_text(
        HEADER + '#: ../../index.md:1\nmsgid "Test Day"\nmsgstr "Journée de test"\n', 'utf-8')
    first = session_root / 'parts' / 'first.md'
    first.write_text(first.read_text('utf-8').replace(
        '# The first part', '# The **first** part', 1), 'utf-8')
    (messages / 'parts' / 'first.po').write_text(
        HEADER + f'#: ../../parts/first.md:1\nmsgid "The **first** part"\n{GOOD}\n', 'utf-8')
    return session_root


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """The catalogues that the check reads, build after build."""
    seen: list[Path] = []
    original = translations.read

    def read(path, data=None):
        seen.append(Path(path))
        return original(path, data)

    monkeypatch.setattr(translations, 'read', read)
    return seen


def french(make_app, root: Path):
    return build(make_app, root, confoverrides={'language': 'fr', 'locale_dirs': ['locale']})


def title_of(app, page: str) -> str:
    soup = BeautifulSoup((app.outdir / page).read_text('utf-8'), 'html.parser')
    return soup.find('h1').get_text().strip('¶# ')


def test_a_rebuild_reads_again_only_the_catalogues_that_changed(make_app, french_root, reads):
    first = french(make_app, french_root)
    assert warnings_of(first) == ''
    assert sorted(p.name for p in reads) == ['first.po', 'index.po']
    first.cleanup()

    reads.clear()
    again = french(make_app, french_root)
    assert reads == []
    assert warnings_of(again) == '' and again.statuscode == 0
    assert title_of(again, 'index.html') == 'Journée de test'
    again.cleanup()

    catalogue = french_root / 'locale' / 'fr' / 'LC_MESSAGES' / 'parts' / 'first.po'
    catalogue.write_text(catalogue.read_text('utf-8').replace(GOOD, BROKEN), 'utf-8')
    reads.clear()
    broken = french(make_app, french_root)
    assert reads == [catalogue]
    error = f'{catalogue}:9: ERROR: bold (**…**): 1 in the English, 0 in the translation'
    assert error in warnings_of(broken) and broken.statuscode == 1
    broken.cleanup()

    # Unchanged and still broken: the kept findings are reported again, as at first.
    reads.clear()
    still = french(make_app, french_root)
    assert reads == []
    assert warnings_of(still).count(error) == 1 and still.statuscode == 1
    still.cleanup()

    catalogue.write_text(catalogue.read_text('utf-8').replace(BROKEN, GOOD), 'utf-8')
    reads.clear()
    mended = french(make_app, french_root)
    assert reads == [catalogue]
    assert warnings_of(mended) == '' and mended.statuscode == 0
    assert title_of(mended, 'parts/first.html') == 'La première partie'


def test_a_damaged_record_of_the_last_check_means_checking_everything(
        make_app, french_root, reads):
    french(make_app, french_root).cleanup()
    record = next(french_root.glob(f'_build/**/{translations.CACHE_NAME}'))
    record.write_bytes(record.read_bytes()[:40])
    reads.clear()
    again = french(make_app, french_root)
    assert sorted(p.name for p in reads) == ['first.po', 'index.po']
    assert warnings_of(again) == ''
