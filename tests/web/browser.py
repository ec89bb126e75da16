"""Browser-test plumbing: Debian's Chromium through Playwright, axe-core, a real server on loopback.

Install the tools with `scripts/browser.sh install` (apt-get chromium + chromium-driver, axe-core
from the npm registry into ~/.cache/meetmydata-web). Missing tools skip these tests on a developer's
machine and fail them in CI (CI=true), like the real engines of the contract suites.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import CORPUS, PASSWORD, REPO
from tests.shared_data import require_shared
from tests.contracts.conftest import in_ci

CHROMIUM = os.environ.get("CATALOGUE_TEST_CHROMIUM", "/usr/bin/chromium")
AXE = Path(os.environ.get("CATALOGUE_TEST_AXE", Path.home() / ".cache/meetmydata-web/node_modules/axe-core/axe.min.js"))
# The flags that work on our machines (closed network, root, no GPU).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HINT = "install it with `scripts/browser.sh install`"
USERS = {"producer": "Claire Martin", "startup": "Sam Startup", "governance": "Gabrielle Gouv"}


def require(condition: bool, what: str) -> None:
    if condition:
        return
    if in_ci():
        pytest.fail(f"CI=true but {what} is missing: the browser tests must run in CI; {HINT}", pytrace=False)
    pytest.skip(f"{what} is missing; {HINT}")


def playwright_module():
    try:
        from playwright import sync_api
    except ImportError:
        require(False, "the Python package playwright (the `test` extra)")
    return sync_api


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(data_dir: Path) -> None:
    """The corpus (published), a producer organisation with its editor, a startup user, governance staff."""
    from catalogue.accounts import service as accounts
    from catalogue.bootstrap import bootstrap
    from catalogue.datasets.importer import import_lines
    from catalogue.organisations import service as organisations
    from catalogue.principal import SYSTEM
    from catalogue.settings import Settings
    from schemas.organisations import OrganisationIn

    container = bootstrap(Settings(env="test", data_dir=data_dir, outbox_interval_seconds=3600))
    try:
        lines = require_shared(CORPUS).read_text(encoding="utf-8").splitlines()
        import_lines(container.uow, SYSTEM, lines, publish=True)
        with container.uow() as uow:
            organisations.create(uow, SYSTEM, OrganisationIn(id="chu-demo", name="CHU de Démo",
                                                             type="university_hospital"))
            for key, name in USERS.items():
                accounts.create_user(uow, email=f"{key}@example.org", name=name, password=PASSWORD,
                                     is_governance=key == "governance")
            organisations.add_member(uow, SYSTEM, "chu-demo", "producer@example.org", "admin")
            uow.commit()
    finally:
        container.close()


@dataclass
class Server:
    url: str
    process: subprocess.Popen


def start_server(data_dir: Path) -> Iterator[Server]:
    env = {**os.environ, "CATALOGUE_DATA_DIR": str(data_dir), "CATALOGUE_ENV": "test",
           "CATALOGUE_OUTBOX_INTERVAL_SECONDS": "3600"}
    env.pop("CATALOGUE_DATABASE_URL", None)
    port = free_port()
    log = (data_dir / "server.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "catalogue.cli.main", "serve", "--port", str(port)],
                               env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=5) as response:  # noqa: S310 - loopback
                    if json.loads(response.read())["status"] == "ok":
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"the server did not start: {(data_dir / 'server.log').read_text()[-2000:]}")
        yield Server(url, process)
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def axe_violations(page, minimum: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """WCAG 2.1 A/AA violations axe-core finds on the page, at the given impacts, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})""")
    return [f"{v['impact']}: {v['id']} — {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in minimum]
