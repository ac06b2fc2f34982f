"""Hostile requests against the real app, as data: the catalogue that bench/abuse.py and tests/test_browser_abuse.py share.

Each :class:`Hostile` names a page (a URL, links included), what a person does
there (upload file X, type path Y, open tab Z, set a number) and what must hold
afterwards. Besides each entry's own checks, every request must leave no
traceback and no server path on screen and must not run code from a file
(:func:`problems`). Files are made on demand in a folder the caller owns
(:func:`make_file`); nothing here starts a server.

The checks are written against what a person sees, not against today's
wording, so that they hold for any fix that refuses the request clearly:
"a message is shown" means an ``st.error`` / ``st.warning`` / ``st.info``
element; "the option is not offered" counts as refusing a path.
"""

from __future__ import annotations

import io
import os
import re
import struct
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVIL = "https://evil.example"
RESNET50_PARAMS = "25,557,032"  # torchvision's published count: the ordinary request's answer
ORDINARY = "/architecture?arch=resnet50"
MARKER = "pwned-by-pickle"  # the malicious pickle would create this folder next to itself


@dataclass(frozen=True)
class Hostile:
    """One hostile request.

    Attributes:
        name: short id (``--only NAME``; the test's id).
        what: one line for the results table.
        url: path and query, e.g. ``/architecture?arch=vgg16&input=64,8192,8192&tab=torchinfo``.
        steps: what the person does after the page opened: ``("image", file)`` uploads an image on
            Inside, ``("weights", file)`` uploads a checkpoint on Inside, ``("path", text)`` types a
            path in Inside's "path on the server" option, ``("tab", label)`` opens a tab,
            ``("batch", n)`` types a batch size on the Architecture page.
        message: a message (error, warning or info) must be shown: the request is refused or
            corrected visibly, never silently.
        mentions: each of these patterns (regular expressions) must match the messages (the value they are about).
        keeps: text that must still be the page's title (a bad value keeps the rest of the link).
        cheap: cheap enough for CI (tests/test_browser_abuse.py); the others run in bench/abuse.py only.
        same_as: cases whose messages must be one and the same (a path option that tells files apart maps the disk).
    """

    name: str
    what: str
    url: str
    steps: tuple[tuple[str, str], ...] = ()
    message: bool = True
    mentions: tuple[str, ...] = ()
    keeps: str | None = None
    cheap: bool = True
    same_as: str | None = None


def _inside_width(arch: str) -> Hostile:
    return Hostile(f"width4-{arch}", f"Inside, {arch} with width_mult=4 (real weights)", f"/inside?arch={arch}&width_mult=4",
                   message=False, cheap=False)


