"""What the class's browser tests share: a person is a browser context of their own, signed in with the class code."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

TIMEOUT = 60_000


def person(browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # its own cookies: another person
    p = context.new_page()
    p.set_default_timeout(TIMEOUT)
    return p


def sign_in(page: Page, url: str, name: str, *, code: str = "otter-42", secret: str = "") -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name="Sign in to the class")).to_be_visible()
    page.get_by_role("textbox", name="Your name").fill(name)
    page.get_by_role("textbox", name="Class code").fill(code)
    if secret:
        page.get_by_label("Teacher secret (teachers only)", exact=True).fill(secret)
    page.get_by_role("button", name=re.compile("Sign in$")).click()
    expect(page.get_by_text(re.compile(f"Signed in as {name}"))).to_be_visible()
