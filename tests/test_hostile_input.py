"""Random and hostile options and content for the session directives: every case either
builds, or fails with errors that name the file and line; nothing crashes."""

from __future__ import annotations

import pytest

import re
import shutil
import tempfile
from io import StringIO
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

pytestmark = pytest.mark.builds

ROOT = Path(__file__).parent / 'roots' / 'test-sessions'
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
