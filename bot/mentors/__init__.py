"""The mentor side: enrolment, flags and alerts, a student's overview, digests."""
