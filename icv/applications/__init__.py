"""Recruitment: public applications, eligibility, the pipeline to appointment."""
