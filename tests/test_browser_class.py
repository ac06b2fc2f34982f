"""Real browsers as a class: two students and the teacher, each in their own browser context, against one server.

Student B cannot see, open or stop student A's run; the teacher can, and shares it, and then B sees it.
A's identity survives a refresh and a restart of the server. Runs are made through the runs store's API
in the server's runs folder (no training: the test is about who sees what).
"""

from __future__ import annotations

import re
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
CLASS = {"EXPLORER_CLASS_CODE": "otter-42", "EXPLORER_TEACHER_SECRET": "only the teacher"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("class")


@pytest.fixture(scope="module")
def env(folder: Path) -> dict[str, str]:
    return {**training_env(folder), **CLASS}




def _sign_in(page: Page, url: str, name: str, *, secret: str = "") -> None:
    sign_in(page, url, name, secret=secret)
    page.wait_for_function("() => document.cookie.includes('cnn_explorer_person=')")  # written by the page just after


def _id_of(page: Page) -> str:
    """The person id in this browser's cookie, as the server reads it (the test shares the server's runs folder)."""
    from explorer import classroom

    page.wait_for_function("() => document.cookie.includes('cnn_explorer_person=')")
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "cnn_explorer_person")
    who = classroom.read_token(token)
    assert who is not None
    return who.id


def test_two_students_and_the_teacher(browser: Browser, env: dict[str, str], folder: Path, monkeypatch) -> None:
    from explorer import settings
    from explorer.training import runs as store
    from people_helpers import make_run

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings.reload()
    a, b, teacher = person(browser), person(browser), person(browser)
    try:
        with streamlit_server(env=env) as srv:
            _sign_in(a, f"{srv.url}/train", "Ana")
            ana = _id_of(a)
            run = make_run(owner=ana, owner_name="Ana", status="stopped")  # as if Ana had trained, then stopped
            run.checkpoint_path.write_bytes(b"")  # resumable: its owner gets a Resume button
            a.reload()
            expect(a.locator("strong", has_text=re.compile(r"^Ana · TinyVGG"))).to_be_visible()  # her latest run, back on /train
            expect(a.get_by_role("button", name=re.compile("Resume"))).to_be_visible()

            _sign_in(b, f"{srv.url}/train?run={run.id}", "Bo")
            expect(b.get_by_text(f"There is no run '{run.id}'", exact=False)).to_be_visible()
            expect(b.get_by_role("button", name=re.compile("Resume"))).to_have_count(0)
            b.goto(f"{srv.url}/inside?run={run.id}")
            expect(b.get_by_text(re.compile("No trained runs yet|There is no run"))).to_be_visible()
            expect(b.get_by_text(f"run {run.id}")).to_have_count(0)

            _sign_in(teacher, f"{srv.url}/", "Li", secret="only the teacher")
            teacher.goto(f"{srv.url}/teacher")
            expect(teacher.get_by_role("heading", name="The class")).to_be_visible()
            box = teacher.get_by_test_id("stSelectbox").filter(has=teacher.get_by_text("Run", exact=True))
            box.click()
            teacher.get_by_role("option", name=re.compile(re.escape(run.id))).click()
            teacher.get_by_role("button", name=re.compile("Share with the class")).click()
            expect(teacher.get_by_text(f"{run.id} is shared with the class.")).to_be_visible()
            assert store.get_run(run.id).config()["shared"] is True

            b.goto(f"{srv.url}/train?run={run.id}")
            expect(b.locator("strong", has_text=re.compile(r"^Ana · TinyVGG"))).to_be_visible()
            expect(b.get_by_role("button", name=re.compile("Resume"))).to_have_count(0)  # to watch, not to steer
            expect(b.get_by_text("Name or delete this run")).to_have_count(0)

        with streamlit_server(env=env) as again:  # a restart: the cookie and the runs folder's secret still agree
            a.goto(f"{again.url}/train")
            expect(a.get_by_text(re.compile("Signed in as Ana"))).to_be_visible()
            expect(a.locator("strong", has_text=re.compile(r"^Ana · TinyVGG"))).to_be_visible()
            expect(a.get_by_role("heading", name="Sign in to the class")).to_have_count(0)
    finally:
        for p in (a, b, teacher):
            p.context.close()
        monkeypatch.undo()
        settings.reload()
