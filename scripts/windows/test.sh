#!/usr/bin/env bash
# `make test-windows` (first part): runs dist/windows/probono.exe under Wine through a real
# journey and checks its figures equal the Linux build's on the same input:
#   init (Windows default vault folder under %APPDATA%), a wrong passphrase refused, import of
#   the sample spreadsheets (one bad file refused), the impact and hours reports as JSON
#   (compared with the Linux build's), a PDF, backup then check.
# The test-only shim DLL (tests/windows/bcryptprimitives.c) is built into a scratch folder next
# to a copy of probono.exe; it is never put in dist/.
set -euo pipefail
cd "$(dirname "$0")/../.."
exe=dist/windows/probono.exe
[ -f "$exe" ] || { echo "error: $exe is missing: run make windows first" >&2; exit 1; }
linux="${CARGO_TARGET_DIR:-$HOME/.cache/pro-bono-desk/target}/debug/probono"
[ -x "$linux" ] || cargo build --locked -p probono-cli

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export WINEPREFIX="$work/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
mkdir -p "$work/bin"
cp "$exe" "$work/bin/probono.exe"
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bin/bcryptprimitives.dll" tests/windows/bcryptprimitives.c -ladvapi32
wineboot --init >/dev/null 2>&1 || true

pass="correct horse battery staple for windows"
win() { PROBONO_PASSPHRASE="$pass" wine "$work/bin/probono.exe" "$@" 2>"$work/stderr" | tr -d '\r'; }
lin() { PROBONO_PASSPHRASE="$pass" PROBONO_VAULT="$work/linux-vault" "$linux" "$@"; }
fail() { echo "FAIL: $*" >&2; cat "$work/stderr" >&2 || true; exit 1; }
checks=0
ok() { checks=$((checks + 1)); echo "ok: $*"; }

samples="$(pwd)/docs/samples"
wsamples="Z:$(echo "$samples" | tr / '\\')"

# The default vault folder is under %APPDATA% (no --vault given).
win --version | grep -q "probono" || fail "probono.exe --version"
ok "probono.exe runs under Wine"
win init >/dev/null || fail "init"
appdata=$(wine cmd /c 'echo %APPDATA%' 2>/dev/null | tr -d '\r')
vault_line=$(win status | grep -m1 " vault ") || fail "status"
case "$vault_line" in
  *"$appdata"*) ok "init made the default vault under %APPDATA%: ${vault_line##* }" ;;
  *) fail "the default vault is not under %APPDATA% ($appdata): $vault_line" ;;
esac
win status >"$work/status.txt" || fail "status"
grep -q "page encryption" "$work/status.txt" || fail "status names the page encryption"
ok "status: $(grep "page encryption" "$work/status.txt" | sed 's/^ *//')"

# A wrong passphrase is refused with exit 1 and a clear message.
if PROBONO_PASSPHRASE="not the passphrase at all" wine "$work/bin/probono.exe" client list 2>"$work/stderr" >/dev/null; then
  fail "a wrong passphrase opened the vault"
fi
grep -qi "passphrase" "$work/stderr" || fail "the wrong-passphrase message"
ok "a wrong passphrase is refused"

# The sample spreadsheets, a bad file refused and nothing imported.
printf 'case_ref,client_name,opened\nX-1,Ana,2026-02-30\n' >"$work/bad.csv"
if win import matters "Z:$(echo "$work/bad.csv" | tr / '\\')" >/dev/null; then fail "a bad file was imported"; fi
grep -q "line 2, column opened" "$work/stderr" || fail "the bad row's line and column"
ok "a bad spreadsheet is refused with line and column"
win import matters "$wsamples\\matters.csv" >/dev/null || fail "import matters"
win import hours "$wsamples\\hours.csv" >/dev/null || fail "import hours"
lin init >/dev/null 2>&1
lin import matters "$samples/matters.csv" >/dev/null
lin import hours "$samples/hours.csv" >/dev/null
ok "the sample spreadsheets import"

# The same figures as the Linux build on the same input.
for report in impact hours; do
  win report "$report" --year 2026 >"$work/win-$report.json" || fail "report $report"
  lin report "$report" --year 2026 >"$work/lin-$report.json"
  python3 - "$work/win-$report.json" "$work/lin-$report.json" <<'PY' || fail "$report figures differ"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for k in ("program_name",):
    a.pop(k, None); b.pop(k, None)
if a != b:
    print("windows:", json.dumps(a)[:400]); print("linux:  ", json.dumps(b)[:400]); sys.exit(1)
PY
  ok "the $report report equals the Linux build's"
done
win report impact --year 2026 --format pdf --out "Z:$(echo "$work/impact.pdf" | tr / '\\')" >/dev/null || fail "impact PDF"
pdftotext "$work/impact.pdf" - | grep -q "Impact report 2026" || fail "the PDF reads back"
ok "the impact PDF reads back"

# Backup, then the integrity check.
win backup "Z:$(echo "$work/clinic.pbbackup" | tr / '\\')" >/dev/null || fail "backup"
[ -s "$work/clinic.pbbackup" ] || fail "no backup file"
win check >/dev/null || fail "check"
ok "backup and check"

# A vault moves between the builds both ways (the format is the same on both systems).
wvault_unix=$(winepath -u "${vault_line##* }" 2>/dev/null | tr -d '\r')
lin_count=$(PROBONO_PASSPHRASE="$pass" PROBONO_VAULT="$wvault_unix" "$linux" client list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
win_count=$(win client list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$lin_count" = "$win_count" ] && [ "$win_count" -gt 0 ] || fail "the Windows vault read by Linux: $lin_count clients, $win_count on Windows"
ok "the Windows build's vault opens on Linux ($lin_count clients)"
from_linux=$(win --vault "Z:$(echo "$work/linux-vault" | tr / '\\')" client list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') \
  || fail "the Linux vault on Windows"
[ "$from_linux" = "$(lin client list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" ] \
  || fail "the Linux vault read by Windows: $from_linux clients"
ok "the Linux build's vault opens on Windows ($from_linux clients)"

echo "Windows build under Wine: $checks checks passed."
