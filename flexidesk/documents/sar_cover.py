"""The letter that goes with a subject access reply: what UK GDPR Article 15 says a family must
be told with a copy of the data (the purposes, the kinds of data, who receives it, how long it
is kept, where it came from, that no decision is made by a computer alone, the family's rights,
and how to complain to the Information Commissioner), in the school's words, not the law's."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from flexidesk.i18n import _, format_date, ngettext

#: The Information Commissioner's Office, as it asks to be contacted with a complaint.
ICO_WEB = "ico.org.uk/make-a-complaint"
ICO_PHONE = "0303 123 1113"
ICO_POST = "Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF"


def _retention(cover: dict) -> list[list[str]]:
    """(records, kept for, counted from) for each kind: the period and its start apart, so that
    neither language has to join them mid-phrase."""
    from flexidesk.policy.records.retention import COUNTED_FROM_LABELS

    rows = []
    for r in cover["retention"]:
        start = _(COUNTED_FROM_LABELS.get(r["counted_from"], r["counted_from"]))
        rows.append([_(r["kind"]),
                     ngettext("{n} year", "{n} years", r["years"]).format(n=r["years"]),
                     start[:1].upper() + start[1:]])
    return rows


def _recipients(cover: dict) -> list[str]:
    first = cover["child_first"]
    found = [_("Members of staff whose work needs it, each signing in with their own account; "
               "every time one of them opens or changes the records is logged.")]
    if cover["providers"]:
        found.append(_("The alternative provision providers {child} attends or attended: "
                       "{providers}.").format(child=first,
                                              providers=", ".join(cover["providers"])))
    if cover["local_authority"]:
        found.append(_("{authority}, the local authority, when the school tells it of a "
                       "placement or a flexi-schooling arrangement, as the law and the "
                       "authority ask.").format(authority=cover["local_authority"]))
    found.append(_("The governing body, which sees only numbers in which no child is named."))
    return found


def cover_story(pack: dict, b) -> list[Flowable]:
    """The covering letter, in the language in force (``b`` is the pack's ``Builder``)."""
    cover, withheld = pack["cover"], pack["withheld"]
    child, first = cover["child"], cover["child_first"]
    body, h2 = b.body, b.h2
    # Day, month and year, no weekday: the date follows a preposition in the Welsh.
    received = format_date(dt.date.fromisoformat(cover["received_on"]), "d MMMM y")
    story: list[Flowable] = [
        b.p(_("Dear {names},").format(names=cover["dear"])),
        b.p(_("Your request for the records we hold about {child}").format(child=child),
            b.sheet["Reference"]),
        b.p(_("Thank you for your request, which reached us on {date}, for a copy of the "
              "information the school holds about {child}. With this letter is a copy of every "
              "record about {first} kept in FlexiDesk, the system the school uses for support "
              "in school, alternative provision and flexi-schooling. The same records come as "
              "a data file (JSON) too, for anyone who would like them in a form a computer "
              "can read.").format(date=received, child=child, first=first), body),
        b.p(_("Why we hold this information"), h2),
        b.p(_("We use it to plan, give and review the support {first} receives in school; to "
              "arrange and oversee any education {first} receives away from school; to "
              "consider requests for flexi-schooling and run any arrangement agreed; to keep "
              "in touch with the family; and to keep {first} safe. The school does this as "
              "part of its public task of educating and safeguarding the children on its "
              "roll.").format(first=first), body),
        b.p(_("What the records contain"), h2),
        b.p(_("Details about {first} (names, date of birth, year group and class, and any "
              "special educational needs support or plan); the family's names and contact "
              "details; the support given in school and its reviews; contacts with the family; "
              "alternative provision placements; flexi-schooling requests and decisions; the "
              "letters the school sent; and a list of every time a member of staff opened or "
              "changed the records.").format(first=first), body),
        b.p(_("Who receives it"), h2),
        *[b.bullet(line) for line in _recipients(cover)],
        b.p(_("Where it came from"), h2),
        b.p(_("From the family, from the school's pupil records, from the staff who work with "
              "{first}, and from any provider {first} attends. No decision about {first} is "
              "made by a computer alone: each decision in the records was made by a member of "
              "staff.").format(first=first), body),
        b.p(_("How long we keep it"), h2),
        *b.grid([_("Records"), _("Kept for"), _("Counted from")], _retention(cover),
                [78, 24, 68]),
        Spacer(1, 2 * mm),
        b.p(_("What we have withheld"), h2),
        b.p(ngettext(
            "We have withheld {n} passage, because it is about someone else or because the "
            "law allows the school to withhold it. Its place is marked in the records, with "
            "the reason, and the last page lists it.",
            "We have withheld {n} passages, because they are about someone else or because "
            "the law allows the school to withhold them. Each place is marked in the records, "
            "with the reason, and the last page lists them.", len(withheld)).format(
                n=len(withheld)) if withheld else _("We have withheld nothing."), body),
        b.p(_("Your rights"), h2),
        b.p(_("If anything in the records is wrong or incomplete, you may ask us to correct it. "
              "You may also ask us to delete information or to limit how we use it, and you "
              "may object to how we use it; we will tell you what we can do, and why. Please "
              "write to the school at the address at the top of this letter."), body),
    ]
    # The last heading inside the block: ReportLab keeps a heading with the flowable after
    # it, but not with a KeepTogether.
    ending = [
        b.p(_("If you are not satisfied"), h2),
        b.p(_("Please tell us first, so that we can try to put it right. You may also complain "
              "to the Information Commissioner's Office, the independent regulator for data "
              "protection: online at {web}, by telephone on {phone}, or by post to the "
              "Information Commissioner's Office, {post}.").format(
                  web=ICO_WEB, phone=ICO_PHONE, post=ICO_POST), body),
        Spacer(1, 2), b.p(_("Yours sincerely,"), body), Spacer(1, 10 * mm),
        b.p(cover["signatory"], b.sheet["Signature"]),
    ]
    title = cover.get("signatory_title") or "Headteacher"
    ending.append(b.p(_(title), b.sheet["Signature"]))  # "Headteacher" reads "Pennaeth"
    story.append(KeepTogether(ending))
    return story
