"""Convert the key-based catalogue (ui/catalogue*.py, ``t("key")``, ``key=`` errors) to gettext, in place.

Run from the repository root (idempotent: a second run finds nothing left to do)::

    .venv/bin/python scripts/catalogue_to_gettext.py

What it does, in order:

1. Reads every ``STRINGS`` dict of ``ui/catalogue*.py`` (and the translator comments ``# key: …`` of an
   existing ``locale/zh_Hans/LC_MESSAGES/messages.po``, so keys still used after a merge are known).
2. Writes ``messages.po``: the English is the message id, the Chinese the translation; an English that two
   keys translate differently gets the key as its context (``msgctxt``); a hyperparameter's choices get the
   context ``hp.<name>.choice``. Help texts that ``explorer/zoo/hparams.py`` builds from a template and a
   phrase are written out for every registered architecture.
3. Rewrites every ``.py`` file under pages/, ui/, explorer/, tests/, bench/ and app.py:
   ``t("key", …)`` → ``_("English", …)``, ``text("key", lang, …)`` → ``translate("English", lang, …)``,
   ``tr("key")`` → ``tr("English")``; ``t(f"prefix.{x}")`` → ``_({"a": N_("…"), …}[x])``; any other string
   that is a key → ``N_("English")``; ``raise SomeError(f"…", key="k", **values)`` and
   ``Note(f"…", key="k", **values)`` → ``SomeError(N_("template"), **values)``; ``err.key == "k"`` →
   ``err.template == N_("template")``; plus the hand-written replacements of ``SPECIAL`` below.
4. Deletes the catalogue files, the tests that only kept copies in sync, and the legacy blocks of
   ui/i18n.py and explorer/viz/words.py.

It prints a summary and exits 1 (changing nothing) when some use of a key cannot be converted, with
``file:line`` for each: fix those by hand (or add a line to ``SPECIAL``) and run it again.
"""

from __future__ import annotations

import ast
import importlib
import re
import string
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "messages.po"
SOURCES = ("pages", "ui", "explorer", "tests", "bench", "app.py")
SKIP = {"scripts/catalogue_to_gettext.py", "explorer/i18n.py", "explorer/errors.py", "explorer/notes.py", "ui/zoo_text.py"}
# Uses of a key prefix that are fine as they are (file, the text of the line).
IGNORE = [("tests/test_app_inside.py", 's.startswith("inside.")')]
DELETE = ["tests/test_error_keys.py", "tests/test_note_keys.py", "tests/test_i18n_zoo.py", "tests/test_i18n_viz.py",
          "tests/keyed.py"]
LEGACY = re.compile(r"\n?# --- legacy catalogue API.*?# --- end of the legacy catalogue API[^\n]*\n", re.S)
# In tests/: the objects whose .key is an error's or a note's (not a layer's, a figure's, a widget's).
KEYED_OBJECT = r"(^|\.)(err|error|exc|info\.value|err\.value|note|notes\[\d+\]|n|d|remark|message|suggestion|diagnostics\[\d+\])$"
KEY_LIKE = re.compile(r"^[a-z][a-z0-9_]*(\.[A-Za-z0-9_+-]+)+$")

