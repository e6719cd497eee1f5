"""A tuning process that never finishes: reports a step every tenth of a second until stopped.

It stops as the real worker does (SIGTERM, or its stdin closing) and leaves a marker file
beside the job saying it stopped cleanly, so a test can tell a clean stop from a kill.
"""

import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

from app.embedding.tuning_worker import STOPPED

if __name__ == "__main__":
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    job = Path(sys.argv[1])
    (job.parent / "worker.pid").write_text(str(os.getpid()))
    step = 0
    while not stop.wait(0.1):
        step += 1
        print(json.dumps({"epoch": 1, "epochs": 2, "step": step, "steps": 1000}), flush=True)
    (job.parent / "worker.stopped").write_text(time.strftime("%X"))
    sys.exit(STOPPED)
