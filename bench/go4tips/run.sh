#!/usr/bin/env bash
# bench/go4tips: how many answers per second Go4Tips records, and how fast the study page, the answer post and the
# feedback page answer, at 8 and 32 concurrent learners (each its own cookie, so its own learner profile), on SQLite
# then PostgreSQL, beside the same server returning a static copy of a study page (same bytes) at the same
# concurrency in the same run. One command, one table:
#     bench/go4tips/run.sh          (LEARNERS="8 32" ANSWERS=3000 to change)
# Everything binds 127.0.0.1 and shares this machine's cores (the client too): read ratios, not absolutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
LEARNERS="${LEARNERS:-8 32}"
export ANSWERS="${ANSWERS:-3000}" WARMUP="${WARMUP:-1000}"
work="$(mktemp -d /tmp/saystop-bench-go4tips.XXXXXX)"
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
dotnet build bench/go4tips/SayStop.Go4Tips.Bench -c Release -o "$work/client" -nologo -v quiet >/dev/null
mkdir -p "$work/app/wwwroot/_bench"

start_site() { # provider connection-string -> sets SITE_URL
  local provider="$1" cs="$2" port; port="$(free_port)"
  mkdir -p "$work/data-$provider"
  ( cd "$work/data-$provider" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_CONTENTROOT="$work/app" Database__Provider="$provider" \
      ConnectionStrings__Sqlite="Data Source=$work/data-$provider/saystop.db" ConnectionStrings__Postgres="$cs" \
      Site__SeedDemoContent=false Site__PrintFirstAdministratorLink=false Site__PublicBaseUrl="http://127.0.0.1:$port" Site__DataDirectory="$work/data-$provider" \
      Logging__LogLevel__Default=Warning ASPNETCORE_URLS="http://127.0.0.1:$port" \
      exec dotnet "$work/app/SayStop.Web.dll" >"$work/site-$provider.log" 2>&1 ) &
  pids+=("$!")
  for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.25; done
  SITE_URL="http://127.0.0.1:$port"
}

results="$work/results.tsv"
echo "SQLite…" >&2
start_site Sqlite ""
# shellcheck disable=SC2086
dotnet "$work/client/SayStop.Go4Tips.Bench.dll" "$SITE_URL" "$work/app/wwwroot/_bench/study-sqlite.html" SQLite $LEARNERS >>"$results"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

echo "PostgreSQL…" >&2
pg_throwaway_start >/dev/null
start_site Postgres "$PG_URL;Database=postgres"
# shellcheck disable=SC2086
dotnet "$work/client/SayStop.Go4Tips.Bench.dll" "$SITE_URL" "$work/app/wwwroot/_bench/study-postgres.html" PostgreSQL $LEARNERS >>"$results"

size="$(stat -c %s "$work/app/wwwroot/_bench/study-sqlite.html")"
printf '\nbench/go4tips — %s answers per level, study page about %s bytes, %s (%s cores)\n\n' "$ANSWERS" "$size" "$(date -u +%F)" "$(nproc)"
printf '| database | learners | answers | learner profiles | answers/s | study p50/p99 ms | answer post p50/p99 ms | feedback p50/p99 ms | static page/s (p50/p99 ms) | static/s ÷ answers/s |\n'
printf '|---|---:|---:|---:|---:|---|---|---|---|---:|\n'
while IFS=$'\t' read -r db l n profiles aps sp50 sp99 ap50 ap99 fp50 fp99 srps st50 st99; do
  ratio="$(python3 -c "print(f'{$srps/$aps:.0f}x')")"
  printf '| %s | %s | %s | %s | %s | %s/%s | %s/%s | %s/%s | %s (%s/%s) | %s |\n' "$db" "$l" "$n" "$profiles" "$aps" "$sp50" "$sp99" "$ap50" "$ap99" "$fp50" "$fp99" "$srps" "$st50" "$st99" "$ratio"
done <"$results"