# Hand-written replacements (file, old text, new text), applied before the generic rules: the uses of a key that
# no rule can read (a key kept in a variable and tested against the catalogue, a key glued from a prefix). A
# replacement whose old text is missing is counted (done already, or the code changed: any key left is reported).
SPECIAL: list[tuple[str, str, str]] = [
    ("explorer/viz/words.py", 's = globals().get("ENGLISH", {}).get(message, message)\n    return s.format(**fmt) if fmt else s',
     "return message.format(**fmt) if fmt else message"),
    ("explorer/training/worker.py", '{"error_key": err.key, "error_params": err.params}',
     '{"error_template": err.template, "error_params": err.params}'),
    ("explorer/training/runs.py", "``error_key``", "``error_template``"),
    ("ui/train_views.py", 'if st_.get("error_key"):  # a library error: the worker keeps its key and values',
     'if st_.get("error_template"):  # a library error: the worker keeps its template and values'),
    ("ui/train_views.py", 'ExplorerError(reason, key=st_["error_key"], **(st_.get("error_params") or {}))',
     'ExplorerError(st_["error_template"], **(st_.get("error_params") or {}))'),
    ("ui/train_views.py", "not message.key and", "not message.template and"),
    ("ui/train_views.py", "``error_key``", "``error_template``"),
    ("ui/urlstate.py", 'Problem("err." + err.key, err)', "Problem(err.template, err)"),
    # lazy tabs: labelled from {id: message} (the callers' prefix= becomes labels=, see convert_file)
    ("ui/tabs.py", "from collections.abc import Sequence", "from collections.abc import Mapping, Sequence"),
    ("ui/tabs.py", "*, key: str, prefix: str, url_param", "*, key: str, labels: Mapping[str, str], url_param"),
    ("ui/tabs.py", '"""Draw tabs labelled ``t(prefix + id)``;', '"""Draw tabs labelled ``_(labels[id])``;'),
    ("ui/tabs.py", 'prefix: catalogue key prefix of the labels, e.g. ``"arch.tab."``.',
     "labels: each id's label, a message marked ``N_(\"…\")``."),
    ("ui/tabs.py", "by_label = {text(prefix + i, lang): i", "by_label = {text(labels[i], lang): i"),
    ("ui/tabs.py", "st.session_state[key] = t(prefix + wanted)", "st.session_state[key] = t(labels[wanted])"),
    ("ui/tabs.py", "st.tabs([t(prefix + i) for i in ids]", "st.tabs([t(labels[i]) for i in ids]"),
    # the Train page's options: the library's English label is the message id
    ("ui/train_views.py",
     'return lambda v: tr(f"train.{area}.{v}") if f"train.{area}.{v}" in CATALOGUE else english.get(v, str(v))',
     "return lambda v: tr(english[v]) if v in english else str(v)"),
    ("ui/train_views.py",
     "``train.<area>.<id>`` from the catalogue.\n\n    An id the catalogue does not know yet (one just added to the library) "
     "shows the library's label.",
     "that English is the message id.\n\n    A label without a translation yet (one just added to the library) shows in English."),
    ("ui/train_views.py", '    source = f"train.dataset.{name}.source"\n    st.caption(t(source) if source in CATALOGUE else info.source)',
     "    st.caption(t(info.source))"),
    # a lab's control: its label is declared with it (label=N_("…"), see convert_file)
    ("ui/learn/base.py", 't(p.label or f"lab.{self.lab.id}.{name}")', "t(p.label or name)"),
    ("ui/learn/base.py", 't(f"{prefix}.{f.key}")', "t(_BOOK_FIGURES[prefix][f.key])"),
    ("ui/learn/base.py", 't(f"{prefix}.{f.key}.why")', "t(_BOOK_ERRATA[prefix][f.key])"),
    ("ui/learn/base.py", 't("learn.col.book"): f.book,', 't("learn.col.book"): printed(f.book),'),
    ("ui/learn/base.py", "from ui.i18n import keep_choice, t", "from ui.i18n import keep_choice, printed, t"),
    ("ui/learn/base.py", "one sentence per erratum (catalogue key ``<prefix>.<key>.why``)", "one sentence per erratum"),
    ("ui/train_views.py", """        if pos and pos > 2:
            ahead = t("train.queued.ahead_many", n=pos - 1)
        else:
            ahead = t("train.queued.ahead_one") if pos and pos > 1 else t("train.queued.next")""",
     """        if pos and pos > 1:
            ahead = ngettext("1 run ahead of it", "{n} runs ahead of it", pos - 1)
        else:
            ahead = t("train.queued.next")"""),
    ("ui/train_views.py", "keep_choice, lang, note_text, t\n", "keep_choice, lang, ngettext, note_text, t\n"),
    ("ui/learn/params.py", "label: catalogue key of the label (default ``lab.<lab>.<name>``).",
     'label: the label, a message marked ``N_("…")``.'),
    ("tests/test_app_train.py", 'run.status()["message_key"] == "train.finished_one_epoch", "the worker keeps the ending\'s key"',
     'run.status()["message_template"] == "note.train.finished_one_epoch", "the worker keeps the ending\'s template"'),
    ("explorer/training/runs.py", "have ``<name>_key`` and ``<name>_params``", "have ``<name>_template`` and ``<name>_params``"),
    ("tests/test_app_train.py", 'error_key="run.not_found"', 'error_template="err.run.not_found"'),
    ("tests/test_app_train.py",
     '    assert {k: i18n.CATALOGUE.get(k, {}).get("en") for k in declared} == declared\n'
     "    assert all(k in i18n.CATALOGUE for k in SPLITS.values())",
     "    assert all(k == v for k, v in declared.items()), \"the message id is the library's English\"\n"
     '    assert all(i18n.translate(m, "zh") != m for m in SPLITS.values())'),
    ("tests/test_app_inside.py",
     '    groups = {"inside.weights.": inside_ui.WEIGHT_KINDS, "inside.ckpt.": inside_ui.CKPT_MODES, '
     '"inside.image.": inside_ui.IMAGE_SOURCES,\n'
     '              "inside.sort.": inside_ui.SORTS, "inside.view.": inside_ui.VIEWS, "inside.run.file.": ("best", "final")}\n'
     "    missing = [prefix + i for prefix, ids in groups.items() for i in ids if prefix + i not in i18n.CATALOGUE]",
     '    labels = [*(f"inside.weights.{i}" for i in inside_ui.WEIGHT_KINDS), *(f"inside.ckpt.{i}" for i in inside_ui.CKPT_MODES),\n'
     '              *(f"inside.image.{i}" for i in inside_ui.IMAGE_SOURCES), *(f"inside.sort.{i}" for i in inside_ui.SORTS),\n'
     '              *(f"inside.view.{i}" for i in inside_ui.VIEWS), *(f"inside.run.file.{i}" for i in ("best", "final"))]\n'
     '    missing = [m for m in labels if i18n.translate(m, "zh") == m]'),
    ("tests/test_server_files.py", 'i18n.text(f"err.{err.key}", "zh", **err.params)', 'i18n.text(err.template, "zh", **err.params)'),
    ("tests/test_server_files.py", "template = i18n.CATALOGUE[key][lang]", "template = i18n.translate(key, lang)"),
    ("tests/test_urlstate.py",
     "    for key, entry in i18n.CATALOGUE.items():\n        for lang, template in entry.items():",
     '    for (_context, key), zh in i18n.translations("zh").items():\n'
     '        for lang, template in (("en", key), ("zh", zh)):'),
    ("tests/test_urlstate.py", 'i18n.CATALOGUE["err.arch.unknown"]["zh"]', 'i18n.gettext_in("zh", "err.arch.unknown")'),
    ("tests/test_app_train.py", '_zh("err.run.not_found", **params) if "err.run.not_found" in i18n.CATALOGUE else message',
     '_zh("err.run.not_found", **params)'),
    ("tests/test_app_train.py", '_zh("note." + message.key, **message.params)', "_zh(message.template, **message.params)"),
    ("tests/test_app_train.py", '_zh("note." + suggestion.key, **suggestion.params)',
     "_zh(suggestion.template, **suggestion.params)"),
    ("tests/test_app_train.py", '_zh("note." + n.key, **n.params) in c.value for c in at.caption for n in data_notes if n.key',
     "_zh(n.template, **n.params) in c.value for c in at.caption for n in data_notes if n.template"),
]


