"""The Celery application, configured from the environment (see ``worker.settings``).

With ``REDIS_URL`` set, Redis is the broker and the result store; without it the app has
an in-memory broker and is only ever used through ``Task.apply`` by the embedded worker
inside ``hmic-actions serve``. Start a worker with ``hmic-actions worker``, which also tells
it how to reach the queue and runs the recovery sweep (``cli.service``).

Reliability settings, and why:

* ``task_acks_late`` + ``task_reject_on_worker_lost``: a message is acknowledged only when
  its task has finished, and handed out again if the process running it dies;
* ``worker_prefetch_multiplier = 1``: a worker holds no more messages than it runs, so a
  dead worker strands nothing and a busy one does not hoard work idle workers could do;
* soft and hard time limits, and ``worker_max_memory_per_child``: a pathological document
  fails cleanly instead of hanging or bloating a worker;
* the broker's visibility timeout is longer than the hard limit, so a slow task is not
  delivered twice while it still runs.

Logging is ``hmic_actions.logs``'s (``HMIC_LOG_FORMAT``), not Celery's own, so worker lines
look like the API's and carry the report and request ids.
"""

from __future__ import annotations

from typing import Any

from celery import Celery, signals

from hmic_actions.logs import configure_logging
from worker.settings import WorkerSettings

TASK_MODULES = ["worker.tasks"]
#: The task's name: producers send messages by name, without importing the task.
PROCESS_REPORT = "worker.tasks.process_report"
REMATCH_DRAFTS = "worker.tasks.rematch_drafts"


def make_celery(settings: WorkerSettings | None = None) -> Celery:
    """A Celery app for these settings (default: from the environment)."""
    settings = settings or WorkerSettings.from_env()
    app = Celery("hmic_actions", include=TASK_MODULES)
    transport = {"visibility_timeout": settings.visibility_seconds,
                 "socket_connect_timeout": 5, "health_check_interval": 30}
    app.conf.update(
        broker_url=settings.redis_url or "memory://",
        result_backend=settings.redis_url or None,
        broker_transport_options=transport,
        result_backend_transport_options=transport,
        broker_connection_retry_on_startup=True,
        result_expires=24 * 3600,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,
        task_soft_time_limit=settings.soft_seconds,
        task_time_limit=settings.hard_seconds,
        worker_prefetch_multiplier=1,
        worker_max_memory_per_child=settings.max_memory_mb * 1024,  # KiB
        worker_send_task_events=False,
        task_send_sent_event=False,
    )
    return app


#: The settings this process's app was made with.
settings = WorkerSettings.from_env()
app = make_celery(settings)


@signals.setup_logging.connect
def _setup_logging(loglevel: Any = None, **_: Any) -> None:
    # With a receiver connected Celery leaves the root logger alone. This runs again in each
    # forked pool process; configure_logging replaces its own handler, so lines never double.
    configure_logging(level=loglevel or None)
