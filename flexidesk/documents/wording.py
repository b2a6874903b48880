"""What the flexi-schooling documents say: plain, warm sentences, apart from their layout.

Each function takes a document's params (see ``flexi_params.build_flexi_params``) and
returns Paragraph markup. Every value that came from a person (names, notes, places) is
escaped here with ``text()``, so nobody's typing can break or change the markup. Messages
are filled the Welsh way in a Welsh letter (``i18n.welsh``): "ar ddydd Llun", "dod ag Emre".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from flexidesk.documents.params import title_words
from flexidesk.i18n import N_, current_locale, format_date, format_long_date, format_time
from flexidesk.i18n.welsh import Mutable, ngettext, pgettext
from flexidesk.i18n.welsh import gettext as _
from flexidesk.policy.ourpolicy import OurPolicy
from flexidesk.policy.vocabulary import FACTORS, YEAR_LABELS, describe_sessions

CAPACITY_LABELS = {
    "headteacher": N_("Headteacher"),
    "parent": N_("Parent"),
    "carer": N_("Carer"),
    "guardian": N_("Guardian"),
    "pupil": N_("Pupil"),
    "home_educator": N_("Home educator"),
}


# --- small helpers -------------------------------------------------------------------------


def text(value) -> str:
    """User text made safe for Paragraph markup; line breaks kept as line breaks."""
    return "<br/>".join(escape(line) for line in str(value or "").strip().splitlines())


def long_date(iso: str | None) -> str:
    """An ISO date from params as a letter writes it ('Friday 27 November 2026'); in Welsh,
    mid-sentence, "dydd" in lower case and mutated after "ar", "o" and "i"."""
    return Mutable(format_long_date(dt.date.fromisoformat(iso))) if iso else ""


def birth_date(iso: str | None) -> str:
    """A date of birth as a letter writes it ('4 March 2018'): no weekday."""
    return format_date(dt.date.fromisoformat(iso), "long") if iso else ""


def numeric_date(iso: str | None) -> str:
    """An ISO date as digits, the same in every language ("25/11/2026"): for a signature
    block that serves a bilingual document's two languages at once."""
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def short_time(value: str | None) -> str:
    """An 'HH:MM' time from params as a letter writes it: '3.30pm' in English."""
    if not value:
        return ""
    moment = dt.time.fromisoformat(value)
    if not current_locale().startswith("en"):
        return format_time(moment)
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}.{moment.minute:02d}{suffix}" if moment.minute else f"{hour}{suffix}"


def capacity_label(code: str) -> str:
    """A party's capacity in words ('parent' -> 'Parent'); unknown codes shown as typed."""
    return _(CAPACITY_LABELS[code]) if code in CAPACITY_LABELS else (code or "").capitalize()


def year_label(year_group) -> str:
    """'Year 3', 'Reception'..."""
    return _(YEAR_LABELS.get(year_group, "")) if year_group is not None else ""


def first(p: dict) -> str:
    """The child's everyday first name, escaped, for use in sentences."""
    return text(p["child"]["first_name"])


def sessions_words(codes: str) -> str:
    """Stored session codes in words, escaped ("ar ddydd Llun (drwy'r dydd)" in Welsh)."""
    return Mutable(text(describe_sessions(codes or "")))


def catalogue_name(name: str) -> str:
    """An intervention's name in the letter's language where the catalogue has it ("Clwb
    Gemau"), escaped; a name the school made up is printed as typed (and never mutated)."""
    translated = _(name) if name else ""
    return Mutable(text(translated)) if translated != name else text(name)


def signatory_lines(p: dict) -> list[str]:
    """The name and title under the signature space: whoever decided, for a decision."""
    signer = p.get("signer") or p["school"]
    return [text(signer["signatory"]), text(title_words(signer["signatory_title"]))]


def header(p: dict, title: str) -> str:
    """The running header of a continuation page: "Flexi-schooling decision for Ro Ashby"."""
    return _("{document} for {child}").format(document=_(title),
                                               child=p["child"]["known_as"])


