#!/usr/bin/env bash
# Start Debian's PostgreSQL (installed with apt-get install postgresql) and create the role and
# database the tests use. Run as root. Prints the database URL for OC_TEST_DATABASE_URL on
# stdout and nothing else: everything the PostgreSQL tools say goes to stderr.
set -euo pipefail
exec 3>&1 1>&2
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main >/dev/null 3>&-
pg_ctlcluster "$version" main status >/dev/null 2>&1 || pg_ctlcluster "$version" main start 3>&-
for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
as_postgres() { su postgres -c "$1"; }
as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='coach'\"" | grep -q 1 \
  || as_postgres "psql -qc \"CREATE ROLE coach LOGIN PASSWORD 'coach'\""
as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='coach_test'\"" | grep -q 1 \
  || as_postgres "createdb -O coach coach_test"
echo "postgresql+psycopg://coach:coach@127.0.0.1:5432/coach_test" >&3
