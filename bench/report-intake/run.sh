#!/usr/bin/env bash
# bench/report-intake: how fast SayStop files reports (the "send" post: Argon2id receipt verifier at the production
# cost, sealing to every recipient key, one committed transaction), on SQLite then PostgreSQL, at 1, 8 and 32
# concurrent clients, beside the same server returning a static copy of the receipt page (same bytes) at the
# same concurrency in the same run (closed loop); then reports arriving at a fixed rate, alone and beside one client
# flooding 1,000 requests a second (open loop). One command, one table per mode:
#     bench/report-intake/run.sh          (CLIENTS="1 8 32" PER_CLIENT=12, MODE=closed|open|both,
#                                          OPEN_RATE=10 OPEN_SECONDS=30 FLOOD_RATE=1000 to change)
# The site runs behind a simulated proxy (Site__BehindProxy): each draft has its own X-Forwarded-For address, the
# flooder one; the per-client budgets are the production ones, the site-wide last resort is raised (it would cap
# the measured rate, not the cost of a send). Everything binds 127.0.0.1 and shares this machine's cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS="${CLIENTS:-1 8 32}"
export PER_CLIENT="${PER_CLIENT:-12}"
MODE="${MODE:-both}"
OPEN_RATE="${OPEN_RATE:-10}"
OPEN_SECONDS="${OPEN_SECONDS:-30}"
FLOOD_RATE="${FLOOD_RATE:-1000}"
work="$(mktemp -d /tmp/saystop-bench-intake.XXXXXX)"
pids=()
source scripts/lib/postgres.sh
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  pg_throwaway_stop
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "publishing SayStop and the client (Release)…" >&2
dotnet publish src/SayStop.Web -c Release -o "$work/app" -nologo -v quiet >/dev/null
dotnet build bench/report-intake/SayStop.ReportIntake.Bench -c Release -o "$work/client" -nologo -v quiet >/dev/null
mkdir -p "$work/app/wwwroot/_bench"

start_site() { # provider connection-string -> sets SITE_URL
  local provider="$1" cs="$2" port; port="$(free_port)"
  mkdir -p "$work/data-$provider"
  ( cd "$work/data-$provider" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_CONTENTROOT="$work/app" Database__Provider="$provider" \
      ConnectionStrings__Sqlite="Data Source=$work/data-$provider/saystop.db" ConnectionStrings__Postgres="$cs" \
      Site__SeedDemoContent=false Site__PrintFirstAdministratorLink=false Site__PublicBaseUrl="http://127.0.0.1:$port" Site__DataDirectory="$work/data-$provider" \
      Reports__SubmissionsPerMinute=1000000 Site__BehindProxy=true Logging__LogLevel__Default=Warning ASPNETCORE_URLS="http://127.0.0.1:$port" \
      exec dotnet "$work/app/SayStop.Web.dll" >"$work/site-$provider.log" 2>&1 ) &
  pids+=("$!")
  for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.25; done
  SITE_URL="http://127.0.0.1:$port"
}

# The report form opens only once the organisation's recovery key exists (made at the first administrator's setup):
# store a public key as that setup would; its private part is dropped, the bench never opens a report.
add_recovery_key() { # provider
  local id key
  id="$(python3 -c 'import uuid; print(str(uuid.uuid4()).upper())')"
  key="$(python3 -c 'from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey as K; print(K.generate().public_key().public_bytes_raw().hex())')"
  if [ "$1" = Sqlite ]; then
    python3 -c 'import sqlite3, sys, datetime
c = sqlite3.connect(sys.argv[1])
c.execute("INSERT INTO RecipientKeys (Id, Kind, PublicKey, CreatedAt) VALUES (?, ?, ?, ?)",
          (sys.argv[2], "Recovery", bytes.fromhex(sys.argv[3]), datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")))
c.commit()' "$work/data-Sqlite/saystop.db" "$id" "$key"
  else
    "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
      -c "INSERT INTO \"RecipientKeys\" (\"Id\", \"Kind\", \"PublicKey\", \"CreatedAt\") VALUES ('$id', 'Recovery', '\\x$key', now())"
  fi
}

results="$work/results.tsv"
open_results="$work/results-open.tsv"
touch "$results" "$open_results"
run_client() { # label
  if [ "$MODE" != open ]; then
    # shellcheck disable=SC2086
    dotnet "$work/client/SayStop.ReportIntake.Bench.dll" "$SITE_URL" "$work/app/wwwroot/_bench/receipt.html" "$1" $CLIENTS >>"$results"
  fi
  if [ "$MODE" != closed ]; then
    dotnet "$work/client/SayStop.ReportIntake.Bench.dll" open "$SITE_URL" "$1" "$OPEN_RATE" "$OPEN_SECONDS" "$FLOOD_RATE" >>"$open_results"
  fi
}

echo "SQLite…" >&2
start_site Sqlite ""
add_recovery_key Sqlite
run_client SQLite
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

echo "PostgreSQL…" >&2
pg_throwaway_start >/dev/null
start_site Postgres "$PG_URL;Database=postgres"
add_recovery_key Postgres
run_client PostgreSQL

if [ -s "$results" ]; then
  size="$(stat -c %s "$work/app/wwwroot/_bench/receipt.html")"
  printf '\nbench/report-intake, closed loop — %s sends per client, receipt page %s bytes, %s (%s cores)\n' "$PER_CLIENT" "$size" "$(date -u +%F)" "$(nproc)"
  printf '%-10s %7s %6s | %10s %8s %8s | %10s %8s %8s | %s\n' database clients sends "reports/s" "p50 ms" "p99 ms" "static/s" "p50 ms" "p99 ms" "static/report throughput"
  while IFS=$'\t' read -r db c n rps p50 p99 srps sp50 sp99; do
    ratio="$(python3 -c "print(f'{$srps/$rps:.0f}x')")"
    printf '%-10s %7s %6s | %10s %8s %8s | %10s %8s %8s | %s\n' "$db" "$c" "$n" "$rps" "$p50" "$p99" "$srps" "$sp50" "$sp99" "$ratio"
  done <"$results"
fi

if [ -s "$open_results" ]; then
  printf '\nbench/report-intake, open loop — reports arriving at %s/s for %s s, proof of work solved by the client, %s (%s cores)\n' "$OPEN_RATE" "$OPEN_SECONDS" "$(date -u +%F)" "$(nproc)"
  printf '%-10s %-10s %9s %8s | %6s %9s %8s %8s %8s %6s | %10s %9s %6s %8s\n' database phase "arrive/s" "flood/s" sends "filed/s" "p50 ms" "p99 ms" "max ms" failed "flood sent" refused other skipped
  while IFS=$'\t' read -r db phase rate flood n rps p50 p99 max failed fsent frefused fother fskipped; do
    printf '%-10s %-10s %9s %8s | %6s %9s %8s %8s %8s %6s | %10s %9s %6s %8s\n' "$db" "$phase" "$rate" "$flood" "$n" "$rps" "$p50" "$p99" "$max" "$failed" "$fsent" "$frefused" "$fother" "$fskipped"
  done <"$open_results"
  echo "Aim: p99 under 250 ms at 10 reports a second; under 1 s for them beside the flood (latency from the planned arrival)."
fi
