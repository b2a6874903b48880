"""A fictional family with every kind of document a family or the office receives, made through
the policy's own actions: for the matrix of kinds x scripts x languages, and for looking at.

``documents(world, head)`` gives (kind, params) for every family document kind; each family
can be named in Latin, Arabic or Chinese script.
"""

from __future__ import annotations

import datetime as dt

from flexidesk.documents.render import build_params
from flexidesk.policy import flexi
from flexidesk.policy.providers import (
    add_provider,
    add_site,
    checklist_template,
    commission_placement,
    record_due_diligence,
    review_placement,
    set_agreement_details,
)
from flexidesk.policy.provision.actions import record_review
from flexidesk.store.models import (
    Adult,
    Enrolment,
    EnrolmentReview,
    Intervention,
    Pupil,
    PupilAdult,
    School,
)
from tests.unit.documents import flexi_data as fd

D = dt.date

#: Families' names as they write them (fictional): child given and family name, then the
#: parents (title, given, family); the second parent lives at another address.
FAMILIES = {
    "latin": (("Zofia", "Wójcik"), ("Mrs", "Anna", "Wójcik"), ("Mr", "Tomasz", "Wójcik")),
    "arabic": (("يوسف", "حداد"), ("Mrs", "سلمى", "حداد"), ("Mr", "عمر", "حداد")),
    "chinese": (("小龙", "王"), ("Mrs", "丽", "李"), ("Mr", "伟", "王")),
}


def names_in(script: str) -> list[str]:
    """The names a reader must find in every document for ``script``'s family: the child's
    given name and each parent's family name (each as the documents write them)."""
    child, mum, dad = FAMILIES[script]
    return [child[0], mum[2], dad[2]]


def make_family(script: str, upn: str = "T000000000301"):
    """The child and two parents at two addresses, both with parental responsibility."""
    (given, surname), mum_name, dad_name = FAMILIES[script]
    pupil = Pupil.create(upn=upn, legal_first_name=given, legal_last_name=surname,
                         date_of_birth=D(2018, 3, 4), year_group=3, class_name="Kestrels",
                         on_roll_date=D(2022, 9, 1))
    mum = Adult.create(title=mum_name[0], first_name=mum_name[1], last_name=mum_name[2],
                       phone="01632 960 201", address="4 Willow Row\nMillbridge",
                       postcode="MB2 3EF")
    dad = Adult.create(title=dad_name[0], first_name=dad_name[1], last_name=dad_name[2],
                       phone="01632 960 202", address="Flat 2\n9 Station Road\nMillbridge",
                       postcode="MB4 8GH")
    PupilAdult.create(pupil=pupil, adult=mum, relationship="mother", priority=1)
    PupilAdult.create(pupil=pupil, adult=dad, relationship="father", priority=2)
    return pupil, mum, dad


