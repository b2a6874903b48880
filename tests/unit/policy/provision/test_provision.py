"""The provision map's read side: current provision, review states, roles, and the view audit."""

import datetime as dt

import pytest

from flexidesk.policy.provision import pupil_page, pupil_rows, summarise
from flexidesk.policy.records.access import PermissionDenied
from flexidesk.store.models import (
    Adult,
    AuditEntry,
    Enrolment,
    EnrolmentReview,
    FamilyContact,
    Intervention,
    Pupil,
    PupilAdult,
    StaffUser,
)
from tests.engines import acting_as

TODAY = dt.date(2026, 11, 27)


def make_pupil(n, last="Ashdown", first="Nell", **kw):
    fields = dict(upn=f"A{n:012d}", legal_first_name=first, legal_last_name=last,
                  date_of_birth=dt.date(2018, 3, 4), year_group=3, class_name="Oak",
                  on_roll_date=dt.date(2022, 9, 1))
    fields.update(kw)
    return Pupil.create(**fields)


@pytest.fixture
def world(school):
    lego = Intervention.create(name="Lego Therapy", sort_order=1)
    counselling = Intervention.create(name="Counselling", confidential=True, sort_order=2)
    nurture = Intervention.create(name="Nurture Group", sort_order=3)
    nell = make_pupil(1, preferred_name="Nelly", sen_support=True, pupil_premium=True)
    omar = make_pupil(2, last="Fenwick", first="Omar", looked_after=True, ehc_plan=True)
    priya = make_pupil(3, last="Castell", first="Priya")
    gone = make_pupil(4, last="Gone", first="Lea", left_date=dt.date(2026, 7, 20))
    # Nell: Lego overdue, Nurture due in 3 days; an ended enrolment that must not count.
    lego_nell = Enrolment.create(pupil=nell, intervention=lego, start_date=dt.date(2026, 9, 7),
                                 next_review_date=dt.date(2026, 11, 20), target="Turn-taking")
    Enrolment.create(pupil=nell, intervention=nurture, start_date=dt.date(2026, 9, 7),
                     next_review_date=dt.date(2026, 11, 30))
    Enrolment.create(pupil=nell, intervention=nurture, start_date=dt.date(2025, 9, 7),
                     end_date=dt.date(2026, 3, 1), next_review_date=dt.date(2026, 1, 1))
    # Omar: only confidential counselling.
    counsel = Enrolment.create(pupil=omar, intervention=counselling,
                               start_date=dt.date(2026, 10, 1),
                               next_review_date=dt.date(2026, 12, 2))
    # Priya: Lego marked confidential on the enrolment itself, review far off.
    Enrolment.create(pupil=priya, intervention=lego, start_date=dt.date(2026, 10, 1),
                     confidential=True, next_review_date=dt.date(2027, 1, 15))
    Enrolment.create(pupil=gone, intervention=lego, start_date=dt.date(2026, 1, 5),
                     next_review_date=dt.date(2026, 2, 1))
    ben = StaffUser.get(StaffUser.username == "pastoral")
    EnrolmentReview.create(enrolment=lego_nell, review_date=dt.date(2026, 10, 16), score=1,
                           notes="Waits for her turn now", reviewed_by=ben,
                           next_review_date=dt.date(2026, 11, 20))
    mum = Adult.create(first_name="Rosa", last_name="Ashdown", title="Mrs", phone="01234 567890")
    PupilAdult.create(pupil=nell, adult=mum, relationship="mother")
    FamilyContact.create(pupil=nell, adult=mum, enrolment=lego_nell, staff=ben,
                         contact_at=dt.datetime(2026, 10, 17, 15, 30), method="phone",
                         summary="Told mum about progress")
    FamilyContact.create(pupil=omar, enrolment=counsel, staff=ben,
                         contact_at=dt.datetime(2026, 10, 2, 9, 0), method="meeting",
                         summary="Counselling consent")
    return dict(nell=nell, omar=omar, priya=priya, gone=gone)


def by_id(rows):
    return {r.id: r for r in rows}


