#!/usr/bin/env bash
# Local, loopback-only test services for the real-engine contract tests:
# Elasticsearch (from Maven Central), MinIO (built with `go install`) and PostgreSQL
# (Debian's packages).  Downloads and builds are cached outside the repository; data
# and logs live in a state directory, also outside the repository.
#
#   scripts/services.sh start|stop|status|env [es|minio|pg ...]   (default: all three)
#
# Then `. "$(scripts/services.sh env --path)"` exports the CATALOGUE_TEST_* variables.
# Environment (all optional):
#   CATALOGUE_SERVICES_CACHE  downloads and builds  (default ~/.cache/meetmydata-services)
#   CATALOGUE_SERVICES_STATE  data, logs, pid files (default /tmp/meetmydata-services-$USER)
#   CATALOGUE_ES_PORT (9200)  CATALOGUE_S3_PORT (9000)  CATALOGUE_S3_CONSOLE_PORT (9001)
#   CATALOGUE_PG_PORT (5432)  CATALOGUE_S3_ACCESS_KEY / CATALOGUE_S3_SECRET_KEY
#   CATALOGUE_PG_PASSWORD     CATALOGUE_SERVICES_TIMEOUT (seconds to wait, default 120)
set -euo pipefail

# The versions (ES_VERSION, MINIO_VERSION, POSTGRES_MAJOR) come from versions.env, which compose.yaml
# reads too; tests/test_versions.py fails when one is written here instead.
# shellcheck source=../versions.env
. "$(dirname "${BASH_SOURCE[0]}")/../versions.env"
ES_ARTIFACT=org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip
MINIO_MODULE=github.com/minio/minio

CACHE=${CATALOGUE_SERVICES_CACHE:-$HOME/.cache/meetmydata-services}
STATE=${CATALOGUE_SERVICES_STATE:-/tmp/meetmydata-services-$(id -un)}
ES_PORT=${CATALOGUE_ES_PORT:-9200}
S3_PORT=${CATALOGUE_S3_PORT:-9000}
S3_CONSOLE_PORT=${CATALOGUE_S3_CONSOLE_PORT:-9001}
PG_PORT=${CATALOGUE_PG_PORT:-5432}
# Test-only defaults, printed on start; never use them for anything reachable.
S3_ACCESS_KEY=${CATALOGUE_S3_ACCESS_KEY:-catalogue-test}
S3_SECRET_KEY=${CATALOGUE_S3_SECRET_KEY:-catalogue-test-secret}
PG_PASSWORD=${CATALOGUE_PG_PASSWORD:-catalogue-test}
TIMEOUT=${CATALOGUE_SERVICES_TIMEOUT:-120}
WAIT_FROM=
ENV_FILE=$STATE/services.env