# Tables of messages a file needs where a key was glued from an argument (file, name, key regex with two groups,
# what it holds): written after the file's imports as {group 1: {group 2: N_("English")}} unless already there.
TABLES: list[tuple[str, str, str, str]] = [
    ("ui/learn/base.py", "_BOOK_FIGURES", r"(lab\.[a-z_]+\.ex)\.([^.]+)", "each lab's book figures (book_table's prefix, figure)"),
    ("ui/learn/base.py", "_BOOK_ERRATA", r"(lab\.[a-z_]+\.ex)\.([^.]+)\.why", "why a book figure is wrong (prefix, figure)"),
]


# Plurals the old catalogue faked with two keys (singular, plural): one ngettext entry in the .po.
PLURALS: list[tuple[str, str]] = [("train.queued.ahead_one", "train.queued.ahead_many")]


@dataclass
class Entry:
    key: str
    en: str
    zh: str
    context: str | None = None


@dataclass
class Report:
    files: int = 0
    changed: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    problems: list[str] = field(default_factory=list)


# --- 1. the catalogue --------------------------------------------------------------------------------------------
def load_catalogue() -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for path in sorted((ROOT / "ui").glob("catalogue*.py")):
        module = importlib.import_module(f"ui.{path.stem}")
        for key, v in module.STRINGS.items():
            entries[key] = Entry(key, v["en"], v.get("zh") or "")
    if PO.exists():  # keys converted by an earlier run: known from the .po's "# key:" comments
        from babel.messages.pofile import read_po
        with PO.open("rb") as f:
            for m in read_po(f):
                if isinstance(m.id, tuple):  # a plural: its keys are converted already
                    continue
                for c in m.user_comments:
                    if c.startswith("key: ") and c[5:] not in entries and m.id:
                        entries[c[5:]] = Entry(c[5:], m.id, m.string or "", m.context)
    # contexts: an English said two ways, and the choices of a hyperparameter
    by_en: dict[str, set[str]] = defaultdict(set)
    for e in entries.values():
        by_en[e.en].add(e.zh)
    for e in entries.values():
        choice = re.fullmatch(r"(hp\.[^.]+\.choice)\.[^.]+", e.key)
        if choice:
            e.context = choice.group(1)
        elif len(by_en[e.en]) > 1 and e.context is None:
            e.context = e.key
    return entries


def literal(s: str, quote: str = '"') -> str:
    body = s.replace("\\", "\\\\").replace("\n", "\\n").replace(quote, "\\" + quote)
    return quote + body + quote


def msg(e: Entry, mark: str | None, quote: str = '"') -> str:
    """The message id as code: ``"English"`` (``mark``: ``N_("English")``), or ``NP_("ctx", "English")``."""
    if e.context:
        return f"NP_({literal(e.context, quote)}, {literal(e.en, quote)})"
    return f"{mark}({literal(e.en, quote)})" if mark else literal(e.en, quote)


# --- 2. the .po --------------------------------------------------------------------------------------------------
def zoo_expansions(entries: dict[str, Entry]) -> list[tuple[str | None, str, str]]:
    """Help texts that hparams.py fills from a template and a phrase, written out for every registered model."""
    from explorer.zoo import architectures
    templates = [e for e in entries.values() if e.key.startswith("hp.") and ".help" in e.key and "{" in e.en]
    out = []
    for arch in architectures():
        for h in arch.hparams:
            for e in templates:
                if not e.key.startswith(f"hp.{h.name}.help"):
                    continue
                parts = list(string.Formatter().parse(e.en))
                rx = "".join(re.escape(lit) + (f"(?P<{f}>.+?)" if f else "") for lit, f, _, _ in parts)
                m = re.fullmatch(rx, h.help or "")
                if not m:
                    continue
                zh = {}
                for f, v in m.groupdict().items():
                    found = [p for p in entries.values() if p.key.startswith(f"hp.{h.name}.{f}.") and p.en == v]
                    if found:
                        zh[f] = found[0].zh
                if len(zh) == len(m.groupdict()):
                    out.append((f"hp.{h.name}.help" if e.context else None, h.help, e.zh.format(**zh)))
    return out


