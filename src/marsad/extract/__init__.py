"""Extraction: events, claims and their modality."""
