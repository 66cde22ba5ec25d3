# Throwaway PostgreSQL cluster for tests and benchmarks. Source this file, then:
#   pg_throwaway_start [extra postgres -c options...]   sets PG_PORT and PG_URL (Npgsql connection string)
#   pg_throwaway_stop                                   stops it and removes its files (also on EXIT if you trap it)
# Installs the distribution's postgresql when missing (root only). Binds 127.0.0.1 on a free port.

pg_throwaway_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1
}

pg_throwaway_start() {
  PG_BIN="$(pg_throwaway_bin)"
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    if [ "$(id -u)" -ne 0 ]; then echo "postgresql is not installed; run as root or apt-get install postgresql" >&2; return 1; fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null || return 1
    PG_BIN="$(pg_throwaway_bin)"
  fi
  PG_DIR="$(mktemp -d /tmp/saystop-pg.XXXXXX)"
  PG_RUN=""
  if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses to run as root; the distribution's postgres user owns the throwaway cluster.
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$PG_DIR" postgres
    chown postgres "$PG_DIR"
    PG_RUN="runuser -u postgres --"
  fi
  PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 55432)"
  local opts="-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300"
  for o in "$@"; do opts="$opts -c $o"; done
  if ! $PG_RUN "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1; then
    cat "$PG_DIR/initdb.log" >&2; return 1
  fi
  if ! $PG_RUN "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 -o "$opts" start >/dev/null; then
    tail -n 20 "$PG_DIR/server.log" >&2; return 1
  fi
  PG_URL="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
  export PG_PORT PG_URL
}

pg_throwaway_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    $PG_RUN "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
    PG_DIR=""
  fi
}
