"""A class of 30 on one server: 30 people at once for five minutes, each signed in as someone else.

One server with the class configuration (a class code, a teacher), and ``--sessions`` people who arrive
over the first 20 s, sign in under their own names and then, with a few seconds' thought between actions,
change the Architecture page's hyperparameters (the measured "change → updated numbers"), pick Compare
presets, upload a photo on Inside, and step through Learn labs; ``--trainers`` of them press Train first.
The people are protocol-level clients (bench/stclient.py: what a browser tab sends and receives, without
drawing), since thirty chromium tabs do not fit next to the server on a 2-core machine; ``--validate``
times the same Architecture change in chromium and in the client on the same server, to show that the
client measures what a person sees.

Reported: p50/p95 per action, every error (an exception on a page, a rerun that never finished, a number
that is not the one PyTorch counts), the server's and the training workers' memory over time, and each
trainer's wait and run time. Then the same actions with one person, for the ratio.

    .venv/bin/python bench/classroom.py [--sessions 30] [--trainers 10] [--minutes 5] [--validate]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import ROOT, machine, pids_running, rss, table  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from appserver import streamlit_server  # noqa: E402
from stclient import Tab  # noqa: E402

CLASS_CODE = "bench-class"
TEACHER_SECRET = "bench-teacher-secret"
VGG16 = 138_357_544  # torchvision's published count; each class more or fewer adds or removes 4,097 weights
PRESETS = ["VGG-16 vs ResNet-50", "ResNet-18/34/50/101/152", "LeNet → AlexNet → VGG → GoogLeNet → ResNet", "plain vs residual"]
LABS = ["conv", "pooling", "counting", "stacking", "pointwise", "inception", "residual", "batchnorm"]
ACTIONS = {"architecture": 5, "compare": 2, "learn": 2, "inside": 1}
SLOW_S = 2.0  # the target for an Architecture change at p95


def class_env(runs: str) -> dict[str, str]:
    return {"EXPLORER_RUNS": runs, "EXPLORER_CLASS_CODE": CLASS_CODE, "EXPLORER_TEACHER_SECRET": TEACHER_SECRET}


async def sign_in(tab: Tab, name: str) -> None:
    """Sign in as ``name`` with the class code, as a student does on the first page they open."""
    await tab.open("")
    labels = {e.label for e in tab.elements.values() if e.id}
    if "Your name" not in labels:  # no class configured on this server
        return
    await tab.set("Your name", name)
    if "Class code" in labels:
        await tab.set("Class code", CLASS_CODE)
    await tab.click("Sign in")


def photo(seed: int) -> bytes:
    from PIL import Image

    rnd = random.Random(seed)
    img = Image.new("RGB", (320, 240), tuple(rnd.randrange(256) for _ in range(3)))
    for _ in range(30):
        x, y = rnd.randrange(300), rnd.randrange(220)
        img.paste(tuple(rnd.randrange(256) for _ in range(3)), (x, y, x + 20, y + 20))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


@dataclass
class Log:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    submitted: list[tuple[str, float]] = field(default_factory=list)

    def add(self, action: str, seconds: float) -> None:
        self.times.setdefault(action, []).append(seconds)


async def act(tab: Tab, action: str, rnd: random.Random, log: Log, who: str) -> None:
    if action == "architecture":
        if tab.page != "architecture":
            log.add("open Architecture", await tab.open("architecture", "arch=vgg16&input=3,224,224"))
        n = rnd.randrange(2, 1000)
        seconds = await tab.set("Num classes", n)
        got, want = tab.metric("Parameters"), f"{VGG16 + 4097 * (n - 1000):,}"
        if got != want:
            log.errors.append(f"{who}: VGG-16 with {n} classes shows {got}, PyTorch counts {want}")
        log.add("Architecture change → numbers", seconds)
    elif action == "compare":
        if tab.page != "compare":
            log.add("open Compare", await tab.open("compare"))
        log.add("Compare preset", await tab.set("Preset", rnd.choice(PRESETS)))
    elif action == "learn":
        log.add("open a Learn lab", await tab.open("learn", f"lab={rnd.choice(LABS)}"))
        sliders = [e for e in tab.elements.values() if e.kind == "number_input" and e.id]
        if sliders:
            el = rnd.choice(sliders)
            lo = int(el.proto.min) if el.proto.has_min else 1
            hi = int(el.proto.max) if el.proto.has_max else lo + 4
            log.add("Learn input change", await tab.set(el.label, rnd.randrange(lo, max(lo + 1, min(hi, lo + 6))), "number_input"))
    elif action == "inside":
        log.add("open Inside", await tab.open("inside"))
        image = tab.find("Image", "radio")
        upload = next((o for o in image.proto.options if "pload" in o or "上传" in o), None)
        if upload is None:
            log.errors.append(f"{who}: Inside offers no upload")
            return
        await tab.set("Image", upload, "radio")
        uploader = next(e for e in tab.elements.values() if e.kind == "file_uploader")
        log.add("Inside upload → feature maps", await tab.upload(uploader.label, f"{who}.png", photo(hash(who) % 1000), "image/png"))
    alerts = [a for a in tab.alerts() if "Traceback" in a or "redacted" in a]
    log.errors += [f"{who} on {action}: {a[:200]}" for a in alerts + tab.errors]
    tab.errors.clear()


async def person(i: int, base: str, deadline: float, log: Log, trainer: bool, rnd: random.Random) -> None:
    who = f"student{i:02d}"
    await asyncio.sleep(rnd.uniform(0, 20) if deadline - time.monotonic() > 60 else 0)
    try:
        async with Tab(base) as tab:
            t0 = time.perf_counter()
            await sign_in(tab, who)
            log.add("sign in", time.perf_counter() - t0)
            if trainer:
                log.add("open Train", await tab.open("train"))
                log.add("press Train", await tab.click("Train"))
                log.submitted.append((who, time.time()))
            while time.monotonic() < deadline:
                action = rnd.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
                try:
                    await act(tab, action, rnd, log, who)
                except (LookupError, asyncio.TimeoutError, TimeoutError) as e:
                    log.errors.append(f"{who} on {action}: {type(e).__name__}: {e}"[:300])
                await asyncio.sleep(rnd.uniform(2, 6))
    except Exception as e:  # noqa: BLE001 - a lost connection is an error to report, not a crash of the benchmark
        log.errors.append(f"{who}: {type(e).__name__}: {e}"[:300])


class Memory(threading.Thread):
    """The server's RSS and the training workers' every 2 s. A worker is found by its command line and runs
    folder, not as the server's child: a standby started by a worker that then ends belongs to nobody."""

    def __init__(self, pid: int, runs: str) -> None:
        super().__init__(daemon=True)
        self.pid, self.runs, self.samples, self._stop = pid, runs, [], threading.Event()

    def run(self) -> None:
        t0 = time.monotonic()
        while not self._stop.wait(2.0):
            workers = pids_running("explorer.training.worker", self.runs)
            self.samples.append((time.monotonic() - t0, rss(self.pid, descendants=False),
                                 sum(rss(p, descendants=False) for p in workers)))

    def stop(self) -> None:
        self._stop.set()


