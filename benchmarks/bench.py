"""The catalogue end to end on N synthetic descriptions: import, reindex, search over HTTP, and the engine alone.

    .venv/bin/python benchmarks/bench.py                          # embedded stack (SQLite + Tantivy), N=10000
    .venv/bin/python benchmarks/bench.py --n 100000 --seconds 20
    .venv/bin/python benchmarks/bench.py --stack production       # PostgreSQL + Elasticsearch + MinIO
    .venv/bin/python benchmarks/bench.py --stack both             # (scripts/services.sh start first)

`make bench` runs it (`make bench BENCH_ARGS="--stack both"`). One run, for each stack:

1. writes N synthetic descriptions (`synthetic()` of benchmarks/bench_search.py: corpus records remixed)
   as JSON lines to a temporary directory;
2. imports them with the real CLI (`catalogue import --publish FILE`, a subprocess) into a fresh store
   (a temporary data directory; on the production stack also a fresh PostgreSQL schema, Elasticsearch
   alias and S3 bucket, removed at the end): wall time and descriptions/s; then `catalogue reindex`;
3. runs the same searches in-process, straight against the engine (`engine.search`) and through the
   catalogue's services without HTTP (`discovery.search`, the CKAN and DCAT services);
4. starts the real server (`catalogue serve`, one process) and measures over HTTP: the query mix of
   bench_search.py (text, empty text, filters only, a typo) plus deep pages, at 1, 8 and 32 concurrent
   clients, then the web search page, CKAN package_search and one page of the DCAT export at 1 client;
   the server's peak RSS (VmHWM);
5. prints one table (HTTP numbers, engine-direct numbers, their p50 ratio) and writes everything, with a
   description of the machine and its load before the run, to benchmarks/results/<stack>-<n>-<UTC>.json.

The clients run on the same machine as the server (and the engines): on a small machine they compete for
its CPUs, which the 8- and 32-client rows show. benchmarks/bench_search.py stays: the embedded engine
alone, at 100,000 descriptions by default. Benchmarks print numbers; tests never assert timings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_search import CORPUS, QUERIES, percentile, synthetic  # noqa: E402

from schemas.search import SearchQuery  # noqa: E402
from search.relevance import load_corpus  # noqa: E402

BIN = Path(sys.executable).parent
RESULTS = ROOT / "benchmarks" / "results"
LEVELS = (1, 8, 32)
# The mix: bench_search.py's queries (text, empty text, filters only, ranges, a typo), and deep pages.
MIX: list[dict[str, Any]] = [*QUERIES, {"q": "", "page": 50}, {"q": "cancer", "page": 50},
                             {"q": "registre", "filters": {"access.rights": ["RESTRICTED"]}, "page": 50}]


# -- the machine ------------------------------------------------------------------------------------------


def loadavg() -> list[float]:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return []


def machine() -> dict[str, Any]:
    cpu_model, cpus = platform.processor() or "unknown", os.cpu_count()
    try:
        info = Path("/proc/cpuinfo").read_text()
        models = [line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")]
        cpu_model, cpus = (models[0], len(models)) if models else (cpu_model, cpus)
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / 1024)
    except OSError:
        pass

    def git(*args: str) -> str | None:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return None

    status = git("status", "--porcelain", "--untracked-files=no")
    return {"cpu_model": cpu_model, "cpus": cpus, "usable_cpus": len(os.sched_getaffinity(0)),
            "mem_total_mib": mem, "python": platform.python_version(), "platform": platform.platform(),
            "git_commit": git("rev-parse", "HEAD"), "git_dirty": bool(status) if status is not None else None,
            "loadavg_before": loadavg()}


# -- numbers ------------------------------------------------------------------------------------------------


def stats(latencies: Sequence[float], elapsed: float, clients: int, errors: int = 0) -> dict[str, Any]:
    """Latencies in ms; throughput in requests/s over the whole level."""
    if not latencies:
        return {"clients": clients, "requests": 0, "errors": errors, "seconds": round(elapsed, 3)}
    return {"clients": clients, "requests": len(latencies), "errors": errors, "seconds": round(elapsed, 3),
            "p50_ms": round(statistics.median(latencies), 3), "p95_ms": round(percentile(list(latencies), 95), 3),
            "p99_ms": round(percentile(list(latencies), 99), 3), "mean_ms": round(statistics.fmean(latencies), 3),
            "throughput_rps": round(len(latencies) / elapsed, 2) if elapsed else None}


def latencies_of(per_item: dict[int, list[float]]) -> dict[str, Any]:
    """p50/p95 of each query of the mix (one client)."""
    return {label(MIX[i]): {"requests": len(ts), "p50_ms": round(statistics.median(ts), 3),
                            "p95_ms": round(percentile(ts, 95), 3)} for i, ts in per_item.items() if ts}


def load(op: Callable[[Any, Any], bool], items: Sequence[Any], clients: int, seconds: float,
         setup: Callable[[], Any] = lambda: None, teardown: Callable[[Any], None] = lambda _: None,
         min_requests: int = 1) -> tuple[dict[str, Any], dict[int, list[float]]]:
    """`clients` threads each run op(state, item) over the items (each from another offset) for `seconds`
    (and at least `min_requests` each); op returns False for an error. Returns the level's stats and the
    latencies per item."""
    barrier = threading.Barrier(clients + 1)
    lock = threading.Lock()
    per_item: dict[int, list[float]] = {i: [] for i in range(len(items))}
    errors = [0]
    samples: list[str] = []
    deadline = [0.0]

    def worker(offset: int) -> None:
        state = setup()
        mine: list[tuple[int, float]] = []
        failed = 0
        try:
            barrier.wait()
            j = 0
            while j < min_requests or time.perf_counter() < deadline[0]:
                i = (offset + j) % len(items)
                t0 = time.perf_counter()
                try:
                    ok = op(state, items[i])
                except Exception as exc:  # noqa: BLE001 - counted, the first few shown
                    ok = False
                    with lock:
                        if len(samples) < 3:
                            samples.append(f"{type(exc).__name__}: {exc}"[:300])
                            print(f"  error: {samples[-1]}", file=sys.stderr)
                took = 1000 * (time.perf_counter() - t0)
                if ok:
                    mine.append((i, took))
                else:
                    failed += 1
                j += 1
        finally:
            teardown(state)
            with lock:
                errors[0] += failed
                for i, took in mine:
                    per_item[i].append(took)

    threads = [threading.Thread(target=worker, args=(k * max(1, len(items) // clients),), daemon=True)
               for k in range(clients)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    started = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    every = [t for ts in per_item.values() for t in ts]
    level = stats(every, elapsed, clients, errors[0])
    if samples:
        level["error_samples"] = samples
    return level, per_item


def label(query: dict[str, Any]) -> str:
    text = query.get("q") or "(empty)"
    extras = [f"{len(query['filters'])} filters"] if query.get("filters") else []
    extras += [f"{k}={v}" for k, v in query.items() if k not in ("q", "filters")]
    return text + (f" [{', '.join(extras)}]" if extras else "")


def http_params(query: dict[str, Any]) -> list[tuple[str, str]]:
    params = [("page_size", "20")]
    for key, value in query.items():
        if key == "filters":
            params += [("filter", f"{name}:{v}") for name, values in value.items() for v in values]
        else:
            params.append((key, str(value)))
    return params


# -- the stacks ----------------------------------------------------------------------------------------------


def services_env() -> dict[str, str]:
    """CATALOGUE_TEST_* of scripts/services.sh: from the environment, else from its services.env."""
    names = ("CATALOGUE_TEST_DATABASE_URL", "CATALOGUE_TEST_ES_URL", "CATALOGUE_TEST_S3_ENDPOINT",
             "CATALOGUE_TEST_S3_ACCESS_KEY", "CATALOGUE_TEST_S3_SECRET_KEY")
    found = {n: os.environ[n] for n in names if os.environ.get(n)}
    if len(found) < len(names):
        try:
            path = subprocess.run(["bash", str(ROOT / "scripts" / "services.sh"), "env", "--path"], cwd=ROOT,
                                  capture_output=True, text=True, check=True).stdout.strip()
            for line in Path(path).read_text().splitlines():
                key, sep, value = line.removeprefix("export ").partition("=")
                if sep and key in names and key not in found:
                    found[key] = value.strip().strip("'\"")
        except (OSError, subprocess.CalledProcessError):
            pass
    missing = [n for n in names if n not in found]
    if missing:
        raise SystemExit(f"--stack production needs the services of scripts/services.sh (missing {', '.join(missing)}):"
                         ' run `bash scripts/services.sh start` and `. "$(bash scripts/services.sh env --path)"`')
    return found


@contextmanager
def stack(name: str, workdir: Path) -> Iterator[dict[str, Any]]:
    """Settings (field -> value) of a fresh store of this stack; removed afterwards (production)."""
    config: dict[str, Any] = {"data_dir": str(workdir / "var"), "secret_key": secrets.token_urlsafe(48),
                              "audit_key": secrets.token_urlsafe(48), "base_url": "http://127.0.0.1:8000"}
    if name == "embedded":
        yield {**config, "env": "development", "search_engine": "tantivy", "object_store": "local"}
        return
    from sqlalchemy import create_engine, text

    found = services_env()
    unique = secrets.token_hex(6)
    schema = f"bench_{unique}"
    server_url = found["CATALOGUE_TEST_DATABASE_URL"]
    engine = create_engine(server_url)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in server_url else "?"
    config = {**config, "env": "production",
              "database_url": f"{server_url}{separator}options={quote(f'-csearch_path={schema}')}",
              "search_engine": "elasticsearch", "elasticsearch_url": found["CATALOGUE_TEST_ES_URL"],
              "elasticsearch_index": f"bench-{unique}", "object_store": "s3",
              "s3_endpoint": found["CATALOGUE_TEST_S3_ENDPOINT"],
              "s3_access_key": found["CATALOGUE_TEST_S3_ACCESS_KEY"],
              "s3_secret_key": found["CATALOGUE_TEST_S3_SECRET_KEY"], "s3_bucket": f"bench-{unique}"}
    try:
        yield config
    finally:
        from catalogue.bootstrap import build_objects, build_search
        from catalogue.settings import Settings

        settings = Settings(**config)
        try:
            search = build_search(settings)
            search.drop()  # type: ignore[attr-defined]
            search.close()
        except Exception as exc:  # noqa: BLE001 - cleaning up: say it, go on
            print(f"could not drop the Elasticsearch alias bench-{unique}: {exc}", file=sys.stderr)
        try:
            store = build_objects(settings)
            client, bucket = store.client, store.bucket  # type: ignore[attr-defined]
            if client.bucket_exists(bucket):
                for item in client.list_objects(bucket, recursive=True):
                    client.remove_object(bucket, item.object_name)
                client.remove_bucket(bucket)
        except Exception as exc:  # noqa: BLE001
            print(f"could not remove the bucket bench-{unique}: {exc}", file=sys.stderr)
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


def child_env(config: dict[str, Any]) -> dict[str, str]:
    """This environment without any CATALOGUE_* of its own (`make` exports CATALOGUE_DATA_DIR), plus the stack's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOGUE_")}
    env.update({f"CATALOGUE_{k.upper()}": str(v) for k, v in config.items()})
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_cli(args: list[str], env: dict[str, str], log: Path) -> dict[str, Any]:
    """Run `catalogue ARGS`; wall time, exit code, peak RSS (from wait4) and the last lines it printed."""
    with log.open("w") as out:
        started = time.perf_counter()
        proc = subprocess.Popen([str(BIN / "catalogue"), *args], env=env, cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    tail = log.read_text(errors="replace").strip().splitlines()[-5:]
    return {"command": f"catalogue {' '.join(args[:1])}", "exit_code": proc.returncode, "seconds": round(elapsed, 3),
            "peak_rss_mib": round(usage.ru_maxrss / 1024), "output": tail}


def import_in_parallel(data: Path, jobs: int, env: dict[str, str], workdir: Path) -> dict[str, Any]:
    """`catalogue import --publish` of JOBS parts of the file at once, split by producer (two processes never
    create the same organisation); the store is migrated first, by one command, outside the time measured."""
    parts = [workdir / f"part-{k}.jsonl" for k in range(jobs)]
    outs = [part.open("w", encoding="utf-8") for part in parts]
    with data.open(encoding="utf-8") as lines:
        for line in lines:
            producer = json.loads(line)["producer"]["id"]
            outs[zlib.crc32(producer.encode()) % jobs].write(line)
    for out in outs:
        out.close()
    run_cli(["outbox", "list"], env, workdir / "migrate.log")
    logs = [(workdir / f"import-{k}.log").open("w") for k in range(jobs)]
    started = time.perf_counter()
    procs = [subprocess.Popen([str(BIN / "catalogue"), "import", "--publish", str(part)], env=env, cwd=ROOT,
                              stdout=log, stderr=subprocess.STDOUT) for part, log in zip(parts, logs, strict=True)]
    codes, peaks = [], []
    for proc in procs:
        _, status, usage = os.wait4(proc.pid, 0)
        codes.append(os.waitstatus_to_exitcode(status))
        peaks.append(round(usage.ru_maxrss / 1024))
    elapsed = time.perf_counter() - started
    for log in logs:
        log.close()
    tail = [line for k in range(jobs) for line in (workdir / f"import-{k}.log").read_text(errors="replace")
            .strip().splitlines()[-2:]]
    return {"command": f"catalogue import x{jobs} (in parallel)", "jobs": jobs,
            "exit_code": max(codes, key=abs), "seconds": round(elapsed, 3), "peak_rss_mib": max(peaks), "output": tail}


# -- one stack ------------------------------------------------------------------------------------------------


def in_process(config: dict[str, Any], seconds: float) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The same searches straight against the engine, and through the catalogue's services without HTTP."""
    from catalogue.bootstrap import bootstrap
    from catalogue.ckan import query as ckan_query
    from catalogue.ckan import service as ckan_service
    from catalogue.discovery import service as discovery
    from catalogue.principal import ANONYMOUS
    from catalogue.rdf import service as rdf_service
    from catalogue.rdf.catalog import catalog_triples, serialise
    from catalogue.settings import Settings

    container = bootstrap(Settings(**config), run_migrations=False)
    engine, base = container.search, config["base_url"]
    queries = [SearchQuery(page_size=20, **q) for q in MIX]
    ckan_params = {"q": "cancer", "rows": 20}
    cq = ckan_query.parse(ckan_params, ckan_query.facet_fields(None))
    web = SearchQuery(q="cancer", page_size=20)

    def engine_op(_: Any, query: SearchQuery) -> bool:
        engine.search(query)
        return True

    def service_op(_: Any, query: SearchQuery) -> bool:
        with container.uow() as uow:
            discovery.search(uow, engine, query)
        return True

    def ckan_op(_: Any, __: Any) -> bool:
        with container.uow() as uow:
            ckan_service.search(uow, engine, ANONYMOUS, ckan_query.parse(ckan_params, ckan_query.facet_fields(None)),
                                base)
        return True

    def dcat_op(_: Any, __: Any) -> bool:
        with container.uow() as uow:
            total, records = rdf_service.catalog_page(uow, 1)
        serialise(catalog_triples(records, base, page=1, total=total,
                                  page_url=lambda n: f"{base}/catalog.ttl?page={n}"), "ttl")
        return True

    engine_results: dict[str, Any] = {}
    service_results: dict[str, Any] = {}
    raw_results: dict[str, Any] = {}
    per_query: dict[str, Any] = {}
    try:
        for query in queries:  # warm caches
            engine.search(query)
            service_op(None, query)
        bodies = recorded_bodies(engine, queries)  # Elasticsearch: the requests each search sends

        def raw_op(_: Any, sent: list[tuple[str, Any]]) -> bool:
            for kind, body in sent:
                if kind == "msearch":
                    engine.client.msearch(index=engine.alias, searches=body)  # type: ignore[attr-defined]
                else:
                    engine.client.search(index=engine.alias, body=body)  # type: ignore[attr-defined]
            return True

        for clients in LEVELS:
            level, items = load(engine_op, queries, clients, seconds)
            engine_results[f"search mix x{clients}"] = level
            if clients == 1:
                per_query["engine"] = latencies_of(items)
            print(f"  engine, {clients} clients: p50 {level.get('p50_ms')} ms, {level.get('throughput_rps')} /s",
                  file=sys.stderr)
            if bodies:
                raw, items = load(raw_op, bodies, clients, seconds)
                raw_results[f"search mix x{clients}"] = raw
                if clients == 1:
                    per_query["raw_elasticsearch"] = latencies_of(items)
                print(f"  raw Elasticsearch, {clients} clients: p50 {raw.get('p50_ms')} ms", file=sys.stderr)
        level, items = load(service_op, queries, 1, seconds)
        service_results["search mix x1"] = level
        per_query["service"] = latencies_of(items)
        engine_results["web /search?q=cancer"] = load(engine_op, [web], 1, seconds)[0]
        service_results["web /search?q=cancer"] = load(service_op, [web], 1, seconds)[0]
        engine_results["CKAN package_search"] = load(engine_op, [cq.query], 1, seconds)[0]
        service_results["CKAN package_search"] = load(ckan_op, [None], 1, seconds)[0]
        service_results["DCAT catalog.ttl page 1"] = load(dcat_op, [None], 1, seconds)[0]
        print("  in-process done", file=sys.stderr)
    finally:
        container.close()
    if raw_results:
        engine_results["raw_elasticsearch"] = raw_results
    return engine_results, service_results, per_query


def recorded_bodies(engine: Any, queries: list[SearchQuery]) -> list[list[tuple[str, Any]]]:
    """For the Elasticsearch engine, the requests each query's search sends (the msearch asking which words occur,
    then the search), to send them again straight with the client: Elasticsearch's own time, without ours."""
    if not hasattr(engine, "_search") or not hasattr(engine, "client"):
        return []
    search, msearch, sent = engine._search, engine._msearch, []

    def recording(body: dict[str, Any]) -> dict[str, Any]:
        sent[-1].append(("search", body))
        return search(body)

    def recording_many(bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        sent[-1].append(("msearch", [part for body in bodies for part in ({}, body)]))
        return msearch(bodies)

    engine._search, engine._msearch = recording, recording_many
    try:
        for query in queries:
            sent.append([])
            engine.search(query)
    finally:
        engine._search, engine._msearch = search, msearch
    return sent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def vm_hwm(pid: int, field: str = "VmHWM") -> int | None:
    """A memory figure of /proc/PID/status, in MiB: VmHWM (peak resident), RssAnon (the process's own memory,
    now) or RssFile (pages of mapped files now resident: the search index, shared with the page cache)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return None


def writes_under_load(client: Callable[[], Any], search: Callable[[Any, Any], bool], mix: list[Any],
                      env: dict[str, str], workdir: Path, seconds: float) -> dict[str, Any]:
    """6 clients run the search mix while 2 write through the API as a producer would: create a description,
    publish it, archive it. Each write waits for its change to reach the index (the outbox is drained before
    the request returns), so this is what an editor feels on a busy server."""
    email = f"bench-{secrets.token_hex(4)}@example.org"
    made = run_cli(["users", "create-admin", "--email", email, "--verified"],
                   {**env, "CATALOGUE_NEW_PASSWORD": secrets.token_urlsafe(24)}, workdir / "admin.log")
    if made["exit_code"] != 0:
        return {"error": f"could not create the writing account: {made['output']}"}
    with (workdir / "token.log").open("w") as out:
        issued = subprocess.run([str(BIN / "catalogue"), "users", "token", "--email", email], env=env, cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=out, text=True, check=False)
    token = issued.stdout.strip().splitlines()[-1] if issued.returncode == 0 and issued.stdout.strip() else None
    if token is None:
        return {"error": "could not issue a token for the writing account"}
    with client() as session:
        found = session.get("/api/v1/search", params={"page_size": 1}).json()["hits"][0]["id"]
        template = session.get(f"/api/v1/datasets/{found}").json()["record"]
    timings: dict[str, list[float]] = {"create": [], "publish": [], "archive": []}
    lock, counter = threading.Lock(), [0]

    def write(session: Any, _: Any) -> bool:
        with lock:
            counter[0] += 1
            n = counter[0]
        record = {**template, "id": f"bench-write-{n}-{secrets.token_hex(3)}"}
        headers = {"Authorization": f"Bearer {token}"}
        for step, call in (("create", lambda: session.post("/api/v1/datasets", json=record, headers=headers)),
                           ("publish", lambda: session.post(f"/api/v1/datasets/{record['id']}/publish",
                                                            headers=headers)),
                           ("archive", lambda: session.post(f"/api/v1/datasets/{record['id']}/archive",
                                                            headers=headers))):
            t0 = time.perf_counter()
            response = call()
            took = 1000 * (time.perf_counter() - t0)
            if response.status_code not in (200, 201):
                raise RuntimeError(f"{step}: {response.status_code} {response.text[:200]}")
            with lock:
                timings[step].append(took)
        return True

    out: dict[str, Any] = {}
    searching = threading.Thread(target=lambda: out.update(searches=load(
        search, mix, 6, seconds, setup=client, teardown=lambda c: c.close())[0]), daemon=True)
    searching.start()
    writes, _ = load(write, [None], 2, seconds, setup=client, teardown=lambda c: c.close())
    searching.join()
    for step, values in timings.items():
        out[step] = stats(values, writes["seconds"], 2)
    out["errors"] = writes["errors"] + out["searches"]["errors"]
    out["error_samples"] = writes.get("error_samples", [])
    return out


def over_http(config: dict[str, Any], workdir: Path, seconds: float, workers: int = 1
              ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    import httpx

    port = free_port()
    env = child_env({**config, "base_url": f"http://127.0.0.1:{port}"})
    log = workdir / "serve.log"
    base = f"http://127.0.0.1:{port}"
    server: dict[str, Any] = {"workers": workers, "command": f"catalogue serve --port {port} --workers {workers}",
                              "log": str(log)}
    results: dict[str, Any] = {}
    per_query: dict[str, Any] = {}
    with log.open("w") as out:
        started = time.perf_counter()
        proc = subprocess.Popen([str(BIN / "catalogue"), "serve", "--port", str(port), "--workers", str(workers)],
                                env=env, cwd=ROOT,
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"the server stopped (exit {proc.returncode}):\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() - started > 180:
                raise SystemExit(f"the server did not answer /health in 180 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        server["start_seconds"] = round(time.perf_counter() - started, 3)
        server["pid"] = proc.pid
        print(f"  server up in {server['start_seconds']} s (pid {proc.pid})", file=sys.stderr)

        def client() -> httpx.Client:
            return httpx.Client(base_url=base, timeout=120)

        def get(path: str) -> Callable[[httpx.Client, Any], bool]:
            def op(session: httpx.Client, params: Any) -> bool:
                response = session.get(path, params=params)
                if response.status_code != 200:
                    raise RuntimeError(f"{response.status_code} from {response.url}: {response.text[:200]}")
                return True
            return op

        mix = [http_params(q) for q in MIX]
        with client() as warm:
            for params in mix:
                response = warm.get("/api/v1/search", params=params)
                if response.status_code != 200:
                    print(f"  warning: {params} -> {response.status_code} {response.text[:200]}", file=sys.stderr)
        for clients in LEVELS:
            level, items = load(get("/api/v1/search"), mix, clients, seconds, setup=client,
                                teardown=lambda c: c.close())
            results[f"search mix x{clients}"] = level
            if clients == 1:
                per_query["http"] = latencies_of(items)
            print(f"  HTTP, {clients} clients: p50 {level.get('p50_ms')} ms, {level.get('throughput_rps')} /s, "
                  f"{level['errors']} errors", file=sys.stderr)
        extras = [("web /search?q=cancer", "/search", [("q", "cancer")]),
                  ("CKAN package_search", "/api/3/action/package_search", [("q", "cancer"), ("rows", "20")]),
                  ("DCAT catalog.ttl page 1", "/catalog.ttl", [("page", "1")])]
        for name, path, params in extras:
            with client() as warm:
                warm.get(path, params=params)
            results[name] = load(get(path), [params], 1, seconds, setup=client, teardown=lambda c: c.close())[0]
            print(f"  HTTP {name}: p50 {results[name].get('p50_ms')} ms", file=sys.stderr)
        print("  writes under load: 6 clients searching, 2 creating, publishing and archiving", file=sys.stderr)
        results["writes under load"] = writes_under_load(client, get("/api/v1/search"), mix, env, workdir, seconds)
        server["workers"] = workers
        serving = [proc.pid]
        if workers > 1:  # the processes serving are the children of uvicorn's supervisor
            serving = [int(child) for child in
                       subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()]
        for field, key in (("VmHWM", "peak_rss_mib"), ("RssAnon", "rss_anon_mib"), ("RssFile", "rss_file_mib")):
            sizes = [size for pid in serving if (size := vm_hwm(pid, field)) is not None]
            server[key] = max(sizes, default=None)
            if workers > 1:
                server[f"{key}_each"] = sizes
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return results, server, per_query


def bench_stack(name: str, data: Path, n: int, seconds: float, workers: int = 1, jobs: int = 1) -> dict[str, Any]:
    result: dict[str, Any] = {"stack": name}
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as tmp, stack(name, Path(tmp)) as config:
        workdir = Path(tmp)
        shown = {k: ("***" if "key" in k or "password" in k else v) for k, v in config.items()}
        result["settings"] = {k: v for k, v in shown.items() if k not in ("data_dir", "database_url")}
        env = child_env(config)
        print(f"[{name}] importing {n} descriptions", file=sys.stderr)
        imported = (import_in_parallel(data, jobs, env, workdir) if jobs > 1
                    else run_cli(["import", "--publish", str(data)], env, workdir / "import.log"))
        imported["rate_per_s"] = round(n / imported["seconds"], 1)
        result["import"] = imported
        if imported["exit_code"] != 0:
            raise SystemExit(f"catalogue import failed: {imported['output']}")
        print(f"[{name}] catalogue reindex", file=sys.stderr)
        reindexed = run_cli(["reindex"], env, workdir / "reindex.log")
        reindexed["rate_per_s"] = round(n / reindexed["seconds"], 1)
        result["reindex"] = reindexed
        if reindexed["exit_code"] != 0:
            raise SystemExit(f"catalogue reindex failed: {reindexed['output']}")
        print(f"[{name}] in-process searches", file=sys.stderr)
        result["engine"], result["service"], per_query = in_process(config, seconds)
        print(f"[{name}] the server, over HTTP", file=sys.stderr)
        result["http"], result["server"], http_per_query = over_http(config, workdir, seconds, workers)
        result["per_query_x1"] = {**per_query, **http_per_query}
        del result["server"]["log"]
    return result


# -- report ------------------------------------------------------------------------------------------------


def fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def writes_line(writes: dict[str, Any]) -> str:
    if "create" not in writes:
        return f"writes under load: {writes.get('error', 'not measured')}"
    steps = ", ".join(f"{step} p50 {fmt(writes[step].get('p50_ms'))} / p95 {fmt(writes[step].get('p95_ms'))} ms "
                      f"({writes[step].get('requests', 0)})" for step in ("create", "publish", "archive"))
    searches = writes.get("searches", {})
    return (f"writes under load (6 clients searching, 2 writing): {steps}; the searches meanwhile: p95 "
            f"{fmt(searches.get('p95_ms'))} ms, {fmt(searches.get('throughput_rps'))} req/s; errors {writes['errors']}")


def table(result: dict[str, Any]) -> str:
    raw_es = result["engine"].get("raw_elasticsearch", {})
    rows = [("what", "HTTP p50", "p95", "p99", "req/s", "err", "engine p50", "p95", "req/s",
             "service p50", "HTTP/engine", *(("raw ES p50", "p95", "req/s", "HTTP/ES p95") if raw_es else ()))]
    for what, http in result["http"].items():
        if what == "writes under load":
            continue
        engine = result["engine"].get(what, {})
        service = result["service"].get(what, {})
        ratio = http.get("p50_ms") / engine["p50_ms"] if engine.get("p50_ms") and http.get("p50_ms") else None
        raw = raw_es.get(what, {})
        raw_ratio = http["p95_ms"] / raw["p95_ms"] if raw.get("p95_ms") and http.get("p95_ms") else None
        rows.append((what, fmt(http.get("p50_ms")), fmt(http.get("p95_ms")), fmt(http.get("p99_ms")),
                     fmt(http.get("throughput_rps")), fmt(http.get("errors")), fmt(engine.get("p50_ms")),
                     fmt(engine.get("p95_ms")), fmt(engine.get("throughput_rps")), fmt(service.get("p50_ms")),
                     f"{ratio:.2f}x" if ratio else "-",
                     *((fmt(raw.get("p50_ms")), fmt(raw.get("p95_ms")), fmt(raw.get("throughput_rps")),
                        f"{raw_ratio:.2f}x" if raw_ratio else "-") if raw_es else ())))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    imp, rei, srv = result["import"], result["reindex"], result["server"]
    writes = result["http"].get("writes under load", {})
    lines += ["",
              f"import (catalogue import --publish, {result['n']:,} descriptions): {imp['seconds']:.1f} s wall, "
              f"{imp['rate_per_s']:,.0f} descriptions/s, peak RSS {imp['peak_rss_mib']} MiB",
              f"reindex (catalogue reindex): {rei['seconds']:.1f} s wall, {rei['rate_per_s']:,.0f} descriptions/s, "
              f"peak RSS {rei['peak_rss_mib']} MiB",
              writes_line(writes),
              f"server ({srv.get('workers', 1)} process(es)): up in {srv.get('start_seconds')} s, "
              f"peak RSS (VmHWM, largest process) {srv.get('peak_rss_mib')} MiB; at the end: own memory (RssAnon) "
              f"{srv.get('rss_anon_mib')} MiB, mapped index files (RssFile) {srv.get('rss_file_mib')} MiB",
              "latencies in ms; engine = engine.search() in-process, service = the catalogue's service in-process "
              "(no HTTP); ratio = HTTP p50 / engine p50"
              + ("; raw ES = the requests engine.search() sends, sent again straight with the Elasticsearch client"
                 if raw_es else "")]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of synthetic descriptions (default 10000)")
    parser.add_argument("--stack", choices=("embedded", "production", "both"), default="embedded")
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of each measured level (default 10)")
    parser.add_argument("--workers", type=int, default=1, help="server processes (`catalogue serve --workers`)")
    parser.add_argument("--jobs", type=int, default=1, help="imports run at once on parts of the file (split by "
                        "producer; for the production stack: SQLite takes one writer at a time)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the records the descriptions are made from")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where the JSON results go")
    args = parser.parse_args(argv)
    for name in [k for k in os.environ if k.startswith("CATALOGUE_") and not k.startswith("CATALOGUE_TEST_")]:
        del os.environ[name]  # this process reads the stack's settings only (make exports CATALOGUE_DATA_DIR)
    described = machine()
    if described["loadavg_before"] and described["loadavg_before"][0] > 0.5 * (described["cpus"] or 1):
        print(f"note: the machine is busy (load average {described['loadavg_before']}); the numbers will show it",
              file=sys.stderr)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    stacks = ["embedded", "production"] if args.stack == "both" else [args.stack]
    if not args.corpus.is_file():
        raise SystemExit(f"corpus {args.corpus} not found: the descriptions are made from its records (--corpus)")
    templates = [r.to_record() for r in load_corpus(args.corpus)]
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="bench-data-") as tmp:
        data = Path(tmp) / "descriptions.jsonl"
        started = time.perf_counter()
        with data.open("w", encoding="utf-8") as out:
            for description in synthetic(templates, args.n):
                out.write(json.dumps(description.to_record(), ensure_ascii=False, default=str) + "\n")
        generated = time.perf_counter() - started
        print(f"{args.n} synthetic descriptions written in {generated:.1f} s", file=sys.stderr)
        for name in stacks:
            result = {"benchmark": "benchmarks/bench.py", "stack": name, "n": args.n, "started_utc": stamp,
                      "seconds_per_level": args.seconds, "levels": list(LEVELS), "mix": [label(q) for q in MIX],
                      "machine": described, "generate_seconds": round(generated, 3)}
            result.update(bench_stack(name, data, args.n, args.seconds, args.workers, args.jobs))
            result["machine"] = {**described, "loadavg_after": loadavg()}
            print(f"\n{name} stack, {args.n:,} descriptions, {args.seconds:g} s per level, "
                  f"{described['cpus']} x {described['cpu_model']}, load average before {described['loadavg_before']}")
            print(table(result))
            args.results.mkdir(parents=True, exist_ok=True)
            path = args.results / f"{name}-{args.n}-{stamp}.json"
            path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
            written.append(path)
            print(f"results: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
