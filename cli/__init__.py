"""The top floor: the ``hmic-actions`` command and the WSGI entry point.

It puts the service together: which database, which queue (the embedded worker or Celery
through Redis) and which processes run, decided in ``cli.service``. Nothing below imports it.
"""
