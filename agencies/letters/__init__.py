"""The per-unit letter register of naskah dinas: letterheads, signatories and numbers."""
