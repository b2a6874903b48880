"""The AP placement agreement: what the school, the provider and the family sign.

It states only what the record holds. Its safeguarding sentences follow the checks actually
held at the provider; what is outstanding is listed with the Headteacher's override; a fact
the record lacks (a key worker, the notice, the transport) is said to be not recorded, so it
is settled before anyone signs rather than invented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from flexidesk.documents import ap_clauses, family, wording
from flexidesk.documents.compose import Telling, render_document
from flexidesk.documents.fonts import Paragraph
from flexidesk.documents.params import RELATIONSHIPS, TITLES, child_params, iso, school_params
from flexidesk.documents.pieces import Signer, bullets, details_table, in_languages, week_grid
from flexidesk.documents.pieces import signature_blocks as blocks
from flexidesk.documents.styles import TINT
from flexidesk.i18n import N_, format_money
from flexidesk.i18n.welsh import gettext as _
from flexidesk.policy.ourpolicy import policy_of
from flexidesk.policy.providers import FULL_TIME_HOURS, agreement_facts, hours_a_week
from flexidesk.policy.records.access import Actor, require
from flexidesk.policy.school.preferences import letter_language
from flexidesk.policy.vocabulary import ATTENDANCE_CODE_LABELS, CHECKLIST
from flexidesk.store.models import Placement, Pupil

TITLE = N_("Placement agreement")


def agreement_params(actor: Actor, placement_id: int, today: dt.date, *,
                     language: str | None = None) -> dict:
    """What the placement agreement states, read now through ``actor`` (a recorded view)."""
    require(actor, "document.print")
    facts = agreement_facts(actor, placement_id, today)
    line = facts.placement
    pupil = Pupil.get_by_id(facts.pupil_id)
    return {
        "kind": "ap_placement_agreement", "placement_id": placement_id,
        "language": language or letter_language(), "letter_date": today.isoformat(),
        "school": {**school_params(), "dsl_name": facts.dsl_name,
                   "dsl_phone": facts.dsl_phone},
        "child": {**child_params(pupil), "looked_after": facts.looked_after,
                  "medical_needs": facts.medical_needs},
        "family": family.family_params(family.letter_adults(facts.pupil_id)),
        "parents": [{"name": c.name, "relationship": c.role} for c in facts.parents],
        "emergency": [{"name": c.name, "relationship": c.role, "phone": c.phone}
                      for c in facts.emergency],
        "provider": {"name": facts.provider, "contact": facts.provider_contact,
                     "phone": facts.provider_phone, "key_worker": facts.key_worker,
                     "key_worker_phone": facts.key_worker_phone},
        "placement": {
            "sites": list(line.sites), "start_date": iso(line.start_date),
            "planned_end_date": iso(line.planned_end_date), "max_weeks": facts.max_weeks,
            "sessions": line.sessions, "attendance_code": line.attendance_code,
            "attendance_sender": line.attendance_sender, "cost_pence": line.cost_pence,
            "funding": [[stream, pence] for stream, pence in line.funding],
            "sessions_in_total": facts.sessions_in_total,
            "objectives": [o.strip() for o in line.objectives.splitlines() if o.strip()],
            "return_plan": line.return_plan, "family_agreed_on": iso(line.family_agreed_on),
            "la_notified_on": iso(line.la_notified_on), "next_review": iso(line.next_review),
            "transport": facts.transport, "english_maths": facts.english_maths,
            "notice_weeks": facts.notice_weeks, "risk_assessed_on": iso(facts.risk_assessed_on),
            # the version of our policy the placement was made under ('' the default)
            "policy_line": line.policy_line,
            # ...and the hours beyond which it calls the placement full time
            "full_time_hours": policy_of(Placement.get_by_id(placement_id)
                                         .policy_version_id).full_time_hours,
        },
        "checks": {"held": list(facts.held),
                   "outstanding": [{"code": c.code, "label": CHECKLIST.get(c.code, c.label),
                                    "problem": c.problem, "due": iso(c.due or c.expires_on)}
                                   for c in facts.outstanding]},
        "override": facts.override, "continue_reason": facts.continue_reason,
    }


def _costs(pl: dict) -> str:
    """Per session, and in total over the planned dates (school days only), by stream."""
    per = pl["cost_pence"]
    streams = ", ".join(f"{wording.text(s)} {format_money(p)}" for s, p in pl["funding"])
    line = _("{cost} per session").format(cost=format_money(per))
    if streams and len(pl["funding"]) > 1:
        line += f" ({streams})"
    count = pl.get("sessions_in_total")
    if count is None:
        return line + "<br/>" + _("No planned end date is recorded, so the total cost cannot "
                                  "be given yet.")
    total = ", ".join(f"{wording.text(s)} {format_money(p * count)}" for s, p in pl["funding"])
    line += "<br/>" + _("{n} sessions from the start to the planned end (school days only): "
                        "<b>{total} in total</b>").format(n=count, total=format_money(per * count))
    if total and len(pl["funding"]) > 1:
        line += f" ({total})"
    return line


def _child_rows(p: dict) -> list[tuple[str, str]]:
    child = p["child"]
    if child.get("ehc_plan"):
        sen = _("Education, health and care plan")
    elif child.get("sen_support"):
        sen = _("Special educational needs support")
    else:
        sen = _("None recorded")
    rows = [
        (_("Legal name"), wording.text(child["legal_name"])),
        (_("Known as"), wording.text(child["known_as"])),
        (_("Date of birth"), wording.birth_date(child.get("date_of_birth"))),
        (_("Year group"), wording.year_label(child.get("year_group"))),
        (_("UPN"), wording.text(child.get("upn"))),
        (_("Special educational needs"), sen),
        (_("Medical needs"), wording.text(child.get("medical_needs")) or ap_clauses.missing(
            _("the child's medical needs"))),
    ]
    if child.get("looked_after"):
        rows.insert(6, (_("Looked after"), _("Yes: the virtual school head is told of this "
                                            "placement.")))
    return rows


def _placement_rows(p: dict) -> list[tuple[str, str]]:
    pl = p["placement"]
    hours = hours_a_week([s for s in pl["sessions"].split(",") if s])
    kind = _("full time") if hours > pl.get("full_time_hours", FULL_TIME_HOURS) \
        else _("part time")
    end = wording.long_date(pl.get("planned_end_date"))
    dates = _("From {start} to {end}").format(start=wording.long_date(pl["start_date"]),
                                              end=end) if end else _(
        "From {start}; no planned end date is recorded").format(
        start=wording.long_date(pl["start_date"]))
    longest = _("{n} weeks at most").format(n=pl["max_weeks"]) if pl.get("max_weeks") \
        else ap_clauses.missing(_("the maximum length"))
    return [
        (_("Provider"), wording.text(p["provider"]["name"])),
        (_("Sites"), wording.text("\n".join(pl["sites"])) or ap_clauses.missing(_("the sites"))),
        (_("Dates"), dates),
        (_("Maximum length"), longest),
        (_("Hours"), _("{hours} hours a week ({kind})").format(hours=f"{hours:g}", kind=kind)),
        (_("Attendance code"), _(ATTENDANCE_CODE_LABELS[pl["attendance_code"]])),
        (_("Transport"), wording.text(pl.get("transport"))
         or ap_clauses.missing(_("how the child travels and who pays"))),
        (_("Cost"), _costs(pl)),
        (_("Family agreed"), wording.long_date(pl.get("family_agreed_on"))
         or _("not recorded")),
        (_("Local authority told"), wording.long_date(pl.get("la_notified_on"))
         or _("not recorded")),
    ]


def _story(p: dict, sheet) -> Telling:
    body = sheet["BodyText"]
    pl = p["placement"]
    story: list[Flowable] = [
        Paragraph(_("Alternative provision placement agreement"), sheet["Title"]),
        Paragraph(_("This agreement is between {school}, {provider} and {child}'s family. "
                    "{child} stays on the school's roll throughout, and the school keeps "
                    "oversight of the placement.").format(
            school=wording.text(p["school"]["name"]),
            provider=wording.text(p["provider"]["name"]), child=wording.first(p)), body),
        Paragraph(_("The child"), sheet["Heading2"]), details_table(_child_rows(p), sheet),
        Paragraph(_("The placement"), sheet["Heading2"]),
        details_table(_placement_rows(p), sheet),
        Spacer(1, 3 * mm),
        KeepTogether([Paragraph(_("The weekly schedule"), sheet["Heading2"]),
                      week_grid({s for s in pl["sessions"].split(",") if s},
                                _("<b>Provider</b>"), _("School"), sheet, TINT)]),
        Paragraph(_("Who to contact"), sheet["Heading2"]),
        details_table(ap_clauses.contacts(p), sheet),
        Paragraph(_("Objectives"), sheet["Heading2"]),
        *bullets([wording.text(o) for o in pl["objectives"]], sheet["Bullet"]),
        Paragraph(_("Returning to full-time school"), sheet["Heading2"]),
        Paragraph(wording.text(pl["return_plan"]), body),
    ]
    for number, (heading, paragraphs, items, after) in enumerate(ap_clauses.clauses(p),
                                                                  start=1):
        block: list[Flowable] = [Paragraph(f"{number}. {heading}", sheet["ClauseHeading"])]
        block += [Paragraph(t, sheet["Clause"]) for t in paragraphs]
        if items:
            block += bullets(items, sheet["ClauseBullet"])
        block += [Paragraph(t, sheet["Clause"]) for t in after]
        story.append(KeepTogether(block))
    line = p["placement"].get("policy_line", "")
    return Telling(body=story, header_text=wording.header(p, TITLE),
                   after=[Spacer(1, 3 * mm), Paragraph(wording.text(line), sheet["Small"])]
                   if line else [])


def _signatures(p: dict, sheet, languages: Sequence[str]) -> list[Flowable]:
    """One block each for the school, the provider and every parent, in every language."""
    school, provider = p["school"], p["provider"]
    signers = [
        Signer(in_languages(N_("For the school"), languages), wording.text(school["signatory"]),
               in_languages(school["signatory_title"], languages)
               if school["signatory_title"] in TITLES else
               wording.text(school["signatory_title"])),
        Signer(in_languages(N_("For the provider"), languages),
               wording.text(provider.get("key_worker") or provider.get("contact"))),
    ]
    for parent in p.get("parents") or [{"name": "", "relationship": ""}]:
        signers.append(Signer(in_languages(N_("For the family"), languages),
                              wording.text(parent["name"]),
                              _relationship(parent.get("relationship", ""), languages)))
    intro = in_languages(N_("By signing, each of us agrees to keep to this agreement."),
                         languages)
    # Everyone signs on one page: no block left alone on a page of its own.
    return [KeepTogether([Paragraph(in_languages(N_("Signatures"), languages), sheet["Heading1"]),
                          Paragraph(intro, sheet["BodyText"]),
                          *blocks(signers, sheet, languages)])]


def _relationship(relationship: str, languages: Sequence[str]) -> str:
    """"Mam / Mother": the relationship as a position, in each language when FlexiDesk
    knows the word."""
    if relationship.strip().casefold().replace("-", "") in {r.casefold() for r in RELATIONSHIPS}:
        words = in_languages(relationship.strip().lower().replace("-", ""), languages)
        return wording.text(" / ".join(part[:1].upper() + part[1:]
                                       for part in words.split(" / ")))
    return wording.text(relationship)


def render_agreement(params: dict) -> bytes:
    """The agreement from its params alone, in the letter language, signed once."""
    return render_document(params, TITLE, _story, letter=False, signatures_of=_signatures)
