"""The URL form of a model configuration round-trips and rejects bad links with a clear message."""

import pytest

from explorer.errors import ExplorerError
from ui.urlstate import ModelConfig, from_query, to_query


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