say() { printf '[services] %s\n' "$*"; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }
is_root() { [[ $(id -u) -eq 0 ]]; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# A live (not zombie) process whose command line still names the service (pids get reused).
pid_alive() {
  [[ -s $1 ]] || return 1
  local pid stat; pid=$(cat "$1"); stat=$(ps -o stat= -p "$pid" 2>/dev/null) || return 1
  [[ $stat != Z* && $(ps -ww -o args= -p "$pid") == *"${2:-}"* ]]  # -ww: never cut (COLUMNS may be set)
}
# Run a command as a service user when root (Elasticsearch refuses root); as oneself otherwise.
as_user() {
  local user=$1; shift
  if is_root; then setpriv --reuid="$user" --regid="$user" --init-groups -- "$@"; else "$@"; fi
}
own() { if is_root; then chown -R "$1" "${@:2}"; fi; }
tail_logs() { local f; for f in "$@"; do [[ -f $f ]] && { echo "--- last lines of $f:"; tail -n 25 "$f" | cut -c1-400; }; done; return 0; }
check_port_free() {  # $1 port, $2 name, $3 env var
  port_open "$1" && die "port $1 is already in use by a process this script did not start; stop it or set $3 to run $2 on another port"
  return 0
}
wait_until() {  # $1 description, $2 pid file (process must stay alive), rest: probe command
  local what=$1 pidfile=$2 start=${WAIT_FROM:-$SECONDS}; shift 2
  until "$@" >/dev/null 2>&1; do
    if [[ -n $pidfile ]] && ! pid_alive "$pidfile"; then return 2; fi
    (( SECONDS - start >= TIMEOUT )) && return 1
    sleep 1
  done
  say "$what ready in $((SECONDS - start)) s"
}

# --------------------------------------------------------------------------- Elasticsearch
ES_DIR=$STATE/es
ES_HOME=$ES_DIR/elasticsearch-$ES_VERSION
ES_PID=$ES_DIR/es.pid
ES_USER=esrun

ES_ZIP=$CACHE/downloads/elasticsearch-$ES_VERSION.zip

es_fetch() {
  # Maven resolves the artifact from Maven Central (its ordinary client, with strict checksums)
  # and keeps it in ~/.m2 too; the copy here is what the install step unpacks.
  if [[ ! -f $ES_ZIP ]]; then
    command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch Elasticsearch from Maven Central: apt-get install maven"
    mkdir -p "$CACHE/downloads"
    say "fetching Elasticsearch $ES_VERSION ($ES_ARTIFACT, ~100 MB) with Maven"
    mvn -B -q -C dependency:copy "-Dartifact=$ES_ARTIFACT" "-DoutputDirectory=$CACHE/downloads" \
      || die "Maven could not fetch $ES_ARTIFACT (see its output above)"
    [[ -f $ES_ZIP ]] || die "Maven finished but $ES_ZIP is missing"
    say "fetched and checksum-verified by Maven"
  fi
}

es_install() {
  if [[ ! -x $ES_HOME/bin/elasticsearch ]]; then
    es_fetch
    say "unpacking Elasticsearch into $ES_DIR"
    mkdir -p "$ES_DIR"; rm -rf "$ES_HOME"
    unzip -q "$ES_ZIP" -d "$ES_DIR"
  fi
  if is_root && ! id "$ES_USER" >/dev/null 2>&1; then
    say "creating system user $ES_USER (Elasticsearch refuses to run as root)"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
  fi
  mkdir -p "$ES_DIR/data" "$ES_DIR/logs" "$ES_DIR/tmp"
  [[ -d $ES_DIR/config ]] || cp -r "$ES_HOME/config" "$ES_DIR/config"
  cat >"$ES_DIR/config/elasticsearch.yml" <<EOF
# written by scripts/services.sh: a throw-away single-node test cluster on loopback
cluster.name: meetmydata-test
node.name: test-node
path.data: $ES_DIR/data
path.logs: $ES_DIR/logs
network.host: 127.0.0.1
http.port: $ES_PORT
discovery.type: single-node
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  own "$ES_USER" "$ES_DIR"
  as_user "$ES_USER" test -x "$ES_HOME/bin/elasticsearch" \
    || die "user $ES_USER cannot reach $ES_HOME: set CATALOGUE_SERVICES_STATE to a directory every user can traverse (e.g. /tmp/...)"
}

es_health() { curl -fsS "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=2s"; }

es_start() {
  if pid_alive "$ES_PID" elasticsearch; then say "Elasticsearch already running (pid $(cat "$ES_PID")) on http://127.0.0.1:$ES_PORT"; return; fi
  check_port_free "$ES_PORT" Elasticsearch CATALOGUE_ES_PORT
  command -v java >/dev/null || die "java not found: Elasticsearch $ES_VERSION needs OpenJDK 17+ (apt-get install -y openjdk-17-jre-headless)"
  local java_home; java_home=${ES_JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
  es_install
  rm -f "$ES_PID"
  remember es "$ES_PORT"
  WAIT_FROM=$SECONDS
  say "starting Elasticsearch $ES_VERSION on http://127.0.0.1:$ES_PORT (java: $java_home, heap 512m; usually 10-40 s)"
  local run=(); is_root && run=(setpriv --reuid="$ES_USER" --regid="$ES_USER" --init-groups --)
  cd "$ES_DIR"  # the service user may not be allowed into the caller's directory
  setsid "${run[@]}" env HOME="$ES_DIR" ES_JAVA_HOME="$java_home" ES_PATH_CONF="$ES_DIR/config" \
      ES_TMPDIR="$ES_DIR/tmp" ES_JAVA_OPTS="-Xms512m -Xmx512m" "$ES_HOME/bin/elasticsearch" -p "$ES_PID" \
      >>"$ES_DIR/logs/console.log" 2>&1 </dev/null &
  local launcher=$!; cd - >/dev/null
  # The pid file appears once the server JVM is up; until then watch the launcher.
  until [[ -s $ES_PID ]] || ! kill -0 "$launcher" 2>/dev/null || (( SECONDS - WAIT_FROM >= TIMEOUT )); do sleep 1; done
  if [[ ! -s $ES_PID ]] && kill -0 "$launcher" 2>/dev/null; then
    kill -TERM "$launcher"; tail_logs "$ES_DIR/logs/console.log" >&2
    die "Elasticsearch did not start its server in $TIMEOUT s (log above)"
  fi
  local rc=0; wait_until Elasticsearch "$ES_PID" es_health || rc=$?
  (( rc == 0 )) && return
  tail_logs "$ES_DIR/logs/console.log" "$ES_DIR/logs/meetmydata-test.log" >&2
  (( rc == 2 )) && die "Elasticsearch exited during start-up (logs above)"
  stop_pid Elasticsearch "$ES_PID" elasticsearch >&2  # do not leave a half-started node behind
  kill -TERM "$launcher" 2>/dev/null || true
  die "Elasticsearch did not become healthy in $TIMEOUT s (logs above)"
}

es_stop() { stop_pid Elasticsearch "$ES_PID" elasticsearch; }
es_status() {
  if pid_alive "$ES_PID" elasticsearch; then
    local health; health=$(curl -fsS "http://127.0.0.1:$ES_PORT/_cluster/health" 2>/dev/null | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p')
    echo "es     running (pid $(cat "$ES_PID"), cluster ${health:-not answering})  http://127.0.0.1:$ES_PORT"
  else echo "es     stopped"; fi
}

# --------------------------------------------------------------------------- MinIO
MINIO_DIR=$STATE/minio
MINIO_PID=$MINIO_DIR/minio.pid
MINIO_BIN=$CACHE/minio-$MINIO_VERSION/minio

minio_build() {
  [[ -x $MINIO_BIN ]] && return
  command -v go >/dev/null || die "go not found: MinIO is built from source with the Go toolchain; install Go first"
  local log=$CACHE/minio-build.log
  mkdir -p "$(dirname "$MINIO_BIN")"
  say "building MinIO $MINIO_VERSION with go install (first time only, ~3 min; log: $log)"
  (GOBIN=$(dirname "$MINIO_BIN") go install "$MINIO_MODULE@$MINIO_VERSION") >"$log" 2>&1 &
  local pid=$! start=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5; (( (SECONDS - start) % 30 < 5 )) && say "  still building MinIO ($((SECONDS - start)) s)"
  done
  wait "$pid" || { tail_logs "$log" >&2; die "go install $MINIO_MODULE@$MINIO_VERSION failed (log above)"; }
  say "MinIO built in $((SECONDS - start)) s"
}

minio_health() { curl -fsS "http://127.0.0.1:$S3_PORT/minio/health/live"; }

minio_start() {
  if pid_alive "$MINIO_PID" minio; then say "MinIO already running (pid $(cat "$MINIO_PID")) on http://127.0.0.1:$S3_PORT"; return; fi
  check_port_free "$S3_PORT" MinIO CATALOGUE_S3_PORT
  check_port_free "$S3_CONSOLE_PORT" "the MinIO console" CATALOGUE_S3_CONSOLE_PORT
  (( ${#S3_ACCESS_KEY} >= 3 && ${#S3_SECRET_KEY} >= 8 )) \
    || die "CATALOGUE_S3_ACCESS_KEY needs >= 3 characters and CATALOGUE_S3_SECRET_KEY >= 8 (MinIO's rule)"
  minio_build
  mkdir -p "$MINIO_DIR/data"
  remember minio "$S3_PORT" "$S3_CONSOLE_PORT" "$S3_ACCESS_KEY" "$S3_SECRET_KEY"
  WAIT_FROM=$SECONDS
  say "starting MinIO on http://127.0.0.1:$S3_PORT (console http://127.0.0.1:$S3_CONSOLE_PORT)"
  say "  S3 credentials: access key '$S3_ACCESS_KEY', secret key '$S3_SECRET_KEY' (test-only unless set in the environment)"
  setsid env MINIO_ROOT_USER="$S3_ACCESS_KEY" MINIO_ROOT_PASSWORD="$S3_SECRET_KEY" MINIO_UPDATE=off \
      "$MINIO_BIN" server "$MINIO_DIR/data" --address "127.0.0.1:$S3_PORT" \
      --console-address "127.0.0.1:$S3_CONSOLE_PORT" >>"$MINIO_DIR/minio.log" 2>&1 </dev/null &
  echo $! >"$MINIO_PID"
  local rc=0; wait_until MinIO "$MINIO_PID" minio_health || rc=$?
  (( rc == 0 )) && return
  tail_logs "$MINIO_DIR/minio.log" >&2
  (( rc == 2 )) && die "MinIO exited during start-up (log above)"
  stop_pid MinIO "$MINIO_PID" minio >&2
  die "MinIO did not become healthy in $TIMEOUT s (log above)"
}

minio_stop() { stop_pid MinIO "$MINIO_PID" minio; }
minio_status() {
  if pid_alive "$MINIO_PID" minio; then
    local live=not-answering; minio_health >/dev/null 2>&1 && live=live
    echo "minio  running (pid $(cat "$MINIO_PID"), $live)  http://127.0.0.1:$S3_PORT  console http://127.0.0.1:$S3_CONSOLE_PORT"
  else echo "minio  stopped"; fi
}

# --------------------------------------------------------------------------- PostgreSQL
PG_DIR=$STATE/pg
PG_DATA=$PG_DIR/data
PG_SOCK=$PG_DIR/run
PG_USER=postgres

PG_PACKAGE=postgresql-$POSTGRES_MAJOR

pg_bin() { [[ -x /usr/lib/postgresql/$POSTGRES_MAJOR/bin/postgres ]] && echo "/usr/lib/postgresql/$POSTGRES_MAJOR/bin"; true; }

pg_install() {
  [[ -n $(pg_bin) ]] && return
  is_root || die "PostgreSQL $POSTGRES_MAJOR not installed: run 'sudo apt-get update && sudo apt-get install -y $PG_PACKAGE'"
  say "installing PostgreSQL $POSTGRES_MAJOR from Debian's packages (apt-get install $PG_PACKAGE)"
  apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$PG_PACKAGE" >/dev/null || die "apt-get install $PG_PACKAGE failed"
  # The package may start a default cluster on 5432; ours runs in the state dir, so stop that one
  # (it was created by the install just now, so nothing of anyone's is lost).
  local cluster
  for cluster in $(pg_lsclusters -h 2>/dev/null | awk '$4 == "online" {print $1 "/" $2}'); do
    say "stopping the package's default cluster $cluster"
    pg_ctlcluster "${cluster%/*}" "${cluster#*/}" stop || true
  done
  [[ -n $(pg_bin) ]] || die "$PG_PACKAGE installed but no /usr/lib/postgresql/$POSTGRES_MAJOR/bin/postgres found"
}

pg_ctl_() { as_user "$PG_USER" "$(pg_bin)/pg_ctl" -D "$PG_DATA" "$@"; }
pg_running() { [[ -f $PG_DATA/PG_VERSION ]] && pg_ctl_ status >/dev/null 2>&1; }

pg_start() {
  is_root || PG_USER=$(id -un)
  pg_install
  if [[ -f $PG_DATA/PG_VERSION && $(cat "$PG_DATA/PG_VERSION") != "$POSTGRES_MAJOR" ]]; then
    die "the cluster in $PG_DATA is PostgreSQL $(cat "$PG_DATA/PG_VERSION") but versions.env pins $POSTGRES_MAJOR: stop it with this script's previous version, then remove $PG_DIR"
  fi
  local installed; installed=$("$(pg_bin)/postgres" --version | awk '{print $3}')
  [[ $installed == "$POSTGRES_VERSION" ]] \
    || say "note: Debian's PostgreSQL here is $installed; compose.yaml runs $POSTGRES_VERSION (versions.env)"
  if pg_running; then say "PostgreSQL already running on 127.0.0.1:$PG_PORT"; return; fi
  check_port_free "$PG_PORT" PostgreSQL CATALOGUE_PG_PORT
  local bin; bin=$(pg_bin)
  mkdir -p "$PG_DIR" "$PG_SOCK"; chmod 700 "$PG_SOCK"; own "$PG_USER" "$PG_DIR"
  as_user "$PG_USER" test -w "$PG_DIR" \
    || die "user $PG_USER cannot write $PG_DIR: set CATALOGUE_SERVICES_STATE to a directory every user can traverse (e.g. /tmp/...)"
  if [[ ! -f $PG_DATA/PG_VERSION ]]; then
    say "initdb: new cluster in $PG_DATA ($("$bin/postgres" --version))"
    as_user "$PG_USER" "$bin/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 >"$PG_DIR/initdb.log" 2>&1 \
      || { tail_logs "$PG_DIR/initdb.log" >&2; die "initdb failed (log above)"; }
    # A throw-away test cluster: durability traded for speed.
    printf '\n# scripts/services.sh (test-only)\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n' \
      >>"$PG_DATA/postgresql.conf"
  fi
  say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  local t=$SECONDS; WAIT_FROM=$SECONDS
  pg_ctl_ -l "$PG_DIR/postgresql.log" -w -t "$TIMEOUT" \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_SOCK" start >/dev/null \
    || { tail_logs "$PG_DIR/postgresql.log" >&2; die "PostgreSQL did not start in $TIMEOUT s (log above)"; }
  wait_until PostgreSQL "" "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" || die "pg_isready failed on 127.0.0.1:$PG_PORT"
  "$bin/psql" -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 -v pw="$PG_PASSWORD" >/dev/null <<'SQL' \
    || die "could not create role/databases 'catalogue'"
SELECT 'CREATE ROLE catalogue LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'catalogue') \gexec
ALTER ROLE catalogue WITH LOGIN PASSWORD :'pw';
SELECT format('CREATE DATABASE %I OWNER catalogue', d) FROM unnest(ARRAY['catalogue', 'catalogue_test']) AS d
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = d) \gexec
SQL
  remember pg "$PG_PORT" "$PG_PASSWORD"
  say "  PostgreSQL role 'catalogue' (password '$PG_PASSWORD'), databases catalogue and catalogue_test ($((SECONDS - t)) s)"
}

pg_stop() {
  is_root || PG_USER=$(id -un)
  if [[ -n $(pg_bin) ]] && pg_running; then say "stopping PostgreSQL"; pg_ctl_ -m fast -w stop >/dev/null
  else say "PostgreSQL not running"; fi
}
pg_status() {
  is_root || PG_USER=$(id -un)
  if [[ -n $(pg_bin) ]] && pg_running; then
    local ready=not-ready; "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && ready=accepting
    echo "pg     running ($ready)  postgresql://catalogue@127.0.0.1:$PG_PORT/catalogue_test"
  else echo "pg     stopped"; fi
}

# --------------------------------------------------------------------------- common
stop_pid() {  # $1 name, $2 pid file, $3 command-line pattern: TERM, wait up to 60 s, then KILL
  local name=$1 pidfile=$2
  if ! pid_alive "$pidfile" "$3"; then say "$name not running"; rm -f "$pidfile"; return; fi
  local pid; pid=$(cat "$pidfile"); say "stopping $name (pid $pid)"
  kill -TERM "$pid"
  local t=$SECONDS; while kill -0 "$pid" 2>/dev/null && (( SECONDS - t < 60 )); do sleep 1; done
  if kill -0 "$pid" 2>/dev/null; then say "$name still running after 60 s: killing it"; kill -KILL "$pid"; fi
  rm -f "$pidfile"
}

# Ports and credentials a server was started with: stop, status and env use them whatever
# the caller's environment says.
remember() { (umask 077; mkdir -p "$STATE/started"; printf '%s\n' "${@:2}" >"$STATE/started/$1"); }
recall() { sed -n "${2}p" "$STATE/started/$1"; }
load_started() {
  if [[ -f $STATE/started/es ]]; then ES_PORT=$(recall es 1); fi
  if [[ -f $STATE/started/minio ]]; then
    S3_PORT=$(recall minio 1); S3_CONSOLE_PORT=$(recall minio 2)
    S3_ACCESS_KEY=$(recall minio 3); S3_SECRET_KEY=$(recall minio 4)
  fi
  if [[ -f $STATE/started/pg ]]; then PG_PORT=$(recall pg 1); PG_PASSWORD=$(recall pg 2); fi
}

write_env() {  # exports for the services that are running now
  load_started
  local pw; pw=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$PG_PASSWORD" 2>/dev/null || echo "$PG_PASSWORD")
  mkdir -p "$STATE"
  {
    echo "# written by scripts/services.sh; load with: . $ENV_FILE"
    pid_alive "$ES_PID" elasticsearch && printf 'export CATALOGUE_TEST_ES_URL=%q\n' "http://127.0.0.1:$ES_PORT"
    if pid_alive "$MINIO_PID" minio; then
      printf 'export CATALOGUE_TEST_S3_ENDPOINT=%q\n' "127.0.0.1:$S3_PORT"
      printf 'export CATALOGUE_TEST_S3_ACCESS_KEY=%q\n' "$S3_ACCESS_KEY"
      printf 'export CATALOGUE_TEST_S3_SECRET_KEY=%q\n' "$S3_SECRET_KEY"
    fi
    pg_status | grep -q running \
      && printf 'export CATALOGUE_TEST_DATABASE_URL=%q\n' "postgresql+psycopg://catalogue:$pw@127.0.0.1:$PG_PORT/catalogue_test"
    true
  } >"$ENV_FILE"
  chmod 600 "$ENV_FILE"
}

usage() {
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

main() {
  local cmd=${1:-}; [[ -n $cmd ]] || usage 2; shift
  [[ $cmd == start ]] || load_started
  if [[ $cmd == env ]]; then write_env; if [[ ${1:-} == --path ]]; then echo "$ENV_FILE"; else cat "$ENV_FILE"; fi; return; fi
  local services=("$@"); (( ${#services[@]} )) || services=(es minio pg)
  local s; for s in "${services[@]}"; do [[ $s =~ ^(es|minio|pg)$ ]] || die "unknown service '$s' (expected es, minio or pg)"; done
  mkdir -p "$STATE"
  case $cmd in
    start)
      local t=$SECONDS
      for s in "${services[@]}"; do "${s}_start"; done
      write_env
      say "all requested services up in $((SECONDS - t)) s; environment: . $ENV_FILE" ;;
    stop)   for s in "${services[@]}"; do "${s}_stop"; done; write_env ;;
    status) for s in "${services[@]}"; do "${s}_status"; done
            echo "cache: $CACHE"; echo "state: $STATE"; echo "env:   $ENV_FILE" ;;
    -h|--help|help) usage ;;
    *) echo "[services] ERROR: unknown command '$cmd'" >&2; usage 2 >&2 ;;
  esac
}

main "$@"
