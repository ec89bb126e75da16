"""A real server process and a CLI import on the same data directory: the import shows in search."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import REPO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return json.loads(response.read())


@pytest.mark.parametrize("workers", [1, 2])
def test_import_while_server_runs(tmp_path, record, workers):
    env = {**os.environ, "CATALOGUE_DATA_DIR": str(tmp_path / "var"), "CATALOGUE_ENV": "test",
           "CATALOGUE_OUTBOX_INTERVAL_SECONDS": "3600"}
    port = free_port()
    cli = [sys.executable, "-m", "catalogue.cli.main"]
    server = subprocess.Popen([*cli, "serve", "--port", str(port), "--workers", str(workers)], env=env, cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if get(f"{base}/health")["status"] == "ok":
                    break
            except OSError:
                time.sleep(0.2)
        assert get(f"{base}/api/v1/search?q=zorglub")["total"] == 0
        record["title"] = {"fr": "Registre zorglub des essais"}
        path = tmp_path / "one.jsonl"
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        done = subprocess.run([*cli, "import", "--publish", str(path)], env=env, cwd=REPO,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        for _ in range(8):  # each connection may reach another process: every one sees the import
            page = get(f"{base}/api/v1/search?q=zorglub")
            assert [hit["id"] for hit in page["hits"]] == ["registre-test"]
            assert get(f"{base}/api/v1/datasets/registre-test")["status"] == "published"
        if workers > 1:
            children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
            assert len(children) >= workers, children  # uvicorn's processes (plus its resource tracker)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    if workers > 1:  # each process counts sign-in failures on its own unless the storage is shared: said
        assert b"CATALOGUE_THROTTLE_STORAGE" in output
