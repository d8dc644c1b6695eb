"""WSGI entry point: `gunicorn kzcourse.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzcourse.settings")
application = get_wsgi_application()
