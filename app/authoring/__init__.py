"""Tools for the people who write the playbooks: CSV import and the library health report.

They sit above matching and coaching because they use both to judge new material.
"""
