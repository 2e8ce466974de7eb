"""The supervisor console: live floor, actions, administration and the audit log."""
