"""hmic-actions: turns HMICFRS inspection reports into tracked actions."""

__version__ = "0.1.0"
