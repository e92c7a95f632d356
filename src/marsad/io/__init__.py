"""Input: reading files and records into Documents, cleaning, document-level metadata."""
