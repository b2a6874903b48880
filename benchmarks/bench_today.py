"""Today, the grid, the governors' report and family letters for a 2,000-pupil school."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from benchmarks.common import Figure, best_of

PUPILS = 2_000
LETTERS = 500


def run() -> list[Figure]:
    """Seed a plain demo school and time Today (each role) and the governors' report."""
    home = os.environ.get("FLEXIDESK_HOME")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["FLEXIDESK_HOME"] = str(Path(folder) / "home")
        try:
            return _measure(Path(folder))
        finally:
            if home is None:
                os.environ.pop("FLEXIDESK_HOME", None)
            else:
                os.environ["FLEXIDESK_HOME"] = home


def _measure(folder: Path) -> list[Figure]:
    from flexidesk.demo import seed_demo
    from flexidesk.documents.governor_report import render_report
    from flexidesk.documents.provision_letter import render_review_letter, review_letter_params
    from flexidesk.policy.provision.grid import provision_grid
    from flexidesk.policy.provision.letters import issue_review_letters
    from flexidesk.policy.records.access import Actor
    from flexidesk.policy.records.reports import anonymised_report
    from flexidesk.policy.today import today_items
    from flexidesk.store import close_database, open_database
    from flexidesk.store.models import EnrolmentReview, Intervention, StaffUser

    path = folder / "demo.db"
    seed_demo(path, pupils=PUPILS, encrypted=False)
    database = open_database(path)
    try:
        def actor(role: str) -> Actor:
            return Actor.from_user(StaffUser.get(StaffUser.role == role))

        head, governor = actor("headteacher"), actor("governor")
        pastoral = actor("pastoral_lead")
        today = dt.date.today()
        build = best_of(lambda: today_items(head, today), 5)
        report = best_of(lambda: render_report(anonymised_report(governor, today)), 3)
        while Intervention.select().where(Intervention.active).count() < 12:  # the issue's 12
            n = Intervention.select().count() + 1
            Intervention.create(name=f"Bench club {n}", sort_order=n)
        interventions = Intervention.select().where(Intervention.active).count()
        grid = best_of(lambda: provision_grid(head, today), 5)
        reviews = [r for (r,) in EnrolmentReview.select(EnrolmentReview.id)
                   .order_by(EnrolmentReview.id).limit(LETTERS).tuples()]
        params = [review_letter_params(pastoral, r) for r in reviews]

        def letters() -> None:
            pdfs = [render_review_letter(p) for p in params]
            issue_review_letters(pastoral, list(zip(reviews, pdfs, params, strict=True)),
                                 document_date=today)

        letters_s = best_of(letters, 1)
    finally:
        database.close()
        close_database()
    return [
        Figure(f"Today: build the Headteacher's list at {PUPILS:,} pupils", build * 1000, "ms",
               limit=100.0),
        Figure(f"governors' report: read and render at {PUPILS:,} pupils", report, "s",
               limit=1.0),
        Figure(f"grid: {PUPILS:,} pupils by {interventions} interventions", grid * 1000, "ms",
               limit=100.0),
        Figure(f"family letters: render and record {len(params)} review letters", letters_s, "s",
               limit=10.0),
    ]
