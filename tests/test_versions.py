"""One source of versions: versions.env. compose.yaml (production) and scripts/services.sh (the test
engines) read it; these tests fail when either writes a version of its own, so they cannot drift apart."""

from __future__ import annotations

import re
import subprocess

import yaml  # PyYAML, installed with the test extra (schemathesis depends on it)

from tests.shared_data import REPO

VERSIONS = REPO / "versions.env"
COMPOSE = REPO / "compose.yaml"
SERVICES = REPO / "scripts" / "services.sh"
DOCKERFILE = REPO / "Dockerfile"

LINE = re.compile(r"^(?P<key>[A-Z][A-Z0-9_]*)=(?P<value>[^\s'\"$`\\]+)$")
IMAGE = re.compile(r"^(?P<repository>[a-z0-9./_-]+):(?P<tag>.+)$")  # repository:tag, no registry port
# `${KEY:?message}`: required, no default (a default would be a version written in compose.yaml).
REQUIRED = re.compile(r"^\$\{(?P<key>[A-Z][A-Z0-9_]*):\?[^}]*\}$")
# What a pinned version looks like in a shell script (an IPv4 address is removed first).
VERSION_LITERALS = [
    re.compile(r"\b\d+\.\d+\.\d+\b"),  # 8.19.21, 15.13.0
    re.compile(r"\bv\d+\.\d+\.\d+-\S+"),  # Go pseudo-versions
    re.compile(r"RELEASE\.\d{4}-"),  # MinIO release tags
    re.compile(r"postgresql[-/]\d+"),  # a Debian PostgreSQL package or directory of one major
]


def versions() -> dict[str, str]:
    """versions.env as KEY -> VALUE; every line is a comment, blank, or KEY=VALUE without quotes."""
    found: dict[str, str] = {}
    for number, line in enumerate(VERSIONS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = LINE.match(line)
        assert match, f"versions.env:{number}: not KEY=VALUE (no quotes, spaces or expansions): {line!r}"
        assert match["key"] not in found, f"versions.env:{number}: {match['key']} given twice"
        found[match["key"]] = match["value"]
    return found


def test_the_versions_file_reads_the_same_in_bash():
    """services.sh sources it with bash: the values it sees are the ones parsed here (and compose's)."""
    keys = sorted(versions())
    done = subprocess.run(["bash", "-c", '. "$1"; shift; for k; do printf "%s=%s\\n" "$k" "${!k}"; done', "-",
                           str(VERSIONS), *keys], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [f"{key}={versions()[key]}" for key in keys]


def test_every_compose_image_and_build_argument_comes_from_the_versions_file():
    known, used = versions(), set()
    services = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]
    for name, service in services.items():
        if "image" in service:
            image = service["image"]
            assert "@" not in image, f"{name}: a digest pins a version outside versions.env: {image}"
            parts = IMAGE.match(image)
            assert parts, f"{name}: no tag on {image}"
            match = REQUIRED.match(parts["tag"])
            assert match, f"{name}: the tag of {image} must be ${{KEY:?...}} from versions.env"
            used.add(match["key"])
        if "build" in service:
            assert isinstance(service["build"], dict), f"{name}: build needs its args (PYTHON_VERSION)"
            for arg, value in service["build"].get("args", {}).items():
                match = REQUIRED.match(str(value))
                assert match, f"{name}: build argument {arg}={value} must be ${{KEY:?...}} from versions.env"
                used.add(match["key"])
    assert used <= set(known), f"compose.yaml uses {sorted(used - set(known))}, not in versions.env"
    assert {"ES_VERSION", "POSTGRES_VERSION", "MINIO_IMAGE_TAG", "PYTHON_VERSION"} <= used


def test_compose_images_once_interpolated():
    """What `docker compose --env-file versions.env` resolves (compose's own ${KEY:?...} rule)."""
    known = versions()
    services = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]
    images = {name: REQUIRED.sub(lambda m: known[m["key"]], IMAGE.match(s["image"])["tag"])
              for name, s in services.items() if "image" in s}
    assert images == {"postgres": known["POSTGRES_VERSION"], "elasticsearch": known["ES_VERSION"],
                      "minio": known["MINIO_IMAGE_TAG"]}
    assert known["POSTGRES_VERSION"].startswith(known["POSTGRES_MAJOR"] + ".")


def test_services_sh_sources_the_versions_file_and_pins_nothing_itself():
    script = SERVICES.read_text(encoding="utf-8")
    assert re.search(r'^\. "\$\(dirname "\$\{BASH_SOURCE\[0\]\}"\)/\.\./versions\.env"$', script, re.M), \
        "services.sh must source versions.env"
    for key in versions():
        assert not re.search(rf"^\s*(export\s+|local\s+)?{key}=", script, re.M), f"services.sh sets {key} itself"
    for key in ("ES_VERSION", "MINIO_VERSION", "POSTGRES_MAJOR", "POSTGRES_VERSION"):
        assert f"${key}" in script, f"services.sh does not use {key}"
    code = re.sub(r"\b\d+\.\d+\.\d+\.\d+\b", "", script)  # 127.0.0.1 is no version
    for number, line in enumerate(code.splitlines(), 1):
        for literal in VERSION_LITERALS:
            assert not literal.search(line), f"services.sh:{number} names a version: {line.strip()}"


def test_the_dockerfile_default_python_is_the_versions_file_one():
    dockerfile = DOCKERFILE.read_text(encoding="utf-8")
    assert re.findall(r"^ARG PYTHON_VERSION=(\S+)$", dockerfile, re.M) == [versions()["PYTHON_VERSION"]]
    assert re.findall(r"^FROM (\S+)", dockerfile, re.M) == ["python:${PYTHON_VERSION}-slim"]


def test_every_version_is_read_somewhere():
    """A key nobody reads would be a version that pins nothing."""
    readers = COMPOSE.read_text(encoding="utf-8") + SERVICES.read_text(encoding="utf-8")
    readers += DOCKERFILE.read_text(encoding="utf-8")
    unread = [key for key in versions() if not re.search(rf"\$\{{?{key}\b", readers)]
    assert not unread, f"versions.env keys read by neither compose.yaml, services.sh nor the Dockerfile: {unread}"
