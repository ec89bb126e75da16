"""SQL statements are built only in repository modules (part of `make lint`).

Services say what they need by calling their package's repository (`catalogue/<package>/repository.py`);
only repositories build statements with SQLAlchemy's `select`, `update`, `delete`, `insert` and `text`.
That keeps every query of a table in one file, where the visibility rules and the indexes are read
together, and lets a service be read without SQL. The check reads the source (ast), so it follows the
names as imported: `from sqlalchemy import select as s`, `import sqlalchemy as sa; sa.select(...)`,
`from sqlalchemy.dialects.postgresql import insert`; an unrelated `search.delete(ids)` is not SQL.

Usage: python scripts/check_sql.py [paths...]   (default: the packages catalogue, search, schemas, api)
"""

from __future__ import annotations

import ast
import fnmatch
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("catalogue", "search", "schemas", "api")
BUILDERS = frozenset({"select", "update", "delete", "insert", "text"})
# sqlalchemy's modules that re-export builders (from sqlalchemy import sql; sql.select(...))
MODULES = frozenset({"sql", "expression", "dml", "future", "dialects", "postgresql", "sqlite", "mysql"})

# Besides */repository.py, the modules that must build SQL, each with its reason.
ALLOWED: dict[str, str] = {
    "catalogue/*/repository.py": "a package's SQL lives in its repository",
    "catalogue/migrations/*": "Alembic revisions create and alter the tables and move their data",
    "catalogue/audit/models.py": "a column's server default is DDL: text('1') is no query",
    "catalogue/health.py": "the readiness probe's SELECT 1 asks the database engine, not a table",
}


def allowed(path: str) -> bool:
    """Whether the module at `path` (relative to the repository, with '/') may build SQL."""
    return any(fnmatch.fnmatch(path, pattern) for pattern in ALLOWED)


def violations(source: str, path: str = "<source>") -> list[str]:
    """`path:line: name(...)` for each SQL statement builder the source uses."""
    tree = ast.parse(source, filename=path)
    names: dict[str, str] = {}  # local name -> the builder it is
    modules: set[str] = set()  # local names of sqlalchemy modules (import sqlalchemy as sa)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and _is_sqlalchemy(node.module) and node.level == 0:
            for alias in node.names:
                if alias.name in BUILDERS:
                    names[alias.asname or alias.name] = alias.name
                elif alias.name in MODULES:
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _is_sqlalchemy(alias.name):
                    modules.add(alias.asname or alias.name.split(".")[0])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in names:
            found.append((node.lineno, names[node.id]))
        elif (isinstance(node, ast.Attribute) and node.attr in BUILDERS and isinstance(node.ctx, ast.Load)
              and _root(node.value) in modules):
            found.append((node.lineno, node.attr))
    return [f"{path}:{line}: {name}(...) builds SQL outside a repository" for line, name in sorted(found)]


def _is_sqlalchemy(module: str) -> bool:
    return module == "sqlalchemy" or module.startswith("sqlalchemy.")


def _root(node: ast.expr) -> str | None:
    """The first name of a dotted expression (sa.sql.expression -> sa)."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def check(paths: list[Path], root: Path = ROOT) -> list[str]:
    """The violations in the Python files under `paths` (modules named relative to `root`)."""
    problems = []
    for file in sorted(p for path in paths for p in ([path] if path.is_file() else path.rglob("*.py"))):
        relative = file.resolve().relative_to(root.resolve()).as_posix()
        if not allowed(relative):
            problems += violations(file.read_text(encoding="utf-8"), relative)
    return problems


def main(argv: list[str]) -> int:
    problems = check([Path(a) for a in argv] or [ROOT / p for p in PACKAGES])
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} SQL statement(s) outside the repositories: move them into the package's "
              "repository.py (scripts/check_sql.py lists the other modules allowed, and why)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
