# Sourced by .ci/run under CI=true: chromium for browser tests, PostgreSQL for the second pass,
# faketime for the pass under a shifted clock, Redis for the limits shared by gunicorn workers.
# Exports ICV_TEST_POSTGRES_URL and ICV_TEST_REDIS_URL. Safe to run again.

export DEBIAN_FRONTEND=noninteractive
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pg_ctlcluster >/dev/null || need+=(postgresql)
command -v faketime >/dev/null || need+=(faketime)
command -v redis-server >/dev/null || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]} from Debian"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

read -r pg_version pg_cluster < <(pg_lsclusters --no-header | awk 'NR==1 {print $1, $2}')
if [ -z "${pg_version:-}" ]; then
  pg_version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_cluster=main
  pg_createcluster "$pg_version" "$pg_cluster" >/dev/null
fi
pg_port=$(pg_lsclusters --no-header | awk -v v="$pg_version" -v c="$pg_cluster" '$1==v && $2==c {print $3}')
echo "== starting PostgreSQL $pg_version/$pg_cluster on port $pg_port"
pg_ctlcluster "$pg_version" "$pg_cluster" start 2>/dev/null || pg_ctlcluster "$pg_version" "$pg_cluster" status >/dev/null
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$pg_port" && break
  sleep 1
done
(cd / && su postgres -c "psql -q -p $pg_port -v ON_ERROR_STOP=1") <<SQL
SELECT 'CREATE ROLE icv_ci LOGIN PASSWORD ''icv_ci''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'icv_ci')\gexec
DROP DATABASE IF EXISTS icv_test;
CREATE DATABASE icv_test OWNER icv_ci;
SQL
export ICV_TEST_POSTGRES_URL="postgresql+psycopg://icv_ci:icv_ci@127.0.0.1:${pg_port}/icv_test"

# Redis on loopback, on a free port, keeping nothing on disk; it stops with the run's machine.
redis_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "== starting Redis on port $redis_port"
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --daemonize yes \
  --pidfile "/tmp/icv-ci-redis-$redis_port.pid" --logfile "/tmp/icv-ci-redis-$redis_port.log"
for _ in $(seq 1 30); do
  redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
  sleep 0.2
done
export ICV_TEST_REDIS_URL="redis://127.0.0.1:${redis_port}/0"
