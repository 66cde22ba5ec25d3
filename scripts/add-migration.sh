#!/usr/bin/env bash
# Adds a migration for BOTH providers, so the SQLite and PostgreSQL sets never drift apart.
# Usage: scripts/add-migration.sh <Name>        (MigrationsTests fails when either set lags the model)
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/add-migration.sh <MigrationName>}"
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" \
    --project src/SayStop.Web --startup-project src/SayStop.Web \
    --context "${provider}AppDbContext" \
    --output-dir "Data/Migrations/${provider}"
done