def trainers(runs: str) -> list[dict]:
    from explorer.training.runs import list_runs

    out = []
    for run in list_runs(runs):
        c, s = run.config(), run.status()
        ended = s.get("updated") if s.get("status") not in ("queued", "starting", "running") else None
        elapsed = (s.get("summary") or {}).get("elapsed_s")
        started = s.get("started") or (ended - elapsed if ended and elapsed else None)
        out.append({"run": run.id, "owner": c.get("owner_name") or c.get("owner", ""), "status": s.get("status"),
                    "wait_s": round(started - c["created"], 1) if started else None,
                    "run_s": round(ended - started, 1) if started and ended else None})
    return out


def wait_for_runs(runs: str, limit_s: float) -> None:
    from explorer.training.runs import list_runs

    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        if all(r.status().get("status") not in ("queued", "starting", "running") for r in list_runs(runs)):
            return
        time.sleep(2)


def session_run(n: int, n_trainers: int, seconds: float, seed: int) -> dict:
    runs = tempfile.mkdtemp(prefix="class-runs-")
    log = Log()
    server_log = Path(runs) / "server.log"
    with streamlit_server(env=class_env(runs), log_path=server_log) as srv:
        mem = Memory(srv.pid, runs)
        mem.start()

        async def main() -> None:
            deadline = time.monotonic() + seconds
            await asyncio.gather(*(person(i, srv.url, deadline, log, i < n_trainers, random.Random(seed + i)) for i in range(n)))

        t0 = time.monotonic()
        asyncio.run(main())
        wait_for_runs(runs, 900)
        took = time.monotonic() - t0
        mem.stop()
    text = server_log.read_text(errors="replace")
    for block in text.split("Traceback (most recent call last):")[1:]:  # what the server logged: each is an error
        log.errors.append("server: " + " | ".join(line.strip() for line in block.strip().splitlines()[-3:])[:400])
    return {"sessions": n, "seconds": round(took, 1), "times": log.times, "errors": log.errors, "memory": mem.samples,
            "trainers": trainers(runs)}