def make_world(head, script: str = "arabic") -> dict:
    """Every document's record for one family: flexi (invited, agreed and ended on notice),
    a provision review that ended the provision, and an AP placement with a review."""
    fd.dress_school()
    School.update(dsl_name="Mrs Ffion Hale", dsl_phone="01632 960 150").execute()
    pupil, mum, dad = make_family(script)
    agreed = fd.to_considered(head, pupil, [mum, dad],
                              ratings={"continuity": "supports", "outcomes": "supports",
                                       "resources": "concern"})
    flexi.decide(head, agreed.id, outcome="agreed", decided_on=D(2026, 11, 19),
                 today=D(2026, 11, 19), reasons="A trial of one day a week at home suits the family's plans.")
    flexi.issue_letter(head, agreed.id, kind="flexi_decision", pdf=b"%PDF-1.4 letter",
                       params={}, document_date=D(2026, 11, 19))
    flexi.draft_agreement(
        head, agreed.id, start_date=D(2026, 12, 4), home_sessions=["fri_am", "fri_pm"],
        first_review_date=D(2027, 2, 26), home_educator=mum.full_name,
        special_terms="Joins the class for Friday assemblies when parents are invited.",
        parties=[("staff", head.user_id), ("adult", mum.id), ("adult", dad.id),
                 ("pupil", None)])
    for party in flexi.request_detail(head, agreed.id).parties:
        flexi.record_signature(head, party.id, signed_on=D(2026, 11, 25))
    flexi.end_arrangement(head, agreed.id, ended_on=D(2027, 1, 8), reason="notice_school",
                          notice_given_on=D(2026, 12, 30), today=D(2027, 1, 4),
                          short_notice_reason="The pattern no longer fits the class's week.")
    invited = flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[mum.id, dad.id],
                                    received_on=D(2026, 11, 2), sessions=["mon_pm"],
                                    reasons="Learning outdoors.")
    flexi.arrange_meeting(head, invited.id, meeting_date=D(2026, 11, 24),
                          meeting_time=dt.time(9, 15), place="Room 4")
    games = Intervention.get_or_none(Intervention.name == "Games Club") or \
        Intervention.create(name="Games Club", description="Board games at lunchtime")
    enrolment = Enrolment.create(pupil=pupil, intervention=games, start_date=D(2026, 9, 7),
                                 target="Take turns and lose well", staff="Mr Reed",
                                 next_review_date=D(2026, 11, 20))
    review = record_review(head, enrolment.id, D(2026, 11, 20), -2, "Not settling",
                           D(2027, 1, 8), today=D(2026, 11, 30))
    provider = add_provider(head, "Hilltop Farm Learning", today=D(2026, 11, 2))
    site = add_site(head, provider.id, "Lower Meadow yard", postcode="KX2 3AQ")
    placement = commission_placement(
        head, pupil.id, provider.id, site_ids=[site.id], start_date=D(2026, 11, 2),
        planned_end_date=D(2027, 1, 29), max_weeks=16, sessions=["tue_am", "thu_am"],
        attendance_code="B", attendance_sender="Farm office",
        funding=[("Pupil premium", 4000), ("School budget", 500)],
        objectives="Attend every session\nLead one task with the animals",
        return_plan="One more afternoon in class each half term.",
        family_agreed_on=D(2026, 10, 28), override_reason="The nearest farm the family can "
        "reach; checks to follow by December.", checks_due_on=D(2026, 12, 18),
        primary_reason="behaviour", today=D(2026, 11, 2))
    review_placement(head, placement.id, D(2026, 11, 24), 1, attendance_percent=92,
                     family_feedback_on=D(2026, 11, 25), family_feedback="Leads the feeding "
                     "round on Thursdays.", family_told_how="phone", today=D(2026, 11, 30))
    return {"pupil": pupil, "mum": mum, "dad": dad, "agreed": agreed, "invited": invited,
            "review": review, "placement": placement, "provider": provider, "site": site}


def ready_provider(head, world) -> None:
    """Every check held at the world's provider, and the agreement's own details recorded."""
    for item in checklist_template():
        record_due_diligence(head, world["provider"].id, item.code, "held",
                             evidence="Seen on visit", checked_on=D(2026, 11, 20),
                             today=D(2026, 11, 30))
    set_agreement_details(head, world["placement"].id, key_worker="Jo Penrose",
                          key_worker_phone="01632 960 400",
                          transport="Taxi booked by the school, paid from the school budget.",
                          medical_needs="Mild asthma: inhaler in the bag.",
                          english_maths="Daily phonics and maths in class on the other days.",
                          notice_weeks=2, risk_assessed_on=D(2026, 10, 30),
                          today=D(2026, 11, 30))


#: Every kind of document a family (or, for the register, the office) receives.
FAMILY_KINDS = ("flexi_invitation", "flexi_decision", "flexi_agreement", "flexi_end",
                "provision_review_letter", "ap_placement_agreement", "ap_feedback_letter", "ap_register")


LETTER_DAY = D(2026, 11, 30)


def params_of(kind: str, world: dict, head, day: dt.date = LETTER_DAY) -> dict:
    """The params of ``kind`` for the world's family, read now."""
    if kind == "flexi_invitation":
        return build_params(head, kind, request_id=world["invited"].id, letter_date=day)
    if kind.startswith("flexi_"):
        return build_params(head, kind, request_id=world["agreed"].id, letter_date=day)
    if kind == "provision_review_letter":
        return build_params(head, kind, review_id=world["review"].id, letter_date=day)
    if kind == "ap_register":
        return build_params(head, kind, today=day)
    return build_params(head, kind, placement_id=world["placement"].id, today=day)


def reviews(world) -> list[int]:
    """The world's provision reviews (for the batch)."""
    return [r.id for r in EnrolmentReview.select().where(
        EnrolmentReview.enrolment.in_([e.id for e in Enrolment.select().where(
            Enrolment.pupil == world["pupil"])]))]
