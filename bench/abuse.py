"""A server a whole class can share: the real app against the hostile catalogue (tests/hostile.py), in headless chromium.

Starts the app with its default configuration (a fresh runs folder holding one
demo run, so that ``?run=`` can open a wrong one), caps the server's address
space (``RLIMIT_AS``, set on the running process with prlimit and inherited by
the processes it starts) so that a runaway request cannot take the machine down,
and for each hostile request records:

* the messages shown (st.error / st.warning / st.info, and st.exception);
* whether a traceback or a server path is visible anywhere on the page;
* the server's peak resident memory during the request (its process tree,
  VmRSS sampled every 50 ms) and its memory once the next request is answered;
* whether the server is still alive (its health endpoint answers);
* whether the next ordinary request, from another browser (ResNet-50 on the
  Architecture page: 25,557,032 parameters), is answered.

Targets: no traceback, no server path, no server death, peak memory under 3 GB,
the ordinary request answered after every hostile one, plus each entry's own
checks (a visible message, the value named, the rest of the link kept).
A server that died, or that still holds more than 2 GB after a request (memory not
given back: noted in the table), is restarted for the next request. Exits 1 when a target is missed.

    .venv/bin/python bench/abuse.py [--list] [--only NAME[,NAME…]] [--out FILE] [--cap-gb 6] [--timeout 60]
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from common import ROOT, machine, table  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
import hostile  # noqa: E402
from appserver import CHROMIUM_ARGS, find_chromium, streamlit_server  # noqa: E402
from common import rss  # noqa: E402

GB = 10**9
PEAK_TARGET = 3 * GB
RESTART_ABOVE = 2 * GB  # a server holding more after a request is restarted, so that the next one is measured on its own


def vm_size(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class Sampler(threading.Thread):
    """Samples the server tree's RSS every ``every`` seconds; ``window()`` gives the peak since the last call."""

    def __init__(self, every: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.every, self.pid, self.peak = every, None, 0
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def watch(self, pid: int) -> None:
        with self._lock:
            self.pid, self.peak = pid, 0

    def window(self) -> int:
        with self._lock:
            peak, self.peak = self.peak, 0
        return peak

    def run(self) -> None:
        while not self._stop.wait(self.every):
            pid = self.pid
            if pid is not None:
                value = rss(pid)
                with self._lock:
                    self.peak = max(self.peak, value)

    def stop(self) -> None:
        self._stop.set()


class App:
    """The app's server, (re)started on demand, its address space capped."""

    def __init__(self, env: dict[str, str], cap: int) -> None:
        self.env, self.cap = env, cap
        self._stack: contextlib.ExitStack | None = None
        self.server = None
        self.starts = 0

    def start(self) -> None:
        self._stack = contextlib.ExitStack()
        self.server = self._stack.enter_context(streamlit_server(env=self.env, timeout=180))
        resource.prlimit(self.server.pid, resource.RLIMIT_AS, (self.cap, self.cap))
        self.starts += 1

    def stop(self) -> None:
        if self._stack is not None:
            self._stack.close()
            self._stack = None

    def alive(self) -> bool:
        try:
            with urllib.request.urlopen(self.server.url + "/_stcore/health", timeout=10) as r:
                return r.status == 200
        except OSError:
            return False


def ordinary(browser, url: str, timeout_s: float) -> tuple[bool, float]:
    """Another person's ordinary request: ResNet-50 on the Architecture page shows 25,557,032 parameters."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    t0 = time.monotonic()
    try:
        page.goto(url + hostile.ORDINARY, wait_until="domcontentloaded", timeout=int(timeout_s * 1000))
        page.wait_for_function(
            "want => Array.from(document.querySelectorAll('[data-testid=stMetricValue]')).some(e => e.innerText.trim() === want)",
            arg=hostile.RESNET50_PARAMS, timeout=int(timeout_s * 1000), polling=250,
        )
        return True, time.monotonic() - t0
    except Exception:
        return False, time.monotonic() - t0
    finally:
        context.close()


@dataclass
class Row:
    case: hostile.Hostile
    seen: hostile.Seen
    peak: int
    after: int
    alive: bool
    answered: bool
    answer_s: float
    problems: list[str] = field(default_factory=list)


def _cell(text: str, limit: int = 160) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def run(cases: list[hostile.Hostile], *, cap: int, timeout_s: float, work: Path) -> tuple[list[Row], list[str], dict]:
    from playwright.sync_api import sync_playwright

    files = work / "files"
    runs = hostile.make_runs(work / "runs")
    app = App({"EXPLORER_RUNS": str(runs)}, cap)
    sampler = Sampler()
    sampler.start()
    rows: list[Row] = []
    info: dict = {}
    try:
        app.start()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS)
            sampler.watch(app.server.pid)
            ok, secs = ordinary(browser, app.server.url, 120)  # warm-up: the first render, before any hostile request
            info["baseline_rss"] = rss(app.server.pid)
            info["baseline_vmsize"] = vm_size(app.server.pid)
            info["warmup"] = (ok, secs)
            for i, case in enumerate(cases, 1):
                if not app.alive():
                    app.stop()
                    app.start()
                sampler.watch(app.server.pid)
                context = browser.new_context(viewport={"width": 1500, "height": 1100})
                page = context.new_page()
                page.set_default_timeout(int(timeout_s * 1000))
                seen = hostile.visit(page, app.server.url, case, files, timeout_s=timeout_s)
                context.close()
                peak = sampler.window()
                alive = app.alive()
                answered, answer_s = ordinary(browser, app.server.url, timeout_s) if alive else (False, 0.0)
                peak = max(peak, sampler.window())  # what the hostile request still held while the next was answered
                after = rss(app.server.pid)
                row = Row(case, seen, peak, after, alive, answered, answer_s, hostile.problems(case, seen, files))
                if not alive:
                    row.problems.append("the server died")
                if peak >= PEAK_TARGET:
                    row.problems.append(f"peak memory {peak / GB:.1f} GB ≥ 3 GB")
                if not answered:
                    row.problems.append("the ordinary request was not answered")
                if alive and after > RESTART_ABOVE:  # memory not given back: measure the next request on a fresh server
                    row.seen.notes.append(f"(server restarted after this request: it still held {after / 1e6:,.0f} MB)")
                    app.stop()
                    app.start()
                rows.append(row)
                verdict = "ok" if not row.problems else "FAIL: " + "; ".join(row.problems)
                print(f"[{i}/{len(cases)}] {case.name}: peak {peak / 1e6:,.0f} MB, {seen.seconds:.0f} s — {_cell(verdict, 300)}", flush=True)
            browser.close()
    finally:
        sampler.stop()
        app.stop()
    info["starts"] = app.starts
    group_problems = hostile.same_message_problems({r.case.name: r.seen for r in rows})
    return rows, group_problems, info


def report(rows: list[Row], group_problems: list[str], info: dict, *, cap: int) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    branch = subprocess.run(["git", "rev-parse", "--abbrev-ref", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    failed = [r for r in rows if r.problems]
    lines = [
        "## Hostile requests (bench/abuse.py)",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} · branch `{branch}` at {commit} · {machine()} · "
        f"server address space capped at {cap / GB:.0f} GB (RLIMIT_AS) · default configuration, fresh runs folder with one demo run.",
        f"Server before the first hostile request: {info.get('baseline_rss', 0) / 1e6:,.0f} MB resident, "
        f"{info.get('baseline_vmsize', 0) / 1e9:.1f} GB virtual; server (re)starts: {info.get('starts', 0)}.",
        "",
        "Targets: no traceback or server path on screen, no server death, peak memory (server and children) under 3 GB, "
        "the next ordinary request (ResNet-50, 25,557,032 parameters, from another browser) answered, and each entry's own "
        "checks (tests/hostile.py).",
        "",
        f"**{len(rows) - len(failed)} of {len(rows)} requests handled well; {len(failed)} miss a target.**",
        "",
    ]
    header = ["#", "request", "message shown", "traceback / path", "peak MB", "MB after", "alive", "next answered", "verdict"]
    body = []
    for i, r in enumerate(rows, 1):
        shown = " ⏐ ".join(r.seen.notes + r.seen.messages) or "(none)"
        leak = ", ".join(r.seen.leaks) or "no"
        body.append([
            str(i), f"`{r.case.name}`: {_cell(r.case.what, 90)}", _cell(shown), _cell(leak, 60),
            f"{r.peak / 1e6:,.0f}", f"{r.after / 1e6:,.0f}", "yes" if r.alive else "**died**",
            f"yes ({r.answer_s:.1f} s)" if r.answered else "**no**", "ok" if not r.problems else "**FAIL**: " + _cell("; ".join(r.problems), 200),
        ])
    lines.append(table(header, body))
    if group_problems:
        lines += ["", "Across requests:", *[f"- **FAIL**: {_cell(p, 400)}" for p in group_problems]]
    peak = max((r.peak for r in rows), default=0)
    lines += ["", f"Highest peak: {peak / 1e6:,.0f} MB. Targets missed: {len(failed) + len(group_problems)}."]
    return "\n".join(lines) + "\n"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--list", action="store_true", help="list the catalogue and exit")
    p.add_argument("--only", metavar="NAME", help="run only these entries (comma-separated names)")
    p.add_argument("--cheap", action="store_true", help="run only the entries cheap enough for CI")
    p.add_argument("--out", metavar="FILE", help="also write the Markdown report to FILE")
    p.add_argument("--cap-gb", type=float, default=6.0, help="the server's address-space cap in GB (default 6)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds each request may take before it counts as hung (default 60)")
    args = p.parse_args()
    cases = list(hostile.CATALOGUE)
    if args.list:
        for h in cases:
            print(f"{h.name:28} {'cheap' if h.cheap else 'bench'}  {h.what}")
        return 0
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in hostile.BY_NAME]
        if unknown:
            p.error(f"unknown entries {unknown}; --list shows them")
        cases = [hostile.BY_NAME[n] for n in names]
    if args.cheap:
        cases = [h for h in cases if h.cheap]
    if find_chromium() is None:
        print("chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    cap = int(args.cap_gb * GB)
    with tempfile.TemporaryDirectory(prefix="abuse-") as work:
        rows, group_problems, info = run(cases, cap=cap, timeout_s=args.timeout, work=Path(work))
    text = report(rows, group_problems, info, cap=cap)
    print()
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return 1 if any(r.problems for r in rows) or group_problems else 0


if __name__ == "__main__":
    sys.exit(main())
