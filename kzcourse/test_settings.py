"""Settings for the test suite: the real settings, with a throwaway key and a fast hasher."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DJANGO_HTTPS", "false")
# Each test process gets its own cache namespace, so parallel runs on one Redis never collide. Set, not
# defaulted: pytest-xdist's workers inherit the environment of the controller, which imported this file
# first, and with its name they would all share one namespace (and one worker's cache.clear would empty
# another's sessions and fragments, whose ids repeat across the workers' databases).
os.environ["DJANGO_CACHE_PREFIX"] = f"kzcourse-test-{os.getpid()}"

from kzcourse.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
# One process per test worker (the live server's threads included), so its local-memory cache is shared
# by everything that reads and bumps the fragments: keep them, as production with Redis does.
KEEP_FRAGMENTS = True