def _and(following: str) -> str:
    """' and ' before ``following`` (Welsh writes 'a', but 'ac' before a vowel)."""
    if following[:1].lower() in "aeiouwyâêîôûŵŷ":
        return pgettext("before a vowel", " and ")
    return _(" and ")


def names_list(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C', joined in the language in force."""
    if not names:
        return ""
    return ", ".join(names[:-1]) + _and(names[-1]) + names[-1] if len(names) > 1 else names[0]


def address_block(family: dict) -> list[str]:
    """The household's names (joined in the letter's language) over their address."""
    if "address" not in family:  # a letter issued before the parts were kept
        return list(family["address_lines"])
    joined = names_list(family["names"])
    return ([joined] if joined else []) + list(family["address"])


def salutation(p: dict) -> str:
    """'Dear Mrs and Mr Ashby,': the household this copy goes to."""
    family = p["family"]
    names = names_list(family["greeting"]) if "greeting" in family else family["salutation"]
    return _("Dear {names},").format(names=text(names or _("Parent or Carer")))


def reference(p: dict, subject: str) -> str:
    """The bold reference line: the child's legal name, year group, and what the letter is about."""
    child = p["child"]
    who = text(child["legal_name"])
    year = year_label(child.get("year_group"))
    if year:
        who = f"{who} ({escape(year)})"
    return _("Re: {child} \u2013 {subject}").format(child=who, subject=subject)


NO_APPEAL = N_("There is no right of appeal against the Headteacher's decision on a "
               "flexi-schooling request.")


# --- the meeting invitation ----------------------------------------------------------------


@dataclass
class InvitationWording:
    reference: str
    salutation: str
    opening: list[str]
    details: list[tuple[str, str]]
    topics_heading: str
    topics: list[str]
    guests_heading: str
    guests: list[str]
    closing: list[str]
    sign_off: str
    signatory: list[str]


def invitation(p: dict) -> InvitationWording:
    """The words of the invitation to meet the Headteacher."""
    name = first(p)
    meeting = p["meeting"]
    school = p["school"]
    request = p["request"]
    policy = OurPolicy.from_params(p.get("policy"))
    own = policy.paragraph("invitation_opening", {
        "child_name": name, "received_on": long_date(request["received_on"]),
        "sessions": sessions_words(request["requested_sessions"]),
        "school_name": text(school.get("name")), "deadline": escape(policy.deadline_words())})
    opening = [
        own or _("Thank you for writing to us about flexi-schooling for {child}. We received "
                 "your request on {date}: you asked for {child} to learn at home on "
                 "{sessions}.").format(
            child=name, date=long_date(request["received_on"]),
            sessions=sessions_words(request["requested_sessions"])),
        _("Before I make any decision, I would like to meet you, so that I understand what "
          "you have in mind for {child} and you can ask me anything you wish. I have set aside "
          "time for us as follows.").format(child=name),
    ]
    details = [(_("Date"), long_date(meeting["date"]))]
    if meeting.get("time"):
        details.append((_("Time"), short_time(meeting["time"])))
    details.append((_("Place"), text(meeting.get("place")) or _("At the school")))
    host = p.get("signer") or school  # the Headteacher, who meets the family
    details.append((_("With"), _("{name}, {title}").format(
        name=text(host["signatory"]), title=text(title_words(host["signatory_title"])))))
    topics = [
        _("what you hope for {child}, and why you feel that learning partly at home is "
          "right at this time;").format(child=name),
        _("the pattern of home and school sessions you have asked for, and how learning at "
          "home and in school would join up;"),
        _("how {child} is getting on in school at the moment, and any support already in "
          "place;").format(child=name),
        _("the things I must weigh before deciding, including what the school and its "
          "partners can offer, friendships, safeguarding and the effect on everyone's "
          "learning;"),
        _("the practical side: how the register is kept, how we would review the "
          "arrangement, and what would happen if plans changed."),
    ]
    guests = [_("Anyone with parental responsibility for {child} is very welcome. You may "
                "also bring a relative or friend for support. {child} does not need to come, "
                "but may join us if you think it would help.").format(child=name)]
    contact = ""
    if school.get("phone") and school.get("email"):
        contact = _(" on {phone} or at {email}").format(phone=text(school["phone"]),
                                                         email=text(school["email"]))
    elif school.get("phone"):
        contact = _(" on {phone}").format(phone=text(school["phone"]))
    elif school.get("email"):
        contact = _(" at {email}").format(email=text(school["email"]))
    closing = [
        _("If this time is difficult for you, please contact the school office{contact} and "
          "we will find another that suits.").format(contact=contact),
        _("After we have met, I will think carefully about everything we have talked about "
          "and write to you with my decision within five school working days. I look forward "
          "to meeting you.") if policy.version_id is None else
        _("After we have met, I will think carefully about everything we have talked about "
          "and write to you with my decision within {deadline}. I look forward to meeting "
          "you.").format(deadline=escape(policy.deadline_words())),
    ]
    return InvitationWording(
        reference=reference(p, _("your request for flexi-schooling")),
        salutation=salutation(p), opening=opening, details=details,
        topics_heading=_("What we will talk about"), topics=topics,
        guests_heading=_("Who may come"), guests=guests, closing=closing,
        sign_off=_("Yours sincerely,"), signatory=signatory_lines(p))


# --- the decision letter -------------------------------------------------------------------


@dataclass
class DecisionWording:
    reference: str
    salutation: str
    opening: str
    outcome: str  # the one-line decision, shown in a box
    outcome_text: str
    reasons_heading: str
    reasons: list[str]
    factor_intro: str
    factors: list[str]
    section_heading: str  # "What we will offer instead" or "What happens next"
    section_intro: str
    section_items: list[str]
    no_appeal: str
    closing: list[str]
    sign_off: str
    signatory: list[str]
    governing_body: list[str] = field(default_factory=list)


def _factor_line(factor: dict, policy: OurPolicy) -> str:
    """A consideration in plain words, in the wording of the policy it was weighed under: its
    name and the Headteacher's note, if it is meant for the letter. No rating ("a serious
    concern") beside it: the sentence above the list says which way these points weighed."""
    label = policy.consideration_label(factor["code"])
    line = f"<b>{escape(label)}</b>"
    note = text(factor.get("note"))
    return f"{line}: {note}" if note else line


def decision(p: dict) -> DecisionWording:
    """The words of the decision letter, agreed or declined."""
    name = first(p)
    request = p["request"]
    outcome = p["decision"]["outcome"]
    agreed = outcome == "agreed"
    agreement = p.get("agreement")
    meeting = p.get("meeting")
    sessions = sessions_words(request["requested_sessions"])
    if meeting and meeting.get("date") and meeting.get("head_present") is False:
        # The Headteacher was not at the meeting: thank the family for coming, say so.
        opening = _("Thank you for coming into school on {meeting} to talk about your request, "
                    "received on {received}, for {child} to learn at home on {sessions}. I was "
                    "not able to be at that meeting myself; I have read the notes of it "
                    "carefully before making my decision.")
    elif meeting and meeting.get("date"):
        opening = _("Thank you for coming to meet me on {meeting} to talk about your request, "
                    "received on {received}, for {child} to learn at home on {sessions}.")
    else:
        opening = _("Thank you for your request, received on {received}, for {child} to learn "
                    "at home on {sessions}.")
    opening = opening.format(meeting=long_date(meeting["date"]) if meeting else "",
                             received=long_date(request["received_on"]), child=name,
                             sessions=sessions)
    policy = OurPolicy.from_params(p.get("policy"))
    due = p["decision"].get("due_on")
    if due and max(p["decision"]["decided_on"], p["letter_date"]) > due:
        if policy.version_id is None:
            sorry = _("I am sorry that this letter reaches you later than the five school days "
                      "we promised after our meeting.")
        elif policy.meeting_required:
            sorry = _("I am sorry that this letter reaches you later than the {deadline} we "
                      "promised after our meeting.").format(
                deadline=escape(policy.deadline_words()))
        else:  # no meeting under this version: the promise ran from receipt
            sorry = _("I am sorry that this letter reaches you later than the {deadline} we "
                      "promised from receiving your request.").format(
                deadline=escape(policy.deadline_words()))
        opening += " " + sorry
    school_name = text(p["school"].get("name"))
    reasons = [text(p["decision"].get("reasons"))] if p["decision"].get("reasons") else []
    wanted = ("supports",) if agreed else ("serious_concern", "concern")
    order = [c["code"] for c in policy.flexi["considerations"]] + list(FACTORS)
    factors = sorted((f for f in p.get("factors", []) if f["rating"] in wanted),
                     key=lambda f: (wanted.index(f["rating"]), order.index(f["code"])
                                    if f["code"] in order else 99))
    governing_body = []
    # A school without the governing body's rule never mentions it.
    if not agreed and p.get("needs_met_in_school") and policy.governing_body_rule:
        governing_body.append(
            policy.paragraph("governing_body", {"child_name": name, "school_name": school_name})
            or _("Our governing body asks that, where a child's needs can be met in school or "
                 "through provision the school arranges, we meet them in that way. I believe "
                 "we can do this for {child}.").format(child=name))
        if p.get("needs_met_notes"):
            governing_body.append(text(p["needs_met_notes"]))
    if agreed:
        home = sessions_words(agreement["home_sessions"]) if agreement else sessions
        outcome_line = _("Decision: your request is agreed")
        outcome_text = policy.paragraph("decision_agreed", {
            "child_name": name, "sessions": home, "school_name": school_name}) or _(
            "I am pleased to tell you that I have agreed to your request. {child} may learn at "
            "home on {sessions} and will be in school at all other times, once the written "
            "agreement described below has been signed by everyone.").format(
            child=name, sessions=home)
        factor_intro = _("These considerations weighed in favour of the request:")
        start = ""
        if agreement and agreement.get("start_date"):
            start = _(" It is planned to begin on {date}.").format(
                date=long_date(agreement["start_date"]))
        if agreement and agreement.get("first_review_date"):
            review = _("We will meet on {date} to review how things are going, and at least "
                       "once a term after that.").format(
                date=long_date(agreement["first_review_date"]))
        else:
            review = _("We will meet about a term after the arrangement begins to review how "
                       "things are going, and at least once a term after that.")
        items = [
            _("<b>The agreement.</b> We will write down how the arrangement will work in a "
              "flexi-schooling agreement and go through it with you before anyone signs. The "
              "arrangement starts only when everyone has signed it.{start}").format(start=start),
            _("<b>The register.</b> {child} stays on the school's roll. Sessions spent "
              "learning at home will be recorded in the register as authorised absence, with "
              "code C. Any other absence is treated as it would be for any pupil, and an "
              "unexplained absence from a school session will be followed up that day.")
            .format(child=name),
            _("<b>The first review.</b> {review} Either of us may ask for an earlier review "
              "at any time.").format(review=review),
        ]
        if p["school"].get("la_notify_flexi"):
            la = text(p["school"].get("local_authority")) or _("the local authority")
            items.append(_("<b>The local authority.</b> As {la} asks, I will let them know "
                           "about the arrangement.").format(la=la))
        section_heading = _("What happens next")
        section_intro = ""
        closing = [_("Thank you for the care you have taken in thinking this through. I look "
                     "forward to working with you for {child}.").format(child=name)]
    else:
        outcome_line = _("Decision: your request is declined")
        outcome_text = policy.paragraph("decision_declined", {
            "child_name": name, "school_name": school_name}) or _(
            "I have thought carefully about everything you told me and about what is best for "
            "{child}. I am sorry to tell you that I have decided not to agree to "
            "flexi-schooling. {child} will continue to attend school full time.").format(
            child=name)
        factor_intro = _("These points weighed most in my decision:")
        section_heading = _("What we will offer instead")
        alternatives = p.get("alternatives", [])
        if alternatives:
            section_intro = _("We would like to offer {child} this support, and will talk with "
                              "you about how it is going:").format(child=name)
            items = []
            for alt in alternatives:
                called = catalogue_name(alt["name"]) if alt.get("kind") == "intervention" \
                    else text(alt["name"])
                line = f"<b>{called}</b>"
                if alt.get("kind") == "provider":
                    detail = _("an alternative provider the school works with and checks")
                    if alt.get("description"):
                        detail = f"{text(alt['description'])}, {detail}"
                    line = f"{line}: {detail}"
                elif alt.get("description"):
                    line = f"{line}: {text(alt['description'])}"
                items.append(line)
        else:
            section_intro = _("We will keep supporting {child} in school, and our staff are "
                              "always glad to talk with you about how that is going.").format(
                child=name)
            items = []
        closing = [_("I know this is not the answer you hoped for. Please do get in touch if you "
                     "would like to talk about it, or about how we can best support {child} in "
                     "school.").format(child=name)]
    return DecisionWording(
        reference=reference(p, _("your request for flexi-schooling")),
        salutation=salutation(p), opening=opening, outcome=outcome_line,
        outcome_text=outcome_text,
        reasons_heading=_("The main reasons for my decision"), reasons=reasons,
        factor_intro=factor_intro if factors else "",
        factors=[_factor_line(f, policy) for f in factors],
        section_heading=section_heading, section_intro=section_intro, section_items=items,
        no_appeal=_(NO_APPEAL), closing=closing, sign_off=_("Yours sincerely,"),
        signatory=signatory_lines(p), governing_body=governing_body)


# --- the agreement -------------------------------------------------------------------------


@dataclass
class AgreementWording:
    title: str
    intro: str
    details: list[tuple[str, str]]
    parties_heading: str
    parties: list[str]  # those who agree: the school and the adults
    told: str  # the child, told about the agreement (not a party who agrees); "" for none
    pattern_heading: str
    pattern_note: str
    clauses: list[tuple[str, list[str]]]


def review_dates(agreement: dict, count: int = 3) -> list[str]:
    """The first few planned review dates (ISO): the school days the policy worked out, or for
    an agreement issued before it did, from the first review and the interval."""
    if agreement.get("review_dates"):
        return list(agreement["review_dates"][:count])
    start = agreement.get("first_review_date")
    if not start:
        begin = dt.date.fromisoformat(agreement["start_date"])
        start_date = begin + dt.timedelta(weeks=agreement["review_interval_weeks"])
    else:
        start_date = dt.date.fromisoformat(start)
    step = dt.timedelta(weeks=agreement["review_interval_weeks"])
    return [(start_date + i * step).isoformat() for i in range(count)]


def _sen_clause(p: dict, name: str) -> str:
    child = p["child"]
    if child.get("ehc_plan"):
        return _("{child} has an education, health and care plan. The provision in the plan "
                 "will be made during school sessions, and the plan's annual review will look "
                 "at this arrangement too. The school's special educational needs co-ordinator "
                 "will keep in touch with the family about how learning at home supports the "
                 "outcomes in the plan.").format(child=name)
    if child.get("sen_support"):
        return _("{child} receives special educational needs support. This support will be "
                 "planned for school sessions, and the special educational needs co-ordinator "
                 "will look at it with the family at each review of this agreement.").format(
            child=name)
    return _("{child} has no special educational needs recorded at present. If any come to "
             "light, the school will talk with the family and this agreement will be reviewed.")\
        .format(child=name)


def agreement(p: dict) -> AgreementWording:
    """The words of the flexi-schooling agreement."""
    name = first(p)
    child = p["child"]
    ag = p["agreement"]
    family = p["family"]
    educator = text(ag.get("home_educator")) or text(names_list(family["names"])) or \
        _("the family")
    details = [
        (_("Child"), _("{legal} (known as {known})").format(
            legal=text(child["legal_name"]), known=text(child["known_as"]))
         if child["known_as"] != child["legal_name"] else text(child["legal_name"])),
        (_("Date of birth"), birth_date(child.get("date_of_birth"))),
        (_("Year group and class"), ", ".join(x for x in (
            escape(year_label(child.get("year_group"))), text(child.get("class_name"))) if x)),
        (_("Start date"), long_date(ag["start_date"])),
        (_("Responsible on home days"), educator),
        (_("Date of this agreement"), long_date(p["letter_date"])),
    ]
    interests = []
    if p.get("decision", {}).get("reasons"):
        interests.append(text(p["decision"]["reasons"]))
    interests.append(_("The school and the family will keep this arrangement only for as long as "
                       "it continues to serve {child} well.").format(child=name))
    dates = Mutable(names_list([long_date(d) for d in review_dates(ag)]))
    weeks = ag["review_interval_weeks"]
    notice = ag["notice_weeks"]
    if notice:
        ending = ngettext(
            "Either the family or the school may end this arrangement by giving {n} week's "
            "notice in writing.",
            "Either the family or the school may end this arrangement by giving {n} weeks' "
            "notice in writing.", notice).format(n=notice)
    else:
        ending = _("Either the family or the school may end this arrangement at any time by "
                   "telling the other in writing.")
    clauses: list[tuple[str, list[str]]] = [
        (_("Why this arrangement is in {child}'s interests").format(child=name), interests),
        (_("Special events and assessments"), [
            _("The school will tell the family in good time about trips, performances, visitors "
              "and other special events, and about statutory assessments and tests. When one of "
              "these falls on a home session, the family will bring {child} into school for it "
              "wherever possible.").format(child=name),
            _("Now and then a session may be swapped by agreement with the Headteacher, but not "
              "simply by choice on the day."),
        ]),
        (_("Marking the register"), [
            _("{child} stays on the school's roll. Home sessions are recorded in the register as "
              "authorised absence with code C; school sessions are recorded in the usual way. "
              "If {child} is ill on a school session, the family will tell the school in the "
              "usual way.").format(child=name),
        ]),
        (_("Unexplained absence"), [
            _("If {child} is not in school for a school session and the family has not told us "
              "why, the school will contact the family that day, as it would for any pupil. "
              "Absence that stays unexplained will be followed up under the school's attendance "
              "and safeguarding procedures, and may lead to an early review.").format(
                child=name),
        ]),
        (_("Welfare and learning on home days"), [
            _("During home sessions, {educator} is responsible for {child}'s welfare, safety and "
              "learning. The school is responsible during school sessions. If anyone at the "
              "school is worried about {child}'s welfare at any time, the school will act under "
              "its safeguarding policy, as it would for any child.").format(
                educator=educator, child=name),
        ]),
        (_("Curriculum and assessment"), [
            _("In school, {child} follows the school's curriculum, and the school will share "
              "what is being taught so that learning at home can support it. The family will "
              "plan suitable learning for home sessions and share an outline with the school "
              "each term.").format(child=name),
            _("The school will assess {child}'s progress in the usual way, including any "
              "statutory assessments, and report it to the family as it does for every "
              "pupil.").format(child=name),
        ]),
        (_("The cost of learning at home"), [
            _("The family is responsible for the cost of education on home days, including "
              "books and materials, activities, trips and any tuition."),
        ]),
        (_("Special educational needs"), [_sen_clause(p, name)]),
        (_("Planning and review meetings"), [
            _("Before the start, the family and the school will meet to plan the first weeks of "
              "the arrangement."),
            ngettext("The arrangement will be reviewed every {n} week. The planned review dates "
                     "are {dates}.",
                     "The arrangement will be reviewed every {n} weeks. The planned review dates "
                     "are {dates}.", weeks).format(n=weeks, dates=dates),
            _("At each review we will look together at {child}'s progress, wellbeing and "
              "attendance, and agree whether to carry on, change the pattern or end the "
              "arrangement. Either side may ask for an earlier review.").format(child=name),
        ]),
        (_("Ending the arrangement"), [
            ending,
            _("The school may end it sooner if {child}'s welfare, attendance or progress "
              "requires it. When the arrangement ends, {child} returns to school full "
              "time.").format(child=name),
        ]),
    ]
    if p["school"].get("la_notify_flexi"):
        la = text(p["school"].get("local_authority")) or _("the local authority")
        clauses.append((_("The local authority"), [
            _("The school will tell {la} about this arrangement, as the local authority "
              "asks.").format(la=la)]))
    if ag.get("special_terms"):
        clauses.append((_("Other terms agreed"), [text(ag["special_terms"])]))
    return AgreementWording(
        title=_("Flexi-schooling agreement"),
        intro=_("This agreement sets out how {child} will be educated partly at school and "
                "partly at home. It begins on {start}, once every party named below has signed "
                "it, and it will be reviewed regularly.").format(
            child=name, start=long_date(ag["start_date"])),
        details=details, parties_heading=_("The parties"),
        pattern_heading=_("The weekly pattern"),
        pattern_note=_("Home sessions are recorded in the register with code C (authorised "
                       "absence)."),
        parties=[_("{name}, {capacity}").format(
            name=text(x["name"]), capacity=text(capacity_label(x.get("capacity", ""))).lower())
            for x in ag["parties"] if x.get("capacity") != "pupil"],
        told=told(p), clauses=clauses)


def told(p: dict) -> str:
    """The sentence for a child who signs: told about the agreement, not agreeing to it."""
    pupils = [x for x in p["agreement"]["parties"] if x.get("capacity") == "pupil"]
    if not pupils:
        return ""
    return _("{child} has been told about this agreement and what it means for them, and has "
             "had the chance to say what they think. {child} signs below to show this, not as "
             "a party to the agreement.").format(child=text(pupils[0]["name"]))


def signatures_intro(p: dict) -> str:
    """What signing means: the school and the parents agree; a child signs as told."""
    line = _("By signing, the school and the parents confirm that they have read this "
             "agreement, talked it through together and agree to keep to it.")
    if told(p):
        line += " " + _("{child} signs to show that they have been told about it.").format(
            child=first(p))
    return line


# --- the end of an arrangement -------------------------------------------------------------


@dataclass
class EndWording:
    reference: str
    salutation: str
    paragraphs: list[str]
    closing: list[str]
    sign_off: str
    signatory: list[str]


def end_letter(p: dict) -> EndWording:
    """The words of the letter confirming that a flexi-schooling arrangement ends."""
    name = first(p)
    end = p["end"]
    by_family = end["reason"] == "notice_family"
    given = long_date(end["notice_given_on"]) if end.get("notice_given_on") else ""
    if by_family:
        first_line = _("Thank you for letting us know on {given} that you would like "
                       "{child}'s flexi-schooling arrangement to end.")
    else:
        first_line = _("As I explained when I gave notice on {given}, the school is bringing "
                       "{child}'s flexi-schooling arrangement to an end.")
    paragraphs = [
        first_line.format(given=given, child=name),
        _("The last day of the arrangement is <b>{last}</b>. From the next school day, "
          "{child} will be in school for every session, and any absence will be recorded as "
          "it is for every pupil.").format(last=long_date(end["ended_on"]), child=name),
    ]
    if end.get("short_notice_reason"):
        n = end["agreed_notice_weeks"]
        if by_family:
            shorter = ngettext(
                "Our agreement asks for {n} week's notice. I have agreed to a shorter notice "
                "because: {reason}",
                "Our agreement asks for {n} weeks' notice. I have agreed to a shorter notice "
                "because: {reason}", n)
        else:
            shorter = ngettext(
                "Our agreement asks for {n} week's notice. I am sorry that the school is "
                "giving you less notice than that. This is because: {reason}",
                "Our agreement asks for {n} weeks' notice. I am sorry that the school is "
                "giving you less notice than that. This is because: {reason}", n)
        paragraphs.append(shorter.format(n=n, reason=text(end["short_notice_reason"])))
    closing = [_("Thank you for all you have done for {child} at home. Please get in touch if "
                 "you would like to talk about how we can best support {child} in school.")
               .format(child=name)]
    return EndWording(reference=reference(p, _("the end of flexi-schooling")),
                      salutation=salutation(p), paragraphs=paragraphs, closing=closing,
                      sign_off=_("Yours sincerely,"), signatory=signatory_lines(p))
