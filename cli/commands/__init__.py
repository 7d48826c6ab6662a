"""Subcommands of ``hmic-actions``: each module defines ``register(subcommands)``."""
