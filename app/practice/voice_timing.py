"""Timing as a coaching signal for spoken replies: dead air before answering, and monologues.

On a cold call a pause of a few seconds reads as being caught out, and an answer that runs
past about 45 seconds loses the prospect; typed replies carry no timing and get no flags.
"""

from dataclasses import dataclass

LONG_SILENCE_MS = 5_000
MONOLOGUE_MS = 45_000


@dataclass(frozen=True)
class VoiceTiming:
    latency_ms: int  # from the prospect's last word (or line shown, when muted) to the rep's first word
    duration_ms: int  # from the rep's first word to the last

    def to_json(self) -> dict:
        return {"latency_ms": self.latency_ms, "duration_ms": self.duration_ms}

    @classmethod
    def from_json(cls, data: dict | None) -> "VoiceTiming | None":
        return cls(int(data["latency_ms"]), int(data["duration_ms"])) if data else None


def timing_flags(timing: VoiceTiming) -> dict[str, str]:
    """Flag name -> the coaching line for it."""
    flags = {}
    if timing.latency_ms > LONG_SILENCE_MS:
        flags["long_silence"] = (f"You took {timing.latency_ms / 1000:.1f} s to start answering. Open with a short "
                                 "acknowledgement straight away; it buys you time to think without dead air.")
    if timing.duration_ms > MONOLOGUE_MS:
        flags["monologue"] = (f"Your answer ran {timing.duration_ms / 1000:.0f} s. Keep it under 45 s and hand the "
                              "call back with a question.")
    return flags


def timing_coaching(timing: VoiceTiming) -> dict:
    """What goes into a turn's coaching JSON for a spoken reply."""
    return {**timing.to_json(), "flags": timing_flags(timing)}


@dataclass(frozen=True)
class TimingSummary:
    spoken_replies: int
    mean_latency_ms: int
    longest_latency_ms: int
    mean_duration_ms: int
    longest_duration_ms: int


def summarise_timings(timings: list[VoiceTiming]) -> TimingSummary | None:
    if not timings:
        return None
    latencies = [t.latency_ms for t in timings]
    durations = [t.duration_ms for t in timings]
    return TimingSummary(len(timings), round(sum(latencies) / len(latencies)), max(latencies),
                         round(sum(durations) / len(durations)), max(durations))
