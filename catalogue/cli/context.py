"""CLI bootstrap: settings, the container, and error display shared by commands.

The CLI modules import only typer, rich and the standard library at the top: building the app and answering
`--help` must not load the engines (SQLAlchemy, search, the password checker...). Each command imports what it
uses when it runs, and `container()` imports the composition root (tests/cli/test_cli_startup.py checks it).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

import typer
from rich.console import Console

if TYPE_CHECKING:
    from catalogue.bootstrap import Container

console = Console()
err_console = Console(stderr=True)


@contextlib.contextmanager
def container() -> Iterator[Container]:
    """The wired engines for one command; configuration and domain errors exit with a message."""
    from pydantic import ValidationError

    from catalogue.bootstrap import bootstrap
    from catalogue.errors import DomainError
    from catalogue.settings import load_settings
    from schemas.errors import describe

    try:
        settings = load_settings()
    except ValidationError as exc:
        for item in describe(exc):
            err_console.print(f"[red]configuration error[/red] CATALOGUE_{item['field'].upper()}: {item['message']}")
        raise typer.Exit(2) from None
    built = bootstrap(settings)
    try:
        yield built
    except DomainError as exc:
        err_console.print(f"[red]error[/red] ({exc.code}): {exc.message}")
        raise typer.Exit(1) from None
    finally:
        built.close()
