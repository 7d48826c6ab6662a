"""Flask app: HTTP, auth, validation, serialisation and the review page."""
