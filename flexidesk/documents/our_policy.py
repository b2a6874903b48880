"""File > Print our policy in brief: the rules in force on one page a language (English,
Welsh, or both with the Welsh first), for the school's website and for families."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from flexidesk.documents.compose import letterhead as _letterhead
from flexidesk.documents.flexi_letters import LETTER_LOCALES, school_params
from flexidesk.documents.fonts import Paragraph
from flexidesk.documents.pieces import bullets as _bullets
from flexidesk.documents.styles import stylesheet
from flexidesk.documents.templates import Copy, PageSetup, Part, build_copies
from flexidesk.i18n import N_, _, format_date, ngettext, using_locale
from flexidesk.policy import ourpolicy
from flexidesk.policy.ourpolicy.rules import AP_REVIEW_RHYTHMS
from flexidesk.policy.records.access import Actor, require

TITLE = N_("Our flexi-schooling and alternative provision policy in brief")


def brief_params(actor: Actor, today: dt.date, language: str) -> dict:
    """The policy in force ``today`` and the school's letterhead, as JSON values."""
    require(actor, "document.print")
    policy = ourpolicy.in_force(today)
    return {"language": language, "school": school_params(),
            "policy": policy.as_params(), "today": today.isoformat()}


def _story(p: dict, sheet) -> list[Flowable]:
    policy = ourpolicy.OurPolicy.from_params(p.get("policy"))
    body = sheet["BodyText"]
    school = escape(p["school"]["name"])
    if policy.version_id is None:
        status = _("These are the rules FlexiDesk keeps by default; the governing body has not "
                   "adopted a version of its own yet.")
    else:
        status = policy.made_under()
    if policy.meeting_required:
        asking = [
            _("A family may ask for their child to learn at home for part of the week. The "
              "Headteacher first meets the family{stand_in}.").format(
                stand_in=_(" (or {who} does)").format(
                    who=escape(policy.flexi["meeting_stand_in"]))
                if policy.flexi["meeting_stand_in"] else ""),
            _("The Headteacher decides within {deadline} of the meeting and writes to the "
              "family. There is no appeal against the decision.").format(
                deadline=escape(policy.deadline_words()))]
    else:
        asking = [
            _("A family may ask in writing for their child to learn at home for part of the "
              "week."),
            _("The Headteacher decides within {deadline} of receiving the request and writes "
              "to the family. There is no appeal against the decision.").format(
                deadline=escape(policy.deadline_words()))]
    flexi = [
        *asking,
        ngettext("A child spends at least {n} session a week in school.",
                 "A child spends at least {n} sessions a week in school.",
                 policy.fewest_sessions_in_school).format(n=policy.fewest_sessions_in_school),
        _("An arrangement is reviewed about every {weeks} weeks, and either side gives {notice} "
          "weeks' notice to end it.").format(weeks=policy.review_weeks,
                                             notice=policy.notice_weeks),
    ]
    if policy.governing_body_rule:
        flexi.append(_("The governing body asks that, where a child's needs can be met in "
                       "school or through provision the school arranges, they are met that "
                       "way; agreement is expected to be rare."))
    ap = policy.body["ap"]
    provision = [
        _("The school arranges alternative provision with the family, checks each provider "
          "first and keeps oversight of every placement."),
        _("Each placement is reviewed with the provider {rhythm}.").format(
            rhythm=_(AP_REVIEW_RHYTHMS[ap["review_every"]])),
        _("More than {hours} hours a week away from school counts as full time.").format(
            hours=ap["full_time_hours"]),
    ]
    if ap["family_agrees_in_writing"]:
        provision.append(_("The family agrees to each placement in writing."))
    story: list[Flowable] = [Paragraph(_(TITLE), sheet["Title"]),
                             Paragraph(escape(status), sheet["Small"]), Spacer(1, 3 * mm),
                             Paragraph(_("Flexi-schooling at {school}").format(school=school),
                                       sheet["Heading2"]), *_bullets(flexi, sheet["Bullet"]),
                             Paragraph(_("What the Headteacher weighs"), sheet["Heading2"]),
                             *_bullets([escape(label) for label in
                                        policy.considerations().values()], sheet["Bullet"]),
                             Paragraph(_("Alternative provision"), sheet["Heading2"]),
                             *_bullets(provision, sheet["Bullet"])]
    if policy.next_review is not None:
        story += [Spacer(1, 3 * mm), Paragraph(_("Next reviewed by the governing body by "
                                                 "{date}.").format(
            date=format_date(policy.next_review)), body)]
    return story


def render_brief(params: dict) -> bytes:
    """The PDF: one page in each of the params' languages (Welsh first when both), each
    page with its own language's running header and page word."""
    sheet = stylesheet()
    head = _letterhead(params["school"])
    languages = (params.get("language") or "en").split("+")
    parts, titles = [], []
    for language in languages:
        with using_locale(LETTER_LOCALES.get(language, "en_GB")):
            titles.append(_(TITLE))
            parts.append(Part(_story(params, sheet), language, titles[-1]))
    with using_locale(LETTER_LOCALES.get(languages[0], "en_GB")):
        return build_copies(PageSetup(letterhead=head, title=" / ".join(titles),
                                      header_text=titles[0]), [Copy((), parts)])
