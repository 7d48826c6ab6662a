"""Errors the extractor reports to people: one line, naming the reason."""


class ExtractionError(Exception):
    """A document could not be extracted. ``reason`` is one line a person can act on."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
