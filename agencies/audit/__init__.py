"""Audit trail: who viewed or exported sensitive data, for admins and the units' commanders."""
