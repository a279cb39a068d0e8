"""Which sessions' recordings are still pending, read from the chapters without a build.

A session's recording is pending while the address after its ``{podcast}`` is only the
platform's home page (``Identity.recording_is_pending``): the book then tells readers how
to find the recording instead of linking to it. ``make stats`` and ``make book`` report
how many are left, so that the editor knows what to look up.

The build decides from the same field: this module only reads it back for the commands
that run no build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proceedings.core.identity import Identity

#: A podcast directive in a backtick or colon fence, and the address after its name.
PODCAST = re.compile(r'^[ \t]*(?:`{3,}|:{3,})\{podcast\}[ \t]*(\S*)', re.M)


@dataclass(frozen=True)
class Recording:
    path: Path
    lineno: int
    address: str
    pending: bool


def recordings(root: Path, identity: Identity) -> list[Recording]:
    """Every session's recording in the book's sources, in the order of their files."""
    from sphinx.config import eval_config_file
    from sphinx.util.matching import get_matching_files
    from sphinx.util.tags import Tags

    conf = eval_config_file(root / 'conf.py', Tags()) if (root / 'conf.py').is_file() else {}
    # The files Sphinx reads, as it finds them: the same exclusions, folders pruned.
    names = get_matching_files(root, ['**.md'], conf.get('exclude_patterns', []))
    found = []
    for name in sorted(names):
        path = root / name
        text = path.read_text(encoding='utf-8')
        for match in PODCAST.finditer(text):
            address = match.group(1)
            found.append(Recording(path, text.count('\n', 0, match.start()) + 1, address,
                                   identity.recording_is_pending(address)))
    return found


def pending_report(root: Path, identity: Identity) -> str:
    """One paragraph for the editor: how many recordings are pending, and where."""
    found = recordings(root, identity)
    pending = [recording for recording in found if recording.pending]
    if not found:
        return 'Recordings: the book has no session with a podcast.'
    if not pending:
        # A session may have several recordings, or none: count the recordings.
        return f'Recordings: all {len(found)} have their own address.'
    lines = [
        f'Recordings: {len(pending)} of {len(found)} still pending: their chapters point to '
        f"{identity.recordings_platform}'s home page ({identity.recordings_url}), and the book "
        'tells readers to look for them there. Write each recording\'s own address after '
        '{podcast}:'
    ]
    lines += [f'  {recording.path.relative_to(root).as_posix()}:{recording.lineno}'
              for recording in pending]
    return '\n'.join(lines)
