"""Command line: validate playbooks, build the index, match one text, evaluate on the dev set."""

import argparse
import json
import os
import secrets
import sys
import time
from pathlib import Path

from app.library import LibraryError, load_library
from app.matching.outside_sets import OutsideSetError
from app.settings import PROJECT_ROOT, Settings

DEFAULT_DEV_SET = PROJECT_ROOT / "tests" / "data" / "match_dev.yaml"
DEFAULT_PAIRS = PROJECT_ROOT / "tests" / "data" / "score_pairs.yaml"
DEFAULT_COACHING_DEV = PROJECT_ROOT / "tests" / "data" / "coaching_dev.yaml"


def live_library_for(settings: Settings, *, retune: bool = True):
    """The library on the model the service would serve, tuned first if it has no model of its own yet
    (unless `retune` is off: then the last tuned model embeds what changed)."""
    from app.embedding.factory import create_embedder
    from app.embedding.tuner import ProcessTuner
    from app.live_library import LiveLibrary

    live = LiveLibrary(settings.playbooks_dir, settings.embeddings_dir, create_embedder(settings),
                       tune=settings.tune_embeddings, tuned_dir=settings.tuned_models_dir)
    job = live.tuning_job(load_library(settings.playbooks_dir))
    if job and retune:
        print(f"tuning the model on {len(job.texts)} library texts (once per library version)", file=sys.stderr)
        ProcessTuner().run(job, progress=lambda p: None)
    live.build()
    return live


def cmd_validate(settings: Settings, args) -> int:
    library = load_library(settings.playbooks_dir)
    rebuttals = sum(len(o.rebuttals) for o in library.objections.values())
    print(f"ok: {len(library.categories)} categories, {len(library.objections)} objections, "
          f"{library.phrasing_count} phrasings, {rebuttals} rebuttals, {len(library.negatives)} non-objections")
    return 0


def cmd_build_index(settings: Settings, args) -> int:
    started = time.perf_counter()
    live = live_library_for(settings)
    retriever = live.current
    print(f"index: {retriever.index.size} vectors of dim {retriever.index.dim} at {live.index_path}, "
          f"model {live.snapshot.model} ({time.perf_counter() - started:.1f} s)")
    return 0


