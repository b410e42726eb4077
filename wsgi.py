"""WSGI entry point: `gunicorn wsgi:app`."""

from petitiondesk import create_app

app = create_app()
