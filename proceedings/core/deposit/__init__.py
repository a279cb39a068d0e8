"""The records that archives take from a volume: Crossref, HAL and Zenodo.

``volume`` gathers what they need (``book.toml``, its ``[deposit]`` table, and each
edition's sessions as the build wrote them); ``crossref``, ``hal`` and ``zenodo`` write one
record each from it, and say which fields the volume still lacks for the ones they cannot
write yet.
"""
