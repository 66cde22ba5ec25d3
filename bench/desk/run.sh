#!/usr/bin/env bash
# bench/desk: how fast the case handlers' desk answers with a realistic caseload, on SQLite then PostgreSQL, at
# 10,000 then 100,000 reports, beside the same server returning a static copy of each page (same bytes) at the
# same concurrency in the same run. One command, one table:
#     bench/desk/run.sh          (SIZES="10000 100000" DBS="SQLite PostgreSQL" CLIENTS=4 REQUESTS=400 WARMUP=300 to change)
# The reports are seeded straight into the database (genuinely sealed, no Argon2id receipt each), the handler signs
# in for real (password + TOTP). Everything binds 127.0.0.1 and shares this machine's cores: read ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES="${SIZES:-10000 100000}"
DBS="${DBS:-SQLite PostgreSQL}"
export CLIENTS="${CLIENTS:-4}" REQUESTS="${REQUESTS:-400}" LATER_PAGE="${LATER_PAGE:-20}" WARMUP="${WARMUP:-300}"
work="$(mktemp -d /tmp/saystop-bench-desk.XXXXXX)"
pids=()
source scripts/lib/postgres.sh
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  pg_throwaway_stop
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "publishing SayStop and the bench (Release)…" >&2
dotnet publish src/SayStop.Web -c Release -o "$work/app" -nologo -v quiet >/dev/null
dotnet build bench/desk/SayStop.Desk.Bench -c Release -o "$work/client" -nologo -v quiet >/dev/null
mkdir -p "$work/app/wwwroot/_bench"
# The seeder hosts SayStop in-process (no HTTP); its content root is the published site.
export ASPNETCORE_TEST_CONTENTROOT_SAYSTOP_WEB="$work/app"

start_site() { # provider connection-string data-dir -> sets SITE_URL
  local port; port="$(free_port)"
  ( cd "$3" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_CONTENTROOT="$work/app" Database__Provider="$1" \
      ConnectionStrings__Sqlite="Data Source=$3/saystop.db" ConnectionStrings__Postgres="$2" \
      Site__SeedDemoContent=false Site__PrintFirstAdministratorLink=false Site__PublicBaseUrl="http://127.0.0.1:$port" Site__DataDirectory="$3" \
      Desk__DeleteAfterForwardedDays=3650 Desk__DeleteAfterClosedDays=3650 Logging__LogLevel__Default=Warning \
      ASPNETCORE_URLS="http://127.0.0.1:$port" exec dotnet "$work/app/SayStop.Web.dll" >>"$3/site.log" 2>&1 ) &
  pids+=("$!")
  for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.25; done
  SITE_URL="http://127.0.0.1:$port"
}

stop_site() { kill "${pids[-1]}" 2>/dev/null || true; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }

results="$work/results.tsv"
run_db() { # label provider connection-string
  local label="$1" provider="$2" cs="$3" data="$work/data-$2"
  mkdir -p "$data"
  for size in $SIZES; do
    echo "$label: seeding up to $size reports…" >&2
    dotnet "$work/client/SayStop.Desk.Bench.dll" seed "$provider" "$cs" "$data" "$size" "$data" >&2
    echo "$label: measuring at $size reports…" >&2
    start_site "$provider" "$cs" "$data"
    if ! dotnet "$work/client/SayStop.Desk.Bench.dll" measure "$SITE_URL" "$work/app/wwwroot/_bench" "$label" "$size" "$data" >>"$results"; then
      echo "$label: the measure failed; the site's last log lines:" >&2
      tail -n 40 "$data/site.log" >&2
      exit 1
    fi
    stop_site
  done
}

case " $DBS " in *" SQLite "*) run_db SQLite Sqlite "Data Source=$work/data-Sqlite/saystop.db" ;; esac
case " $DBS " in *" PostgreSQL "*) pg_throwaway_start >/dev/null; run_db PostgreSQL Postgres "$PG_URL;Database=postgres" ;; esac

printf '\nbench/desk — %s clients, %s requests per page, %s (%s cores)\n\n' "$CLIENTS" "$REQUESTS" "$(date -u +%F)" "$(nproc)"
printf '| database | reports | page | req/s | p50 ms | p99 ms | static req/s | static p50 ms | static p99 ms | bytes | p99 ÷ static p99 |\n'
printf '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
while IFS=$'\t' read -r db size page n rps p50 p99 srps sp50 sp99 bytes; do
  ratio="$(python3 -c "print(f'{$p99/max($sp99,0.1):.0f}x')")"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$db" "$size" "$page" "$rps" "$p50" "$p99" "$srps" "$sp50" "$sp99" "$bytes" "$ratio"
done <"$results"
