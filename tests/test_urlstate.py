"""The URL form of a model configuration round-trips; a link is read part by part (each bad part named, the rest
applied, the operator's limits kept); every value filled into a message is escaped."""

import re
import string

import pytest

from explorer import settings as operator
from explorer.errors import ExplorerError
from explorer.zoo import get
from ui import i18n
from explorer.analysis.engine import parse_shape
from ui.urlstate import PAGE_PARAMS, ModelConfig, Value, from_query, read_link, to_query
from explorer.i18n import N_


def test_defaults_make_short_links() -> None:
    assert to_query(ModelConfig.make("vgg16")) == {"arch": "vgg16"}
    assert to_query(ModelConfig.make("vgg16", {"num_classes": 1000}, (3, 224, 224))) == {"arch": "vgg16"}


def test_round_trip() -> None:
    cfg = ModelConfig.make("resnet_cifar", {"depth": 56, "shortcut": "none"}, (3, 64, 64))
    q = to_query(cfg)
    assert q == {"arch": "resnet_cifar", "depth": "56", "shortcut": "none", "input": "3,64,64"}
    assert from_query(q) == cfg
    assert from_query(to_query(cfg, prefix="m1."), prefix="m1.") == cfg


def test_bools_and_input_hparams() -> None:
    cfg = ModelConfig.make("vgg11", {"batch_norm": True})
    assert to_query(cfg)["batch_norm"] == "true"
    assert from_query({"arch": "vgg11", "batch_norm": "true"}) == cfg
    # in_channels / input_size follow the input shape, never the URL
    assert from_query({"arch": "lenet5", "input_size": "32", "input": "1,32,32"}) == ModelConfig.make("lenet5", {}, (1, 32, 32))


def test_no_arch_is_no_config() -> None:
    assert from_query({}) is None


@pytest.mark.parametrize(
    "query",
    [{"arch": "resnet51"}, {"arch": "vgg16", "num_classes": "zero"}, {"arch": "vgg16", "input": "3,224"}, {"arch": "vgg16", "input": "a,b,c"}],
)
def test_bad_links_raise_clear_errors(query: dict) -> None:
    with pytest.raises(ExplorerError) as err:
        from_query(query)
    assert "Traceback" not in str(err.value) and len(str(err.value)) > 20


# --- read_link: every part of a link that can be used is, and each bad one is named -------------------

HOSTILE = "[Session expired - click here](https://evil.example/login)"


def _keys(link) -> list[str]:
    return [p.key for p in link.problems]


def test_a_bad_value_keeps_the_architecture_and_the_other_values() -> None:
    link = read_link({"arch": "resnet50", "num_classes": "zero", "width_mult": "0.5", "input": "3,64,64"}, prefixes=("",), fallback="vgg16")
    assert link.models == (ModelConfig.make("resnet50", {"width_mult": 0.5}, (3, 64, 64)),)
    assert _keys(link) == [N_("Hyperparameter '{name}' of {arch} cannot be {value!r}: use an integer from {min} to {max}.")] and link.problems[0].error.params["name"] == "num_classes"


def test_an_unknown_architecture_keeps_the_input_and_names_the_known_ones() -> None:
    link = read_link({"arch": HOSTILE, "input": "3,64,64", "depth": "56"}, prefixes=("",), fallback="resnet18")
    assert link.models == (ModelConfig.make("resnet18", {}, (3, 64, 64)),)
    assert _keys(link) == [N_("Unknown architecture {name!r}. Known architectures: {known}.")] and "resnet50" in str(link.problems[0].error)
    # without a fallback (a Compare slot) there is no model
    link = read_link({"m0.arch": "vgg16", "m1.arch": HOSTILE}, prefixes=("m0.", "m1."))
    assert link.models == (ModelConfig.make("vgg16"), None) and _keys(link) == [N_("Unknown architecture {name!r}. Known architectures: {known}.")]


@pytest.mark.parametrize(
    ("shape", "key"),
    [("65,224,224", N_("The input shape {shape} is too large: use at most {max_channels} channels and {max_size}×{max_size} pixels.")), ("3,65536,65536", N_("The input shape {shape} is too large: use at most {max_channels} channels and {max_size}×{max_size} pixels.")), ("3,224", N_("The input shape must be C,H,W such as 3,224,224, not {text!r}.")),
     ("0,224,224", N_("The input shape must be C,H,W such as 3,224,224, not {text!r}.")), ("a,b,c", N_("The input shape must be C,H,W such as 3,224,224, not {text!r}."))],
)
def test_an_input_out_of_range_is_named_never_clamped(shape: str, key: str) -> None:
    link = read_link({"arch": "vgg16", "input": shape}, prefixes=("",))
    assert link.models == (ModelConfig.make("vgg16"),), "the architecture's own input, not a shape squeezed into range"
    assert _keys(link) == [key]


