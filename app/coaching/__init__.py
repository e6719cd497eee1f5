"""Judging a rep's reply against the playbook and turning the judgement into coaching."""
