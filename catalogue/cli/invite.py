"""`catalogue invite …`: bring producers on board — invite members, invite the contacts of a producer nobody
represents to claim it, decide claims, trust e-mail domains (what a platform admin does from the CLI)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from catalogue.cli.context import console, container
from catalogue.cli.governance import _deliver

app = typer.Typer(help="Bring producers on board: invitations and claims of organisations.", no_args_is_help=True)


@app.command("member")
def member(org: Annotated[str, typer.Option(help="organisation id")],
           email: Annotated[str, typer.Option()],
           role: Annotated[str, typer.Option(help="editor | admin")] = "editor") -> None:
    """Invite an address to join an organisation (a newcomer gets a link that opens their account)."""
    from catalogue.organisations import invitations
    from catalogue.principal import SYSTEM
    from catalogue.organisations import service as organisations

    if role not in ("editor", "admin"):
        console.print("[red]--role must be 'editor' or 'admin'[/red]")
        raise typer.Exit(2)
    with container() as c:
        with c.uow() as uow:
            row = invitations.invite(uow, SYSTEM, organisations.get(uow, org), email, role)
            uow.commit()
            console.print(f"invitation {row.id}: {row.email} invited to {org} as {role} "
                          f"(until {row.expires_at:%Y-%m-%d})")
        _deliver(c)


@app.command("unstaffed")
def unstaffed() -> None:
    """Organisations nobody represents yet, with the contact addresses their messages go to."""
    from catalogue.organisations import onboarding
    from catalogue.organisations import service as organisations

    with container() as c, c.uow() as uow:
        every = [org for org, _ in organisations.list_all(uow)]
        absent = set(onboarding.unstaffed(uow, [o.id for o in every]))
        table = Table("organisation", "name", "contact addresses")
        for org in every:
            if org.id in absent:
                table.add_row(org.id, org.name, ", ".join(onboarding.contacts(uow, org.id)) or "—")
        console.print(table)
        console.print(f"{len(absent)} of {len(every)} organisations have no member")


@app.command("claim")
def claim(org: Annotated[str, typer.Option(help="organisation id")]) -> None:
    """E-mail the contact addresses of an organisation nobody represents a link to claim it."""
    from catalogue.organisations import onboarding
    from catalogue.principal import SYSTEM

    with container() as c:
        with c.uow() as uow:
            reached = onboarding.invite_to_claim(uow, SYSTEM, org)
            uow.commit()
        for item in reached:
            console.print(f"claim {item.invitation_id}: link sent to {item.email}")
        _deliver(c)


@app.command("claims")
def claims() -> None:
    """Claims waiting for a platform admin."""
    from catalogue.organisations import onboarding
    from catalogue.principal import SYSTEM

    with container() as c, c.uow() as uow:
        table = Table("id", "organisation", "address", "name", "claimed at")
        for item in onboarding.claims(uow, SYSTEM):
            row = item.invitation
            table.add_row(str(row.id), item.organisation_name, row.email, item.claimant_name,
                          f"{row.claimed_at:%Y-%m-%d %H:%M}" if row.claimed_at else "")
        console.print(table)


@app.command("confirm")
def confirm(claim_id: Annotated[int, typer.Argument(min=1)]) -> None:
    """Confirm a claim: its author becomes the organisation's first admin."""
    from catalogue.organisations import onboarding
    from catalogue.principal import SYSTEM

    with container() as c:
        with c.uow() as uow:
            membership = onboarding.confirm(uow, SYSTEM, claim_id)
            uow.commit()
            console.print(f"user {membership.user_id} is now admin of {membership.organisation_id}")
        _deliver(c)


@app.command("refuse")
def refuse(claim_id: Annotated[int, typer.Argument(min=1)],
           reason: Annotated[str, typer.Option(help="told to the claimant")]) -> None:
    """Refuse a claim, saying why."""
    from catalogue.organisations import onboarding
    from catalogue.principal import SYSTEM

    with container() as c:
        with c.uow() as uow:
            row = onboarding.refuse(uow, SYSTEM, claim_id, reason)
            uow.commit()
            console.print(f"claim {row.id} of {row.organisation_id} refused")
        _deliver(c)


@app.command("trust")
def trust(org: Annotated[str, typer.Option(help="organisation id")],
          domain: Annotated[list[str] | None, typer.Option(help="repeat for each; none clears the list")] = None,
          ) -> None:
    """The e-mail domains whose addresses claim the organisation without a platform admin's confirmation."""
    from catalogue.organisations import onboarding
    from catalogue.principal import SYSTEM

    with container() as c, c.uow() as uow:
        saved = onboarding.trust_domains(uow, SYSTEM, org, domain or [])
        uow.commit()
        console.print(f"{saved.id}: trusted domains {', '.join(saved.trusted_domains) or '(none)'}")
