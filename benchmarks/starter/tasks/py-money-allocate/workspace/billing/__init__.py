"""Billing helpers. All amounts are integers in cents."""
