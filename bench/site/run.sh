#!/usr/bin/env bash
# bench/site: how fast SayStop serves its cacheable public pages, beside the same bytes served as static files
# by SayStop's own server and by nginx, and beside nginx as a caching proxy in front of SayStop (the production
# set-up of docs/OPERATIONS.md). One command, one run, one table:
#     bench/site/run.sh            (DURATION=5s CONNECTIONS="8 64" to change)
# Everything binds 127.0.0.1; wrk, nginx and the site share this machine's cores, so read ratios, not absolutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"
DURATION="${DURATION:-5s}"
CONNECTIONS="${CONNECTIONS:-8 64}"
work="$(mktemp -d /tmp/saystop-bench-site.XXXXXX)"
chmod 755 "$work"   # nginx workers run as an unprivileged user and must read the static copies
pids=()
source scripts/lib/postgres.sh
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  pg_throwaway_stop
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

need() { command -v "$1" >/dev/null 2>&1 || { [ "$(id -u)" -eq 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx-light
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "publishing SayStop (Release)…" >&2
dotnet publish src/SayStop.Web -c Release -o "$work/app" -nologo -v quiet >/dev/null

start_site() { # provider connection-string -> sets SITE_URL
  local provider="$1" cs="$2" port; port="$(free_port)"
  mkdir -p "$work/data-$provider"
  ( cd "$work/data-$provider" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_CONTENTROOT="$work/app" Database__Provider="$provider" \
      ConnectionStrings__Sqlite="Data Source=$work/data-$provider/saystop.db" ConnectionStrings__Postgres="$cs" \
      Site__SeedDemoContent=true Site__PrintFirstAdministratorLink=false Site__PublicBaseUrl="http://127.0.0.1:$port" Site__DataDirectory="$work/data-$provider" \
      Logging__LogLevel__Default=Warning ASPNETCORE_URLS="http://127.0.0.1:$port" \
      exec dotnet "$work/app/SayStop.Web.dll" >"$work/site-$provider.log" 2>&1 ) &
  pids+=("$!")
  for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.25; done
  SITE_URL="http://127.0.0.1:$port"
}

# wrk → "rps p50_ms p99_ms"
measure() {
  local url="$1" c="$2" out
  out="$(wrk -t2 -c"$c" -d"$DURATION" --latency "$url" 2>&1)"
  if echo "$out" | grep -q "Non-2xx"; then echo "non-2xx from $url" >&2; fi
  local rps p50 p99
  rps="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  p50="$(echo "$out" | awk '$1=="50%" {print $2}')"
  p99="$(echo "$out" | awk '$1=="99%" {print $2}')"
  echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}
# Tiered JIT, connection pools and caches settle before anything is measured.
warm_up() { for u in "$@"; do wrk -t2 -c16 -d3s "$u" >/dev/null 2>&1 || true; done; }
to_ms() { python3 -c "import re,sys; v='$1'; m=re.match(r'([0-9.]+)(us|ms|s)',v); f={'us':0.001,'ms':1,'s':1000}; print(round(float(m.group(1))*f[m.group(2)],2) if m else 'nan')"; }

declare -A R
pages=(home news post feed)
paths_for() { # base -> sets P[home] etc.
  local base="$1"
  P[home]="$base/en"; P[news]="$base/en/news"; P[feed]="$base/en/news/feed.rss"
  local slug; slug="$(curl -s "$base/en/news" | grep -o 'href="/en/news/[a-z0-9-]*"' | head -n1 | sed 's|href="/en/news/||; s|"||')"
  P[post]="$base/en/news/$slug"
}
declare -A P

echo "SQLite…" >&2
start_site Sqlite ""
sqlite_url="$SITE_URL"
paths_for "$sqlite_url"
# The exact bytes of each page, to serve as static files by SayStop's own server and by nginx.
mkdir -p "$work/app/wwwroot/_bench" "$work/static"
for p in "${pages[@]}"; do
  curl -s "${P[$p]}" -o "$work/app/wwwroot/_bench/$p.html"
  cp "$work/app/wwwroot/_bench/$p.html" "$work/static/$p.html"
done
chmod -R a+rX "$work/static"
warm_up "${P[home]}" "${P[news]}" "${P[post]}" "${P[feed]}"
for c in $CONNECTIONS; do for p in "${pages[@]}"; do R["sqlite,$p,$c"]="$(measure "${P[$p]}" "$c")"; done; done
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

echo "PostgreSQL…" >&2
pg_throwaway_start >/dev/null
start_site Postgres "$PG_URL;Database=postgres"
pg_url="$SITE_URL"
paths_for "$pg_url"
warm_up "${P[home]}" "${P[news]}" "${P[post]}" "${P[feed]}" "$pg_url/_bench/home.html"
for c in $CONNECTIONS; do for p in "${pages[@]}"; do R["postgres,$p,$c"]="$(measure "${P[$p]}" "$c")"; done; done
# The static copies, served by the same SayStop process (same pipeline: headers, compression, static files).
for c in $CONNECTIONS; do for p in "${pages[@]}"; do R["static,$p,$c"]="$(measure "$pg_url/_bench/$p.html" "$c")"; done; done

echo "nginx…" >&2
nginx_port="$(free_port)"; proxy_port="$(free_port)"
mkdir -p "$work/nginx-cache"
cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  proxy_cache_path $work/nginx-cache keys_zone=saystop:10m max_size=100m inactive=10m;
  server { listen 127.0.0.1:$nginx_port; root $work/static; location / { default_type text/html; } }
  server {
    listen 127.0.0.1:$proxy_port;
    location / {
      proxy_pass $pg_url;
      proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_cache saystop; proxy_cache_valid 200 10s; proxy_cache_lock on; proxy_cache_use_stale updating;
      proxy_cache_bypass \$cookie_saystop_staff; proxy_no_cache \$cookie_saystop_staff;
    }
  }
}
NGINX
nginx -c "$work/nginx.conf"
for c in $CONNECTIONS; do for p in "${pages[@]}"; do R["nginx,$p,$c"]="$(measure "http://127.0.0.1:$nginx_port/$p.html" "$c")"; done; done
proxy_paths() { P[home]="http://127.0.0.1:$proxy_port/en"; P[news]="http://127.0.0.1:$proxy_port/en/news"; P[feed]="http://127.0.0.1:$proxy_port/en/news/feed.rss"; P[post]="http://127.0.0.1:$proxy_port${P[post]#"$pg_url"}"; }
proxy_paths
warm_up "${P[home]}" "${P[news]}" "${P[post]}" "${P[feed]}"
for c in $CONNECTIONS; do for p in "${pages[@]}"; do R["proxy,$p,$c"]="$(measure "${P[$p]}" "$c")"; done; done

printf '\nbench/site — wrk -t2, %s per cell, %s; requests/s and latency (ms)\n' "$DURATION" "$(date -u +%F)"
printf '%-5s %-4s | %-22s | %-22s | %-22s | %-22s | %-22s | %s\n' page conn "SayStop SQLite" "SayStop PostgreSQL" "SayStop static file" "nginx static file" "nginx cache→SayStop" "ratios: sqlite/static pg/static static/nginx proxy/nginx"
for c in $CONNECTIONS; do
  for p in "${pages[@]}"; do
    row=""
    for k in sqlite postgres static nginx proxy; do
      read -r rps p50 p99 <<<"${R[$k,$p,$c]}"
      row="$row$(printf '%8.0f/s %5s %6s | ' "$rps" "$p50" "$p99")"
    done
    read -r s _ _ <<<"${R[sqlite,$p,$c]}"; read -r g _ _ <<<"${R[postgres,$p,$c]}"; read -r t _ _ <<<"${R[static,$p,$c]}"
    read -r n _ _ <<<"${R[nginx,$p,$c]}"; read -r x _ _ <<<"${R[proxy,$p,$c]}"
    ratios="$(python3 -c "print(' '.join(f'{a/b:.2f}' for a,b in [($s,$t),($g,$t),($t,$n),($x,$n)]))")"
    printf '%-5s %-4s | %s%s\n' "$p" "$c" "$row" "$ratios"
  done
done
echo "(each cell: requests/s, p50 ms, p99 ms)"
