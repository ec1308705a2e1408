#!/usr/bin/env bash
# How many plain copies of the token a full memory dump of the CLI holds in the middle of an import.
#
#   bench/tools/token-copies.sh [env|stdin] [DUMP_AFTER_SECONDS] [ROWS]
#
# env|stdin            how the CLI gets the token: METRICA_TOKEN (default) or --token-stdin
# DUMP_AFTER_SECONDS   when to dump, after the import starts (default 8)
# ROWS                 rows in the generated export (default 20000; batches of 100 rows)
#
# Needs gdb's gcore and python3, and a Release build of the CLI and the sandbox:
#   /work/bin/bslot dotnet build src/MetricaChats.Cli -c Release
#   /work/bin/bslot dotnet build src/MetricaChats.Sandbox -c Release
# Starts the sandbox in its own process on 127.0.0.1 with a fresh random token, makes every API
# request slow (300 ms) so the import is still running at the dump, runs the CLI import against
# it, dumps the CLI process with gcore, and counts the token in the dump as ASCII/UTF-8 bytes
# and as UTF-16LE, and the "OAuth <token>" header value in both. Nothing but loopback is
# contacted; the dump is deleted at the end.
set -euo pipefail
source="${1:-env}"
after="${2:-8}"
rows="${3:-20000}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cli="$root/src/MetricaChats.Cli/bin/Release/net10.0/metrica-chats.dll"
sandbox="$root/src/MetricaChats.Sandbox/bin/Release/net10.0/MetricaChats.Sandbox.dll"
work="$(mktemp -d)"
sandbox_pid=""
cli_pid=""
cleanup() {
  [ -n "$cli_pid" ] && kill "$cli_pid" 2>/dev/null || true
  [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

token="y0_AgAAAAB$(head -c 256 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 48)"

dotnet "$sandbox" --port 0 --token "$token" --counter 12345 --processing-seconds 0 --max-stored-rows 0 > "$work/sandbox.out" 2>&1 &
sandbox_pid=$!
endpoint=""
for _ in $(seq 1 100); do
  endpoint="$(grep -o 'listening on http://[0-9.:]*' "$work/sandbox.out" | sed 's/listening on //' || true)"
  [ -n "$endpoint" ] && break
  sleep 0.2
done
[ -n "$endpoint" ] || { cat "$work/sandbox.out"; echo "sandbox did not start" >&2; exit 1; }
curl -sS -o /dev/null -X POST -d '{"failure_rate":1,"enable_only":["Slow"],"slow_delay_ms":300}' "$endpoint/_sandbox/faults"

now=$(date +%s)
{
  echo "DateTime,ChatPlatform,ChatUsername,ClientId"
  for ((i = 0; i < rows; i++)); do
    echo "$((now - 86400 - i)),telegram,user$i,17305280114829$((10000 + i % 90000))"
  done
} > "$work/export.csv"

if [ "$source" = "stdin" ]; then
  printf '%s\n' "$token" | env -u METRICA_TOKEN dotnet "$cli" import "$work/export.csv" --counter 12345 --endpoint "$endpoint" --batch-size 100 --token-stdin > "$work/cli.out" 2>&1 &
else
  METRICA_TOKEN="$token" dotnet "$cli" import "$work/export.csv" --counter 12345 --endpoint "$endpoint" --batch-size 100 > "$work/cli.out" 2>&1 &
fi
cli_pid=$!
sleep "$after"
kill -0 "$cli_pid" 2>/dev/null || { cat "$work/cli.out"; echo "the import ended before the dump; raise ROWS" >&2; exit 1; }
uploads="$(curl -sS "$endpoint/_sandbox" | python3 -c 'import json,sys; print(json.load(sys.stdin)["uploads"])')"
cp "/proc/$cli_pid/maps" "$work/maps"
gcore -o "$work/core" "$cli_pid" > /dev/null 2>&1
kill "$cli_pid" 2>/dev/null || true
core="$(ls "$work"/core.* | head -1)"

python3 - "$core" "$token" "$source" "$uploads" "$work/maps" <<'PY'
import mmap, struct, sys
path, token, source, uploads, maps_path = sys.argv[1:6]

def hits(data, needle):
    found, i = [], data.find(needle)
    while i >= 0:
        found.append(i)
        i = data.find(needle, i + 1)
    return found

def loads(m):
    # The core's PT_LOAD segments: (file offset, size, virtual address).
    phoff, = struct.unpack_from("<Q", m, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", m, 0x36)
    out = []
    for k in range(phnum):
        p_type, _, p_offset, p_vaddr, _, p_filesz = struct.unpack_from("<IIQQQQ", m, phoff + k * phentsize)
        if p_type == 1 and p_filesz:
            out.append((p_offset, p_filesz, p_vaddr))
    return out

regions = []
for line in open(maps_path):
    parts = line.split(None, 5)
    lo, hi = (int(x, 16) for x in parts[0].split("-"))
    regions.append((lo, hi, parts[5].strip() if len(parts) > 5 else "anonymous"))

def where(segments, offset):
    for off, size, vaddr in segments:
        if off <= offset < off + size:
            va = vaddr + offset - off
            for lo, hi, name in regions:
                if lo <= va < hi:
                    return name or "anonymous"
            return "unmapped"
    return "not in a segment"

with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
    segments = loads(m)
    ascii_ = hits(m, token.encode("ascii"))
    utf16 = hits(m, token.encode("utf-16-le"))
    header_ascii = len(hits(m, ("OAuth " + token).encode("ascii")))
    header_utf16 = len(hits(m, ("OAuth " + token).encode("utf-16-le")))
    size = m.size()
    places = {}
    for kind, found in (("ASCII", ascii_), ("UTF-16", utf16)):
        for offset in found:
            key = f"{kind} in {where(segments, offset)}"
            places[key] = places.get(key, 0) + 1

print(f"token from {source}; {uploads} uploads done at the dump; core {size // (1024 * 1024)} MiB")
print(f"token as ASCII/UTF-8: {len(ascii_)} (of which 'OAuth <token>': {header_ascii})")
print(f"token as UTF-16LE:    {len(utf16)} (of which 'OAuth <token>': {header_utf16})")
print(f"total plain copies:   {len(ascii_) + len(utf16)}")
for key, n in sorted(places.items()):
    print(f"  {n:4d}  {key}")
PY
