"""Deciding which objection an utterance is, if any."""
