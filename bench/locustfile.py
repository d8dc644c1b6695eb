"""The load scenario: students log in, read, autosave essays every 5 s, answer and submit quizzes; teachers
grade essays. Run by bench/load.py (headless, 127.0.0.1 only, bounded time), which seeds the plan.

Each student follows the pages' protocols: the essay autosave sends the text with a revision that grows
with every change (static/js/essay.js); an unacknowledged save is superseded by the next one, which carries
the newer text. A quiz answer that was not acknowledged is sent again on the next turn (static/js/quiz.js).
Every save the server acknowledged is written to LOAD_ACKS (one JSON line each) for the checker.
"""

import hashlib
import itertools
import json
import os
import random
import re
import time

from locust import HttpUser, constant_pacing, events, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
ACKS = open(os.environ["LOAD_ACKS"], "a", encoding="utf-8", buffering=1)  # noqa: SIM115
STUDENTS = itertools.cycle(PLAN["students"])
TEACHERS = itertools.cycle(PLAN["teachers"])
JSON = {"Accept": "application/json", "X-Requested-With": "XMLHttpRequest"}
COUNTS = {"server_errors": 0, "connection_errors": 0, "requests": 0}
WORDS = "steppe aul Alash Orda Semey Turar Ryskulov Akhmet Baitursynuly sedentarisation famine".split()  # noqa: SIM905


def acknowledge(**record):
    ACKS.write(json.dumps(record) + "\n")


