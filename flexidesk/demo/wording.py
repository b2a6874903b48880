"""The demo's made-up wording: targets, notes, reasons and fixed shapes."""

from __future__ import annotations

TARGETS = (
    "To name three feelings and one way to manage each by the next review.",
    "To join a small-group game and take turns without adult prompting.",
    "To settle into class within ten minutes of arriving each morning.",
    "To ask an adult for help using the agreed card when worried.",
    "To share ideas in a group discussion at least once a session.",
    "To play cooperatively at lunchtime with two named friends.",
    "To use a calm-down strategy independently after a disagreement.",
    "To complete a shared build, taking on each role in turn.",
)
ENTRY_DATA = (
    "SDQ total difficulties 19 (high)", "SDQ total difficulties 16 (slightly raised)",
    "Boxall profile: developmental strand 62", "Boxall profile: diagnostic strand 38",
    "Pupil voice wellbeing scale: 2 of 5", "Teacher wellbeing scale: 2 of 5",
    "Leuven involvement scale: 2", "Attendance 88% this term",
)
EXIT_DATA = (
    "SDQ total difficulties 12 (average)", "Boxall profile: developmental strand 78",
    "Pupil voice wellbeing scale: 4 of 5", "Leuven involvement scale: 4",
    "Attendance 96% this term", "Teacher wellbeing scale: 4 of 5",
)
REVIEW_NOTES = {
    -2: ("Finding sessions very hard; pause and talk with the family about another approach.",),
    -1: ("A difficult few weeks at home have shown in sessions; keep going and check in weekly.",
         "Less settled than at the start; try a smaller group."),
    0: ("Attends happily but little change yet in class; keep the same target.",
        "Steady, no clear change; revisit the target with the class teacher."),
    1: ("Growing in confidence and joining in more; class teacher sees some change too.",
        "Uses the strategies with a reminder; move towards doing so without one.",
        "Family report calmer mornings; keep going."),
    2: ("Target met: now does this without prompting in class and at play.",
        "Clear progress; ready to step down to a fortnightly check-in."),
}
GENERAL_TOPICS = ("attendance this half term", "settling after the holiday",
                   "friendships at lunchtime", "sleep and mornings", "a worry about moving house",
                   "the class trip", "homework routines")
CONTACT_SUMMARIES = {
    "phone": ("Phoned {who} about {what}; agreed to speak again after the next review.",
              "{who} called in about {what}; talked through what helps at home."),
    "email": ("Emailed {who} an update on {what}, with the dates of the next sessions.",
              "{who} emailed with a question about {what}; replied the same day."),
    "meeting": ("Met {who} after school to talk about {what}; shared the target and how it "
                "is going.", "Short meeting with {who} at pick-up about {what}."),
    "letter": ("Letter to {who} about {what}, with the review dates.",),
    "text": ("Text to {who}: reminder about {what} tomorrow.",),
    "other": ("Note passed to {who} via the class teacher about {what}.",),
}
EXPIRING = {"insurance", "staff_vetting", "safeguarding_confirmation", "risk_assessments",
             "health_safety", "child_protection", "la_approved_list"}
EVIDENCE = {
    "la_approved_list": "Listed on the council's approved providers list, checked online.",
    "ofsted_report": "Latest inspection report read and saved; judged good.",
    "independent_registration": "Registration number checked on the DfE register.",
    "staff_vetting": "Single central record seen on a visit: all staff who work with pupils.",
    "safeguarding_confirmation": "Signed letter confirming DBS checks for every adult.",
    "insurance": "Employer's and public liability certificates, copies on file.",
    "risk_assessments": "Site and activity risk assessments received and read.",
    "attendance": "Attendance policy received; daily register shared by email.",
}
PROVIDER_NOTES = {
    "complete": "All checks in place; visited this term.",
    "expired_insurance": "Good provision; waiting for the renewed insurance certificate.",
    "missing": "Several documents still outstanding after our first visit.",
    "not_listed": "Not on the council's list; the school is checking everything itself.",
    "new": "New contact: first visit to be arranged.",
    "expiring": "All checks in place; the insurance certificate runs out this month.",
}
#: (name, type, contact, Ofsted URN, LA approved, registered school, due-diligence state, sites)
PROVIDERS = (
    ("Kestrel Vale Learning Centre", "Alternative provision academy", "Mr Gareth Pryce",
     "149902", True, True, "complete",
     (("Main centre", "Tanners Row"), ("Forest base", "Quarry Hill"))),
    ("Riverside Farm Learning", "Care farm", "Mrs Jo Whitlock", "", True, False,
     "expired_insurance", (("Riverside Farm", "Canal Side"),)),
    ("Wildwood Outdoor Education", "Outdoor learning", "Ms Ffion Rees", "", True, False,
     "missing", (("Wildwood Camp", "Marlpit Lane"), ("Fernbrook Woods", "Badger Walk"))),
    ("Hillside Boxing Academy", "Sports mentoring", "Mr Delroy Campbell", "", False, False,
     "not_listed", (("Hillside Gym", "Kiln Road"),)),
    ("Bright Steps Tuition", "One-to-one tuition", "Mrs Anjali Mehta", "", False, False, "new",
     (("Bright Steps rooms", "Market Street"),)),
    ("Oakmere Music Therapy", "Therapy service", "Mr Tomasz Wren", "", True, False, "expiring",
     (("Oakmere studio", "Bell Yard"),)),
)
#: What each kind of provider offers and charges (by due-diligence state), for the register.
PROVIDER_OFFERS = {
    "complete": ("Full- and part-time places with a key worker; maths, English and PSHE.",
                 "£95 a day; £50 a half day."),
    "expired_insurance": ("Animal care, growing and practical maths on a working farm.",
                          "£60 a session, transport included."),
    "missing": ("Outdoor learning, bushcraft and team challenges.", "£55 a session."),
    "not_listed": ("One-to-one mentoring through boxing fitness.", "£40 an hour."),
    "new": ("One-to-one tuition in reading and maths.", "£35 an hour."),
    "expiring": ("Music therapy, one to one, with a registered therapist.", "£45 a session."),
}
#: The census's setting type of each provider with no URN or UKPRN (by due-diligence state).
SETTING_TYPES = {"complete": "", "expired_insurance": "OTH", "missing": "OTH",
                 "not_listed": "OTH", "new": "OOT", "expiring": "OTH"}
