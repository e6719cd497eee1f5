"""Probes for the matcher, written for the tests only (kept apart from the library and calibration).

Thirty lines that are not from a sales call at all, and the twelve brush-offs reps hear most,
each with the categories CATEGORY_RULES.md allows (the first is the stricter).
"""

NONSENSE_PROBES = [
    # gibberish and placeholders
    "hfjdk slaie woqp", "ttttttttttttt", "oiuy trew lkjh", "xcvb nmqw erty", "blip blop bloop", "zqx vvk prr",
    "12 34 56 78 90", "qpwoeiruty", "sit amet elit sed", "sample input goes here",
    # code
    "SELECT email FROM staff WHERE team = 'ops';", "while (n > 0) { n--; }", "import pandas as pd",
    "<ul><li>item</li></ul>", "docker compose up -d", "print(sum(range(100)))", "git checkout -b feature/login",
    '{"user": "ann", "active": true}',
    # chit-chat with nothing to do with the call
    "my tomatoes finally turned red", "the bus was packed this morning", "I dropped my sandwich on the floor",
    "we're repainting the hallway blue", "my nephew just learned to ride a bike", "there's a fox in the garden again",
    # requests to a chatbot
    "write a poem about a lighthouse", "what's the tallest building in the world?",
    "how do I make pancakes from scratch?", "explain how vaccines work in simple terms",
    "list three famous painters from Spain", "can you plan my week for me?",
]

BRUSH_OFFS = [
    ("Nope, not interested in that, sorry.", ["no_need"]),
    ("Can you take my number off your calling list?", ["no_need"]),
    ("Honestly we're all set on that side, thanks.", ["status_quo", "no_need"]),
    ("We've already got a company that handles that for us.", ["status_quo"]),
    ("Sorry, how did you get hold of my number?", ["trust"]),
    ("Wait a sec, are you calling to sell me something?", ["trust"]),
    ("You don't really understand what our business does.", ["no_need"]),
    ("Our industry works totally differently from that.", ["no_need"]),
    ("I'll need a few days to think this over.", ["timing"]),
    ("Stick it in an email and I'll read it later.", ["send_info"]),
    ("I'm walking into a meeting, can't talk.", ["busy"]),
    ("Ring me back some other time, yeah?", ["busy", "timing"]),
]