def write_po(entries: dict[str, Entry]) -> int:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po
    old = None
    if PO.exists():
        with PO.open("rb") as f:
            old = read_po(f)
    cat = Catalog(locale="zh_Hans", project="CNN Explorer", domain="messages", fuzzy=False, version="1",
                  copyright_holder="CNN Explorer", msgid_bugs_address="",
                  creation_date=old.creation_date if old is not None else None,
                  revision_date=old.revision_date if old is not None else None)
    for e in entries.values():
        if "{" in e.en and e.key.startswith("hp.") and ".help" in e.key and e.context is None:
            pass  # a template of hparams.py: also written out below
        ctx = e.context
        have = cat.get(e.en, context=ctx)
        if have is not None:
            if f"key: {e.key}" not in have.user_comments:
                have.user_comments.append(f"key: {e.key}")
            continue
        kept = old.get(e.en, context=ctx) if old is not None else None
        cat.add(e.en, kept.string if kept is not None and kept.string else e.zh, context=ctx,
                user_comments=[f"key: {e.key}"])
    for one, many in PLURALS:
        if one in entries and many in entries:
            for k in (one, many):
                if cat.get(entries[k].en, context=entries[k].context) is not None:
                    cat.delete(entries[k].en, context=entries[k].context)
            cat.add((entries[one].en, entries[many].en), (entries[many].zh,), user_comments=[f"key: {one}", f"key: {many}"])
    for ctx, en, zh in zoo_expansions(entries):
        if cat.get(en, context=ctx) is None:
            cat.add(en, zh, context=ctx, user_comments=["expanded from a template of explorer/zoo/hparams.py"])
    if old is not None:  # messages added to the .po since (by a translator, or ngettext entries): kept
        for m in old:
            if m.id and cat.get(m.id, context=m.context) is None:
                cat.add(m.id, m.string, context=m.context, user_comments=m.user_comments, auto_comments=m.auto_comments)
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as f:
        write_po(f, cat, width=120, sort_output=False, omit_header=False)
    return len(cat)


# --- 3. the code -------------------------------------------------------------------------------------------------
class FileEdit:
    def __init__(self, path: Path, src: str):
        self.path = path
        self.rel = path.relative_to(ROOT).as_posix()
        self.src = src
        self.lines = self.src.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line.encode("utf-8")))
        self.data = self.src.encode("utf-8")
        self.edits: list[tuple[int, int, str]] = []
        self.needs: set[str] = set()
        self.tables: dict[str, tuple[str, str]] = {}  # module-level tables of messages: name -> (key regex, code)

    def off(self, line: int, col: int) -> int:
        return self.starts[line - 1] + col

    def span(self, node: ast.AST) -> tuple[int, int]:
        return self.off(node.lineno, node.col_offset), self.off(node.end_lineno, node.end_col_offset)

    def text(self, node: ast.AST) -> str:
        a, b = self.span(node)
        return self.data[a:b].decode("utf-8")

    def replace(self, node: ast.AST, new: str) -> None:
        a, b = self.span(node)
        self.edits.append((a, b, new))

    def overlaps(self) -> list[int]:
        """Lines where two edits overlap (the generic rules met a case they cannot combine)."""
        spans = sorted(set(self.edits))
        return [self.src.encode("utf-8")[:x[0]].count(b"\n") + 1 for x, y in zip(spans, spans[1:]) if y[0] < x[1]]

    def apply(self) -> str:
        data = self.data
        for a, b, new in sorted(set(self.edits), reverse=True):
            data = data[:a] + new.encode("utf-8") + data[b:]
        return data.decode("utf-8")


ERROR_BASES = {"ExplorerError", "UnknownArchitecture", "InvalidHyperparameter", "InputTooSmall", "InvalidInput"}


def error_classes(trees: dict[str, ast.Module]) -> set[str]:
    names = set(ERROR_BASES)
    grew = True
    while grew:
        grew = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names:
                    if any(isinstance(b, ast.Name) and b.id in names or isinstance(b, ast.Attribute) and b.attr in names
                           for b in node.bases):
                        names.add(node.name)
                        grew = True
    return names


def call_name(node: ast.Call) -> str | None:
    f = node.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        return f.attr
    return None


def is_i18n_call(node: ast.Call, imported: set[str]) -> str | None:
    """'t', 'text' or 'tr' when ``node`` calls the interface's translation functions."""
    f = node.func
    if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "i18n" and f.attr in ("t", "text"):
        return f.attr
    if isinstance(f, ast.Name) and f.id in ("t", "text") and f.id in imported:
        return f.id
    if isinstance(f, ast.Name) and f.id in ("tr", "_"):
        return f.id
    return None