def test_rows_hold_current_provision_and_the_earliest_review(world, pastoral):
    rows = by_id(pupil_rows(pastoral, TODAY))
    assert world["gone"].id not in rows  # left the roll
    nell = rows[world["nell"].id]
    assert nell.name == "Nelly Ashdown"
    assert nell.interventions == ("Lego Therapy", "Nurture Group")
    assert nell.next_review == dt.date(2026, 11, 20)
    assert nell.overdue and not nell.due_soon
    assert nell.flags == ("SEN", "PP")
    assert rows[world["omar"].id].flags == ("EHCP", "LAC")
    assert rows[world["omar"].id].due_soon  # 2 December is within 7 days
    assert not rows[world["priya"].id].due_soon and not rows[world["priya"].id].overdue


def test_office_never_sees_confidential_provision(world, office, pastoral):
    rows = by_id(pupil_rows(office, TODAY))
    assert rows[world["omar"].id].interventions == ()
    assert rows[world["omar"].id].next_review is None
    assert rows[world["priya"].id].interventions == ()
    assert by_id(pupil_rows(pastoral, TODAY))[world["omar"].id].interventions == ("Counselling",)
    page = pupil_page(office, world["omar"].id, TODAY)
    assert page.enrolments == ()
    assert page.contacts == ()  # the contact was about the confidential provision


def test_summary_counts(world, head):
    summary = summarise(pupil_rows(head, TODAY))
    assert (summary.pupils, summary.with_provision, summary.overdue, summary.due_soon) == (3, 3, 1, 1)


def test_governor_may_not_list_pupils(world, governor):
    with pytest.raises(PermissionDenied):
        pupil_rows(governor, TODAY)
    with pytest.raises(PermissionDenied):
        pupil_page(governor, world["nell"].id, TODAY)


def test_page_shows_enrolments_reviews_contacts_and_audits_the_view(world, pastoral):
    before = AuditEntry.select().count()
    with acting_as("pastoral"):
        page = pupil_page(pastoral, world["nell"].id, TODAY)
    assert [e.intervention for e in page.enrolments] == ["Lego Therapy", "Nurture Group",
                                                         "Nurture Group"]
    assert [e.current for e in page.enrolments] == [True, True, False]
    lego = page.enrolments[0]
    assert lego.overdue and lego.target == "Turn-taking"
    assert lego.reviews[0].notes == "Waits for her turn now"
    assert lego.reviews[0].reviewed_by == "Ben Marsh"
    assert page.contacts[0].summary == "Told mum about progress"
    assert page.contacts[0].regarding == "Lego Therapy"
    assert page.adults[0].name == "Mrs Rosa Ashdown"
    entries = list(AuditEntry.select().where(AuditEntry.id > before))
    assert [(e.action, e.pupil_id, e.username) for e in entries] == [
        ("view.pupil", world["nell"].id, "pastoral")]


def test_office_page_hides_review_notes_and_contact_summaries(world, office):
    page = pupil_page(office, world["nell"].id, TODAY)
    assert page.enrolments[0].reviews[0].score == 1
    assert page.enrolments[0].reviews[0].notes is None
    assert page.contacts[0].summary is None


def test_rows_for_many_pupils_take_few_queries(school, head, database):
    lego = Intervention.create(name="Lego Therapy")
    Pupil.insert_many([dict(upn=f"B{n:012d}", legal_first_name="Kit", legal_last_name=f"P{n}",
                            date_of_birth=dt.date(2019, 1, 1), year_group=n % 7,
                            on_roll_date=dt.date(2023, 9, 1)) for n in range(500)]).execute()
    Enrolment.insert_many([dict(pupil=pid, intervention=lego.id, start_date=dt.date(2026, 9, 1),
                                next_review_date=dt.date(2026, 12, 1))
                           for pid in range(1, 500, 5)]).execute()
    queries = []
    original = database.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        queries.append(sql)
        return original(sql, params, *args, **kwargs)

    database.execute_sql = counting
    try:
        rows = pupil_rows(head, TODAY)
    finally:
        del database.execute_sql
    assert len(rows) == 500
    assert sum(1 for r in rows if r.interventions) == 100
    # The list's one "viewed" row, not one a child: a file's (its chain's head, then the
    # insert), or a server's (flexidesk.note, which writes it).
    noted = [q for q in queries if '"audit_entry"' in q or "flexidesk.note(" in q]
    reads = [q for q in queries if q not in noted]
    assert len(reads) <= 3
    assert sum(1 for q in noted if q.startswith('INSERT INTO "audit_entry"')
               or "flexidesk.note(" in q) == 1