LONG = "A" * 10_000
CATALOGUE: tuple[Hostile, ...] = (
    # --- the list ------------------------------------------------------------------
    Hostile("torchinfo-64x8192", "torchinfo tab, VGG-16 at 64×8192×8192", "/architecture?arch=vgg16&input=64,8192,8192&tab=torchinfo"),
    Hostile("inside-4096", "Inside, VGG-16 at 3×4096×4096", "/inside?arch=vgg16&input=3,4096,4096", cheap=False),
    Hostile("inside-2048", "Inside, VGG-16 at 3×2048×2048", "/inside?arch=vgg16&input=3,2048,2048", cheap=False),
    Hostile("inside-huge-hp", "Inside, VGG-16 width_mult=4, hidden=16384, 100000 classes",
            "/inside?arch=vgg16&width_mult=4&hidden=16384&num_classes=100000", cheap=False),
    Hostile("png-30000x1", "Inside, upload a 30000×1 PNG", "/inside?arch=tiny_vgg", (("image", "wide-30000x1.png"),)),
    Hostile("path-ssh", "Inside, weights path ~/.ssh/id_rsa", "/inside?arch=tiny_vgg", (("path", "~/.ssh/id_rsa"),), same_as="path"),
    Hostile("path-shadow", "Inside, weights path /etc/shadow", "/inside?arch=tiny_vgg", (("path", "/etc/shadow"),), same_as="path"),
    Hostile("path-environ", "Inside, weights path /proc/self/environ", "/inside?arch=tiny_vgg", (("path", "/proc/self/environ"),),
            same_as="path"),
    Hostile("md-architecture", "Architecture, Markdown phishing link as arch",
            f"/architecture?arch=[Session expired - click here to log in]({EVIL}/login)"),
    Hostile("md-compare", "Compare, Markdown link as m1.arch", f"/compare?m0.arch=vgg16&m1.arch=[click]({EVIL})"),
    Hostile("input-65ch", "Architecture, input=65,224,224", "/architecture?arch=vgg16&input=65,224,224", mentions=("65",)),
    Hostile("input-65536", "Architecture, input=3,65536,65536", "/architecture?arch=vgg16&input=3,65536,65536", mentions=("65,?536",)),
    Hostile("unknown-param", "Architecture, unknown &foo=bar", "/architecture?arch=resnet50&foo=bar", mentions=("foo",),
            keeps="ResNet-50"),
    Hostile("resnet50-bad-value", "Architecture, ResNet-50 link with num_classes=abc", "/architecture?arch=resnet50&num_classes=abc",
            mentions=("abc",), keeps="ResNet-50"),
    Hostile("run-traversal", "Inside, ?run=../../etc", "/inside?run=../../etc"),
    # --- huge batch and hyperparameters ----------------------------------------------------
    Hostile("batch-link", "Architecture, batch=1000000 in the link", "/architecture?arch=vgg16&batch=1000000"),
    Hostile("batch-widget", "Architecture, type batch 999999 at 3×4096×4096", "/architecture?arch=vgg16&input=3,4096,4096",
            (("batch", "999999"),), message=False),
    Hostile("arch-huge-hp", "Architecture, VGG-16 width_mult=4, hidden=16384, 100000 classes (meta analysis)",
            "/architecture?arch=vgg16&width_mult=4&hidden=16384&num_classes=100000", message=False),
    Hostile("torchinfo-width4", "torchinfo tab, VGG-16 width_mult=4", "/architecture?arch=vgg16&width_mult=4&tab=torchinfo",
            message=False),
    Hostile("torchinfo-resnet50-4096", "torchinfo tab, ResNet-50 at 3×4096×4096 (within the limits: on meta tensors, no message due)",
            "/architecture?arch=resnet50&input=3,4096,4096&tab=torchinfo", message=False),
    # The largest VGG-16 input the default budget lets Inside build (1024×1024 is refused before any tab): its
    # Saliency tab runs the backward pass the budget priced.
    Hostile("saliency-448", "Inside, VGG-16 at 3×448×448 (the budget's largest), Saliency tab (backward pass)",
            "/inside?arch=vgg16&input=3,448,448",
            (("tab", "Saliency"),), message=False, cheap=False),
    Hostile("compare-6-huge", "Compare, six VGG-16 at width 4 and 4096×4096",
            "/compare?" + "&".join(f"m{i}.arch=vgg16&m{i}.width_mult=4&m{i}.input=3,4096,4096" for i in range(6)),
            message=False, cheap=False),
    *(_inside_width(a) for a in ("alexnet", "vgg11_bn", "resnet50", "resnet_cifar", "lenet5", "alexnet_book", "vgg16_book",
                                 "googlenet_book", "resnet_procedural", "resnet50_v1_5", "resnet18_s4tf", "cifar_vgg")),
    # --- image defects (Inside, upload) ------------------------------------------------------
    Hostile("png-1x30000", "Inside, upload a 1×30000 PNG", "/inside?arch=tiny_vgg", (("image", "tall-1x30000.png"),)),
    Hostile("png-text", "Inside, upload a text file named .png", "/inside?arch=tiny_vgg", (("image", "text.png"),)),
    Hostile("jpeg-truncated", "Inside, upload a truncated JPEG", "/inside?arch=tiny_vgg", (("image", "truncated.jpg"),)),
    Hostile("png-empty", "Inside, upload an empty file", "/inside?arch=tiny_vgg", (("image", "empty.png"),)),
    Hostile("png-bomb", "Inside, upload a decompression bomb (20000×20000 PNG, small on disk)", "/inside?arch=tiny_vgg",
            (("image", "bomb-20000.png"),)),
    Hostile("png-49mpx", "Inside, upload a 7000×7000 PNG (just under the pixel limit, small on disk)", "/inside?arch=vgg16",
            (("image", "zeros-7000.png"),), message=False, cheap=False),
    # --- weights defects (Inside, checkpoint upload) ----------------------------------------
    Hostile("pth-text", "Inside, upload a text file named .pth", "/inside?arch=tiny_vgg", (("weights", "text.pth"),)),
    Hostile("pth-other-arch", "Inside, upload LeNet-5's state_dict for TinyVGG", "/inside?arch=tiny_vgg", (("weights", "lenet5.pth"),)),
    Hostile("pth-pickle-exploit", "Inside, upload a pickle whose __reduce__ runs os.makedirs", "/inside?arch=tiny_vgg",
            (("weights", "exploit.pth"),)),
    Hostile("pth-empty", "Inside, upload an empty .pth", "/inside?arch=tiny_vgg", (("weights", "empty.pth"),)),
    Hostile("pth-corrupt-zip", "Inside, upload a corrupt zip .pth (half a checkpoint)", "/inside?arch=tiny_vgg",
            (("weights", "corrupt.pth"),)),
    # --- long and odd link values -------------------------------------------------------------
    Hostile("long-arch", "Architecture, a 10 kB arch value", f"/architecture?arch={LONG}"),
    Hostile("long-int", "Architecture, num_classes of 10000 digits", f"/architecture?arch=resnet50&num_classes={'9' * 10_000}",
            keeps="ResNet-50"),
    Hostile("long-input", "Architecture, a 10 kB input value", f"/architecture?arch=vgg16&input=3,224,{'2' * 10_000}"),
    Hostile("unicode-arch", "Architecture, arch=résnet50 (unicode)", "/architecture?arch=r%C3%A9snet50"),
    Hostile("unicode-digits", "Architecture, input in full-width digits (３,２２４,２２４)",
            "/architecture?arch=vgg16&input=%EF%BC%93,%EF%BC%92%EF%BC%92%EF%BC%94,%EF%BC%92%EF%BC%92%EF%BC%94", message=False),
    Hostile("nul-arch", "Architecture, arch=vgg16%00", "/architecture?arch=vgg16%00"),
    Hostile("nul-input", "Architecture, input=3,224,224%00", "/architecture?arch=vgg16&input=3,224,224%00"),
    Hostile("script-arch", "Architecture, arch=<script>…</script>", "/architecture?arch=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E"),
    Hostile("img-onerror", "Compare, m1.arch=<img src=x onerror=…>",
            "/compare?m0.arch=vgg16&m1.arch=%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E"),
    Hostile("html-hparam", "Architecture, shortcut=<b>bold</b>[x](https://evil.example)",
            f"/architecture?arch=resnet50&shortcut=%3Cb%3Ebold%3C%2Fb%3E[x]({EVIL})", keeps="ResNet-50"),
)
BY_NAME = {h.name: h for h in CATALOGUE}


