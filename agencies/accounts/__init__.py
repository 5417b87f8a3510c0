"""Accounts: the sign-in log and the optional second factor (TOTP) a unit may require."""
