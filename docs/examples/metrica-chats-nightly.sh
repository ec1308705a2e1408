#!/usr/bin/env bash
# metrica-chats-nightly.sh: import one day's chat export into Yandex Metrica, for cron or a
# systemd timer. Prints nothing when all is well (cron mails only problems), keeps the --json
# result and the log of every night, and exits 0 (done, or sent and still processing), 3 (more
# rows rejected than MAX_REJECTED allows: see the rejects file) or the tool's failure code.
set -uo pipefail

METRICA_CHATS=${METRICA_CHATS:-metrica-chats}          # the tool (a path, or "dotnet /path/metrica-chats.dll")
COUNTER=${METRICA_COUNTER:?set METRICA_COUNTER to the counter id}
EXPORT_DIR=${EXPORT_DIR:-/var/exports}                  # where the exporter drops chats-YYYY-MM-DD.csv
STATE_DIR=${STATE_DIR:-/var/lib/metrica-chats}
LOG_DIR=${LOG_DIR:-/var/log/metrica-chats}
MAX_REJECTED=${MAX_REJECTED:-1%}                        # more rejected rows than this fails the job
WAIT_TIMEOUT=${WAIT_TIMEOUT:-2h}                        # Metrica takes up to 2 hours to process
DAY=${DAY:-$(date -u -d yesterday +%F)}                 # GNU date; the day the export covers

export_file="$EXPORT_DIR/chats-$DAY.csv"
json="$LOG_DIR/$DAY.json"
mkdir -p "$STATE_DIR" "$LOG_DIR"

# The token: a systemd credential (LoadCredential=token:...) when there is one; otherwise the
# tool's own order: METRICA_TOKEN, then the profile saved with 'metrica-chats login'.
token_args=()
if [ -n "${CREDENTIALS_DIRECTORY:-}" ] && [ -r "$CREDENTIALS_DIRECTORY/token" ]; then
    token_args=(--token-stdin)
    exec 0<"$CREDENTIALS_DIRECTORY/token"
fi

# The ledger (always on) makes a re-run, a night that overlaps the last, or two runs at once
# send each chat once; it is kept beside the job's other state.
# shellcheck disable=SC2086  # METRICA_CHATS may be two words (dotnet and the dll)
$METRICA_CHATS import "$export_file" --counter "$COUNTER" --comment "nightly ${DAY//-/}" \
    --ledger "$STATE_DIR/ledger.db" --rejects "$LOG_DIR/rejects-$DAY.csv" \
    --wait --wait-timeout "$WAIT_TIMEOUT" --max-rejected "$MAX_REJECTED" \
    --json --quiet "${token_args[@]}" >"$json" 2>"$LOG_DIR/$DAY.log"
rc=$?

# A few top-level fields of the --json result (jq would do too; this needs only sed).
num() { sed -n "s/^  \"$1\": \([0-9]*\),\{0,1\}\$/\1/p" "$json" | head -n 1; }
text() { sed -n "s/^  \"$1\": \"\(.*\)\",\{0,1\}\$/\1/p; s/^    \"$1\": \"\(.*\)\",\{0,1\}\$/\1/p" "$json" | head -n 1; }
case $rc in
    0) ;;                                        # all sent and processed (or within MAX_REJECTED)
    4) rc=0 ;;                                   # sent; Metrica still processing: nothing to do
    3) echo "metrica-chats $DAY: $(num rejected) of $(num read) rows rejected (over $MAX_REJECTED), $(num sent) sent; fix $LOG_DIR/rejects-$DAY.csv and import it" ;;
    130|143) echo "metrica-chats $DAY: stopped (exit $rc); run again to send what is missing" ;;
    *) echo "metrica-chats $DAY: failed with exit $rc: $(text stopReason)$(text message) (see $LOG_DIR/$DAY.log)" ;;
esac
exit "$rc"
