"""What the essay and quiz pages do over HTTP, for system tests against real app servers.

`EssayPage` and `QuizPage` follow the protocol of static/js/essay.js and static/js/quiz.js: an autosave
carries a revision (or one answer), the page keeps it until the server acknowledges it, and retries an
unacknowledged save (connection refused, reset, 5xx) until one server acknowledges it.
"""

import json
import re
import time
from http import HTTPStatus
from urllib.parse import urljoin

from django.urls import reverse

JSON = {"Accept": "application/json", "X-Requested-With": "XMLHttpRequest"}


def page_token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def retried(call, attempts=60, pause=0.25):
    """Call until the answer is below 500 and the connection held; (status, headers, body)."""
    last = None
    for _ in range(attempts):
        try:
            status, headers, body = call()
        except OSError as error:  # refused or reset: the server is down; the page tries again
            last = error
        else:
            if status < HTTPStatus.INTERNAL_SERVER_ERROR:
                return status, headers, body
            last = status
        time.sleep(pause)
    raise AssertionError(f"never acknowledged: {last}")


class EssayPage:
    def __init__(self, visitor, assignment_id):
        self.visitor = visitor
        self.assignment_id = assignment_id
        self.token = ""
        self.revision = 0

    def open(self, server):
        url = server.url + reverse("assessments:essays:write", kwargs={"assignment_id": self.assignment_id})
        status, _, html = self.visitor.get(url)
        assert status == HTTPStatus.OK, status
        self.token = page_token(html)
        self.revision = int(re.search(r'data-revision="(\d+)"', html).group(1))
        return html

    def autosave(self, server, text):
        """One autosave, as the page sends it; the acknowledged revision (None if refused)."""
        self.revision += 1
        url = server.url + reverse(
            "assessments:essays:autosave", kwargs={"assignment_id": self.assignment_id}
        )
        data = {"text": text, "revision": self.revision}
        status, _, body = self.visitor.post(url, data, headers={**JSON, "X-CSRFToken": self.token})
        if status != HTTPStatus.OK:
            return None
        return json.loads(body)["revision"]

    def autosave_until_acknowledged(self, servers, text):
        """Try the servers in turn (a load balancer's retry) until one acknowledges this revision."""
        self.revision += 1
        path = reverse("assessments:essays:autosave", kwargs={"assignment_id": self.assignment_id})
        data = {"text": text, "revision": self.revision}
        turn = iter(range(10_000))

        def call():
            server = servers[next(turn) % len(servers)]
            return self.visitor.post(server.url + path, data, headers={**JSON, "X-CSRFToken": self.token})

        status, _, body = retried(call)
        assert status == HTTPStatus.OK, (status, body)
        return json.loads(body)["revision"]

    def submit(self, server, text):
        url = server.url + reverse("assessments:essays:submit", kwargs={"assignment_id": self.assignment_id})
        data = {"text": text, "revision": self.revision + 1, "csrfmiddlewaretoken": self.token}
        status, headers, _ = self.visitor.post(url, data)
        return status, headers


def location(server, headers):
    return urljoin(server.url + "/", headers["Location"])
