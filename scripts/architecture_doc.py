"""The parts of docs/architecture.md that the code declares: the workflow tables and the layers.

`python scripts/architecture_doc.py` rewrites the generated blocks of docs/architecture.md (between
`<!-- generated:NAME -->` and `<!-- /generated:NAME -->`); tests/test_architecture_doc.py fails when
the document and the code disagree.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"


def _name(function: object) -> str:
    return f"`{getattr(function, '__module__', '').rsplit('.', 1)[-1]}.{getattr(function, '__name__', '?')}`"


def workflow_table(flow) -> str:
    lines = ["| from | action | to | who may (policy) | reason | guard | effect |", "|---|---|---|---|---|---|---|"]
    for (source, action), step in flow.steps.items():
        lines.append(f"| {source} | **{action}** | {step.target} | {_name(step.policy)} | "
                     f"{'required' if step.needs_reason else ''} | {_name(step.guard) if step.guard else ''} | "
                     f"{_name(step.effect) if step.effect else ''} |")
    lines += ["", "| act (keeps the state) | allowed in | who may (policy) |", "|---|---|---|"]
    order = [str(s) for s in flow.states]
    for name, act in flow.acts.items():
        states = ", ".join(s for s in order if s in act.states)
        lines.append(f"| **{name}** | {states} | {_name(act.policy)} |")
    return "\n".join(lines)


def layers() -> str:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    contract = next(c for c in config if c["type"] == "layers")
    return " → ".join(f"`{layer}`" for layer in contract["layers"]) + f"  \n({contract['name']})"


def blocks() -> dict[str, str]:
    from catalogue.access_requests.workflow import REQUESTS
    from catalogue.datasets.lifecycle import LIFECYCLE

    return {"lifecycle": workflow_table(LIFECYCLE), "access-requests": workflow_table(REQUESTS), "layers": layers()}


def render(text: str) -> str:
    for name, body in blocks().items():
        pattern = re.compile(rf"(<!-- generated:{name} -->)\n.*?(<!-- /generated:{name} -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"docs/architecture.md has no generated:{name} block")
        text = pattern.sub(lambda m, body=body: f"{m.group(1)}\n{body}\n{m.group(2)}", text)
    return text


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    DOC.write_text(render(DOC.read_text()))
    print(f"wrote {DOC.relative_to(ROOT)}")
