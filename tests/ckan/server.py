"""Real catalogue servers for client tests: a data directory prepared in-process, `catalogue serve`
as a subprocess on a free loopback port, stopped (by its own pid) when the test is done."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from catalogue.accounts import service as accounts
from catalogue.bootstrap import bootstrap
from catalogue.datasets.importer import import_lines
from catalogue.organisations import service as organisations
from catalogue.principal import SYSTEM
from catalogue.settings import Settings
from tests.conftest import PASSWORD, REPO

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Catalogue:
    """A data directory, its accounts' tokens, and (once served) its URL."""

    data_dir: Path
    tokens: dict[str, str] = field(default_factory=dict)
    url: str = ""

    def env(self) -> dict[str, str]:
        return {**os.environ, "CATALOGUE_DATA_DIR": str(self.data_dir), "CATALOGUE_ENV": "test",
                "CATALOGUE_OUTBOX_INTERVAL_SECONDS": "3600", "CATALOGUE_BASE_URL": self.url or "http://127.0.0.1",
                "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}

    def settings(self) -> Settings:
        return Settings(env="test", data_dir=self.data_dir, outbox_interval_seconds=3600)


def prepare(data_dir: Path, records: list[dict], *, publish: bool = True,
            members: dict[str, tuple[str, str]] | None = None) -> Catalogue:
    """Import `records`; create users `name -> (organisation, role)` with a token each."""
    catalogue = Catalogue(data_dir)
    container = bootstrap(catalogue.settings())
    try:
        lines = [json.dumps(r, ensure_ascii=False) for r in records]
        report = import_lines(container.uow, SYSTEM, lines, publish=publish)
        assert not report.errors, report.errors
        with container.uow() as uow:
            for name, (org, role) in (members or {}).items():
                user = accounts.create_user(uow, email=f"{name}@example.org", name=name, password=PASSWORD)
                catalogue.tokens[name], _ = accounts.issue_token(uow, user, name="test", ttl_days=1)
                if org:
                    organisations.add_member(uow, SYSTEM, org, user.email, role)
            uow.commit()
    finally:
        container.close()
    return catalogue


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


@contextlib.contextmanager
def serve(catalogue: Catalogue) -> Iterator[Catalogue]:
    """`catalogue serve` on a free port until the block ends."""
    port = free_port()
    catalogue.url = f"http://127.0.0.1:{port}"
    log_path = catalogue.data_dir / f"server-{port}.log"
    log = log_path.open("wb")
    server = subprocess.Popen([sys.executable, "-m", "catalogue.cli.main", "serve", "--port", str(port)],
                              env=catalogue.env(), cwd=REPO, stdout=subprocess.DEVNULL, stderr=log)
    try:
        for _ in range(150):
            try:
                if _get(f"{catalogue.url}/health")["status"] == "ok":
                    break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(f"server exited: {log_path.read_text()[-2000:]}") from None
                time.sleep(0.2)
        else:
            raise RuntimeError("server did not become healthy")
        yield catalogue
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def ckanapi(*args: str, catalogue: Catalogue, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real `ckanapi` command line against the served catalogue."""
    return subprocess.run([str(BIN / "ckanapi"), *args], env=catalogue.env(), cwd=REPO, input=stdin,
                          capture_output=True, text=True, timeout=180)
