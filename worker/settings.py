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

A malformed value raises SettingsError naming the variable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from extractor.errors import SettingsError

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
        env = os.environ if environ is None else environ
        d = cls()
        settings = cls(
            redis_url=(env.get("REDIS_URL") or "").strip() or None,
            soft_seconds=_number(env, "HMIC_TASK_SOFT_SECONDS", d.soft_seconds),
            hard_seconds=_number(env, "HMIC_TASK_HARD_SECONDS", d.hard_seconds),
            max_memory_mb=int(_number(env, "HMIC_WORKER_MAX_MEMORY_MB", d.max_memory_mb,
                                      whole=True)),
            max_attempts=int(_number(env, "HMIC_MAX_ATTEMPTS", d.max_attempts, whole=True)),
            sweep_seconds=_number(env, "HMIC_SWEEP_SECONDS", d.sweep_seconds),
            queued_grace_seconds=_number(env, "HMIC_QUEUED_GRACE_SECONDS",
                                         d.queued_grace_seconds, zero=True),
            progress_seconds=_number(env, "HMIC_PROGRESS_SECONDS", d.progress_seconds,
                                     zero=True),
        )
        if settings.hard_seconds <= settings.soft_seconds:
            raise SettingsError(
                f"HMIC_TASK_HARD_SECONDS={settings.hard_seconds:g} must be greater than "
                f"HMIC_TASK_SOFT_SECONDS={settings.soft_seconds:g}")
        return settings

    @property
    def visibility_seconds(self) -> int:
        """How long the broker waits for an unacknowledged message before handing it out again.

        Longer than any task may run, so a slow task is not delivered twice while it runs.
        """
        return int(self.hard_seconds) + 300


def _number(env: Mapping[str, str], name: str, default: float, *, whole: bool = False,
            zero: bool = False) -> float:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        value = -1
    lowest = 0 if zero else (1 if whole else 0)
    if value < lowest or (value == 0 and not zero) or value != value or value == float("inf"):
        kind = "a whole number" if whole else "a number"
        bound = ">= 0" if zero else (">= 1" if whole else "> 0")
        raise SettingsError(f"{name}={raw!r} is not {kind} {bound}")
    return value
