"""The register's write path: providers and their sites, the school's checklist, each item held."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flexidesk.i18n import _
from flexidesk.policy.engine import on_server
from flexidesk.policy.ourpolicy import latest_adopted
from flexidesk.policy.providers.shared import (
    create_shared,
    refusals,
    server_code,
    update_shared,
)
from flexidesk.policy.providers.status import checklist_template, default_template
from flexidesk.policy.records.access import Actor, PolicyError, action, create, delete
from flexidesk.policy.text import LINE, NAME, NOTE, PARAGRAPH, bounded, postcode
from flexidesk.store.database import db
from flexidesk.store.models import (
    AP_SETTING_TYPES,
    ChecklistTemplateItem,
    DueDiligenceItem,
    Placement,
    PlacementSite,
    Provider,
    ProviderSite,
)

#: Placements that count as running (and so keep needing a ready provider).
LIVE_PLACEMENT_STATUSES = ("planned", "active")

#: The states a person records; "expired" follows from the expiry date itself.
RECORDABLE_STATUSES = ("missing", "requested", "held", "not_applicable")


def _provider(provider_id: int) -> Provider:
    provider = Provider.get_or_none(Provider.id == provider_id)
    if provider is None:
        raise PolicyError(_("This provider could not be found. It may have been removed."))
    return provider


def _provider_fields(name: str, fields: dict, today: dt.date) -> dict:
    """The provider's fields bounded and checked, ready to store."""
    out = {"name": bounded(name, _("Name"), NAME, required=True, single_line=True)}
    for key, label, limit in (
            ("provider_type", _("Kind"), NAME), ("ofsted_urn", _("URN"), NAME),
            ("ukprn", _("UKPRN"), NAME), ("registration_number", _("Registration number"), NAME),
            ("ofsted_judgement", _("Ofsted judgement"), NAME),
            ("contact_name", _("Contact"), NAME), ("phone", _("Phone"), NAME),
            ("email", _("Email"), LINE), ("postcode", _("Postcode"), NAME)):
        if key in fields:
            out[key] = bounded(fields[key], label, limit, single_line=True)
    for key, label, limit in (("address", _("Address"), PARAGRAPH),
                              ("offer", _("What it offers"), PARAGRAPH),
                              ("costs", _("Costs"), PARAGRAPH), ("notes", _("Notes"), NOTE)):
        if key in fields:
            out[key] = bounded(fields[key], label, limit)
    if "postcode" in out:
        out["postcode"] = postcode(out["postcode"], _("Postcode"))
    if out.get("ukprn") and not re.fullmatch(r"1\d{7}", out["ukprn"]):
        raise PolicyError(_("A UKPRN is eight digits starting with 1, for example 10012345."))
    if out.get("ofsted_urn") and not re.fullmatch(r"\d{5,7}", out["ofsted_urn"]):
        raise PolicyError(_("A URN is a number of five to seven digits."))
    if fields.get("ofsted_date") is not None and fields["ofsted_date"] > today:
        raise PolicyError(_("The Ofsted judgement cannot be dated in the future."))
    for key in ("la_approved", "registered_school", "ofsted_date"):
        if key in fields:
            out[key] = fields[key]
    if "ap_setting_type" in fields:
        out["ap_setting_type"] = (fields["ap_setting_type"] or "").strip().upper()
        if out["ap_setting_type"] not in ("",) + AP_SETTING_TYPES:
            raise PolicyError(_("The setting type is NFE, OOT, WBP or OTH."))
    return out


def _check_census_identity(values: dict, provider: Provider | None) -> None:
    """The census takes a provider's URN, or else its UKPRN, or else its setting type: a
    setting type beside a URN or UKPRN would contradict them."""
    def final(key: str) -> str:
        return values.get(key, getattr(provider, key, "") if provider is not None else "")

    if final("ap_setting_type") and (final("ofsted_urn") or final("ukprn")):
        raise PolicyError(_("A setting type is only for a provider with neither a URN nor a "
                            "UKPRN: the census takes the URN, or else the UKPRN, or else the "
                            "setting type, only one of the three."))


def _unique_name(name: str, provider_id: int | None) -> None:
    clash = Provider.get_or_none(Provider.name == name)
    if clash is not None and clash.id != provider_id:
        raise PolicyError(_("A provider called {name} is already on the register.")
                          .format(name=name))


