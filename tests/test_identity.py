"""The book's identity file: what it decides about the sessions."""

from __future__ import annotations

import pytest

from proceedings.core.identity import load
from testing import PROJECT

pytestmark = pytest.mark.extension


@pytest.mark.parametrize('address, pending', [
    ('https://www.lairedu.fr/', True),
    ('https://www.lairedu.fr', True),
    ('HTTPS://WWW.LAIREDU.FR/', True),
    ('https://www.lairedu.fr/media/video/conference/peer-support/', False),
    ('https://www.lairedu.fr/?s=peer', False),
    ('https://www.mshb.fr/', False),
    ('', False),
])
def test_a_recording_at_the_platforms_home_is_pending(address, pending):
    identity = load(PROJECT / 'book.toml')
    assert identity.recording_is_pending(address) is pending
