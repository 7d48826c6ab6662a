"""Settings of the queue and its workers, read from the environment.

==============================  =======  ===============================================
REDIS_URL                       –        broker and result store, e.g.
                                         ``redis://127.0.0.1:6379/0``; unset: embedded mode
                                         (the worker runs inside ``hmic-actions serve``)
HMIC_TASK_SOFT_SECONDS          1500     a report still processing after this fails with
                                         a reason (the extractor's own budget comes first)
HMIC_TASK_HARD_SECONDS          1800     ... and its worker process is killed after this
HMIC_WORKER_MAX_MEMORY_MB       1024     a worker process above this is replaced after
                                         its task (the PDF reader has its own cap)
HMIC_MAX_ATTEMPTS               3        a report whose processing was cut off (worker
                                         killed) this many times fails instead of looping
HMIC_SWEEP_SECONDS              60       how often the recovery sweep runs
HMIC_QUEUED_GRACE_SECONDS       30       a queued report with no message in the broker
                                         is sent again after this long
HMIC_PROGRESS_SECONDS           0.5      progress is written at most this often
==============================  =======  ===============================================

Values are read and checked through the registry in ``hmic_actions.settings``; a
malformed value raises SettingsError naming the variable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from extractor.errors import SettingsError
from hmic_actions import settings as registry

__all__ = ["SettingsError", "WorkerSettings"]


@dataclass(frozen=True)
class WorkerSettings:
    """How the queue behaves; see the module docstring for the variables."""

    redis_url: str | None = None
    soft_seconds: float = 1500.0
    hard_seconds: float = 1800.0
    max_memory_mb: int = 1024
    max_attempts: int = 3
    sweep_seconds: float = 60.0
    queued_grace_seconds: float = 30.0
    progress_seconds: float = 0.5

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> WorkerSettings:
        """Read the settings from the environment (unset or empty: the default)."""
        try:
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
        except registry.SettingsError as exc:
            raise SettingsError(exc.reason) from None

    @property
    def visibility_seconds(self) -> int:
        """How long the broker waits for an unacknowledged message before handing it out again.

        Longer than any task may run, so a slow task is not delivered twice while it runs.
        """
        return int(self.hard_seconds) + 300

