"""The calibrated decision: relative evidence through the logistic model, absolute evidence through the floor."""

import numpy as np

from app.matching.decision import DecisionRule, Evidence, EvidenceFloor, asks_a_question, fit_decision


def evidence(rows: list[tuple[float, float, float]], questions: list[bool] | None = None) -> Evidence:
    """(best category, runner-up, negatives) per row, over three categories; no row a question unless told."""
    scores = np.array([[best, second, second - 0.05] for best, second, _ in rows], dtype=np.float32)
    asked = np.array(questions if questions is not None else [False] * len(rows), dtype=np.float32)
    return Evidence(category_scores=scores, none_scores=np.array([none for *_, none in rows], dtype=np.float32),
                    questions=asked)


def calibration() -> tuple[Evidence, np.ndarray]:
    rng = np.random.default_rng(0)
    objections = [(b, b - rng.uniform(0.1, 0.3), b - rng.uniform(0.2, 0.4)) for b in rng.uniform(0.5, 0.9, 200)]
    lookalikes = [(n - rng.uniform(0.05, 0.3), n - 0.35, n) for n in rng.uniform(0.6, 0.9, 60)]
    return evidence(objections + lookalikes), np.arange(260) < 200


def test_the_floor_runs_from_the_weakest_calibration_objections_up():
    floor = EvidenceFloor.fit(np.linspace(0.3, 0.9, 101), quantiles=(0.01, 0.05))
    assert np.isclose(floor.weak, 0.306) and np.isclose(floor.strong, 0.33)
    assert floor.support(np.array([0.2, 0.306, 0.318, 0.33, 0.8])).round(2).tolist() == [0.0, 0.0, 0.5, 1.0, 1.0]
    assert EvidenceFloor(0.4, 0.4).support(np.array([0.39, 0.41])).tolist() == [0.0, 1.0]


def test_weak_absolute_evidence_gets_a_low_confidence_however_far_it_leads():
    cal, in_scope = calibration()
    rule = fit_decision(cal, in_scope)
    far_ahead_but_weak = evidence([(0.3, 0.05, 0.1)])  # leads by 0.25, yet nothing is close
    strong = evidence([(0.8, 0.55, 0.45)])
    assert rule.probability(far_ahead_but_weak)[0] < 0.05 < rule.threshold
    assert rule.probability(strong)[0] > rule.threshold
    without_floor = DecisionRule(rule.weights, rule.bias, rule.threshold)
    assert without_floor.probability(far_ahead_but_weak)[0] > rule.threshold  # the logistic alone would accept it


def test_the_threshold_still_rejects_the_target_share_of_calibration_non_objections():
    cal, in_scope = calibration()
    rule = fit_decision(cal, in_scope, rejection_target=0.9)
    rejected = rule.probability(cal)[~in_scope] < rule.threshold
    assert rejected.mean() >= 0.9


def test_a_question_counts_against_an_objection_as_much_as_calibration_says():
    """Calibration where most non-objections are questions and most objections are not: the same
    similarities give a question less confidence than a statement."""
    rng = np.random.default_rng(1)
    objections = [(b, b - 0.2, b - 0.25) for b in rng.uniform(0.5, 0.8, 200)]
    lookalikes = [(b, b - 0.2, b - 0.25) for b in rng.uniform(0.45, 0.7, 100)]
    questions = [i % 10 == 0 for i in range(200)] + [i % 10 < 7 for i in range(100)]
    rule = fit_decision(evidence(objections + lookalikes, questions), np.arange(300) < 200)
    statement, question = rule.probability(evidence([(0.65, 0.45, 0.4)] * 2, [False, True]))
    assert question < statement
    texts = ["Who is this?", "Is this a sales call? ", "Not interested.", "why?!", "Why. Not."]
    assert asks_a_question(texts).tolist() == [1.0, 1.0, 0.0, 1.0, 0.0]
