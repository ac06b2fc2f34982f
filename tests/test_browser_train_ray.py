"""Real browser, Ray executor: the Train page on a server whose runs go to a Ray cluster (a local instance).

The same person's steps as tests/test_browser_train.py — press Train, watch the curve gain points, stop —
then Resume, and the run goes on from where it stopped: the page does not know where its run trains.

Skipped with a reason when chromium, Playwright or Ray is missing, except under CI=true (`make test`
installs requirements-ray.txt), where they must run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from appserver import Server, require_browser, streamlit_server
from training_helpers import training_env

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_browser()
try:
    from playwright.sync_api import Page, expect

    from train_browser import STEP, press_train, resume, stop
except ImportError:  # pragma: no cover (skipped above)
    pass

if os.environ.get("CI") != "true":
    ray = pytest.importorskip("ray", reason="requirements-ray.txt is not installed")
else:
    import ray

from explorer.training.ray_executor import NAMESPACE  # noqa: E402

TIMEOUT = 120_000  # a Ray actor starts a Python process that imports PyTorch


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("train_ray")
    env = training_env(tmp)
    workers = {k: v for k, v in env.items() if k != "EXPLORER_RUNS"}  # the executor hands each actor its run folder
    cluster = ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, namespace=NAMESPACE,
                       runtime_env={"env_vars": workers})
    try:
        with streamlit_server(env={**env, "EXPLORER_RAY_ADDRESS": cluster.address_info["gcs_address"]}) as srv:
            yield srv
    finally:
        ray.shutdown()


def _step(page: Page) -> int:
    text = page.get_by_text(STEP).first.inner_text()
    return int(STEP.search(text).group(1).replace(",", ""))


def test_train_stop_and_resume_on_a_ray_cluster(server: Server, page: Page) -> None:
    press_train(page, server.url, TIMEOUT)  # live metrics from the actor, through the runs store
    points = stop(page, TIMEOUT)
    stopped_at = _step(page)
    resume(page, points, TIMEOUT)  # a new actor continues from the checkpoint
    assert _step(page) > stopped_at, "the resumed run goes on from where it stopped"
    stop(page, TIMEOUT)
    expect(page.get_by_text("Traceback")).to_have_count(0)