@action("provider.edit")
def add_provider(actor: Actor, name: str, *, today: dt.date | None = None,
                 **fields) -> Provider:
    """Put a provider on the register: kind, URN/UKPRN, LA list, Ofsted, contacts, offer, costs."""
    values = _provider_fields(name, fields, today or dt.date.today())
    _unique_name(values["name"], None)
    _check_census_identity(values, None)
    return create(actor, "provider.create", Provider, **values)


@action("provider.edit")
def edit_provider(actor: Actor, provider_id: int, name: str, *, today: dt.date | None = None,
                  **fields) -> Provider:
    """Change a provider's details on the register."""
    provider = _provider(provider_id)
    values = _provider_fields(name, fields, today or dt.date.today())
    _unique_name(values["name"], provider.id)
    _check_census_identity(values, provider)
    return update_shared(actor, "provider.update", provider, **values)


@action("provider.edit")
def retire_provider(actor: Actor, provider_id: int, *, retired: bool = True) -> Provider:
    """Take a provider off the register (kept for the record), or bring it back."""
    provider = _provider(provider_id)
    if retired and Placement.select().where(
            (Placement.provider == provider.id)
            & Placement.status.in_(LIVE_PLACEMENT_STATUSES)).exists():
        raise PolicyError(_("{name} still has placements running or planned: end them before "
                            "retiring the provider.").format(name=provider.name))
    return update_shared(actor, "provider.retire" if retired else "provider.reinstate",
                         provider, active=not retired)


def _site_fields(name: str, address: str, typed_postcode: str) -> dict:
    return {"name": bounded(name, _("Site name"), NAME, required=True, single_line=True),
            "address": bounded(address, _("Address"), PARAGRAPH),
            "postcode": postcode(bounded(typed_postcode, _("Postcode"), NAME,
                                         single_line=True), _("Postcode"))}


@action("provider.edit")
def add_site(actor: Actor, provider_id: int, name: str, *, address: str = "",
             postcode: str = "") -> ProviderSite:
    """Record a site where pupils may attend the provider."""
    provider = _provider(provider_id)
    return create(actor, "provider_site.create", ProviderSite, provider=provider.id,
                  **_site_fields(name, address, postcode))


@action("provider.edit")
def edit_site(actor: Actor, site_id: int, name: str, *, address: str = "",
              postcode: str = "") -> ProviderSite:
    """Change a site's name or address."""
    site = ProviderSite.get_or_none(ProviderSite.id == site_id)
    if site is None:
        raise PolicyError(_("This site could not be found. It may have been removed."))
    return update_shared(actor, "provider_site.update", site,
                         **_site_fields(name, address, postcode))


@action("provider.edit")
def remove_site(actor: Actor, site_id: int) -> None:
    """Take a site off the provider, unless a running placement uses it. A site an ended
    placement names stays as that placement's history, retired (no longer offered)."""
    site = ProviderSite.get_or_none(ProviderSite.id == site_id)
    if site is None:
        raise PolicyError(_("This site could not be found. It may have been removed."))
    if _placements_at(site).where(Placement.status.in_(LIVE_PLACEMENT_STATUSES)).exists():
        raise _in_use(site)
    if on_server():  # a site is the trust's: another school's placements keep theirs
        _remove_shared_site(site)
    elif _placements_at(site).exists():
        update_shared(actor, "provider_site.retire", site, active=False)
    else:
        delete(actor, "provider_site.delete", site)


def _placements_at(site: ProviderSite):
    """The placements (of this school) at the site: its main site, or one of its sites."""
    return Placement.select().where((Placement.site == site.id) | Placement.id.in_(
        PlacementSite.select(PlacementSite.placement).where(PlacementSite.site == site.id)))


def _in_use(site: ProviderSite) -> PolicyError:
    return PolicyError(_("A running placement uses {site}: end it before removing the site.")
                       .format(site=site.name))


def _remove_shared_site(site: ProviderSite) -> None:
    import peewee

    from flexidesk.store import server_shared

    try:
        with refusals():
            server_shared.remove_site(db.obj, site.id)
    except peewee.DatabaseError as exc:
        code = server_code(exc)
        if code == server_shared.IN_USE:
            raise _in_use(site) from exc
        if code == "23503":  # foreign_key_violation
            raise PolicyError(_("Another school's placement uses {site}, so it stays on the "
                                "trust's register.").format(site=site.name)) from exc
        raise


# --- the school's checklist --------------------------------------------------------------------


