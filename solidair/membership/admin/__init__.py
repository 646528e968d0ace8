"""Membership's back-office, one module per topic; importing them registers them."""

from solidair.membership.admin import checkins, corrections, memberships, plans, receptions, replies

__all__ = ["checkins", "corrections", "memberships", "plans", "receptions", "replies"]