@events.request.add_listener
def count(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    COUNTS["requests"] += 1
    status = getattr(response, "status_code", 0) or 0
    if status >= 500:
        COUNTS["server_errors"] += 1
    elif exception is not None and status == 0:
        COUNTS["connection_errors"] += 1


@events.quitting.add_listener
def write_summary(environment, **kwargs):
    stats = environment.stats
    endpoints = {}
    for (name, method), entry in stats.entries.items():
        endpoints[f"{method} {name}"] = {
            "count": entry.num_requests,
            "failures": entry.num_failures,
            "median_ms": entry.get_response_time_percentile(0.5) or 0,
            "p95_ms": entry.get_response_time_percentile(0.95) or 0,
            "max_ms": entry.max_response_time or 0,
        }
    total = stats.total
    summary = {
        **COUNTS,
        "failures": total.num_failures,
        "requests_per_second": round(total.total_rps, 1),
        "median_ms": total.get_response_time_percentile(0.5),
        "p95_ms": total.get_response_time_percentile(0.95),
        "p99_ms": total.get_response_time_percentile(0.99),
        "max_ms": total.max_response_time,
        "endpoints": endpoints,
    }
    with open(os.environ["LOAD_SUMMARY"], "w", encoding="utf-8") as handle:
        json.dump(summary, handle, indent=2)


class Person(HttpUser):
    abstract = True

    def csrf(self):
        return self.client.cookies.get("csrftoken", "")

    def resume_or_log_in(self):
        """A student signed in earlier (bench/load.py made the session) goes on; the others log in."""
        if self.me.get("session"):
            self.client.cookies.set("sessionid", self.me["session"])
            return True
        return self.log_in(self.me["username"])

    def log_in(self, username):
        page = self.client.get("/accounts/login/", name="login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        data = {"username": username, "password": PLAN["password"]}
        data["csrfmiddlewaretoken"] = token.group(1) if token else ""
        with self.client.post(
            "/accounts/login/", data, name="log in", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {username} answered {response.status_code}")
                return False
        return True


class Student(Person):
    weight = len(PLAN["students"])
    wait_time = constant_pacing(5)

    def on_start(self):
        self.me = next(STUDENTS)
        self.logged_in = self.resume_or_log_in()
        self.sentences = []
        self.revision = 0
        self.attempt = None
        self.pending = []  # questions of the attempt still to answer (or to send again)
        self.open_essay()

    def open_essay(self):
        page = self.client.get(f"/work/essay/{self.me['essay']}/", name="essay page")
        match = re.search(r'data-revision="(\d+)"', page.text or "")
        self.revision = int(match.group(1)) if match else self.revision

    @task
    def turn(self):
        """Every 5 seconds: an autosave of the essay, then one more thing a student does."""
        if not self.logged_in:
            self.logged_in = self.log_in(self.me["username"])
            return
        self.autosave()
        random.choice([self.read, self.quiz_step, self.quiz_step])()

    def autosave(self):
        self.sentences.append(" ".join(random.choices(WORDS, k=8)) + ".")
        self.revision += 1
        text = " ".join(self.sentences)
        with self.client.post(
            f"/work/essay/{self.me['essay']}/autosave/",
            {"text": text, "revision": self.revision},
            headers={**JSON, "X-CSRFToken": self.csrf()},
            name="essay autosave",
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                body = response.json()
                if body.get("revision") == self.revision:
                    acknowledge(
                        kind="essay",
                        username=self.me["username"],
                        assignment=self.me["essay"],
                        revision=self.revision,
                        sha=hashlib.sha256(text.replace("\r\n", "\n").encode()).hexdigest(),
                        at=time.time(),
                    )
            elif response.status_code < 500:
                response.failure(f"autosave refused: {response.status_code} {response.text[:200]}")

    def read(self):
        self.client.get(
            random.choice(
                [
                    "/dashboard/",
                    f"/work/classes/{self.me['class']}/",
                    f"/lessons/{self.me['lesson']}/",
                    f"/gradebook/{self.me['class']}/mine/",
                ]
            ),
            name="read a page",
        )

    def quiz_step(self):
        if self.attempt is None:
            self.start_attempt()
        elif self.pending:
            self.answer(self.pending[0])
        else:
            self.submit()

    def start_attempt(self):
        with self.client.post(
            f"/work/quiz/{self.me['quiz']}/start/",
            {"csrfmiddlewaretoken": self.csrf()},
            headers={"X-CSRFToken": self.csrf()},
            name="quiz start",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            match = re.search(r"/attempt/(\d+)/", response.headers.get("Location", ""))
            if response.status_code != 302 or not match:
                response.failure(f"start answered {response.status_code}")
                return
        self.attempt = int(match.group(1))
        self.client.get(f"/work/quiz/attempt/{self.attempt}/", name="quiz attempt page")
        self.pending = [list(pair) for pair in self.me["questions"]]

    def answer(self, pair):
        question, choice = pair
        with self.client.post(
            f"/work/quiz/attempt/{self.attempt}/answer/",
            data=json.dumps({"question": question, "choice": choice}),
            headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf()},
            name="quiz answer",
            catch_response=True,
        ) as response:
            if response.status_code == 200 and response.json().get("saved"):
                acknowledge(kind="answer", attempt=self.attempt, question=question, choice=choice)
                self.pending.pop(0)
            elif response.status_code < 500:
                response.failure(f"answer refused: {response.status_code} {response.text[:200]}")
            # a 5xx or a lost connection: the same answer is sent again next turn, as the page does

    def submit(self):
        with self.client.post(
            f"/work/quiz/attempt/{self.attempt}/submit/",
            {"csrfmiddlewaretoken": self.csrf()},
            name="quiz submit",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                acknowledge(kind="submit", attempt=self.attempt)
                self.attempt = None
            elif response.status_code < 500:
                response.failure(f"submit answered {response.status_code}")


class Teacher(Person):
    fixed_count = len(PLAN["teachers"])
    wait_time = constant_pacing(3)

    def on_start(self):
        self.me = next(TEACHERS)
        self.logged_in = self.resume_or_log_in()
        self.essays = itertools.cycle(self.me["essays"])
        self.round = 0

    @task(3)
    def grade(self):
        if not self.logged_in:
            self.logged_in = self.log_in(self.me["username"])
            return
        essay = next(self.essays)
        page = self.client.get(f"/work/essay/{self.me['assignment']}/grade/{essay}/", name="grader page")
        match = re.search(r'name="version" id="grade-version" value="(\d+)"', page.text or "")
        if not match:
            return
        self.round += 1
        comment = f"{self.me['username']} pass {self.round} on essay {essay}"
        data = {"version": match.group(1), "overall_comment": comment, "complete": "on"}
        for criterion, levels in self.me["levels"].items():
            data[f"level_{criterion}"] = random.choice(levels)
            data[f"comment_{criterion}"] = f"Comment {self.round}"
        with self.client.post(
            f"/work/essay/{self.me['assignment']}/grade/{essay}/save/",
            data,
            headers={**JSON, "X-CSRFToken": self.csrf()},
            name="grade save",
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                acknowledge(kind="grade", essay=essay, version=response.json()["version"], comment=comment)
            elif response.status_code < 500:
                response.failure(f"grade refused: {response.status_code} {response.text[:200]}")

    @task(1)
    def look(self):
        self.client.get(
            random.choice(
                [
                    f"/gradebook/{self.me['class']}/",
                    f"/work/essay/{self.me['assignment']}/essays/",
                    "/dashboard/",
                ]
            ),
            name="teacher page",
        )