def pattern_of(node: ast.AST, fe: FileEdit) -> tuple[str, list[ast.AST]] | None:
    """A key built at run time: ``f"a.{x}.b"`` or ``"a." + x`` as a regex and its varying parts."""
    if isinstance(node, ast.JoinedStr):
        rx, parts = "", []
        for v in node.values:
            if isinstance(v, ast.Constant):
                rx += re.escape(v.value)
            elif isinstance(v, ast.FormattedValue) and v.format_spec is None and v.conversion == -1:
                rx += r"([A-Za-z0-9_+-]+)"
                parts.append(v.value)
            else:
                return None
        return rx, parts
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = node.left, node.right
        if isinstance(left, ast.Constant) and isinstance(left.value, str):
            return re.escape(left.value) + r"([A-Za-z0-9_+-]+)", [right]
    return None


def dynamic(node: ast.AST, fe: FileEdit, entries: dict[str, Entry], rep: Report, quote: str) -> str | None:
    found = pattern_of(node, fe)
    if found is None:
        return None
    rx, parts = found
    head = node.values[0] if isinstance(node, ast.JoinedStr) else node.left
    tops = {k.split(".")[0] + "." for k in entries}
    if not (isinstance(head, ast.Constant) and isinstance(head.value, str) and re.match(r"[a-z_]+\.", head.value)
            and re.match(r"[a-z_]+\.", head.value).group(0) in tops and " " not in head.value):
        return None
    if len(parts) != 1:
        return "!" + f"{fe.rel}:{node.lineno}: a key built from {len(parts)} parts: {fe.text(node)}"
    keys = {m.group(1): k for k in entries if (m := re.fullmatch(rx, k))}
    if not keys:
        return "!" + f"{fe.rel}:{node.lineno}: no key of the catalogue matches {fe.text(node)}"
    items = "".join(f"    {literal(v)}: {msg(entries[k], 'N_')},\n" for v, k in keys.items())
    fe.needs.add("N_")
    if any(entries[k].context for k in keys.values()):
        fe.needs.add("NP_")
    rep.counts["dynamic keys → a table of messages"] += 1
    static = [v.value for v in node.values if isinstance(v, ast.Constant)] if isinstance(node, ast.JoinedStr) else [node.left.value]
    base = "_" + "_".join(w for part in static for w in re.split(r"[^A-Za-z0-9]+", part) if w).upper()
    name = base
    while name in fe.tables and fe.tables[name][0] != rx:
        name += "_"
    pattern = fe.text(node).replace("\n", " ")
    fe.tables[name] = (rx, f"# The messages of {pattern}, by {fe.text(parts[0])} (from the keys of the old catalogue).\n"
                           f"{name} = {{\n{items}}}\n")
    index = fe.text(parts[0])
    if any(isinstance(n, ast.Constant) and isinstance(n.value, str) for n in ast.walk(parts[0])):
        index = f"({index})"  # inside _(…), pybabel extract would read a string in brackets as the message
    return f"{name}[{index}]"


def quote_of(fe: FileEdit, node: ast.AST) -> str:
    raw = fe.text(node)
    return "'" if raw[:1] == "'" or raw[:2] in ("f'", "r'") else '"'


