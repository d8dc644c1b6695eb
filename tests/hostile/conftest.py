import pytest
from django.test import Client

from tests.access.rows import extend_world
from tests.access.world import build_world


@pytest.fixture
def world(db):
    """The authorization matrix's world: two classes, their people, a quiz attempt, essays."""
    return extend_world(build_world())


@pytest.fixture
def browser():
    """A test client that answers a server error with a 500 response instead of raising it."""
    return Client(raise_request_exception=False)


def sign_in(client, world, role):
    client.logout()
    user = getattr(world, role)
    if user is not None:
        client.force_login(user)
