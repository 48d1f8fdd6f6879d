#!/usr/bin/env bash
# A day at the counter of 静安店, on the command line: the same functions the app uses.
# Runs in a fresh store under a temporary folder; the clock is fixed with $JIFEN_NOW.
set -euo pipefail

export JIFEN_HOME="${JIFEN_HOME:-$(mktemp -d)/jifen-demo}"
step() { printf '\n\033[1;36m## %s\033[0m\n' "$*"; }
run() { printf '\033[2m$ jifen %s\033[0m\n' "$*" >&2; jifen "$@"; }

step "Morning: the owner sets up the terminal and adds a cashier"
export JIFEN_NOW=2026-03-08T08:30:00+08:00
JIFEN_NEW_PIN=8888 run init --store 静安店 --terminal T1 --owner 老板
export JIFEN_PIN=8888
JIFEN_NEW_PIN=1234 run cashier add 小王 --role cashier --cashier 老板

step "小王 opens her shift and registers two members (500 points each for signing up)"
export JIFEN_PIN=1234
run shift open --cashier 小王
run member add --phone 13800138000 --name 张三 --cashier 小王
run member add --phone 13900139000 --name 李四 --referrer 13800138000 --cashier 小王

step "Sales: ¥199.99 of ordinary goods earns 99 points (0.5 point per ¥1, floored)"
export JIFEN_NOW=2026-03-08T10:15:00+08:00
run sale --member 13800138000 --line general:199.99 --cashier 小王

step "李四's first sale: ¥100 general + ¥1,000 digital earns 150; the referral pays 100 to both"
run sale --member 13900139000 --line general:100 --line digital:1000 --pay card --cashier 小王

step "张三 pays ¥5 of a ¥100 bill with 500 points: the part paid with points earns nothing (as JSON, for scripts)"
export JIFEN_NOW=2026-03-08T14:40:00+08:00
SALE_JSON=$(run sale --member 13800138000 --line general:60 --line general:40 --redeem 500 --cashier 小王 --json)
echo "$SALE_JSON"
SALE=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["sale_id"])' <<< "$SALE_JSON")

step "A walk-in customer without a membership"
run sale --line general:35.50 --cashier 小王

step "张三 returns the ¥40 item: 200 points and ¥38.00 back, 19 earned points taken back (the owner approves)"
export JIFEN_APPROVER_PIN=8888
run refund "$SALE" --line 2 --cashier 小王 --approver 老板

step "A typo at the till is refused and changes nothing"
run sale --member 13800138000 --line general:19.999 --cashier 小王 || echo "(exit status $?)"

step "张三 as the cashier sees him"
run member show 13800138000

step "Evening: 小王 closes her shift; the owner reads the day's totals and closes the day (Z1)"
export JIFEN_NOW=2026-03-08T21:00:00+08:00
run shift close --cashier 小王
run report day
export JIFEN_PIN=8888
run day close --cashier 老板
run journal verify

step "The receipt of 张三's sale, as the thermal printer would print it (and a PNG preview)"
run receipt "$SALE" --text
run receipt "$SALE" --preview "$(dirname "$JIFEN_HOME")/receipt.png" --json  # beside the store: never into it

step "The chain's central ledger (here a SQLite file; PostgreSQL for a chain) takes the day's journal"
LEDGER_DB="sqlite:///$JIFEN_HOME/../ledger.db"
LEDGER_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf '\033[2m$ jifen-ledger migrate; merchant add; terminal add\033[0m\n' >&2
jifen-ledger --db "$LEDGER_DB" migrate >/dev/null
jifen-ledger --db "$LEDGER_DB" merchant add local --name 静安连锁 >/dev/null
TOKEN=$(jifen-ledger --db "$LEDGER_DB" --json terminal add --merchant local --store 静安店 --terminal T1 |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
jifen-ledger --db "$LEDGER_DB" serve --port "$LEDGER_PORT" >"$JIFEN_HOME/../ledger.log" 2>&1 &
LEDGER_PID=$!
trap 'kill $LEDGER_PID 2>/dev/null' EXIT
python3 - "$LEDGER_PORT" <<'WAIT'
import sys, time, urllib.request
for _ in range(100):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/v1/health", timeout=1)
        break
    except OSError:
        time.sleep(0.1)
WAIT
export JIFEN_PIN=8888
JIFEN_LEDGER_TOKEN=$TOKEN run ledger connect "http://127.0.0.1:$LEDGER_PORT" --cashier 老板
run sync --status
run sync
jifen-ledger --db "$LEDGER_DB" report day --merchant local --date 2026-03-08 --json |
    python3 -c 'import json, sys; d = json.load(sys.stdin); print("ledger day totals:", {k: d[k] for k in ("sales", "gross_fen", "points_earned", "liability_points")})'

printf '\nThe store is in %s\n' "$JIFEN_HOME"