def convert_file(fe: FileEdit, tree: ast.Module, entries: dict[str, Entry], errors: set[str], rep: Report) -> None:
    imported = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module == "ui.i18n"
                for a in n.names}
    prefixes = {k.rsplit(".", 1)[0] + "." for k in entries}
    handled: set[int] = set()
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}

    for node in ast.walk(tree):  # NP_("context", "English"): the context is an old key, kept as it is
        if isinstance(node, ast.Call) and call_name(node) == "NP_" and node.args:
            handled.add(id(node.args[0]))

    def key_arg(arg: ast.AST, mark: str | None) -> None:
        handled.add(id(arg))
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            e = entries.get(arg.value)
            if e is not None:
                if e.context:
                    fe.needs.add("NP_")
                fe.replace(arg, msg(e, mark, quote_of(fe, arg)))
                rep.counts["keys → English message ids"] += 1
            elif KEY_LIKE.match(arg.value) and arg.value.split(".")[0] in {k.split(".")[0] for k in entries}:
                rep.problems.append(f"{fe.rel}:{arg.lineno}: a key that is not in the catalogue: {arg.value!r}")
            return
        d = dynamic(arg, fe, entries, rep, quote_of(fe, arg))
        if d is None and isinstance(arg, (ast.JoinedStr, ast.BinOp)) and (
                not isinstance(arg, ast.BinOp) or isinstance(arg.left, ast.Constant) or isinstance(arg.right, ast.Constant)):
            rep.problems.append(f"{fe.rel}:{arg.lineno}: a key built at run time that no rule converts: {fe.text(arg)}")
        elif d is not None:
            if d.startswith("!"):
                rep.problems.append(d[1:])
            else:
                fe.replace(arg, d if mark is None else d)
                for sub in ast.walk(arg):
                    handled.add(id(sub))

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        kind = is_i18n_call(node, imported)
        if kind and node.args:
            key_arg(node.args[0], None)
            if kind == "t":
                fe.replace(node.func, "i18n._" if isinstance(node.func, ast.Attribute) else "_")
                fe.needs.add("_")
            elif kind == "text":
                fe.replace(node.func, "i18n.translate" if isinstance(node.func, ast.Attribute) else "translate")
                fe.needs.add("translate")
            rep.counts[f"{kind}() calls"] += 1
            continue
        name = call_name(node)
        kw = next((k for k in node.keywords if k.arg == "key"), None)
        if kw is None or not (name == "Note" or name in errors):
            continue
        prefix = "note." if name == "Note" else "err."
        if not isinstance(kw.value, ast.Constant):
            rep.problems.append(f"{fe.rel}:{node.lineno}: {name}(..., key=<not a constant>): {fe.text(kw)}")
            continue
        e = entries.get(prefix + kw.value.value)
        if e is None:
            if kw.value.value:
                rep.problems.append(f"{fe.rel}:{node.lineno}: {name}(key={kw.value.value!r}) has no entry {prefix}{kw.value.value}")
            continue
        if not node.args:
            rep.problems.append(f"{fe.rel}:{node.lineno}: {name}(key=…) without its message as the first argument")
            continue
        fe.replace(node.args[0], msg(e, "N_", quote_of(fe, node.args[0])))
        fe.needs.add("NP_" if e.context else "N_")
        for sub in ast.walk(node.args[0]):
            handled.add(id(sub))
        # drop ", key=…": from the end of what precedes it
        before = [a for a in [*node.args, *node.keywords] if a is not kw and fe.span(a)[1] <= fe.span(kw)[0]]
        a, b = fe.span(kw)
        if before:
            a = max(fe.span(x)[1] for x in before)
        else:
            after = [x for x in [*node.args, *node.keywords] if x is not kw and fe.span(x)[0] >= b]
            b = min(fe.span(x)[0] for x in after) if after else b
        fe.edits.append((a, b, ""))
        handled.add(id(kw.value))
        rep.counts["errors and notes → N_ templates"] += 1

    for node in ast.walk(tree):  # lazy_tabs(..., prefix="arch.tab.") -> labels={"layers": N_("Layers"), ...}
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg == "prefix" and isinstance(kw.value, ast.Constant) and kw.value.value in prefixes:
                    pre = kw.value.value
                    kids = {k[len(pre):]: e for k, e in entries.items() if k.startswith(pre) and "." not in k[len(pre):]}
                    q = quote_of(fe, kw.value)
                    fe.replace(kw, "labels={" + ", ".join(f"{literal(i, q)}: {msg(e, 'N_', q)}" for i, e in kids.items()) + "}")
                    fe.needs.add("N_")
                    handled.add(id(kw.value))
                    rep.counts["prefix= → labels= tables"] += 1
    for node in ast.walk(tree):  # Lab("conv", …, params=(Param("stride", …), …)) -> Param("stride", …, label=N_("Stride"))
        if isinstance(node, ast.Call) and call_name(node) == "Lab":
            lab = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "id"), None)
            if not (isinstance(lab, ast.Constant) and isinstance(lab.value, str)):
                continue
            for sub in ast.walk(node):
                if isinstance(sub, ast.Call) and call_name(sub) == "Param" and sub.args \
                        and isinstance(sub.args[0], ast.Constant) and not any(k.arg == "label" for k in sub.keywords):
                    e = entries.get(f"lab.{lab.value}.{sub.args[0].value}")
                    if e is not None:
                        end = max(fe.span(x)[1] for x in [*sub.args, *sub.keywords])
                        fe.edits.append((end, end, f", label={msg(e, 'N_')}"))
                        fe.needs.add("NP_" if e.context else "N_")
                        rep.counts["lab controls → label=N_(…)"] += 1
    for node in ast.walk(tree):  # f"train.status.{s}" in CATALOGUE -> s in ("running", …)
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn)) \
                and (isinstance(node.comparators[0], ast.Name) and node.comparators[0].id == "CATALOGUE"
                     or isinstance(node.comparators[0], ast.Attribute) and node.comparators[0].attr == "CATALOGUE"):
            found = pattern_of(node.left, fe)
            d = dynamic(node.left, fe, entries, rep, '"') if found and len(found[1]) == 1 else None
            if d is not None and not d.startswith("!"):
                op = "in" if isinstance(node.ops[0], ast.In) else "not in"
                fe.replace(node, f"{fe.text(found[1][0])} {op} {d.split('[', 1)[0]}")
                for sub in ast.walk(node):
                    handled.add(id(sub))
                rep.counts["dynamic key in CATALOGUE → a tuple of ids"] += 1

    for node in ast.walk(tree):  # ENGLISH["viz.x"] (explorer/viz/words.py's table) -> N_("English")
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "ENGLISH":
            sl = node.slice
            if isinstance(sl, ast.Constant) and sl.value in entries:
                fe.replace(node, msg(entries[sl.value], "N_", quote_of(fe, sl)))
                fe.needs.add("N_")
            else:
                d = dynamic(sl, fe, entries, rep, quote_of(fe, sl))
                if d is None or d.startswith("!"):
                    rep.problems.append(f"{fe.rel}:{node.lineno}: reads words.ENGLISH with {fe.text(sl)}")
                    continue
                fe.replace(node, d)
            for sub in ast.walk(node):
                handled.add(id(sub))
            rep.counts["ENGLISH[…] → N_(…)"] += 1
    for node in ast.walk(tree):  # err.key == "k"
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) and node.left.attr == "key" \
                and len(node.comparators) == 1 and isinstance(node.comparators[0], ast.Constant):
            k = node.comparators[0].value
            e = entries.get(f"err.{k}") or entries.get(f"note.{k}") if isinstance(k, str) else None
            if e is not None:
                fe.replace(node.left, fe.text(node.left.value) + ".template")
                handled.add(id(node.left))
                fe.replace(node.comparators[0], msg(e, "N_", quote_of(fe, node.comparators[0])))
                fe.needs.add("N_")
                handled.add(id(node.comparators[0]))
                rep.counts["err.key == … → err.template == …"] += 1

    if fe.rel.startswith(("tests/", "bench/")):  # tests name errors and notes by their key: by their template now
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "key" and isinstance(node.ctx, ast.Load) \
                    and id(node) not in handled and re.search(KEYED_OBJECT, fe.text(node.value)):
                a, b = fe.span(node)
                fe.edits.append((b - len("key"), b, "template"))
                rep.counts["tests: .key → .template"] += 1
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value not in entries \
                    and id(node) not in handled and id(node) not in docstrings:
                e = entries.get("err." + node.value) or entries.get("note." + node.value)
                if e is not None:
                    fe.replace(node, msg(e, "N_", quote_of(fe, node)))
                    fe.needs.add("NP_" if e.context else "N_")
                    handled.add(id(node))
                    rep.counts["tests: an error's or note's key → N_(template)"] += 1
    for node in ast.walk(tree):  # any other key: a message id kept in data
        if id(node) in handled or id(node) in docstrings:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            e = entries.get(node.value)
            if e is not None:
                fe.replace(node, msg(e, "N_", quote_of(fe, node)))
                fe.needs.add("NP_" if e.context else "N_")
                rep.counts["keys in data → N_(…)"] += 1
            elif node.value in prefixes and not any(rel == fe.rel and snippet in fe.lines[node.lineno - 1]
                                                    for rel, snippet in IGNORE):
                rep.problems.append(f"{fe.rel}:{node.lineno}: a key prefix {node.value!r}: a key glued at run time")
        elif isinstance(node, (ast.JoinedStr, ast.BinOp)):
            d = dynamic(node, fe, entries, rep, quote_of(fe, node))
            if d is not None:
                if d.startswith("!"):
                    rep.problems.append(d[1:])
                else:
                    fe.replace(node, d)
                for sub in ast.walk(node):
                    handled.add(id(sub))
        elif isinstance(node, ast.Name) and node.id == "CATALOGUE" and "CATALOGUE" in imported and id(node) not in handled:
            rep.problems.append(f"{fe.rel}:{node.lineno}: reads the catalogue itself (CATALOGUE)")
        elif isinstance(node, ast.Attribute) and node.attr == "CATALOGUE" and isinstance(node.value, ast.Name) \
                and node.value.id == "i18n" and id(node) not in handled:
            rep.problems.append(f"{fe.rel}:{node.lineno}: reads the catalogue itself (i18n.CATALOGUE)")


