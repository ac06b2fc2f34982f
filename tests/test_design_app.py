"""AppTest for the Design page: the example analysed, an edit changes the count, a mistake names its line, links."""

from __future__ import annotations

from explorer.zoo import design
from apptest import ok, open_page


def _params(at) -> str:
    return next(m.value for m in at.metric if m.label.startswith("Parameters"))


def test_the_example_is_analysed_and_an_edit_updates_the_view() -> None:
    at = open_page("pages/design.py")
    editor = at.text_area(key="w:design:text")
    assert editor.value == design.EXAMPLE
    assert _params(at) == "24,666"  # checked against PyTorch in tests/test_design.py
    assert at.query_params["arch"] == "design" and "spec" not in at.query_params  # the default design: a short link

    editor.set_value(design.EXAMPLE.replace("linear: 10", "linear: 100")).run()
    ok(at)
    assert _params(at) == f"{24_666 + 90 * 33:,}"  # 32·90 weights and 90 biases more
    assert design.decode(at.query_params["spec"]) == design.EXAMPLE.replace("linear: 10", "linear: 100")  # the link keeps it

    broken = design.EXAMPLE.replace("  - flatten\n", "")
    line = broken.splitlines().index("  - linear: 10") + 1
    editor.set_value(broken).run()
    ok(at)
    assert not at.metric
    message = at.error[0].value
    assert message.startswith(f"Line {line}: linear 'fc1' needs flat features") and "32×1×1" in message
    assert f"→ {line:>3} |   - linear: 10" in at.code[0].value


def test_a_link_opens_the_design_and_the_architecture_page_shows_it() -> None:
    text = "name: small\ninput: 1x28x28\nlayers:\n  - conv: {out: 8, padding: same}\n  - relu\n  - flatten\n  - linear: 10\n"
    at = open_page("pages/design.py", arch="design", spec=design.encode(text), input="1,28,28")
    assert at.text_area(key="w:design:text").value == text
    assert _params(at) == f"{8 * 9 + 8 + 8 * 28 * 28 * 10 + 10:,}"
    at.switch_page("pages/architecture.py").run()
    ok(at)
    assert at.title[0].value == "Your design" and _params(at) == f"{8 * 9 + 8 + 8 * 28 * 28 * 10 + 10:,}"


def test_edit_a_copy_of_a_zoo_model() -> None:
    at = open_page("pages/design.py")
    at.selectbox(key="w:design:from").set_value("lenet5").run()
    next(b for b in at.button if b.label == "Edit a copy").click().run()
    ok(at)
    assert "lenet5_copy" in at.text_area(key="w:design:text").value
    assert _params(at) == "61,706"  # LeNet-5 (book): Elgendy, ch. 5

    at.selectbox(key="w:design:from").set_value("googlenet").run()
    next(b for b in at.button if b.label == "Edit a copy").click().run()
    ok(at)
    assert "cannot be written as a spec" in at.warning[0].value


def test_the_architecture_page_edits_a_copy_on_the_design_page() -> None:
    at = open_page("pages/architecture.py", arch="resnet_cifar", depth="32")
    next(b for b in at.button if b.label == "Edit a copy on the Design page").click().run()
    ok(at)
    assert at.session_state["design_draft"].startswith("# ResNet for CIFAR-10")
    assert at.title[0].value == "Design your own network"  # the button opened the Design page
    text = at.text_area(key="w:design:text").value
    assert text.startswith("# ResNet for CIFAR-10") and "repeat: 4" in text  # depth 32: 5 blocks a stage, 4 alike
    assert _params(at) == "464,154"  # He et al. 2016, Table 6: ResNet-32 has 0.46 M parameters


def test_compare_and_inside_take_a_design() -> None:
    token = design.encode(design.EXAMPLE.replace("linear: 10", "linear: 5"))
    at = open_page("pages/compare.py", **{"m0.arch": "vgg16", "m1.arch": "design", "m1.spec": token})
    assert "Your design" in at.table[0].value.index
    at = open_page("pages/inside.py", arch="design", spec=token)
    assert any("Your design" in h.value for h in at.title)
    assert not at.error


def test_a_design_over_the_budget_is_analysed_and_the_refusal_said_ahead() -> None:
    at = open_page("pages/design.py")
    big = "input: 3x32x32\nlayers:\n  - flatten\n" + "  - linear: 8192\n  - relu\n" * 17 + "  - linear: 10\n"
    at.text_area(key="w:design:text").set_value(big).run()
    ok(at)
    params = 3072 * 8192 + 8192 + 16 * (8192 * 8192 + 8192) + 8192 * 10 + 10  # counted by hand: over 10⁹
    assert _params(at) == f"{params:,}"
    said = " ".join(i.value for i in at.info)
    assert "The Inside page would not build this design" in said and "this server builds models of at most 200,000,000" in said


def test_the_page_in_chinese_names_the_line_of_a_mistake() -> None:
    at = open_page("pages/design.py", lang="zh")
    assert at.title[0].value == "设计你自己的网络"
    text = "layers:\n  - conv: {out: 32}\n  - relu\n  - conv: {name: c3, out: 64, in: 64}\n"
    at.text_area(key="w:design:text").set_value(text).run()
    ok(at)
    assert at.error[0].value.startswith("第 4 行：conv 'c3' 期望 64 个输入通道，上一层给出的是 32 个")
