"""A large Jobcenter's peak hour (docs/performance.md, "A large Jobcenter's peak hour")
and how the load test's users produce it: each user class repeats its journey with a fixed
pacing, so rate = users / pacing."""

from __future__ import annotations

#: Per hour at 1× (40,000 Bedarfsgemeinschaften; reasoning in docs/performance.md).
PEAK = {
    "citizen_logins": 1700,
    "submissions": 200,
    "uploads": 600,  # 3 per submission
    "staff_logins": 600,
    "queue_views": 3600,  # 6 per staff sign-in
    "case_views": 7200,  # 12 per staff sign-in: 2 per queue view
}
UPLOADS_PER_SUBMISSION = PEAK["uploads"] // PEAK["submissions"]
QUEUE_PER_SESSION = PEAK["queue_views"] // PEAK["staff_logins"]
CASES_PER_QUEUE = PEAK["case_views"] // PEAK["queue_views"]

APPLY_PACING = 36.0
VISIT_PACING = 36.0
STAFF_PACING = 45.0  # > 30 s: a TOTP code is accepted once per account and period
STAFF_CYCLE = 6.0  # one queue view and its case views every 6 s within a session


def users(multiplier: float) -> dict[str, int]:
    """Locust users per class for ``multiplier`` × the peak hour."""

    def count(per_hour: float, pacing: float) -> int:
        return max(1, round(multiplier * per_hour / 3600 * pacing))

    return {
        "Applicant": count(PEAK["submissions"], APPLY_PACING),
        "Visitor": count(PEAK["citizen_logins"] - PEAK["submissions"], VISIT_PACING),
        "Caseworker": count(PEAK["staff_logins"], STAFF_PACING),
        "Anchor": 1,
    }
