"""WSGI entry point for gunicorn: `gunicorn karya.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "karya.settings")
application = get_wsgi_application()

from karya.core.runtime import settle  # noqa: E402 # needs the settings loaded above

settle()
