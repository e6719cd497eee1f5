"""Several workers starting at once on a fresh database all come up with the same schema."""

import threading

from sqlalchemy import inspect

from app.store.database import MIGRATIONS, create_db_engine, migrate


def test_concurrent_first_starts_create_the_schema_once(database_url):
    engines = [create_db_engine(database_url) for _ in range(4)]
    start, results, errors = threading.Barrier(len(engines)), [], []

    def start_worker(engine):
        start.wait()
        try:
            results.append(migrate(engine))
        except Exception as exc:  # the test reports it below
            errors.append(exc)

    workers = [threading.Thread(target=start_worker, args=(e,)) for e in engines]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == [] and results == [len(MIGRATIONS)] * len(engines)
    tables = set(inspect(engines[0]).get_table_names())
    assert {"calls", "turns", "practice_sessions", "comments", "schema_version"} <= tables
    for engine in engines:
        engine.dispose()
