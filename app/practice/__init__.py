"""Role-play: the simulated prospect and the calls reps practise on."""
