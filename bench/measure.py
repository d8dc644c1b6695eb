"""Timing one URL in process: warm, then at least 30 samples, with its SQL query count."""

import statistics
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from django.db import connection


@dataclass
class Measurement:
    name: str
    p50_ms: float
    p95_ms: float
    queries: int
    samples: int
    bytes: int = 0
    ratio: float | None = None  # p50 over the floor's p50
    target: str = ""
    note: str = ""
    key: str = ""
    targets: dict = field(default_factory=dict)  # max_ratio, max_p50_ms, max_queries, max_memory_mb
    memory_mb: float | None = None
    met: bool | None = None
    # This process's CPU time per call (p50): unlike wall time, barely moved by other work on the machine
    # (the database's own time is not in it).
    cpu_p50_ms: float | None = None
    cpu_ratio: float | None = None  # cpu_p50_ms over the floor's
    # The floor measured alongside, sample by sample (see measure's `floor`): the ratios are to these,
    # so that the host's speed swinging between one page and the next does not move them.
    floor_p50_ms: float | None = None
    floor_cpu_p50_ms: float | None = None

    def as_dict(self):
        return asdict(self)

    def judge(self, floor_p50):
        """Fill `ratio` and `met` (every target of this measurement reached); the ratio is to the floor
        measured alongside when there is one, else to `floor_p50` (the run's own floor row)."""
        floor_p50 = self.floor_p50_ms or floor_p50
        self.ratio = round(self.p50_ms / floor_p50, 2) if floor_p50 else None
        checks = []
        if "max_ratio" in self.targets and self.ratio is not None:
            checks.append(self.ratio <= self.targets["max_ratio"])
        if "max_p50_ms" in self.targets:
            checks.append(self.p50_ms <= self.targets["max_p50_ms"])
        if "max_queries" in self.targets:
            checks.append(self.queries <= self.targets["max_queries"])
        if "max_memory_mb" in self.targets and self.memory_mb is not None:
            checks.append(self.memory_mb <= self.targets["max_memory_mb"])
        self.met = all(checks) if checks else None
        return self


@contextmanager
def counting_queries():
    """Count the SQL statements run inside the block, across any number of requests.

    (CaptureQueriesContext reads the connection's log, which every request start empties.)
    """
    counter = [0]

    def wrapper(execute, sql, params, many, context):
        counter[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield counter


def percentile(values, share):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def consume(response):
    """The body's size, reading a streamed body to its end."""
    if response is None:
        return 0
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(getattr(response, "content", b"") or b"")


def timed(call):
    """(wall ms, CPU ms) of one call, a streamed body read to its end."""
    started, started_cpu = time.perf_counter(), time.process_time()
    consume(call())
    return (time.perf_counter() - started) * 1000, (time.process_time() - started_cpu) * 1000


def measure(
    name, call, *, samples=30, warmup=3, target="", targets=None, check=None, setup=None, key="", floor=None
):
    """Run `call()` warmup + 1 + samples times; return p50/p95 in ms and the queries of one run.

    `call` returns a response (or None); a streamed body is read to its end inside the timing.
    `setup()`, if given, runs before each call outside the timing (for calls that use something up);
    `check(response)` may assert on the response. `floor`, if given, is the floor page's call: timed
    before every sample, so that the page's ratio is to the floor of the same moments (this machine's
    speed changes by half from one second to the next).
    """
    for _ in range(warmup):
        if setup:
            setup()
        response = call()
        consume(response)
        if check:
            check(response)
    if setup:
        setup()
    with counting_queries() as counted:
        response = call()
        size = consume(response)
    count = counted[0]
    if check:
        check(response)
    timings, cpu, floor_timings, floor_cpu = [], [], [], []
    for _ in range(samples):
        if floor:
            wall, used = timed(floor)
            floor_timings.append(wall)
            floor_cpu.append(used)
        if setup:
            setup()
        wall, used = timed(call)
        timings.append(wall)
        cpu.append(used)
    return Measurement(
        name=name,
        key=key or name,
        p50_ms=round(statistics.median(timings), 2),
        p95_ms=round(percentile(timings, 0.95), 2),
        queries=count,
        samples=samples,
        bytes=size,
        target=target,
        targets=targets or {},
        cpu_p50_ms=round(statistics.median(cpu), 2),
        floor_p50_ms=round(statistics.median(floor_timings), 2) if floor_timings else None,
        floor_cpu_p50_ms=round(statistics.median(floor_cpu), 2) if floor_cpu else None,
    )


def print_table(measurements, floor_p50, stream):
    header = (
        f"{'measurement':<46} {'p50 ms':>9} {'p95 ms':>9} {'floor':>6} {'x floor':>8} {'cpu ms':>7} "
        f"{'queries':>8}"
    )
    stream.write("\n'floor': the floor's p50 measured alongside, sample by sample; 'x floor' is to it\n")
    stream.write(f"{header} {'met':>4}  target\n")
    stream.write("-" * 125 + "\n")
    for m in measurements:
        m.judge(floor_p50)
        met = {True: "yes", False: "NO", None: ""}[m.met]
        cpu = f"{m.cpu_p50_ms:>7.1f}" if m.cpu_p50_ms is not None else f"{'':>7}"
        beside = f"{m.floor_p50_ms:>6.2f}" if m.floor_p50_ms else f"{'':>6}"
        stream.write(f"{m.name:<46} {m.p50_ms:>9.2f} {m.p95_ms:>9.2f} {beside} {m.ratio or 0:>8.2f} {cpu}")
        stream.write(f" {m.queries:>8} {met:>4}  {m.target}\n")