# --- the write path ---------------------------------------------------------------------------


def test_recording_a_review_moves_the_next_review_and_is_audited(world, pastoral):
    from flexidesk.policy.provision import record_review

    nell = world["nell"]
    lego = Enrolment.get((Enrolment.pupil == nell) & (Enrolment.next_review_date.is_null(False))
                         & Enrolment.end_date.is_null())
    review = record_review(pastoral, lego.id, TODAY, 2, "  Leads the group now ", today=TODAY)
    assert (review.score, review.notes, review.reviewed_by_id) == (2, "Leads the group now",
                                                                   pastoral.user_id)
    assert review.next_review_date == TODAY + dt.timedelta(weeks=6)
    assert Enrolment.get_by_id(lego.id).next_review_date == TODAY + dt.timedelta(weeks=6)
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.pupil_id == nell.id)]
    assert actions[-2:] == ["review.create", "enrolment.next_review"]
    row = by_id(pupil_rows(pastoral, TODAY))[nell.id]
    assert not row.overdue  # Nurture (30 Nov) is now the earliest
    assert row.next_review == dt.date(2026, 11, 30)


@pytest.mark.parametrize("kwargs, message", [
    (dict(score=3), "Choose a score"),
    (dict(review_date=TODAY + dt.timedelta(days=1)), "future"),
    (dict(review_date=dt.date(2026, 9, 1)), "before the provision started"),
    (dict(next_review_date=TODAY), "must come after"),
])
def test_nonsense_reviews_are_refused_and_nothing_is_saved(world, pastoral, kwargs, message):
    from flexidesk.policy.provision import record_review
    from flexidesk.policy.records.access import PolicyError

    lego = Enrolment.get((Enrolment.pupil == world["nell"]) & Enrolment.end_date.is_null()
                         & (Enrolment.next_review_date == dt.date(2026, 11, 20)))
    args = dict(review_date=TODAY, score=1)
    args.update(kwargs)
    before = EnrolmentReview.select().count()
    with pytest.raises(PolicyError, match=message):
        record_review(pastoral, lego.id, today=TODAY, **args)
    assert EnrolmentReview.select().count() == before
    assert Enrolment.get_by_id(lego.id).next_review_date == dt.date(2026, 11, 20)


def test_office_may_neither_review_nor_log_contacts(world, office):
    from flexidesk.policy.provision import log_contact, record_review

    enrolment = Enrolment.select().first()
    with pytest.raises(PermissionDenied):
        record_review(office, enrolment.id, TODAY, 1, today=TODAY)
    with pytest.raises(PermissionDenied):
        log_contact(office, world["nell"].id, dt.datetime(2026, 11, 27, 9), "phone", "Hello")


def test_logging_a_contact(world, pastoral):
    from flexidesk.policy.provision import log_contact
    from flexidesk.policy.records.access import PolicyError

    nell = world["nell"]
    mum = PupilAdult.get(PupilAdult.pupil == nell).adult_id
    now = dt.datetime(2026, 11, 27, 16, 0)
    contact = log_contact(pastoral, nell.id, dt.datetime(2026, 11, 27, 15, 42, 31), "meeting",
                          " Talked at pick-up ", adult_id=mum, now=now)
    assert (contact.summary, contact.staff_id) == ("Talked at pick-up", pastoral.user_id)
    assert contact.contact_at == dt.datetime(2026, 11, 27, 15, 42)
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (entry.action, entry.pupil_id) == ("contact.create", nell.id)
    omar_counselling = Enrolment.get(Enrolment.pupil == world["omar"])
    with pytest.raises(PolicyError, match="another child"):
        log_contact(pastoral, nell.id, now, "phone", "x", enrolment_id=omar_counselling.id,
                    now=now)
    with pytest.raises(PolicyError, match="summary"):
        log_contact(pastoral, nell.id, now, "phone", "   ", now=now)
    with pytest.raises(PolicyError, match="not linked"):
        log_contact(pastoral, world["omar"].id, now, "phone", "x", adult_id=mum, now=now)


