"""The real app in headless chromium: how fast a changed control shows updated numbers.

Measured in one run against one server:

* cold start: server process start → first render of the Architecture page's numbers;
* change latency: a hyperparameter (number of classes) set to a value never analysed before → the
  Parameters card shows the new exact count, for resnet50 and vgg16 (median of repeats; target ≤ 300 ms).
  Each change starts from a settled page (the previous rerun finished, then 300 ms), as a person's next
  change does; back to back, a change would also wait for the browser to finish drawing the previous one;
* the same change with the Charts tab open (five plotly figures drawn again; no target);
* baselines: the same round trip for a control whose result is already cached (the Keras-count toggle),
  i.e. this page's own rerun and redraw; and the floor: the same number input → metric round trip on a
  page holding nothing else (bench/floor_app.py), i.e. Streamlit + chromium on this machine;
* memory: server RSS while switching architecture/hyperparameters 100 times through distinct models.

    .venv/bin/python bench/app_latency.py [--repeats 9] [--switches 100]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from common import ROOT, machine, table  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from appserver import CHROMIUM_ARGS, find_chromium, streamlit_server  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402

import explorer  # noqa: E402

SETTLE_MS = 300  # a person does not change the next control within milliseconds of the last answer
# The first card on the Architecture page is the parameter count.
FIRST_CARD = "[data-testid=stMetric] [data-testid=stMetricValue]"


def wait_text(page: Page, text: str) -> None:
    """Wait, polling every animation frame, until the parameter card reads ``text``."""
    page.wait_for_function(
        "([sel, want]) => { const e = document.querySelector(sel); return e && e.innerText.trim() === want; }",
        arg=[FIRST_CARD, text],
        polling="raf",
        timeout=60_000,
    )


def set_classes(page: Page, n: int) -> None:
    box = page.get_by_role("spinbutton", name="Num classes")
    box.fill(str(n))
    box.press("Enter")


def settle(page: Page) -> None:
    """Wait until the previous rerun is over and drawn (no running indicator, then a quiet moment), as a person would."""
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", polling="raf", timeout=60_000)
    page.wait_for_timeout(SETTLE_MS)


def change_latency(page: Page, arch: str, values: list[int], expected=None) -> list[float]:
    out = []
    for n in values:
        want = expected(n) if expected else f"{explorer.analyze(arch, num_classes=n).total_params:,}"
        settle(page)
        t0 = time.perf_counter()
        set_classes(page, n)
        wait_text(page, want)
        out.append(time.perf_counter() - t0)
    return out


def toggle_latency(page: Page, repeats: int) -> list[float]:
    out = []
    toggle = page.get_by_test_id("stCheckbox").filter(has_text="Keras-style parameter count")
    label = "Parameters"
    for i in range(repeats):
        settle(page)
        t0 = time.perf_counter()
        toggle.click()
        want = "Parameters (Keras-style)" if i % 2 == 0 else label
        page.wait_for_function(
            "want => [...document.querySelectorAll('[data-testid=stMetricLabel]')].some(e => e.innerText.trim() === want)",
            arg=want,
            polling="raf",
            timeout=60_000,
        )
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--switches", type=int, default=100)
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        sys.exit("chromium is not installed (apt-get install chromium)")

    rows = []
    floor_values = list(range(11, 12 + args.repeats))
    with streamlit_server(script=ROOT / "bench" / "floor_app.py") as srv, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        page.goto(srv.url)
        wait_text(page, f"{25_557_032 - 2_049_000 + 2049 * 1000:,}")
        floor = change_latency(page, "", floor_values, lambda n: f"{25_557_032 - 2_049_000 + 2049 * n:,}")[1:]
        browser.close()

    t_start = time.perf_counter()
    with streamlit_server() as srv, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        t_ready = time.perf_counter()
        page.goto(f"{srv.url}/architecture?arch=resnet50")
        wait_text(page, "25,557,032")
        cold = time.perf_counter() - t_start
        first_render = time.perf_counter() - t_ready
        rss0 = srv.rss_bytes()

        base = toggle_latency(page, args.repeats + 1)[1:]
        results = {}
        for arch in ("resnet50", "vgg16"):
            page.goto(f"{srv.url}/architecture?arch={arch}")
            wait_text(page, f"{explorer.analyze(arch).total_params:,}")
            values = [11 + i for i in range(args.repeats)]  # never analysed before in this server
            results[arch] = change_latency(page, arch, values)
        page.goto(f"{srv.url}/architecture?arch=resnet50&tab=charts")
        wait_text(page, "25,557,032")
        page.wait_for_selector(".js-plotly-plot")
        results["resnet50, Charts tab open"] = change_latency(page, "resnet50", [50 + i for i in range(args.repeats)])

        # Memory: switch through many distinct models (architecture × number of classes) in one session.
        archs = ["resnet18", "vgg11", "googlenet", "alexnet", "resnet50"]
        samples = []
        for i in range(args.switches):
            arch = archs[i % len(archs)]
            n = 100 + i
            page.goto(f"{srv.url}/architecture?arch={arch}&num_classes={n}")
            wait_text(page, f"{explorer.analyze(arch, num_classes=n).total_params:,}")
            if (i + 1) % 10 == 0:
                samples.append((i + 1, srv.rss_bytes()))
        browser.close()

    med_base, med_floor = statistics.median(base), statistics.median(floor)
    for arch, times in results.items():
        med = statistics.median(times)
        rows.append([arch, f"{med * 1e3:.0f} ms", f"{max(times) * 1e3:.0f} ms", f"{med / med_base:.2f}", f"{med / med_floor:.2f}"])
    print(f"Machine: {machine()}; medians of {args.repeats} changes")
    print(f"Cold start (server start → first numbers): {cold:.1f} s; first render after the server was up: {first_render:.2f} s")
    print(f"Baselines: cached rerun of this page (Keras toggle) {med_base * 1e3:.0f} ms; floor page {med_floor * 1e3:.0f} ms")
    print(table(["architecture", "change → new numbers (median)", "max", "÷ cached rerun", "÷ floor page"], rows))
    print()
    print(table(["switches", "server RSS"], [["0", f"{rss0 / 2**20:.0f} MiB"]] + [[str(n), f"{b / 2**20:.0f} MiB"] for n, b in samples]))


if __name__ == "__main__":
    main()
