"""Every scheme setting and its default: the default applies until an administrator changes it."""

from typing import Any

from icv.settings.bands import DEFAULT_BANDS

#: What issues raised at visits are about, by id (see icv.visits.issue_rules).
DEFAULT_ISSUE_CATEGORIES = {
    "welfare_medical": "Welfare and medical care",
    "treatment": "Treatment and allegations",
    "rights": "Rights and entitlements",
    "food_drink": "Food and drink",
    "cells_facilities": "Cells and facilities",
    "safety": "Safety hazards",
    "supplies": "Supplies: bedding, clothing and hygiene items",
    "staffing": "Staffing",
    "other": "Other",
}

#: The themes ICVA's quarterly return counts issues by (id -> name in the return).
ICVA_THEMES = {
    "rights": "Rights and entitlements",
    "health_welfare": "Health and welfare",
    "dignity_treatment": "Dignity and treatment",
    "food_drink": "Food and drink",
    "conditions": "Cells and conditions",
    "staffing_procedures": "Staffing and procedures",
    "other": "Other",
}

#: Each issue category's ICVA theme (a category not listed, or added later, counts as other).
DEFAULT_ICVA_THEME_OF_CATEGORY = {
    "welfare_medical": "health_welfare",
    "treatment": "dignity_treatment",
    "rights": "rights",
    "food_drink": "food_drink",
    "cells_facilities": "conditions",
    "safety": "conditions",
    "supplies": "dignity_treatment",
    "staffing": "staffing_procedures",
    "other": "other",
}

DEFAULTS: dict[str, Any] = {
    "scheme_name": "Independent Custody Visiting Scheme",
    "office_name": "Office of the Police and Crime Commissioner",
    "contact_email": "icv@example.org",
    #: Whether pages and mail are offered in Welsh too (the Welsh Language Standards bind the
    #: Commissioners of the four Welsh forces): off, an English scheme shows no switch.
    "welsh_offered": False,
    # Recruitment (see icv.applications.rules.EligibilityRules for what each means).
    "minimum_age": 18,
    "area_name": "the force area",
    #: Postcode districts (or whole areas) in the area, outside it, and partly in it (asked).
    "area_in": [],
    "area_out": [],
    "area_ask": [],
    "residence_years": 3,
    #: Months abroad allowed within those years before an applicant fails; 0: never fails,
    #: any time abroad is referred.
    "abroad_months_limit": 0,
    "languages": ["English"],
    "excluded_roles": [
        "police_officer",
        "special_constable",
        "police_staff",
        "magistrate",
        "commissioner",
        "commissioner_staff",
        "appropriate_adult",
        "custody_contractor",
    ],
    "review_roles": ["criminal_solicitor", "cps", "probation", "prison_staff"],
    "recent_service_years": 5,
    "probation_visits": 3,
    "term_years": 3,
    "vetting_years": 3,
    #: Days before vetting or a term runs out that the volunteer and coordinator are warned.
    "expiry_warning_days": [90, 30, 7],
    #: Days an application may stay in a stage before it is flagged as overdue.
    "stage_targets": {
        "received": 14,
        "screened": 21,
        "shortlisted": 21,
        "interview": 14,
        "references": 28,
        "vetting": 60,
        "training": 60,
        "probation": 183,
    },
    # Retention periods (see icv.retention.rules; edited at Settings -> retention).
    #: Months a closed application that did not lead to appointment is kept.
    "retention_months": 12,
    #: Days the recipient and text of mail sent or failed are kept (the envelope stays).
    "mail_body_days": 30,
    #: Months the summary and data of an audit entry are kept (who, what and when stay).
    "audit_detail_months": 24,
    #: Days a public application form nobody sent is kept after it was last touched.
    "application_draft_days": 7,
    #: Days a visit report draft nobody sent is kept after it was last touched.
    "report_draft_days": 90,
    #: Days an expired or revoked API token is kept.
    "api_token_days": 365,
    #: Years a volunteer's personal data is kept after they left (then anonymised).
    "former_volunteer_years": 6,
    #: Rotas: people per visit, fewest days between one volunteer's visits, their usual
    #: monthly maximum (each volunteer's own limit overrides it), weeks planned at a time.
    "visitors_per_visit": 2,
    "min_days_between": 3,
    "max_visits_per_month": 4,
    "rota_weeks": 13,
    #: "day": the rota gives each visit a day and a time band; "week": a suite and a week, and
    #: the pair choose the day and time (icv/rota/engine/weekly.py).
    "allocation": "day",
    #: Fairness on the rota page: visits a month each volunteer should have at least, and the
    #: share of a suite's visits above which one pair is flagged as doing too many.
    "minimum_visits_per_month": 1,
    "pair_share_percent": 50,
    # Reminders and chasers about visits (the scheduled jobs in icv/jobs/; edited at
    # Settings -> visit reminders and report chasers).
    #: Days before a visit that each of its visitors is reminded of it (0 is the day itself).
    "visit_reminder_days": [3],
    #: Days before a visit that a visitor who has not confirmed it is asked to confirm or swap.
    "confirm_reminder_days": 7,
    #: Days before a visit that the coordinator is told a visitor still has not confirmed it.
    "confirm_alert_days": 2,
    #: Days after a visit with no report that the coordinator is told (the visitors are
    #: reminded the day after).
    "report_chase_days": 3,
    #: Days after a visit its report may still be filed; the day after, the visit is missed.
    "report_deadline_days": 7,
    #: Days before the next rota period should start that the coordinator is told it is not
    #: published yet.
    "next_rota_notice_days": 21,
    #: Parts of the day in which visits happen (see icv.settings.bands.Band).
    "time_bands": [band.as_setting() for band in DEFAULT_BANDS],
    # Visit reports (see icv.visits.rules).
    #: Minutes between arriving and being let in beyond which a report must say why the visitors
    #: waited and which rank authorised it. The Code allows a delay only in exceptional cases,
    #: authorised by an inspector or above, and sets no number; a quarter of an hour lets staff
    #: finish booking someone in and still catches a real wait (schemes report waits of 40).
    "delay_threshold_minutes": 15,
    #: What issues raised at visits are about (id, label), for triage and the annual summary.
    # Expenses (see icv.expenses.rules).
    #: Pence paid a mile driven; 45 is HMRC's approved rate for the first 10,000 miles a year.
    "pence_per_mile": 45,
    "issue_categories": [{"id": k, "label": v} for k, v in DEFAULT_ISSUE_CATEGORIES.items()],
    #: Days the force has to answer an issue at each step of the escalation ladder
    #: (issue_rules.LADDER) before it is overdue and climbs to the next.
    "escalation_target_days": {"sergeant": 2, "inspector": 14, "senior": 28, "commissioner": 90},
    #: Where the Commissioner's holding-to-account meeting is told of an issue that reaches it
    #: (the office's own address, say); empty: nobody is mailed, the digest still lists it.
    "commissioner_meeting_email": "",
    #: Send the custody inspector of the suite a copy of each report when it is reviewed, with
    #: no visitor named.
    "force_copy_of_reports": False,
    #: Issue category id -> the ICVA theme (ICVA_THEMES) it is counted under in the return.
    "icva_theme_of_category": DEFAULT_ICVA_THEME_OF_CATEGORY,
}