async def _client_change(base: str, repeats: int) -> list[float]:
    out = []
    async with Tab(base) as tab:
        await sign_in(tab, "validator")
        await tab.open("architecture", "arch=vgg16&input=3,224,224")
        for n in range(repeats):
            out.append(await tab.set("Num classes", 500 + n))
    return out


def validate(repeats: int = 7) -> dict:
    """The same Architecture change measured by chromium (bench/app_latency.py's way) and by the client."""
    from playwright.sync_api import sync_playwright

    from app_latency import wait_text  # noqa: E402
    from appserver import CHROMIUM_ARGS, find_chromium

    runs = tempfile.mkdtemp(prefix="class-runs-")
    with streamlit_server(env=class_env(runs)) as srv:
        client = asyncio.run(_client_change(srv.url, repeats))
        browser_times = []
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS)
            page = b.new_page(viewport={"width": 1366, "height": 900})
            page.goto(srv.url)
            if page.get_by_label("Your name").count():
                page.get_by_label("Your name").fill("browser")
                if page.get_by_label("Class code").count():
                    page.get_by_label("Class code").fill(CLASS_CODE)
                page.get_by_role("button", name="Sign in").click()
            page.goto(srv.url + "/architecture?arch=vgg16")
            wait_text(page, f"{VGG16:,}")
            box = page.get_by_role("spinbutton", name="Num classes")
            for n in range(repeats):
                page.wait_for_timeout(300)
                box.fill(str(600 + n))
                t0 = time.perf_counter()
                box.press("Enter")
                wait_text(page, f"{VGG16 + 4097 * (600 + n - 1000):,}")
                browser_times.append(time.perf_counter() - t0)
            b.close()
    return {"client": client, "browser": browser_times}


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def report(many: dict, one: dict, check: dict | None) -> str:
    lines = [f"Machine: {machine()}. {many['sessions']} people for {many['seconds']:.0f} s (until every run ended); "
             f"then 1 person for {one['seconds']:.0f} s.", ""]
    rows = []
    for action in sorted(many["times"], key=lambda a: -len(many["times"][a])):
        xs, ys = many["times"][action], one["times"].get(action, [])
        ratio = f"{statistics.median(xs) / statistics.median(ys):.1f}×" if ys else "–"
        rows.append([action, str(len(xs)), f"{statistics.median(xs):.2f}", f"{pct(xs, 0.95):.2f}",
                     f"{statistics.median(ys):.2f}" if ys else "–", ratio])
    lines.append(table(["action", "n (class)", "p50 s", "p95 s", "p50 s, one person", "class / one"], rows))
    server = max((s[1] for s in many["memory"]), default=0)
    workers = max((s[2] for s in many["memory"]), default=0)
    lines += ["", f"Errors: {len(many['errors'])} with the class, {len(one['errors'])} with one person.",
              *[f"- {e}" for e in many["errors"][:20]],
              "", f"Memory: server peak {server / 1e9:.2f} GB, training workers peak {workers / 1e9:.2f} GB "
              f"(one person: server {max((s[1] for s in one['memory']), default=0) / 1e9:.2f} GB).", ""]
    timeline = [s for i, s in enumerate(many["memory"]) if i % max(1, len(many["memory"]) // 10) == 0]
    lines.append(table(["t s", "server GB", "workers GB"], [[f"{t:.0f}", f"{a / 1e9:.2f}", f"{b / 1e9:.2f}"] for t, a, b in timeline]))
    lines += ["", table(["trainer", "status", "wait s", "run s"],
                        [[t["owner"] or t["run"], str(t["status"]), str(t["wait_s"]), str(t["run_s"])] for t in many["trainers"]])]
    if check:
        c, b = check["client"], check["browser"]
        lines += ["", f"Client against chromium, the same Architecture change on one server ({len(c)} repeats): "
                  f"client median {statistics.median(c):.2f} s, chromium median {statistics.median(b):.2f} s."]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--trainers", type=int, default=10)
    ap.add_argument("--minutes", type=float, default=5)
    ap.add_argument("--validate", action="store_true")
    ap.add_argument("--json", type=Path, help="also write the raw figures here")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    check = validate() if args.validate else None
    many = session_run(args.sessions, args.trainers, args.minutes * 60, args.seed)
    one = session_run(1, 1, min(60.0, args.minutes * 60), args.seed + 1000)
    if args.json:
        args.json.write_text(json.dumps({"class": many, "one": one, "validate": check}, indent=1))
    print(report(many, one, check))
    return 1 if many["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
