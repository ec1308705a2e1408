#!/usr/bin/env bash
# Peak memory of the sandbox while it receives one chat upload whose single field is huge.
#
#   bench/tools/sandbox-field-memory.sh [FIELD_MB] [SANDBOX_DIR]
#
# FIELD_MB     size of the one oversized field (default 400)
# SANDBOX_DIR  a built sandbox (default: src/MetricaChats.Sandbox/bin/Release/net10.0; build it
#              first with `/work/bin/bslot dotnet build src/MetricaChats.Sandbox -c Release`)
#
# Starts the sandbox in its own process on 127.0.0.1 (a free port), streams the file to it with
# curl, and prints the HTTP answer and the sandbox's peak resident memory (VmHWM from
# /proc/PID/status) before and after the upload. Loopback only; nothing else is contacted.
set -euo pipefail
mb="${1:-400}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${2:-$root/src/MetricaChats.Sandbox/bin/Release/net10.0}"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

file="$work/field.csv"
{
  printf 'DateTime,ChatPlatform,ChatUsername\n1700000000,telegram,'
  head -c "$((mb * 1024 * 1024))" /dev/zero | tr '\0' 'a'
  printf '\n'
} > "$file"

dotnet "$dir/MetricaChats.Sandbox.dll" --port 0 --token bench-token --counter 12345 --processing-seconds 0 > "$work/out" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  endpoint="$(grep -o 'listening on http://[0-9.:]*' "$work/out" | sed 's/listening on //' || true)"
  [ -n "$endpoint" ] && break
  sleep 0.2
done
[ -n "$endpoint" ] || { cat "$work/out"; echo "sandbox did not start" >&2; exit 1; }

hwm() { awk '/VmHWM/ {print $2 " " $3}' "/proc/$pid/status"; }
echo "sandbox pid $pid at $endpoint; field $mb MiB; file $(stat -c %s "$file") bytes"
echo "peak RSS before the upload: $(hwm)"
start=$(date +%s.%N)
code="$(curl -sS -o "$work/body" -w '%{http_code}' -H 'Authorization: OAuth bench-token' \
  -F "file=@$file;type=text/csv" "$endpoint/management/v1/counter/12345/offline_conversions/upload?type=CHATS" || true)"
end=$(date +%s.%N)
sleep 1
echo "HTTP $code after $(echo "$end - $start" | bc) s: $(head -c 400 "$work/body")"
echo "peak RSS after the upload:  $(hwm)"
