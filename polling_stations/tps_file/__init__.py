"""Reading and checking a TPS file (KPU list of polling stations) without the database."""