def test_unknown_parameters_are_named_and_page_parameters_allowed() -> None:
    link = read_link({"arch": "resnet50", "foo": "bar", **{p: "1" for p in PAGE_PARAMS}}, prefixes=("",))
    assert _keys(link) == [N_("{arch} has no hyperparameter {unknown}; its hyperparameters are: {known}.")] and "'foo'" in str(link.problems[0].error)
    link = read_link({"m0.arch": "vgg16", "zoom": "2", "m7.arch": "x"}, prefixes=("m0.", "m1."))
    assert _keys(link) == [N_("This page takes no link parameter {names}; it takes: {allowed}.")] and link.problems[0].params["names"] == "zoom, m7.arch"
    assert read_link({"lang": "zh"}, prefixes=("",)) == read_link({}, prefixes=("",))


def test_page_values_are_checked_and_named_with_what_is_allowed() -> None:
    values = (Value("batch", int, 1, 1, 1024), Value("flops", bool, False), Value("tab", str, "layers", choices=("layers", "charts")))
    link = read_link({"batch": "8", "flops": "1", "tab": "charts"}, values=values)
    assert link.values == {"batch": 8, "flops": True, "tab": "charts"} and not link.problems
    link = read_link({"batch": "1025", "flops": "maybe", "tab": HOSTILE}, values=values)
    assert link.values == {} and _keys(link) == [N_("The link's {name} cannot be '{value}': use {allowed}."), N_("The link's {name} cannot be '{value}': use {allowed}."), N_("The link's {name} '{value}' does not exist here: use one of {choices}.")]
    batch = link.problems[0]
    assert batch.params["name"] == "batch" and batch.params["allowed"].params == {"min": "1", "max": "1024"}
    for text in ("nan", "1e3", "", " "):
        assert read_link({"batch": text}, values=values).problems


@pytest.fixture
def limits(monkeypatch):
    yield monkeypatch
    monkeypatch.undo()
    operator.reload()


def test_the_input_limits_are_the_operators(limits) -> None:
    limits.setenv("EXPLORER_MAX_CHANNELS", "4")
    limits.setenv("EXPLORER_MAX_INPUT_SIDE", "512")
    operator.reload()
    assert parse_shape("4,512,512") == (4, 512, 512)
    for shape in ("5,32,32", "3,513,32", "3,32,513"):
        with pytest.raises(ExplorerError) as err:
            parse_shape(shape)
        assert err.value.template == N_("The input shape {shape} is too large: use at most {max_channels} channels and {max_size}×{max_size} pixels.") and err.value.params["max_size"] == 512


# --- escaping: a value can never make a link in a message ------------------------------------------


def unescaped_link(markdown: str) -> bool:
    """``](`` after an even number of backslashes, a bare address or ``<`` outside code spans (which show text as it is)."""
    markdown = re.sub(r"(?<!\\)`[^`]*`", "", markdown)
    return any(len(m.group(1)) % 2 == 0 for m in re.finditer(r"(\\*)\]\(", markdown)) or bool(
        re.search(r"(?<!\\)https?://|(?<![\\\w])www\.|(?<!\\)<", markdown))


@pytest.mark.parametrize(
    "value", [HOSTILE, "[x]", "(https://evil.example)", "a\\](b)", "<https://evil.example>", "www.evil.example", "x\n\n# Big\n[a]: https://e"],
)
def test_every_catalogue_message_escapes_its_values(value: str) -> None:
    """Safe by construction: each message of the catalogue, each placeholder filled with a link's text."""
    checked = 0
    for (_context, key), zh in i18n.translations("zh").items():
        for lang, template in (("en", key), ("zh", zh)):
            names = {f[1].split(".")[0].split("[")[0] for f in string.Formatter().parse(template) if f[1]}
            if not names or unescaped_link(template):
                continue
            try:
                out = i18n._fill(template, {n: value for n in names}, escape=True)
            except (ValueError, TypeError):  # a numeric format ({n:,}): never a link's text
                continue
            assert not unescaped_link(out), (key, lang, out)
            assert out.count("\n") == template.count("\n"), (key, lang, out)  # no line (heading, list) of its own
            checked += 1
    assert checked > 500


def test_escape_md_keeps_plain_text_and_markdown_shows_it() -> None:
    for plain in ("resnet_cifar", "3,224,224", "features.23 (Conv2d)", "[Errno 111] Connection refused", "层 layer1.0"):
        assert i18n.escape_md(plain) == plain
    assert i18n.escape_md(HOSTILE) == "[Session expired - click here\\](https:\u2060//evil.example/login)"  # a word joiner
    assert i18n.escape_md("www.evil.example a@b.example") == "www\u2060.evil.example a\u2060@b.example"
    assert i18n.escape_md("# Big") == "\\# Big" and i18n.escape_md("a\nb") == "a b"


def test_library_errors_are_escaped_in_both_languages() -> None:
    with pytest.raises(ExplorerError) as err:
        get(HOSTILE)
    assert i18n.escape_md(HOSTILE) in i18n.error_text(err.value) and not unescaped_link(i18n.error_text(err.value))
    zh = i18n._fill(i18n.gettext_in("zh", N_("Unknown architecture {name!r}. Known architectures: {known}.")), err.value.params, escape=True)
    assert not unescaped_link(zh) and "没有名为" in zh
