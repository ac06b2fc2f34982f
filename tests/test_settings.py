"""The operator's settings: file, environment, defaults, and every entry documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer import settings as S
from explorer.i18n import N_

README = Path(__file__).resolve().parent.parent / "README.md"


def test_defaults_without_file_or_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    got = S.load({})
    assert got.max_activation_bytes == 1_500_000_000
    assert got.weights_folder is None and got.downloads is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.5 GB", 1_500_000_000), ("2GiB", 2 * 2**30), ("512 MB", 512_000_000), (1000, 1000), ("1_000", 1000)],
)
def test_parse_bytes(text, expected):
    assert S.parse_bytes(text) == expected


@pytest.mark.parametrize("text", ["", "GB", "-1 GB", "0", "1.5 parsecs", True])
def test_parse_bytes_refuses(text):
    with pytest.raises(ValueError):
        S.parse_bytes(text)


def test_file_then_environment_wins(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "explorer.toml").write_text(
        '[limits]\nmax_activation_bytes = "3 GB"\nmax_params = 5_000\n[files]\nweights_folder = "ckpt"\ndownloads = false\n'
    )
    got = S.load({"EXPLORER_MAX_PARAMS": "7000"})
    assert got.max_activation_bytes == 3_000_000_000
    assert got.max_params == 7000
    assert got.weights_folder == (tmp_path / "ckpt").resolve()
    assert got.downloads is False


def test_config_env_names_the_file(tmp_path):
    f = tmp_path / "class.toml"
    f.write_text("[limits]\nmax_batch = 16\n")
    assert S.load({"EXPLORER_CONFIG": str(f)}).max_batch == 16


@pytest.mark.parametrize(
    ("content", "env", "key"),
    [
        ("[limits]\nmax_parms = 3\n", {}, N_("The settings file has an unknown entry {entry}; known: ….")),
        ("[limits\n", {}, N_("The settings file {file} is not valid TOML ({detail}).")),
        ("", {"EXPLORER_MAX_BATCH": "lots"}, N_("The setting {name} ({where}) cannot be {value!r}: use {kind}.")),
        ("", {"EXPLORER_DOWNLOADS": "perhaps"}, N_("The setting {name} ({where}) cannot be {value!r}: use {kind}.")),
        ("", {"EXPLORER_MAX_ACTIVATION_BYTES": "-3 GB"}, N_("The setting {name} ({where}) cannot be {value!r}: use {kind}.")),
    ],
)
def test_mistakes_are_named(tmp_path, monkeypatch, content, env, key):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "explorer.toml").write_text(content)
    with pytest.raises(S.SettingsError) as err:
        S.load(env)
    assert err.value.template == key
    assert str(tmp_path) not in str(err.value)  # no server path in a message


def test_missing_config_file_named(tmp_path):
    with pytest.raises(S.SettingsError) as err:
        S.load({"EXPLORER_CONFIG": str(tmp_path / "nope.toml")})
    assert err.value.template == N_("EXPLORER_CONFIG names a settings file that does not exist ({file}).") and str(tmp_path) not in str(err.value)


def test_every_setting_is_in_the_readme():
    text = README.read_text()
    missing = [s.env for s in S.SETTINGS if s.env not in text] + [s.name for s in S.SETTINGS if s.name not in text]
    assert not missing, f"document these settings in README.md: {missing}"


def test_every_environment_variable_in_the_code_is_in_the_readme():
    import re

    root = README.parent
    names = set()
    for path in [*(root / "explorer").rglob("*.py"), *(root / "ui").rglob("*.py"), *(root / "pages").rglob("*.py"), root / "app.py"]:
        names |= set(re.findall(r"\bEXPLORER_[A-Z_]+\b", path.read_text()))
    text = README.read_text()
    assert names and not sorted(n for n in names if n not in text)
