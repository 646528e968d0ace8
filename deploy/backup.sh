#!/usr/bin/env bash
# Backup of Solidaire Gemeenten: the PostgreSQL database (pg_dump, custom format) and the
# uploads (a tar of MEDIA_ROOT), in one dated folder, with a checksum file; folders older than
# BACKUP_KEEP_DAYS are removed. Run daily by solidair-backup.timer (deploy/systemd/), as the
# solidair user. Restore: deploy/README.md, "Backups and restore"; prove it with
# `manage.py restore_drill`.
#
#   BACKUP_DIR=/var/backups/solidair BACKUP_KEEP_DAYS=14 deploy/backup.sh
#
# DATABASE_URL and MEDIA_ROOT come from the environment, or else from ENV_FILE
# (/etc/solidair/solidair.env). Copy BACKUP_DIR off the machine (rsync, restic...): a backup on
# the same disk is not a backup.
set -euo pipefail
umask 077

ENV_FILE=${ENV_FILE:-/etc/solidair/solidair.env}
BACKUP_DIR=${BACKUP_DIR:-/var/backups/solidair}
BACKUP_KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}

# Read only what we need from the env file, never run it.
from_env_file() {
  [ -r "$ENV_FILE" ] && sed -n "s/^$1=//p" "$ENV_FILE" | tail -n 1 | sed 's/^"\(.*\)"$/\1/'
}
DATABASE_URL=${DATABASE_URL:-$(from_env_file DATABASE_URL || true)}
MEDIA_ROOT=${MEDIA_ROOT:-$(from_env_file MEDIA_ROOT || true)}
if [ -z "$DATABASE_URL" ] || [ -z "$MEDIA_ROOT" ]; then
  echo "backup: DATABASE_URL and MEDIA_ROOT must be set (environment or $ENV_FILE)" >&2
  exit 2
fi
case "$BACKUP_KEEP_DAYS" in
  ''|*[!0-9]*) echo "backup: BACKUP_KEEP_DAYS must be a whole number of days" >&2; exit 2 ;;
esac

stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
target="$BACKUP_DIR/solidair-$stamp"
partial="$target.partial"
mkdir -p "$BACKUP_DIR"
rm -rf "$partial"
mkdir "$partial"
trap 'rm -rf "$partial"' EXIT

# libpq understands postgres:// URLs; custom format: compressed, restorable table by table.
pg_dump --format=custom --no-owner --no-privileges --file="$partial/database.dump" "$DATABASE_URL"
if [ -d "$MEDIA_ROOT" ]; then
  tar --create --gzip --file="$partial/media.tar.gz" --directory="$MEDIA_ROOT" .
else
  echo "backup: no $MEDIA_ROOT (uploads in S3-compatible storage?): database only" >&2
fi
(cd "$partial" && sha256sum ./* > SHA256SUMS)
# A complete backup appears at once, under its final name.
mv "$partial" "$target"
trap - EXIT

# Retention: whole dated folders, never the one just made.
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name 'solidair-*' \
  ! -path "$target" -mtime "+$BACKUP_KEEP_DAYS" -exec rm -rf {} +
echo "backup: $target"