def _seed_template(actor: Actor) -> None:
    """Write the default checklist as the school's own, the first time it is edited (once
    our policy has a version, the checklist is edited there instead)."""
    if latest_adopted().version_id is not None:
        raise PolicyError(_("The due-diligence checklist is part of our policy now. Please "
                            "change it under Tools > Our policy, Alternative provision."))
    if ChecklistTemplateItem.select().exists():
        return
    for position, item in enumerate(default_template()):
        create_shared(actor, "checklist.seed", ChecklistTemplateItem, code=item.code,
                      label=item.label, recheck_months=item.recheck_months,
                      position=position, active=True)


@action("provider.edit")
def save_checklist_item(actor: Actor, code: str | None, label: str, *,
                        recheck_months: int | None = None) -> ChecklistTemplateItem:
    """Add an item to the school's checklist (``code`` None) or change one's wording or
    re-check interval (months; None for none)."""
    label = bounded(label, _("Checklist item"), LINE, required=True, single_line=True)
    if recheck_months is not None and not 1 <= recheck_months <= 60:
        raise PolicyError(_("A re-check interval is from 1 to 60 months."))
    _seed_template(actor)
    if code is None:
        stem = re.sub(r"[^a-z0-9]+", "_", label.casefold()).strip("_")[:40] or "item"
        code, n = stem, 1
        while ChecklistTemplateItem.select().where(ChecklistTemplateItem.code == code).exists():
            n += 1
            code = f"{stem}_{n}"
        last = ChecklistTemplateItem.select().count()
        return create_shared(actor, "checklist.create", ChecklistTemplateItem, code=code,
                             label=label, recheck_months=recheck_months, position=last,
                             active=True)
    item = ChecklistTemplateItem.get_or_none(ChecklistTemplateItem.code == code)
    if item is None:
        raise PolicyError(_("That item is not on the school's due-diligence checklist."))
    return update_shared(actor, "checklist.update", item, label=label,
                         recheck_months=recheck_months, active=True)


@action("provider.edit")
def retire_checklist_item(actor: Actor, code: str) -> ChecklistTemplateItem:
    """Stop asking providers for an item (what is held on it is kept)."""
    _seed_template(actor)
    item = ChecklistTemplateItem.get_or_none(ChecklistTemplateItem.code == code)
    if item is None:
        raise PolicyError(_("That item is not on the school's due-diligence checklist."))
    if ChecklistTemplateItem.select().where(ChecklistTemplateItem.active).count() <= 1:
        raise PolicyError(_("The checklist needs at least one item."))
    return update_shared(actor, "checklist.retire", item, active=False)


@action("provider.edit")
def record_due_diligence(actor: Actor, provider_id: int, code: str, status: str, *,
                         evidence: str = "", checked_on: dt.date | None = None,
                         expires_on: dt.date | None = None,
                         today: dt.date | None = None) -> DueDiligenceItem:
    """Record where one checklist item stands for a provider: asked for, held (with the
    evidence seen, when, and any expiry), not applicable (and why), or missing again."""
    today = today or dt.date.today()
    _provider(provider_id)
    if code not in {t.code for t in checklist_template(today)}:
        raise PolicyError(_("That item is not on the school's due-diligence checklist."))
    if status not in RECORDABLE_STATUSES:
        raise PolicyError(_("Choose Missing, Requested, Held or Not applicable."))
    evidence = bounded(evidence, _("Evidence"), PARAGRAPH)
    if status == "held":
        if not evidence:
            raise PolicyError(_("Say what evidence the school has seen or holds, for example "
                                "'certificate seen, copy filed'."))
        checked_on = checked_on or today
        if checked_on > today:
            raise PolicyError(_("The check cannot be dated in the future."))
        if expires_on is not None and expires_on <= checked_on:
            raise PolicyError(_("The expiry must come after the date the evidence was checked."))
    elif status == "not_applicable":
        if not evidence:
            raise PolicyError(_("Say why this item does not apply to the provider."))
        checked_on, expires_on = checked_on or today, None
    else:
        checked_on, expires_on = None, None
    fields: dict[str, Any] = dict(status=status, evidence=evidence, checked_on=checked_on,
                  checked_by=actor.user_id if checked_on else None, expires_on=expires_on)
    existing = DueDiligenceItem.get_or_none((DueDiligenceItem.provider == provider_id)
                                            & (DueDiligenceItem.item == code))
    if existing is not None:
        return update_shared(actor, "due_diligence.update", existing, **fields)
    return create_shared(actor, "due_diligence.create", DueDiligenceItem, provider=provider_id,
                         item=code, **fields)
