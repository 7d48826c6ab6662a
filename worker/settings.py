"""Settings of the queue and its workers: ``REDIS_URL`` and the ``HMIC_TASK_*``,
``HMIC_WORKER_MAX_MEMORY_MB``, ``HMIC_MAX_ATTEMPTS``, ``HMIC_SWEEP_SECONDS``,
``HMIC_QUEUED_GRACE_SECONDS`` and ``HMIC_PROGRESS_SECONDS`` settings.

Their defaults and meanings are in the registry, ``hmic_actions.settings``; a malformed
value raises its SettingsError naming the variable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hmic_actions import settings as registry

__all__ = ["WorkerSettings"]


@dataclass(frozen=True)
class WorkerSettings:
    """How the queue behaves."""

    redis_url: str | None = registry.default("REDIS_URL")
    soft_seconds: float = registry.default("HMIC_TASK_SOFT_SECONDS")
    hard_seconds: float = registry.default("HMIC_TASK_HARD_SECONDS")
    max_memory_mb: int = registry.default("HMIC_WORKER_MAX_MEMORY_MB")
    max_attempts: int = registry.default("HMIC_MAX_ATTEMPTS")
    sweep_seconds: float = registry.default("HMIC_SWEEP_SECONDS")
    queued_grace_seconds: float = registry.default("HMIC_QUEUED_GRACE_SECONDS")
    progress_seconds: float = registry.default("HMIC_PROGRESS_SECONDS")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> WorkerSettings:
        """The settings from the environment (unset or empty: the default)."""
        return cls(**registry.values({
            "redis_url": "REDIS_URL",
            "soft_seconds": "HMIC_TASK_SOFT_SECONDS",
            "hard_seconds": "HMIC_TASK_HARD_SECONDS",
            "max_memory_mb": "HMIC_WORKER_MAX_MEMORY_MB",
            "max_attempts": "HMIC_MAX_ATTEMPTS",
            "sweep_seconds": "HMIC_SWEEP_SECONDS",
            "queued_grace_seconds": "HMIC_QUEUED_GRACE_SECONDS",
            "progress_seconds": "HMIC_PROGRESS_SECONDS",
        }, environ))

    @property
    def visibility_seconds(self) -> int:
        """How long the broker waits for an unacknowledged message before handing it out again.

        Longer than any task may run, so a slow task is not delivered twice while it runs.
        """
        return int(self.hard_seconds) + 300
