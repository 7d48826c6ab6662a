"""The ground floor of hmic-actions, imported by every other package and importing none of
them: the settings registry (``settings``), logging (``logs``), the words of the domain
(``vocab``), dates (``dates``) and the addressee vocabulary (``bodies``)."""

__version__ = "0.1.0"
