"""CLI bootstrap: settings, the container, and error display shared by commands."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import typer
from pydantic import ValidationError
from rich.console import Console

from catalogue.bootstrap import Container, bootstrap
from catalogue.errors import DomainError
from catalogue.settings import load_settings
from schemas.errors import describe

console = Console()
err_console = Console(stderr=True)


@contextlib.contextmanager
def container() -> Iterator[Container]:
    """The wired engines for one command; configuration and domain errors exit with a message."""
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
