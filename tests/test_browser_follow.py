"""Real browsers in a live lesson: the teacher starts one on the Learn page and steps through a lab; two
students' pages follow within a second (the delay is measured and printed, not asserted); one student stops
following, the teacher moves on without them, and they follow again with one click.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from appserver import require_browser, streamlit_server
from training_helpers import training_env

pytestmark = pytest.mark.browser

require_browser()
from class_browser import person, sign_in  # noqa: E402  (imports playwright: after the skip)
try:
    from playwright.sync_api import Browser, Page, expect
except ImportError:  # pragma: no cover (skipped above)
    pass

TIMEOUT = 60_000
FOLLOW_MS = 15_000  # the assertion's patience (a loaded 2-core CI machine); the measured delay is printed
JOIN_MS = 30_000  # a student's first follow reruns their whole page into another lab
CLASS = {"EXPLORER_CLASS_CODE": "otter-42", "EXPLORER_TEACHER_SECRET": "only the teacher"}
POOLING = re.compile(r"^\d+\. Pooling")


def _at_step(page: Page, i: int):
    """Step ``i`` of the pooling lab in presentation mode: its title fills the screen."""
    from ui.learn import LABS

    # The English is the message id; a title states computed numbers where its {placeholders} are.
    parts = re.split(r"\{[^}]*\}", LABS["pool"].steps[i - 1].title)
    return page.get_by_role("heading", name=re.compile("^" + ".+".join(re.escape(p) for p in parts) + "$"))


def _follows(pages: list[Page], i: int, what: str, teacher: Page | None = None) -> list[float]:
    """Wait for each page to show step ``i`` (in turn: a later page's delay is an upper bound); seconds since the
    teacher's own page showed it (``teacher``), else since the call."""
    if teacher is not None:
        expect(_at_step(teacher, i)).to_be_visible()
    t0 = time.monotonic()
    delays = []
    for p in pages:
        expect(_at_step(p, i)).to_be_visible(timeout=FOLLOW_MS)
        delays.append(time.monotonic() - t0)
    print(f"follow delay ({what}): " + ", ".join(f"{d:.2f} s" for d in delays))
    return delays


def _step(teacher: Page, button: str, i: int) -> None:
    """The teacher presses ``button`` to go to step ``i`` once the page has drawn, and again if the press was lost.

    Streamlit 1.67's front end can drop a click made while the page's run is still going (the server never
    receives it: about one run in three when this test clicked as soon as the step's title showed; none in six
    since it waits for the run to end, as a presenter who reads the slide does). A presenter whose click did
    nothing clicks again; so does this test, and says so. A second press is safe only while the page still shows
    the step before: the button's target is the step it was drawn with.
    """
    expect(teacher.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    teacher.get_by_role("button", name=re.compile(button)).click()
    try:
        expect(_at_step(teacher, i)).to_be_visible(timeout=10_000)
    except AssertionError:
        if _at_step(teacher, i + (1 if "Previous" in button else -1)).count():
            print(f"the click to step {i} was lost: clicked again")
            teacher.get_by_role("button", name=re.compile(button)).click()


def test_a_live_lesson(browser: Browser, tmp_path: Path, monkeypatch) -> None:
    from explorer import settings

    env = {**training_env(tmp_path), **CLASS}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings.reload()
    teacher, ana, bo = person(browser), person(browser), person(browser)
    try:
        with streamlit_server(env=env) as srv:
            sign_in(teacher, f"{srv.url}/learn?lab=pool", "Li", secret="only the teacher")
            expect(teacher.get_by_role("heading", name=POOLING)).to_be_visible()
            for student, name in ((ana, "Ana"), (bo, "Bo")):
                sign_in(student, f"{srv.url}/learn?lab=stack", name)
                expect(student.get_by_role("heading", name=re.compile(r"Stacking 3×3 convolutions"))).to_be_visible()
                expect(student.get_by_role("button", name=re.compile("Stop following"))).to_have_count(0)

            teacher.get_by_role("button", name=re.compile("Start a live lesson")).click()
            expect(teacher.get_by_text(re.compile(r"students following$"))).to_be_visible()
            for student in (ana, bo):  # their pages go to the teacher's lab by themselves
                expect(student.get_by_role("heading", name=POOLING)).to_be_visible(timeout=JOIN_MS)
                expect(student.get_by_text("Following Li's live lesson")).to_be_visible()
            expect(teacher.get_by_text("2 students following")).to_be_visible(timeout=FOLLOW_MS)

            teacher.get_by_role("button", name=re.compile("Present")).click()
            delays = _follows([ana, bo], 1, "present", teacher)
            for i in (2, 3):
                _step(teacher, r"^Next ▶", i)
                delays += _follows([ana, bo], i, f"next to step {i}", teacher)

            bo.get_by_role("button", name=re.compile("Stop following")).click()
            expect(bo.get_by_text("Li is giving a live lesson.")).to_be_visible()
            expect(teacher.get_by_text("1 student following")).to_be_visible(timeout=FOLLOW_MS)
            _step(teacher, r"^◀ Previous", 2)
            delays += _follows([ana], 2, "back to step 2", teacher)
            expect(_at_step(bo, 3)).to_be_visible()  # left: Bo stays where he was
            bo.get_by_role("button", name=re.compile("Follow the lesson")).click()
            delays += _follows([bo], 2, "rejoin")
            expect(teacher.get_by_text("2 students following")).to_be_visible(timeout=FOLLOW_MS)
            print(f"follow delay: median {sorted(delays)[len(delays) // 2]:.2f} s, max {max(delays):.2f} s over {len(delays)}")

            teacher.get_by_role("button", name=re.compile("End the lesson")).click()
            for student in (ana, bo):
                expect(student.get_by_text("Following Li's live lesson")).to_have_count(0, timeout=JOIN_MS)
                expect(_at_step(student, 2)).to_be_visible(timeout=JOIN_MS)  # the lesson is over: they stay where it ended
    finally:
        for p in (teacher, ana, bo):
            p.context.close()
        monkeypatch.undo()
        settings.reload()
