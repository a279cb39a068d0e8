"""Line breaking and sizes as a reader sees them: Debian's Chromium, at every width.

An inverted verb (« parle-t-on ») must never be broken across lines, a recording's label
never inside its last words, and the download formats never apart: each is checked on the
rendered text itself (the line boxes of a Range over the words), at widths from a small
phone to a wide desktop, so the check does not depend on how the page marks them up. A
control run with the no-break style switched off shows that the sweep does meet the
widths where a browser would break them.
"""

from __future__ import annotations

import pytest

from proceedings.sphinx_ext.typography import INVERTED_VERB
from gates import Traffic, browser, new_context, server  # noqa: F401 - fixtures

pytestmark = pytest.mark.gates

#: The extension's own pattern of an inverted verb, for JavaScript (whose \w is ASCII only).
INVERTED_VERB_JS = (INVERTED_VERB.pattern.replace('[\\w', '[\\p{L}\\p{N}_')
                    .replace('\\w', '[\\p{L}\\p{N}_]'))

#: From a small phone to a wide desktop; every 8 px, where line breaks move.
WIDTHS = range(320, 1441, 8)
PAGES = (
    'fr/index.html',
    'fr/chapters/introduction.html',
    'fr/chapters/morning/plenary-what-are-we-talking-about.html',
    'fr/chapters/afternoon/index.html',
    'fr/chapters/resources.html',
)

#: The ranges of the page's rendered text that must stay on one line: every inverted
#: verb, the recording button's words in parentheses, and the download formats together.
#: For each, whether it lies on more than one line now.
BROKEN = """([pattern]) => {
  const verb = new RegExp(pattern, 'giu');
  const lines = range => {
    const tops = new Set();
    for (const rect of range.getClientRects()) {
      if (rect.width > 0 && rect.height > 0) tops.add(Math.round(rect.top));
    }
    return tops.size;
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('script, style, pre, .highlight')) continue;
    if (!node.parentElement.getClientRects().length) continue;
    for (const match of node.data.matchAll(verb)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      found.push(['verb', match[0], lines(range)]);
    }
  }
  for (const link of document.querySelectorAll('.podcast-link a')) {
    const text = link.firstChild;
    const open = text.data.lastIndexOf('(');
    if (open < 0) continue;
    const range = document.createRange();
    range.setStart(text, open);
    range.setEnd(text, text.data.length);
    found.push(['recording', text.data.slice(open), lines(range)]);
  }
  for (const formats of document.querySelectorAll('.sidebar-editions-downloads .download')) {
    if (formats.nextElementSibling) continue;
    const first = formats.parentElement.querySelector('.download');
    const range = document.createRange();
    range.setStartBefore(first);
    range.setEndAfter(formats);
    found.push(['formats', formats.parentElement.textContent.trim().replace(/\\s+/g, ' '),
                lines(range)]);
  }
  return found;
}"""

SWITCH_OFF = '.nobreak { white-space: normal !important; }'


def sweep(page, widths) -> tuple[list[tuple], int]:
    """What is broken at each width, and how many ranges were measured in all."""
    broken, measured = [], 0
    for width in widths:
        page.set_viewport_size({'width': width, 'height': 900})
        for kind, text, lines in page.evaluate(BROKEN, [INVERTED_VERB_JS]):
            measured += 1
            if lines > 1:
                broken.append((width, kind, text))
    return broken, measured


@pytest.fixture(scope='module')
def layout(browser, server):  # noqa: F811 - the fixtures imported above
    site, origin = server['site'], server['origin']
    traffic = Traffic(origin, site)
    context = new_context(browser, traffic, 'phone', 'light', 'fr-FR')
    page = context.new_page()
    results = {}
    for path in PAGES:
        page.goto(f'{origin}/{path}', wait_until='load')
        results[path] = sweep(page, WIDTHS)
        # The control: without the no-break style, the same sweep meets broken verbs.
        page.add_style_tag(content=SWITCH_OFF)
        results[path, 'control'] = sweep(page, WIDTHS)
    context.close()
    return results


def test_inverted_verbs_recordings_and_formats_stay_on_one_line(layout):
    problems, kinds = [], set()
    for path in PAGES:
        broken, measured = layout[path]
        assert measured >= len(WIDTHS), f'{path}: nothing measured'
        problems += [f'{path} at {width} px: {kind} {text!r} broken across lines'
                     for width, kind, text in broken]
    for path in PAGES:
        kinds |= {kind for _, kind, _ in layout[path, 'control'][0]}
    assert not problems, '\n'.join(problems[:40])
    # The sweep is able to see a broken verb: it does, once the no-break style is off.
    assert 'verb' in kinds, 'no width breaks an inverted verb even without the no-break style'


def test_session_piece_headings_are_below_the_chapter_title(browser, server):  # noqa: F811
    site, origin = server['site'], server['origin']
    traffic = Traffic(origin, site)
    sizes = {}
    for language in ('en', 'fr'):
        for viewport in ('phone', 'desktop'):
            context = new_context(browser, traffic, viewport, 'light', f'{language}-{language.upper()}')
            page = context.new_page()
            size = "selector => parseFloat(getComputedStyle(document.querySelector(selector)).fontSize)"
            page.goto(f'{origin}/{language}/chapters/morning/plenary-what-are-we-talking-about.html')
            title, piece = page.evaluate(size, 'article h1'), page.evaluate(size, 'h2.session-piece-title')
            page.goto(f'{origin}/{language}/chapters/introduction.html')
            section = page.evaluate(size, 'article section section h2')
            sizes[language, viewport] = (title, section, piece)
            context.close()
    for key, (title, section, piece) in sizes.items():
        # Below the chapter's title and below an ordinary section's heading.
        assert piece < section < title, (key, sizes[key])
