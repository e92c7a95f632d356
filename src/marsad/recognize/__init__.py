"""Recognizers: entity mentions, time expressions and quantities."""