def fix_imports(src: str, fe: FileEdit) -> str:
    """``from ui.i18n import t, text`` → ``_``, ``translate``; ``N_``/``NP_`` imported where they are used."""
    def rename(m: re.Match[str]) -> str:
        names = [n.strip() for n in m.group(2).replace("(", "").replace(")", "").split(",") if n.strip()]
        out = []
        for n in names:
            n = {"t": "_", "text": "translate"}.get(n, n)
            if n == "CATALOGUE":
                continue
            if n not in out:
                out.append(n)
        if fe.rel.startswith(("ui/", "pages/", "tests/", "bench/")) or fe.rel == "app.py":
            out += [n for n in ("N_", "NP_") if n in fe.needs and n not in out]
        return m.group(1) + ", ".join(sorted(out, key=lambda n: (n.lstrip("_").lower(), n)))

    src = re.sub(r"(from explorer\.viz\.words import )ENGLISH, ", r"\1", src)
    src, n = re.subn(r"(from ui\.i18n import )(\([^)]*\)|[^\n]*)", rename, src, count=1)
    marks = [x for x in ("N_", "NP_") if x in fe.needs]
    if not marks:
        return src
    tree = ast.parse(src)
    have = {a.asname or a.name for x in ast.walk(tree) if isinstance(x, ast.ImportFrom) for a in x.names}
    missing = [x for x in marks if x not in have]
    module = "explorer.i18n" if fe.rel.startswith("explorer/") or n == 0 else "ui.i18n"
    imports = [x for x in tree.body if isinstance(x, (ast.Import, ast.ImportFrom))]
    lines = src.splitlines(keepends=True)
    at = imports[-1].end_lineno if imports else 0
    tables = "".join("\n" + code for _rx, code in fe.tables.values())
    if tables:
        lines.insert(at, tables)
    if missing:
        lines.insert(at, f"from {module} import {', '.join(missing)}\n")
    return "".join(lines)


