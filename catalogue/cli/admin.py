"""CLI: user and organisation administration."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.table import Table

from catalogue.cli.context import console, container

users = typer.Typer(help="User accounts.", no_args_is_help=True)
orgs = typer.Typer(help="Producer organisations.", no_args_is_help=True)


def _password(value: str | None) -> str:
    """From the option, CATALOGUE_NEW_PASSWORD, or an interactive prompt (never echoed)."""
    if value:
        return value
    if os.environ.get("CATALOGUE_NEW_PASSWORD"):
        return os.environ["CATALOGUE_NEW_PASSWORD"]
    return typer.prompt("password (10+ characters)", hide_input=True, confirmation_prompt=True)


@users.command("create-admin")
def create_admin(email: Annotated[str, typer.Option()], name: Annotated[str, typer.Option()] = "Administrator",
                 password: Annotated[str | None, typer.Option(help="or CATALOGUE_NEW_PASSWORD, or prompt")] = None,
                 verified: Annotated[bool, typer.Option(help="the address is known to be theirs: no link")] = False,
                 lang: Annotated[str | None, typer.Option(help="fr | en: the language of their notifications and "
                                                             "e-mails (default: French)")] = None,
                 ) -> None:
    """Create a platform admin (the first account of a new catalogue)."""
    from catalogue.accounts import service as accounts
    from catalogue.accounts import verification

    secret = _password(password)
    with container() as c, c.uow() as uow:
        user = accounts.create_user(uow, email=email, name=name, password=secret, is_platform_admin=True,
                                    verified=verified, lang=lang)
        if not verified:
            verification.send_link(uow, user)
        uow.commit()
        console.print(f"platform admin {user.email} created (id {user.id})")


@users.command("create")
def create_user(email: Annotated[str, typer.Option()], name: Annotated[str, typer.Option()],
                password: Annotated[str | None, typer.Option()] = None,
                governance: Annotated[bool, typer.Option(help="governance staff")] = False,
                verified: Annotated[bool, typer.Option(help="the address is known to be theirs: no link")] = False,
                lang: Annotated[str | None, typer.Option(help="fr | en: the language of their notifications and "
                                                             "e-mails (default: French)")] = None,
                ) -> None:
    """Create a user account (its owner gets a link to verify the address, unless --verified)."""
    from catalogue.accounts import service as accounts
    from catalogue.accounts import verification

    secret = _password(password)
    with container() as c, c.uow() as uow:
        user = accounts.create_user(uow, email=email, name=name, password=secret, is_governance=governance,
                                    verified=verified, lang=lang)
        if not verified:
            verification.send_link(uow, user)
        uow.commit()
        console.print(f"user {user.email} created (id {user.id})")


@users.command("verify")
def verify_user(email: Annotated[str, typer.Option()]) -> None:
    """Mark an address as verified (an operator who knows it is theirs, e.g. without SMTP)."""
    from catalogue.accounts import service as accounts
    from catalogue.principal import SYSTEM

    with container() as c, c.uow() as uow:
        user = accounts.mark_verified(uow, SYSTEM, email)
        uow.commit()
        console.print(f"{user.email} is verified")


@users.command("list")
def list_users() -> None:
    from catalogue.accounts import service as accounts
    from catalogue.principal import SYSTEM

    with container() as c, c.uow() as uow:
        table = Table("id", "email", "name", "roles")
        for user in accounts.list_users(uow, SYSTEM):
            roles = [r for r, on in (("admin", user.is_platform_admin), ("governance", user.is_governance)) if on]
            roles += [f"{m.role}@{m.organisation_id}" for m in user.memberships]
            table.add_row(str(user.id), user.email, user.name, ", ".join(roles))
        console.print(table)


@users.command("token")
def issue_token(email: Annotated[str, typer.Option()], name: Annotated[str, typer.Option()] = "cli",
                days: Annotated[int, typer.Option(min=1, max=3650)] = 90) -> None:
    """Issue an API token for a user (printed once)."""
    from catalogue.accounts import service as accounts

    with container() as c, c.uow() as uow:
        raw, _ = accounts.issue_token(uow, accounts.find_user(uow, email), name=name, ttl_days=days)
        uow.commit()
    print(raw)


@orgs.command("create")
def create_org(id: Annotated[str, typer.Option("--id")], name: Annotated[str, typer.Option()],  # noqa: A002
               type: Annotated[str, typer.Option("--type")], country: Annotated[str, typer.Option()] = "FR") -> None:  # noqa: A002
    """Create a producer organisation."""
    from pydantic import ValidationError

    from catalogue.organisations import service as organisations
    from catalogue.principal import SYSTEM
    from schemas.errors import describe, summary
    from schemas.organisations import OrganisationIn

    try:
        data = OrganisationIn(id=id, name=name, type=type, country=country)
    except ValidationError as exc:
        console.print(f"[red]invalid organisation[/red]: {summary(describe(exc))}")
        raise typer.Exit(2) from None
    with container() as c, c.uow() as uow:
        org = organisations.create(uow, SYSTEM, data)
        uow.commit()
        console.print(f"organisation {org.id} created")


@orgs.command("list")
def list_orgs() -> None:
    from catalogue.organisations import service as organisations

    with container() as c, c.uow() as uow:
        table = Table("id", "name", "type", "country", "published")
        for org, count in organisations.list_all(uow):
            table.add_row(org.id, org.name, org.type, org.country, str(count))
        console.print(table)


@orgs.command("add-member")
def add_member(org: Annotated[str, typer.Option("--org")], email: Annotated[str, typer.Option()],
               role: Annotated[str, typer.Option(help="editor or admin")] = "editor") -> None:
    """Make a user an editor or admin of an organisation, directly (the API and web send invitations)."""
    from catalogue.organisations import service as organisations
    from catalogue.principal import SYSTEM

    if role not in ("editor", "admin"):
        console.print("[red]--role must be 'editor' or 'admin'[/red]")
        raise typer.Exit(2)
    with container() as c, c.uow() as uow:
        organisations.add_member(uow, SYSTEM, org, email, role)
        uow.commit()
        console.print(f"{email} is now {role} of {org}")