def cmd_seed_vectors(settings: Settings, args) -> int:
    """Embed the playbooks with the base model, as a first start would, and keep the vectors as the seed."""
    import tempfile

    from app.embedding.factory import create_embedder
    from app.embedding.seed import write_seed
    from app.live_library import LiveLibrary

    if settings.seed_vectors_dir is None:
        print("no seed folder is configured (OC_SEED_VECTORS_DIR)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        live = LiveLibrary(settings.playbooks_dir, Path(scratch), create_embedder(settings))
        live.build()
        vectors = live.cache.known()
        path = write_seed(settings.seed_vectors_dir, live.cache.embedder.name, live.base_digest, vectors)
    print(f"seed: {len(vectors)} vectors at {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


def cmd_match(settings: Settings, args) -> int:
    retriever = live_library_for(settings).current
    result = retriever.match(args.text, args.k)
    verdict = f"{result.category} (confidence {result.confidence:.2f})" if result.confident else \
        f"no confident match (confidence {result.confidence:.2f})"
    print(verdict)
    for m in result.matches:
        print(f"  {m.score:.3f}  {m.objection_id:32}  {m.phrasing}")
    if args.json:
        print(json.dumps({"confident": result.confident, "confidence": result.confidence,
                          "category": result.category, "matches": [m.__dict__ for m in result.matches]}))
    return 0


def cmd_eval(settings: Settings, args) -> int:
    from app.library.loader import load_labelled_set
    from app.matching.decision import REJECTION_TARGET
    from app.matching.evaluation import evaluate
    from app.matching.outside_sets import evaluate_outside, load_outside_set

    dev = load_labelled_set(args.dev)
    retriever = live_library_for(settings, retune=not args.no_retune).current
    extras = [(path, load_outside_set(path, set(retriever.library.categories))) for path in args.extra]
    reports = evaluate(retriever, dev)
    print(f"dev set {args.dev}: {len(dev.in_scope)} objections, {len(dev.out_of_scope)} non-objections; "
          f"library {retriever.library.phrasing_count} phrasings, {len(retriever.library.negatives)} negatives")
    print(f"{'method':36} {'top-1 acc':>9} {'best cat':>9} {'rejected':>9}")
    for r in reports:
        print(f"{r.name:36} {r.accuracy:9.1%} {r.category_accuracy:9.1%} {r.rejection:9.1%}")
    print("top-1 acc: answered confidently with the right category; best cat: right category, "
          "confident or not; rejected: non-objections given no confident match")
    print(f"threshold ceiling: {reports[0].ceiling:.1%} answered confidently and right, with the threshold that "
          f"rejects {REJECTION_TARGET:.0%} of this set's non-objections picked on the set itself "
          "(a bound, not a result)")
    print("confusion pairs (ours, true -> given):")
    for (true, given), count in reports[0].confusions.most_common(args.confusions):
        print(f"  {count:3}  {true} -> {given}")
    for path, lines in extras:
        print_outside_report(path, evaluate_outside(retriever, lines))
    return 0


def print_outside_report(path: Path, report) -> None:
    """One extra set: overall, per group, then per category with the wrong answers it got."""
    def rate(value: float | None) -> str:
        return f"{value:9.1%}" if value is not None else f"{'-':>9}"

    overall = report.overall
    print(f"\nextra set {path}: {overall.objections} objections, {overall.non_objections} non-objections")
    print(f"{'slice':36} {'lines':>5} {'top-1 acc':>9} {'best cat':>9} {'rejected':>9}")
    for figures in [overall, *report.groups, *report.categories]:
        lines = figures.objections + figures.non_objections
        print(f"{figures.name:36} {lines:5} {rate(figures.accuracy)} {rate(figures.category_accuracy)} "
              f"{rate(figures.rejection)}")
    print("wrong answers per category (first expected slug -> given; an answer in any expected slug is right):")
    for figures in report.categories:
        wrong = report.confusions.get(figures.name)
        if wrong:
            print(f"  {figures.name:20} " + ", ".join(f"{given} {count}" for given, count in wrong.most_common()))


def cmd_eval_scoring(settings: Settings, args) -> int:
    from app.coaching.evaluation import evaluate_pairs, load_pairs
    from app.coaching.move_evaluation import evaluate_moves, load_dev_set

    snapshot = live_library_for(settings).snapshot
    retriever, scorer = snapshot.retriever, snapshot.scorer
    dev = load_dev_set(args.dev_set)
    print_move_report(evaluate_moves(scorer, retriever.library, dev), args.dev_set, args.confusions)
    pairs = load_pairs(args.pairs)
    report = evaluate_pairs(scorer, retriever, pairs)
    print(f"pairs {args.pairs}: good reply scores higher in {report.good_wins}/{report.total} = {report.share:.1%}")
    print(f"mean score: good {report.mean_good:.1f}, weak {report.mean_weak:.1f}")
    for kind, (wins, total) in sorted(report.by_kind.items()):
        print(f"  weak kind {kind:16} {wins}/{total}")
    if args.show_losses:
        for pair, good, weak in report.losses:
            print(f"  lost {good} vs {weak} [{pair.weak_kind}] {pair.objection}")
            print(f"    good: {pair.good}\n    weak: {pair.weak}")
    return 0


def print_move_report(report, path: Path, confusions: int) -> None:
    from app.coaching.move_evaluation import share

    lines, replies = report.exact_lines[1], report.exact_replies[1]
    print(f"coaching dev set {path}: {lines} single-move lines, {replies} whole replies")
    print(f"{'move':14} {'recall':>15} {'false flags':>17}")
    for move in report.moves:
        hit, flag = report.recall[move], report.false_flags[move]
        print(f"{move:14} {share(hit):7.1%} {hit[0]:3}/{hit[1]:<3} {share(flag):7.1%} {flag[0]:3}/{flag[1]:<4}")
    print(f"neutral lines left unflagged: {share(report.neutral_clean):.1%} "
          f"({report.neutral_clean[0]}/{report.neutral_clean[1]})")
    print(f"single lines with exactly their move: {share(report.exact_lines):.1%} "
          f"({report.exact_lines[0]}/{report.exact_lines[1]})")
    print(f"whole replies with exactly their moves: {share(report.exact_replies):.1%} "
          f"({report.exact_replies[0]}/{report.exact_replies[1]})")
    if confusions:
        print("missed (true move -> recognised instead):")
        for (true, given), count in report.missed.most_common(confusions):
            print(f"  {count:3}  {true} -> {given}")
        print("flagged as well or instead (true move -> extra move):")
        for (true, extra), count in report.extra.most_common(confusions):
            print(f"  {count:3}  {true} -> {extra}")
        print("whole replies (missing or extra move):")
        for (kind, move), count in report.reply_errors.most_common(confusions):
            print(f"  {count:3}  {kind} {move}")


def cmd_report(settings: Settings, args) -> int:
    from app.authoring.report import library_report

    retriever = live_library_for(settings).current
    report = library_report(retriever)
    print(f"thin coverage ({len(report.thin)}):")
    for note in report.thin:
        print(f"  {note}")
    print(f"phrasings nearer another category than their own ({len(report.misplaced)}):")
    for m in report.misplaced[:args.limit]:
        print(f"  {m.objection_id:32} sounds like {m.nearer_category:18} "
              f"({m.own_score:.2f} < {m.other_score:.2f})  {m.text}")
    print(f"near-identical phrasings ({len(report.near_duplicates)}):")
    for d in report.near_duplicates[:args.limit]:
        print(f"  {d.similarity:.3f}  {d.first}  ~  {d.second}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="objection-coach", description=__doc__)
    parser.add_argument("--playbooks", type=Path, help="playbook folder (default: settings)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every playbook file").set_defaults(run=cmd_validate)
    sub.add_parser("build-index", help="embed what changed and save the FAISS index").set_defaults(run=cmd_build_index)
    sub.add_parser("seed-vectors", help="write the base-model vectors a first start reuses (embeddings/seed)") \
        .set_defaults(run=cmd_seed_vectors)
    match = sub.add_parser("match", help="match one utterance")
    match.add_argument("text")
    match.add_argument("-k", type=int, default=3)
    match.add_argument("--json", action="store_true")
    match.set_defaults(run=cmd_match)
    ev = sub.add_parser("eval", help="accuracy and rejection on the labelled dev set")
    ev.add_argument("--dev", type=Path, default=DEFAULT_DEV_SET)
    ev.add_argument("--confusions", type=int, default=15)
    ev.add_argument("--extra", type=Path, action="append", default=[], metavar="PATH",
                    help="a JSONL set (text, expected, optional source or kind) reported beside the dev set; "
                         "repeatable")
    ev.add_argument("--no-retune", action="store_true",
                    help="keep the saved tuned model even if the library changed (new texts embedded with it)")
    ev.set_defaults(run=cmd_eval)
    rp = sub.add_parser("report", help="phrasings that confuse matching, near-duplicates, thin coverage")
    rp.add_argument("--limit", type=int, default=40)
    rp.set_defaults(run=cmd_report)
    es = sub.add_parser("eval-scoring", help="move recognition on the coaching dev set; good-versus-weak pairs")
    es.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    es.add_argument("--dev-set", type=Path, default=DEFAULT_COACHING_DEV)
    es.add_argument("--confusions", type=int, default=12, help="how many confusion counts to list (0: none)")
    es.add_argument("--show-losses", action="store_true")
    es.set_defaults(run=cmd_eval_scoring)
    return parser


def command_line_settings(**overrides) -> Settings:
    """The service's settings, minus the manager secret: the command line serves no requests.

    Without OC_MANAGER_SECRET a throw-away one stands in, so `build-index` also runs where the
    service's secret is not given to build steps (a production image build).
    """
    if not os.environ.get("OC_MANAGER_SECRET"):
        overrides["manager_secret"] = secrets.token_urlsafe(32)
    return Settings(**overrides)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = command_line_settings(**({"playbooks_dir": args.playbooks} if args.playbooks else {}))
    try:
        return args.run(settings, args)
    except OutsideSetError as exc:
        print(f"extra set is invalid: {exc}", file=sys.stderr)
        return 1
    except LibraryError as exc:
        print(f"playbooks are invalid ({len(exc.problems)} problem(s)):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
