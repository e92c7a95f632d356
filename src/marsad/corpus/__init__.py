"""Corpus-level analysis: text reuse between documents and incidents across them."""
