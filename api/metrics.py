"""Prometheus metrics at ``/metrics``."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("metrics", __name__)
