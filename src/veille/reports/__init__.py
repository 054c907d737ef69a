"""Outputs for people and other tools: exports, briefs, charts, maps."""