#: (provider id, status, attendance code, start in weeks from today, planned weeks, sessions,
#:  override justification, primary reason for the census)
PLACEMENT_PLANS = (
    (1, "active", "D", -15, 24, ("tue_am", "tue_pm", "thu_am", "thu_pm"), "", "behaviour"),
    (1, "active", "K", -8, 18, ("mon_am", "mon_pm", "wed_am", "wed_pm", "fri_am"), "",
     "health"),
    (2, "active", "B", -13, 20, ("wed_pm", "fri_pm"), "", "behaviour"),
    (3, "ended", "B", -34, 18, ("thu_pm",), "", "other"),
    (1, "planned", "B", 2, 12, ("fri_am", "fri_pm"), "", "suspension"),
    (4, "active", "B", -5, 12, ("mon_pm",),
     "The only provider able to offer the one-to-one mentoring the plan needs; the school "
     "has seen its staff checks and insurance itself and visits every fortnight.",
     "behaviour"),
    (6, "active", "B", -3, 12, ("wed_am",), "", "health"),
)
OBJECTIVES = (
    "Rebuild confidence and routines so that the child is ready for a full week in class.",
    "Practical, hands-on learning to re-engage with maths and writing, with a daily diary.",
    "Learn to manage anger safely with a trusted adult, and carry the strategies into school.",
    "Keep up attendance and friendships while the school puts longer-term support in place.",
)
PLACEMENT_NOTES = (
    "Attends well and is proud of the work done; provider and class teacher agree next steps.",
    "Some mornings are hard; the provider's key worker and the school now share a plan.",
    "Making good progress against the objectives; start planning the return to class.",
)
FAMILY_FEEDBACK = (
    "Family pleased: says their child talks about the sessions at home.",
    "Family would like more notice of changes to the timetable; agreed to share it weekly.",
    "Family feel it is helping and want to keep the same days.",
)
REQUESTED_SESSIONS = (
    ("fri_am", "fri_pm"), ("wed_pm", "fri_am", "fri_pm"), ("mon_am", "mon_pm"),
    ("thu_pm", "fri_pm"), ("tue_am", "tue_pm", "fri_pm"),
)
FLEXI_REASONS = (
    "We want to share in our child's learning through outdoor projects and time with "
    "grandparents, while keeping the friendships and structure school gives.",
    "Our child tires quickly and we think a shorter week would help; we would cover reading "
    "and maths at home.",
    "We home educated until this year and would like to keep some of that: nature study and "
    "music lessons on Fridays.",
    "A parent works shifts and Friday is our one family day; we have a plan for learning at "
    "home on that day.",
)
MEETING_NOTES = (
    "Talked through the family's reasons and the home learning plan; explained how the "
    "policy works and that a decision follows within five working days.",
    "Parents shared their plan for home days; discussed friendships, assessments and what "
    "the school already offers.",
)
#: For each consideration: a note leaning towards agreeing, and one towards declining.
FACTOR_NOTES = {
    "provision": ("No need identified that our interventions or providers are meant for.",
                  "Nurture Group and Forest School can meet the needs described."),
    "continuity": ("Home day falls on Friday, when new teaching is lightest.",
                   "The days asked for carry phonics and maths teaching that builds daily."),
    "organisation": ("No effect on class organisation or funding.",
                     "Part-time attendance complicates grouping and the class timetable."),
    "resources": ("No extra staffing needed.",
                  "Catch-up on missed teaching would fall to the teaching assistant."),
    "discipline": ("Unlikely to affect other children.",
                   "Other families in the class may ask for the same."),
    "peers": ("Close friendships; home day clashes with no clubs.",
              "Misses the class's Friday team games and the buddy scheme."),
    "safeguarding": ("No concerns; home learning plan seen.",
                     "No concerns; usual checks in place."),
    "outcomes": ("On track; reading and maths at home fit the class plan.",
                 "Below the expected standard in reading; full-time teaching is the best help."),
}
#: One request per stage (plus one with a decision due in two working days and one overdue).
FLEXI_PLANS = ("received", "meeting_arranged", "due_in_two", "overdue", "considered",
                "decided", "declined", "agreement_drafted", "active", "ended", "withdrawn")
