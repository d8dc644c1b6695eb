"""Settings for the benchmark: the production settings, plus a floor page, on the benchmark database."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DJANGO_HTTPS", "false")
os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
os.environ.setdefault("DJANGO_ENV_FILE", "/nonexistent/.env")

from kzcourse.settings import *  # noqa: E402, F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
# Hashing a password is slow on purpose; the benchmark logs in thousands of synthetic students.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
AXES_ENABLED = False
# In process the benchmark is one process; over HTTP it runs with Redis. Either way the cache is shared.
KEEP_FRAGMENTS = True
