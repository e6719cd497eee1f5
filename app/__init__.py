"""Objection Coach: practise cold-call objections against a curated playbook."""
