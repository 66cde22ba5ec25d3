#!/usr/bin/env bash
# Runs every test of SayStop on a fresh machine:
#   - installs Chromium, PostgreSQL and python3-cryptography/python3-argon2 from the distribution when missing
#     (needs root; says so otherwise),
#   - starts a throwaway PostgreSQL cluster on a free 127.0.0.1 port and stops it at the end,
#   - builds and runs `dotnet test` on the whole solution,
#   - ends with one line "N passed, N failed, N skipped" and a non-zero exit on any failure.
# Extra arguments go to `dotnet test` (for example: scripts/test.sh --filter FullyQualifiedName~News).
set -uo pipefail
cd "$(dirname "$0")/.."

say() { printf '[test.sh] %s\n' "$*"; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else
    say "needs root to run: $*  (install it yourself, or run this script as root)"; return 1
  fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq || return 1; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- Chromium (browser tests drive the distribution's build through Playwright) --------------------
if [ ! -x /usr/bin/chromium ]; then
  say "installing chromium from the distribution"
  apt_install chromium || say "chromium unavailable: browser tests will skip (or fail under CI=true)"
fi

# --- Python with `cryptography` and Argon2id (the independent cross-check of the sealing vectors) ----------------
# Any python3 that has them will do (the test also tries /usr/bin/python3); otherwise the distribution's packages.
py_probe='import cryptography.hazmat.primitives.ciphers.aead
try:
    import cryptography.hazmat.primitives.kdf.argon2
except ImportError:
    import argon2.low_level'
if ! python3 -c "$py_probe" 2>/dev/null && ! /usr/bin/python3 -c "$py_probe" 2>/dev/null; then
  say "installing python3-cryptography and python3-argon2 from the distribution"
  apt_install python3 python3-cryptography python3-argon2 || say "python3-cryptography unavailable: the sealing cross-check will skip (or fail under CI=true)"
fi

# --- PostgreSQL (a throwaway cluster on a free 127.0.0.1 port, gone when this script ends) ---------------
source scripts/lib/postgres.sh
trap pg_throwaway_stop EXIT INT TERM
if pg_throwaway_start fsync=off synchronous_commit=off full_page_writes=off; then
  export SAYSTOP_TEST_POSTGRES="$PG_URL;Maximum Pool Size=20"
  say "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
else
  say "PostgreSQL unavailable: PostgreSQL tests will skip (or fail under CI=true)"
fi

# --- Build and test -----------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log="$(mktemp /tmp/saystop-test.XXXXXX)"
started="$(date +%s)"
say "building"
if ! dotnet build SayStop.slnx -c Debug -nologo -clp:ErrorsOnly 2>&1 | tee -a "$log"; then
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
say "built in $(( $(date +%s) - started ))s; testing"
dotnet test SayStop.slnx --no-build -nologo "$@" 2>&1 | tee -a "$log"
rc=${PIPESTATUS[0]}

# The time of each test project (its own summary line), then of the whole script.
say "time per test project:"
grep -E '^(Passed|Failed)!  - Failed:' "$log" | sed -E 's/.*Duration: ([^-]+) - ([^ ]+).*/  \2: \1/' | sed -E 's/\.dll//'
say "build and tests: $(( $(date +%s) - started ))s"

summary="$(grep -E '^(Passed|Failed)!  - Failed:' "$log" \
  | awk -F'[:,]' '{f+=$2; p+=$4; s+=$6} END {printf "%d passed, %d failed, %d skipped", p, f, s}')"
rm -f "$log"
if [ -z "$summary" ]; then summary="0 passed, 1 failed, 0 skipped"; rc=1; fi
# A crashed test host prints no summary of its own: the exit code still fails the run.
if [ "$rc" -ne 0 ] && [ "${summary#*passed, 0 failed}" != "$summary" ]; then
  summary="$(echo "$summary" | sed -E 's/([0-9]+) passed, 0 failed/\1 passed, 1 failed/')"
fi
echo "$summary"
exit "$rc"
