"""Undangan and notulen PDFs come from the project's one renderer, ``config.pdf``."""

from config.pdf import render_pdf

__all__ = ["render_pdf"]