# --- the files ------------------------------------------------------------------------------


def _png(width: int, height: int, *, mode: str = "L") -> bytes:
    """A PNG of zeros written row by row: small on disk whatever its size in pixels."""
    channels = {"L": 1, "RGB": 3}[mode]
    colour = {"L": 0, "RGB": 2}[mode]

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    z = zlib.compressobj(9)
    row = bytes(1 + width * channels)  # filter byte 0, then zeros
    parts = []
    block = row * max(1, (4 << 20) // len(row))
    rows_per_block = len(block) // len(row)
    left = height
    while left > 0:
        n = min(left, rows_per_block)
        parts.append(z.compress(block if n == rows_per_block else row * n))
        left -= n
    parts.append(z.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")


def _jpeg_truncated() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.radial_gradient("L").resize((640, 480)).convert("RGB").save(buf, "JPEG", quality=90)
    data = buf.getvalue()
    return data[: len(data) // 2]


class _Exploit:
    """Unpickling this calls os.makedirs(<marker folder>): what weights_only=True must refuse."""

    def __init__(self, target: str) -> None:
        self.target = target

    def __reduce__(self):
        return (os.makedirs, (self.target,))


def _state_dict_bytes(arch: str) -> bytes:
    import torch

    from explorer.zoo import get

    buf = io.BytesIO()
    torch.save(get(arch).build().state_dict(), buf)
    return buf.getvalue()


def make_file(name: str, folder: Path) -> Path:
    """The file ``name`` used by the catalogue's steps, made in ``folder`` (once)."""
    path = folder / name
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    if name == "exploit.pth":
        import torch

        buf = io.BytesIO()
        torch.save({"features.0.weight": _Exploit(str(folder / MARKER))}, buf)
        data = buf.getvalue()
    else:
        makers = {
            "wide-30000x1.png": lambda: _png(30_000, 1, mode="RGB"),
            "tall-1x30000.png": lambda: _png(1, 30_000, mode="RGB"),
            "text.png": lambda: b"not a picture at all\n",
            "truncated.jpg": _jpeg_truncated,
            "empty.png": lambda: b"",
            "bomb-20000.png": lambda: _png(20_000, 20_000),
            "zeros-7000.png": lambda: _png(7_000, 7_000, mode="RGB"),
            "text.pth": lambda: b"these are not weights\n" * 10,
            "lenet5.pth": lambda: _state_dict_bytes("lenet5"),
            "empty.pth": lambda: b"",
            "corrupt.pth": lambda: (d := _state_dict_bytes("tiny_vgg"))[: len(d) // 2],
        }
        data = makers[name]()
    path.write_bytes(data)
    return path


def make_runs(folder: Path) -> Path:
    """A runs folder holding one finished TinyVGG run ("demo-run"), so that ``?run=`` has something to open by mistake."""
    import json

    import torch

    from explorer.zoo import get

    run = folder / "demo-run"
    (run / "weights").mkdir(parents=True, exist_ok=True)
    torch.save(get("tiny_vgg").build().state_dict(), run / "weights" / "final.pt")
    (run / "config.json").write_text(json.dumps({
        "id": "demo-run", "architecture": "tiny_vgg", "hyperparameters": {}, "input_shape": [3, 64, 64],
        "dataset": "demo", "classes": [f"c{i}" for i in range(10)], "status": "finished",
    }), encoding="utf-8")
    return folder


# --- what is seen ---------------------------------------------------------------------------

LEAK_PATTERNS = (str(ROOT), "/root", "/home/", "/tmp", "site-packages", "Traceback", 'File "')


def leaks(text: str) -> list[str]:
    """The server paths and traceback markers found in ``text``."""
    return [p for p in LEAK_PATTERNS if p in text]


@dataclass
class Seen:
    """What the page showed after a hostile request."""

    messages: list[str]  # "error: …", "warning: …", "info: …", "exception: …"
    text: str  # the whole page's visible text
    title: str
    evil_links: int
    pwned: bool
    settled: bool  # the page stopped running within the time allowed
    notes: list[str]  # what the steps found (e.g. "the path option is not offered")
    seconds: float

    @property
    def leaks(self) -> list[str]:
        return leaks(self.text + "\n".join(self.messages))

    @property
    def traceback(self) -> bool:
        return any(m.startswith("exception:") for m in self.messages) or "Traceback" in self.text


# Busy: the script runs (or has not started yet: state "initial"), or a spinner turns. Streamlit writes its script
# state on the app's root element for tests; the status widget is not reliable (hidden with toolbarMode "minimal").
_BUSY = """() => { const app = document.querySelector('[data-testid=stApp]');
    if (!app) return true;
    const state = app.getAttribute('data-test-script-state');
    return ['initial', 'running', 'rerunRequested'].includes(state) || !!document.querySelector('[data-testid=stSpinner]'); }"""
_MESSAGES = """() => Array.from(document.querySelectorAll('[data-testid=stAlert], [data-testid=stException]')).map(e => {
    if (e.matches('[data-testid=stException]')) return 'exception: ' + e.innerText.trim();
    const c = e.querySelector('[data-testid^=stAlertContent]');
    const kind = c ? c.getAttribute('data-testid').replace('stAlertContent', '').toLowerCase() : 'alert';
    return kind + ': ' + e.innerText.trim();
})"""


def settle(page, timeout_s: float, *, quiet_s: float = 1.5) -> bool:
    """Wait until the app has stopped running for ``quiet_s`` seconds; False if it had not within ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    quiet_since = None
    while time.monotonic() < deadline:
        try:
            busy = page.evaluate(_BUSY)
        except Exception:  # a navigation in progress, a crashed tab: not settled yet
            busy = True
        now = time.monotonic()
        if busy:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since >= quiet_s:
            return True
        page.wait_for_timeout(200)
    return False


def _radio(scope, pattern: str):
    return scope.get_by_test_id("stRadio").get_by_text(re.compile(pattern, re.IGNORECASE))


def _step(page, kind: str, arg: str, files: Path, timeout_s: float, quiet_s: float) -> str | None:
    """Do one step; returns a note when the step could not be done as written (the option is not offered)."""
    sidebar = page.get_by_test_id("stSidebar")
    short = int(min(timeout_s, 20) * 1000)
    if kind == "tab":
        page.get_by_role("tab", name=arg).click(timeout=short)
        return None
    if kind == "batch":
        box = sidebar.get_by_role("spinbutton", name=re.compile("Batch size"))
        box.fill(arg, timeout=short)
        box.press("Enter")
        return None
    if kind == "image":
        _radio(sidebar, r"^Upload$").first.click(timeout=short)
        uploader = sidebar.get_by_test_id("stFileUploader").filter(has_text=re.compile("Photo|image", re.IGNORECASE))
        uploader.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(make_file(arg, files)), timeout=short)
        return None
    if kind in ("weights", "path"):
        _radio(sidebar, r"checkpoint").first.click(timeout=short)
        settle(page, timeout_s, quiet_s=quiet_s)
        if kind == "weights":
            upload = _radio(sidebar, r"^Upload a file$")
            if upload.count():
                upload.first.click(timeout=short)
            uploader = sidebar.get_by_test_id("stFileUploader").filter(has_text=re.compile("state_dict|weights|\\.pth", re.IGNORECASE))
            uploader.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(make_file(arg, files)), timeout=short)
            return None
        option = _radio(sidebar, r"path")
        if option.count() == 0:
            return "the path option is not offered"
        option.first.click(timeout=short)
        settle(page, timeout_s, quiet_s=quiet_s)
        box = sidebar.get_by_test_id("stTextInput").locator("input")
        if box.count() == 0:
            return "the path option offers no text box"
        box.first.fill(arg, timeout=short)
        box.first.press("Enter")
        return None
    raise ValueError(f"unknown step {kind!r}")


def visit(page, base_url: str, case: Hostile, files: Path, *, timeout_s: float = 60, quiet_s: float = 1.5) -> Seen:
    """Open ``case``'s URL in ``page``, do its steps, wait (bounded) and read what is shown."""
    t0 = time.monotonic()
    notes: list[str] = []
    settled = True
    try:
        page.goto(base_url + case.url, wait_until="domcontentloaded", timeout=int(timeout_s * 1000))
        settled = settle(page, timeout_s, quiet_s=quiet_s)
        for kind, arg in case.steps:
            note = _step(page, kind, arg, files, timeout_s, quiet_s)
            if note:
                notes.append(note)
            page.wait_for_timeout(500)
            settled = settle(page, timeout_s, quiet_s=quiet_s) and settled
    except Exception as err:  # a step that could not be done is recorded, not fatal for the catalogue
        notes.append(f"step failed: {type(err).__name__}: {str(err).splitlines()[0][:160]}")
        settled = False

    def read(script: str, default):
        try:
            return page.evaluate(script)
        except Exception:
            return default

    return Seen(
        messages=read(_MESSAGES, []),
        text=read("() => document.body ? document.body.innerText : ''", ""),
        title=read("() => { const h = document.querySelector('[data-testid=stMain] h1'); return h ? h.innerText : ''; }", ""),
        evil_links=read("() => Array.from(document.querySelectorAll('a[href]')).filter(a => a.href.includes('evil.example')).length", 0),
        pwned=bool(read("() => window.__pwned === 1", False)),
        settled=settled,
        notes=notes,
        seconds=time.monotonic() - t0,
    )


def problems(case: Hostile, seen: Seen, files: Path) -> list[str]:
    """The catalogue's checks that ``seen`` fails (empty: the request was handled well)."""
    out = []
    if seen.traceback:
        out.append("a traceback is shown")
    found = [p for p in seen.leaks if p not in ("Traceback",)]
    if found:
        out.append("server paths or source lines shown: " + ", ".join(found))
    if seen.evil_links:
        out.append(f"{seen.evil_links} clickable link(s) to evil.example")
    if seen.pwned:
        out.append("a script from the link ran")
    if (files / MARKER).exists():
        out.append("the pickle's code ran on the server")
    offered = "the path option is not offered" not in seen.notes
    alerts = [m for m in seen.messages if not m.startswith("exception:")]
    if case.message and offered and not alerts:
        out.append("no message: the request was changed or ignored silently")
    text = "\n".join(alerts).lower()
    missing = [m for m in case.mentions if not re.search(m, text, re.IGNORECASE)]
    if missing and alerts:
        out.append("the message does not name " + ", ".join(repr(m) for m in missing))
    if case.keeps and case.keeps not in seen.title:
        out.append(f"the page shows {seen.title or 'no title'!r}, not {case.keeps!r}")
    if not seen.settled:
        out.append("still running (or a step failed) when the wait ended")
    out += [n for n in seen.notes if n.startswith("step failed")]
    return out


def same_message_problems(seen: dict[str, Seen]) -> list[str]:
    """Cases with the same ``same_as`` group must show one and the same message (or all: option not offered)."""
    groups: dict[str, dict[str, tuple]] = {}
    for name, s in seen.items():
        group = BY_NAME[name].same_as
        if group:
            groups.setdefault(group, {})[name] = tuple(s.notes) + tuple(s.messages)
    out = []
    for group, shown in groups.items():
        if len(set(shown.values())) > 1:
            out.append(f"{group}: different messages tell the files apart: " + " | ".join(f"{n}: {v}" for n, v in shown.items()))
    return out