def test_starting_provision_sets_the_first_review_and_is_audited(world, pastoral):
    from flexidesk.policy.provision import enrol

    priya = world["priya"]
    nurture = Intervention.get(Intervention.name == "Nurture Group")
    nurture.staff_lead = "Mrs Tindall"
    nurture.save()
    with acting_as("pastoral"):
        enrolment = enrol(pastoral, priya.id, nurture.id, TODAY, "  Joins in at circle time ",
                          entry_data="Stays at the edge", today=TODAY)
    saved = Enrolment.get_by_id(enrolment.id)
    assert (saved.target, saved.entry_data, saved.staff) == (
        "Joins in at circle time", "Stays at the edge", "Mrs Tindall")
    assert saved.next_review_date == TODAY + dt.timedelta(weeks=6)  # the catalogue's interval
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (last.action, last.pupil_id, last.username) == ("enrolment.create", priya.id,
                                                           "pastoral")
    row = by_id(pupil_rows(pastoral, TODAY))[priya.id]
    assert "Nurture Group" in row.interventions


@pytest.mark.parametrize("change, message", [
    (dict(target="  "), "Write the target"),
    (dict(who="nell", what="Lego Therapy"), "already in Lego Therapy"),
    (dict(who="gone"), "left the school"),
    (dict(next_review_date=TODAY), "first review must come after"),
    (dict(start_date=TODAY + dt.timedelta(days=400)), "more than a year away"),
])
def test_nonsense_enrolments_are_refused_and_nothing_is_saved(world, pastoral, change, message):
    from flexidesk.policy.provision import enrol
    from flexidesk.policy.records.access import PolicyError

    change = dict(change)  # the parameters are shared with every run (tests/server runs it too)
    who = world[change.pop("who", "priya")]
    what = Intervention.get(Intervention.name == change.pop("what", "Nurture Group"))
    args = dict(start_date=TODAY, target="Joins in")
    args.update(change)
    before = (Enrolment.select().count(), AuditEntry.select().count())
    with pytest.raises(PolicyError, match=message):
        enrol(pastoral, who.id, what.id, today=TODAY, **args)
    assert (Enrolment.select().count(), AuditEntry.select().count()) == before


def test_confidential_provision_is_offered_and_allowed_only_to_those_who_may_see_it(
        world, pastoral, office):
    from flexidesk.policy.provision import enrol, intervention_choices

    assert "Counselling" in [c.name for c in intervention_choices(pastoral)]
    assert "Counselling" not in [c.name for c in intervention_choices(office)]
    counselling = Intervention.get(Intervention.name == "Counselling")
    with pytest.raises(PermissionDenied):  # the office may not edit provision at all
        enrol(office, world["priya"].id, counselling.id, TODAY, "Talks about worries",
              today=TODAY)
    enrolment = enrol(pastoral, world["priya"].id, counselling.id, TODAY, "Talks about worries",
                      today=TODAY)
    assert Enrolment.get_by_id(enrolment.id).confidential


def test_ending_provision_stops_its_reviews_and_cannot_happen_twice(world, pastoral):
    from flexidesk.policy.provision import end_enrolment
    from flexidesk.policy.records.access import PolicyError

    nell = world["nell"]
    lego = Enrolment.get((Enrolment.pupil == nell) & Enrolment.end_date.is_null()
                         & (Enrolment.next_review_date == dt.date(2026, 11, 20)))
    with pytest.raises(PolicyError, match="before it started"):
        end_enrolment(pastoral, lego.id, dt.date(2026, 9, 1), today=TODAY)
    end_enrolment(pastoral, lego.id, dt.date(2026, 11, 26), exit_data="Takes turns unprompted",
                  today=TODAY)
    saved = Enrolment.get_by_id(lego.id)
    assert (saved.end_date, saved.exit_data, saved.next_review_date) == (
        dt.date(2026, 11, 26), "Takes turns unprompted", None)
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().action == "enrolment.end"
    page = pupil_page(pastoral, nell.id, TODAY)
    line = next(e for e in page.enrolments if e.id == lego.id)
    assert not line.current
    row = by_id(pupil_rows(pastoral, TODAY))[nell.id]
    assert "Lego Therapy" not in row.interventions and not row.overdue
    with pytest.raises(PolicyError, match="already ended"):
        end_enrolment(pastoral, lego.id, TODAY, today=TODAY)
