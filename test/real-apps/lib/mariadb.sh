# A private MariaDB server per app (sourced by apps/*/start.sh and stop.sh): never the system
# one. Its first start builds a template data directory (mariadb-install-db, then the app's
# own seeding), cached under /var/cache/tessera-real-apps keyed by the seed's hash; every
# start copies the template, so each run begins from the same clean state in about a second.
# Listens on 127.0.0.1:PORT and on a socket of its own.

MDB_STATE=/tmp/tessera-real-apps
MDB_CACHE=/var/cache/tessera-real-apps

mdb_dir() { printf '%s/%s/mysql' "$MDB_STATE" "$1"; }
mdb_socket() { printf '%s/%s/mysqld.sock' "$MDB_STATE" "$1"; }

# mdb_serve NAME DATADIR SOCKET [PORT]: starts mariadbd in the background and waits for it.
mdb_serve() {
  local name=$1 datadir=$2 socket=$3 port=${4:-}
  local network=(--skip-networking)
  [[ -n "$port" ]] && network=(--bind-address=127.0.0.1 --port="$port")
  mkdir -p "$(dirname "$socket")"
  setsid mariadbd --no-defaults --user=root --datadir="$datadir" --socket="$socket" "${network[@]}" \
    --pid-file="$datadir.pid" --log-error="$datadir.err" --skip-log-bin --innodb-buffer-pool-size=32M \
    --innodb-log-file-size=8M --skip-name-resolve </dev/null >/dev/null 2>&1 &
  local _
  for _ in $(seq 1 120); do
    mariadb-admin --socket="$socket" -uroot ping >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "MariaDB for $name did not start:" >&2
  tail -20 "$datadir.err" >&2
  return 1
}

mdb_shutdown() {
  local datadir=$1 socket=$2
  if [[ -f "$datadir.pid" ]]; then
    local pid
    pid=$(cat "$datadir.pid")
    mariadb-admin --socket="$socket" -uroot shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    local _
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$datadir.pid"
  fi
}

# mdb_start NAME PORT SEED_FUNCTION: a fresh copy of NAME's template (built with SEED_FUNCTION,
# which runs with MDB_SOCKET set and the server on PORT too, on the first start or when SEED_KEY
# changes), served on PORT.
mdb_start() {
  local name=$1 port=$2 seed=$3
  local key
  key=$(printf '%s' "${SEED_KEY:-}$(declare -f "$seed")" | sha1sum | cut -c1-12)
  local template="$MDB_CACHE/$name-$key"
  if [[ ! -f "$template/.ready" ]]; then
    rm -rf "$MDB_CACHE/$name"-* && mkdir -p "$template"
    mariadb-install-db --no-defaults --user=root --datadir="$template" --auth-root-authentication-method=normal \
      --skip-test-db >"$template.install.log" 2>&1 || { cat "$template.install.log" >&2; return 1; }
    local build_socket="$MDB_CACHE/$name-build.sock"
    mdb_serve "$name" "$template" "$build_socket" "$port" || return 1
    MDB_SOCKET="$build_socket" "$seed" || { mdb_shutdown "$template" "$build_socket"; return 1; }
    mdb_shutdown "$template" "$build_socket"
    rm -f "$template".err
    touch "$template/.ready"
  fi
  local datadir
  datadir=$(mdb_dir "$name")
  mdb_stop "$name"
  rm -rf "$datadir" && mkdir -p "$(dirname "$datadir")"
  cp -a "$template" "$datadir"
  mdb_serve "$name" "$datadir" "$(mdb_socket "$name")" "$port"
}

mdb_stop() { mdb_shutdown "$(mdb_dir "$1")" "$(mdb_socket "$1")"; }