def sources() -> list[Path]:
    out = []
    for s in SOURCES:
        p = ROOT / s
        out += [p] if p.is_file() else sorted(p.rglob("*.py"))
    return [p for p in out if ".venv" not in p.parts and not p.name.startswith("catalogue")
            and p.relative_to(ROOT).as_posix() not in SKIP and p.relative_to(ROOT).as_posix() not in DELETE]


def rename_throwaways(src: str, rep: Report) -> str:
    """``for _ in …``, ``a, _ = …`` → ``__``: in a module that calls ``_()``, a local ``_`` would hide it."""
    tree = ast.parse(src)
    stores = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)]
    lines = src.splitlines(keepends=True)
    for n in sorted(stores, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        b = lines[n.lineno - 1].encode("utf-8")
        lines[n.lineno - 1] = (b[:n.col_offset] + b"__" + b[n.end_col_offset:]).decode("utf-8")
        rep.counts["throwaway _ → __"] += 1
    return "".join(lines)


def main() -> int:
    t0 = time.perf_counter()
    rep = Report()
    entries = load_catalogue()
    new: dict[Path, str] = {}
    for rel, old, repl in SPECIAL:
        p = ROOT / rel
        src = new.get(p, p.read_text(encoding="utf-8") if p.exists() else "")
        if old in src:
            new[p] = src.replace(old, repl)
            rep.counts["special replacements"] += 1
        else:  # done already, or the code changed: the generic rules still report any key left
            rep.counts["special replacements not applicable (already done?)"] += 1
    trees = {}
    for p in sources():
        src = new.get(p, p.read_text(encoding="utf-8"))
        try:
            trees[p] = ast.parse(src)
        except SyntaxError as err:
            rep.problems.append(f"{p.relative_to(ROOT)}:{err.lineno}: does not parse: {err.msg}")
    errors = error_classes({p.as_posix(): t for p, t in trees.items()})
    for p, tree in trees.items():
        rep.files += 1
        fe = FileEdit(p, new.get(p) or p.read_text(encoding="utf-8"))
        convert_file(fe, tree, entries, errors, rep)
        for rel, name, rx, what in TABLES:
            if rel == fe.rel and f"{name}[" in fe.src and f"{name} = {{" not in fe.src:
                nested: dict[str, list[str]] = defaultdict(list)
                for k, e in entries.items():
                    if m := re.fullmatch(rx, k):
                        nested[m.group(1)].append(f"        {literal(m.group(2))}: {msg(e, 'N_')},\n")
                body = "".join(f"    {literal(a)}: {{\n{''.join(items)}    }},\n" for a, items in nested.items())
                fe.tables[name] = (rx, f"# The messages of {what} (from the keys of the old catalogue).\n{name} = {{\n{body}}}\n")
                fe.needs.add("N_")
                fe.edits.append((0, 0, ""))  # the file changes even when no other rule did
                rep.counts["tables of messages for glued keys"] += 1
        if fe.overlaps():
            rep.problems += [f"{fe.rel}:{n}: two conversions overlap here" for n in fe.overlaps()]
            continue
        if fe.edits or p in new:
            try:
                out = fix_imports(fe.apply(), fe) if fe.edits else new[p]
                ast.parse(out)
            except SyntaxError as err:
                rep.problems.append(f"{fe.rel}:{err.lineno}: the converted file does not parse: {err.msg}")
                continue
            if "_" in fe.needs:
                out = rename_throwaways(out, rep)
            new[p] = out
    print(f"catalogue: {len(entries)} keys, {sum(1 for e in entries.values() if e.context)} with a context")
    for what, n in sorted(rep.counts.items()):
        print(f"  {n:5d}  {what}")
    print(f"files read: {rep.files}, files to rewrite: {len(new)}")
    if rep.problems:
        print(f"\n{len(rep.problems)} uses of keys that cannot be converted (nothing was written):", file=sys.stderr)
        for p in rep.problems:
            print("  " + p, file=sys.stderr)
        return 1
    n = write_po(entries)
    for p, src in new.items():
        p.write_text(src, encoding="utf-8")
    for p in [*(ROOT / "ui").glob("catalogue*.py"), *(ROOT / d for d in DELETE)]:
        if p.exists():
            p.unlink()
    for rel in ("ui/i18n.py", "explorer/viz/words.py"):
        p = ROOT / rel
        text = LEGACY.sub("\n", p.read_text(encoding="utf-8"))
        if "N_(" not in text.split("from explorer.i18n import N_\n", 1)[-1]:  # only the old table used it
            text = text.replace("from explorer.i18n import N_\n", "")
        p.write_text(text, encoding="utf-8")
    print(f"wrote {PO.relative_to(ROOT)} ({n} messages), rewrote {len(new)} files, in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
