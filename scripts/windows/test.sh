#!/usr/bin/env bash
# `make test-windows`: the Windows build (make windows) under Wine, in a fresh Wine prefix.
#
#  1. The installer: its file list (read with 7-Zip) is exactly the program's files, none
#     from the tests; a silent per-user install (/S /ADDTOPATH) puts them in
#     %LOCALAPPDATA%\Programs\Pro Bono Desk with a Start-menu entry, an uninstall entry
#     (version and publisher) and probono on the user's PATH, keeping what PATH held.
#  2. The installed probono.exe through the command line's journeys: the default vault under
#     %APPDATA%, a wrong passphrase, the sample spreadsheets and a bad one, the impact and hours
#     reports compared field by field with the Linux build's on the same input, the impact,
#     hours and case-summary PDFs, CSV for Excel, backup -> restore -> check, JSON export ->
#     import round trip, an hour submission from a second vault, the key remembered in
#     Windows Credential Manager, a second program told the vault is in use, statements named
#     validly for awkward names, a vault at a path longer than 260 characters, and vaults
#     moved both ways between the Linux and the Windows builds.
#  3. The uninstaller (/S): the program, its Start-menu entry, its uninstall entry and its
#     PATH entry are gone; the vault and its backups are still there and still open.
#
# Wine 8 lacks bcryptprimitives.dll, whose ProcessPrng Rust's standard library calls at
# start-up. A test-only stand-in (tests/windows/bcryptprimitives.c, forwarding to
# RtlGenRandom) is put into the scratch Wine prefix's system32; it is never in dist/ or in the
# installer (checked below). WebView2 does not run under Wine, so the desktop window is not
# exercised here (docs/install.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
publisher=$(python3 -c 'import json; print(json.load(open("src-tauri/tauri.conf.json"))["bundle"]["publisher"])')
setup="dist/ProBonoDesk-$version-setup.exe"
for f in dist/windows/probono.exe dist/windows/pro-bono-desk.exe "$setup"; do
  [ -f "$f" ] || { echo "error: $f is missing: run make windows first" >&2; exit 1; }
done
# The Linux build to compare with: the Makefile passes the one `make cli` built.
linux="${PROBONO_LINUX:-${CARGO_TARGET_DIR:-$(pwd)/target}/debug/probono}"
[ -x "$linux" ] || { echo "error: $linux is missing: run make test-windows (it builds it)" >&2; exit 1; }

started=$(date +%s)
work=$(mktemp -d)
trap 'wineserver -k >/dev/null 2>&1 || true; [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT
export WINEPREFIX="$work/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
wineboot --init >/dev/null 2>&1 || true
x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  tests/windows/bcryptprimitives.c -ladvapi32

pass="correct horse battery staple for windows"
checks=0
ok() { checks=$((checks + 1)); echo "ok: $*"; }
fail() { echo "FAIL: $*" >&2; [ -s "$work/stderr" ] && cat "$work/stderr" >&2; exit 1; }
winpath() { echo "Z:$(echo "$1" | tr / '\\')"; }
count_json() { python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
reg_value() { wine reg query "$1" /v "$2" 2>/dev/null | tr -d '\r' | sed -n "s/^ *$2 *REG_[A-Z_]* *//p"; }

# --- 1. The installer -------------------------------------------------------------------
7z l -ba -slt "$setup" | sed -n 's/^Path = //p' | tr '\\' / | sort >"$work/contents.txt"
grep -v '^\$PLUGINSDIR/' "$work/contents.txt" >"$work/program-files.txt" || true
printf '%s\n' bin/probono.exe pro-bono-desk.exe uninstall.exe | sort >"$work/want.txt"
diff -u "$work/want.txt" "$work/program-files.txt" || fail "the installer's program files are not exactly the three expected"
# NSIS's own run-time files (its plugins and the wizard's picture) are all it adds.
if grep '^\$PLUGINSDIR/' "$work/contents.txt" | grep -vE '^\$PLUGINSDIR/(modern-[a-z]+\.bmp|[A-Za-z]+\.dll)$'; then
  fail "unexpected files in the installer's plugin folder"
fi
if grep -iE 'bcryptprimitives|test|shim|\.c$|\.pdb$' "$work/contents.txt"; then fail "a test file is in the installer"; fi
for f in probono.exe pro-bono-desk.exe; do
  inside=$(7z e -so "$setup" "$(grep -m1 "$f\$" "$work/program-files.txt")" | sha256sum | cut -d' ' -f1)
  [ "$inside" = "$(sha256sum "dist/windows/$f" | cut -d' ' -f1)" ] || fail "the installer's $f differs from dist/windows/$f"
done
ok "the installer holds exactly pro-bono-desk.exe, bin/probono.exe and uninstall.exe (no test files), as built"

wine reg add 'HKCU\Environment' /v Path /t REG_EXPAND_SZ /d 'C:\Tools;C:\Other Things' /f >/dev/null 2>&1
wine "$(winpath "$(pwd)/$setup")" /S /ADDTOPATH || fail "the silent install"
wineserver -w
localappdata=$(wine cmd /c 'echo %LOCALAPPDATA%' 2>/dev/null | tr -d '\r')
appdata=$(wine cmd /c 'echo %APPDATA%' 2>/dev/null | tr -d '\r')
inst="$localappdata\\Programs\\Pro Bono Desk"
inst_unix=$(winepath -u "$inst" 2>/dev/null | tr -d '\r')
(cd "$inst_unix" && find . -type f | sed 's|^\./||' | sort) >"$work/installed.txt"
diff -u "$work/want.txt" "$work/installed.txt" || fail "the installed files"
smprograms=$(winepath -u "$appdata\\Microsoft\\Windows\\Start Menu\\Programs" 2>/dev/null | tr -d '\r')
[ -f "$smprograms/Pro Bono Desk.lnk" ] || fail "no Start-menu entry"
key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\ProBonoDesk'
[ "$(reg_value "$key" DisplayVersion)" = "$version" ] || fail "the uninstall entry's version"
[ "$(reg_value "$key" Publisher)" = "$publisher" ] || fail "the uninstall entry's publisher"
path_after=$(reg_value 'HKCU\Environment' Path)
[ "$path_after" = "C:\\Tools;C:\\Other Things;$inst\\bin" ] || fail "PATH after install: $path_after"
ok "installed per user in $inst: Start-menu entry, uninstall entry ($version, $publisher), PATH kept and extended"
on_path=$(wine cmd /c 'probono --version' 2>/dev/null | tr -d '\r')
[[ "$on_path" == "probono $version" ]] || fail "probono from the PATH: $on_path"
ok "probono runs from the PATH: $on_path"

# --- 2. The installed probono.exe --------------------------------------------------------
exe="$inst\\bin\\probono.exe"
win() {
  local rc
  PROBONO_PASSPHRASE="$pass" wine "$exe" "$@" 2>"$work/stderr" | tr -d '\r'
  rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] || echo "(probono.exe $1 $2 exited with code $rc)" >>"$work/stderr"
  return "$rc"
}
lin() { PROBONO_PASSPHRASE="$pass" PROBONO_VAULT="$work/linux-vault" "$linux" "$@"; }
samples="$(pwd)/docs/samples"

win init >/dev/null || fail "init"
vault_line=$(win status | grep -m1 " vault ") || fail "status"
case "$vault_line" in
  *"$appdata\\pro-bono-desk\\vault"*) ok "init made the default vault under %APPDATA%: ${vault_line##* }" ;;
  *) fail "the default vault is not under %APPDATA% ($appdata): $vault_line" ;;
esac
win status >"$work/status.txt" || fail "status"
grep -q "page encryption" "$work/status.txt" || fail "status names the page encryption"
ok "status: $(grep "page encryption" "$work/status.txt" | sed 's/^ *//')"

if PROBONO_PASSPHRASE="not the passphrase at all" wine "$exe" client list 2>"$work/stderr" >/dev/null; then
  fail "a wrong passphrase opened the vault"
fi
grep -qi "wrong passphrase" "$work/stderr" || fail "the wrong-passphrase message"
ok "a wrong passphrase is refused"

printf 'case_ref,client_name,opened\nX-1,Ana,2026-02-30\n' >"$work/bad.csv"
if win import matters "$(winpath "$work/bad.csv")" >/dev/null; then fail "a bad file was imported"; fi
grep -q "line 2, column opened" "$work/stderr" || fail "the bad row's line and column"
[ "$(win client list --json | count_json)" = 0 ] || fail "the bad file left clients behind"
ok "a bad spreadsheet is refused with line and column, nothing imported"
win import matters "$(winpath "$samples/matters.csv")" >/dev/null || fail "import matters"
win import hours "$(winpath "$samples/hours.csv")" >/dev/null || fail "import hours"
lin init >/dev/null 2>&1
lin import matters "$samples/matters.csv" >/dev/null
lin import hours "$samples/hours.csv" >/dev/null
ok "the sample spreadsheets import"

for report in impact hours; do
  win report "$report" --year 2026 >"$work/win-$report.json" || fail "report $report"
  lin report "$report" --year 2026 >"$work/lin-$report.json"
  python3 - "$work/win-$report.json" "$work/lin-$report.json" <<'PY' || fail "$report figures differ"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
if a != b:
    print("windows:", json.dumps(a)[:400]); print("linux:  ", json.dumps(b)[:400]); sys.exit(1)
PY
  ok "the $report report equals the Linux build's"
done

mkdir -p "$work/out"
win report impact --year 2026 --format pdf --out "$(winpath "$work/out/impact.pdf")" >/dev/null || fail "impact PDF"
win report hours --year 2026 --format pdf --out "$(winpath "$work/out/hours.pdf")" >/dev/null || fail "hours PDF"
win report case JC-2026-0001 --out "$(winpath "$work/out/case.pdf")" >/dev/null || fail "case summary PDF"
pdftotext "$work/out/impact.pdf" - | grep -q "Impact report 2026" || fail "the impact PDF reads back"
pdftotext "$work/out/hours.pdf" - | grep -q "Priya Sharma" || fail "the hours PDF reads back"
pdftotext "$work/out/case.pdf" - | grep -q "JC-2026-0001" || fail "the case summary reads back"
ok "the impact, hours and case-summary PDFs read back"

win report hours --year 2026 --format csv --out "$(winpath "$work/out/hours.csv")" >/dev/null || fail "hours CSV"
python3 - "$work/out/hours.csv" <<'PY' || fail "the CSV for Excel"
import sys
b = open(sys.argv[1], "rb").read()
assert b.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark"
assert b.count(b"\n") == b.count(b"\r\n") > 1, "not CRLF throughout"
assert "Priya Sharma" in b.decode("utf-8-sig")
PY
ok "a CSV file has the UTF-8 byte-order mark and CRLF line ends (Excel reads it right)"

win backup "$(winpath "$work/out/clinic.pbbackup")" >/dev/null || fail "backup"
first_backup=$(sha256sum "$work/out/clinic.pbbackup" | cut -d' ' -f1)
# Written again over the first: replaced atomically (MoveFileEx), no temporary file left.
win backup "$(winpath "$work/out/clinic.pbbackup")" >/dev/null || fail "backup over an existing backup"
[ "$(sha256sum "$work/out/clinic.pbbackup" | cut -d' ' -f1)" != "$first_backup" ] || fail "the backup was not replaced"
leftovers=$(find "$work/out" -maxdepth 1 -name '*.tmp' | wc -l)
[ "$leftovers" = 0 ] || fail "temporary files left beside the backup: $(ls -a "$work/out")"
ok "a backup written over an existing one replaces it whole, no temporary file left"
PROBONO_PASSPHRASE="$pass" wine "$exe" --vault "$(winpath "$work/restored")" restore "$(winpath "$work/out/clinic.pbbackup")" \
  >/dev/null 2>"$work/stderr" || fail "restore"
PROBONO_PASSPHRASE="$pass" wine "$exe" --vault "$(winpath "$work/restored")" check >/dev/null 2>"$work/stderr" || fail "check of the restored vault"
restored=$(PROBONO_PASSPHRASE="$pass" wine "$exe" --vault "$(winpath "$work/restored")" time list --json 2>/dev/null | count_json)
[ "$restored" = "$(win time list --json | count_json)" ] || fail "the restored vault's time entries: $restored"
ok "backup -> restore -> check: the restored vault has all $restored time entries"

echo "$pass" | PROBONO_PASSPHRASE="$pass" wine "$exe" export --out "$(winpath "$work/out/export")" >/dev/null 2>"$work/stderr" || fail "export"
PROBONO_PASSPHRASE="$pass" wine "$exe" --vault "$(winpath "$work/reimported")" init >/dev/null 2>&1 || fail "init for the import"
PROBONO_PASSPHRASE="$pass" wine "$exe" --vault "$(winpath "$work/reimported")" import vault-export "$(winpath "$work/out/export")" \
  >/dev/null 2>"$work/stderr" || fail "import of the export"
echo "$pass" | PROBONO_PASSPHRASE="$pass" wine "$exe" --vault "$(winpath "$work/reimported")" export --out "$(winpath "$work/out/export-2")" \
  >/dev/null 2>"$work/stderr" || fail "second export"
# The records come back byte for byte (the audit trail comes along too, linked onto the new
# vault's own chain, so it is not compared here; the Linux acceptance test checks it).
compared=0
for f in "$work"/out/export/*.json; do
  name=$(basename "$f")
  case "$name" in manifest.json | audit_events.json) continue ;; esac
  if [ "$name" = settings.json ]; then
    # When this computer last verified a backup belongs to the vault, not to its records.
    python3 - "$f" "$work/out/export-2/$name" <<'PY' || fail "settings.json differs after export -> import -> export"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for s in (a, b):
    s.pop("last_verified_backup", None)
sys.exit(a != b)
PY
  else
    cmp -s "$f" "$work/out/export-2/$name" || fail "$name differs after export -> import -> export"
  fi
  compared=$((compared + 1))
done
[ "$compared" -ge 10 ] || fail "only $compared record files compared"
ok "JSON export -> import into a new vault -> export gives the same $compared record files"

program_key=$(win program-key) || fail "program-key"
V2="$(winpath "$work/volunteer-vault")"
v2() { PROBONO_PASSPHRASE="$pass" wine "$exe" --vault "$V2" "$@" 2>"$work/stderr" | tr -d '\r'; }
v2 init >/dev/null || fail "the volunteer's vault"
v2 client add --name "María José Hernández" >/dev/null || fail "client in the volunteer's vault"
v2 matter add --client "María José Hernández" --case-type bond --case-ref JC-2026-0001 --opened 2026-01-09 >/dev/null || fail "matter"
v2 volunteer add --name "Tomás Ruiz" --role law_student --organization "Riverside Law School Clinic" >/dev/null || fail "volunteer"
v2 time log --volunteer "Tomás Ruiz" --matter JC-2026-0001 --date 2026-03-01 --hours 4.2 >/dev/null || fail "time"
said=$(v2 submit-hours --from 2026-01-01 --to 2026-06-30 --program-key "$program_key" --out "$(winpath "$work/out/hours.pbhours")") \
  || fail "submit-hours"
fingerprint=$(echo "$said" | grep -oE '[0-9A-F]{4}(-[0-9A-F]{4}){7}' | head -1)
[ -n "$fingerprint" ] || fail "no fingerprint in: $said"
before=$(win time list --json | count_json)
win import submission "$(winpath "$work/out/hours.pbhours")" --accept-key "$fingerprint" >/dev/null || fail "import submission"
[ "$(win time list --json | count_json)" = $((before + 1)) ] || fail "the submitted entry was not added"
ok "an hour submission from a second vault is imported ($fingerprint)"

# The key remembered in Windows Credential Manager (Wine keeps it in its registry store).
echo "$pass" | PROBONO_PASSPHRASE="$pass" wine "$exe" remember >/dev/null 2>"$work/stderr" || fail "remember"
wine reg query 'HKCU\Software\Wine\Credential Manager' /s 2>/dev/null | tr -d '\r' | grep -q 'Pro Bono Desk' \
  || fail "no Pro Bono Desk credential in Credential Manager"
[ "$(env -u PROBONO_PASSPHRASE wine "$exe" client list --json </dev/null 2>"$work/stderr" | count_json)" -gt 0 ] \
  || fail "the remembered key did not open the vault"
PROBONO_PASSPHRASE="$pass" wine "$exe" forget >/dev/null 2>"$work/stderr" || fail "forget"
if wine reg query 'HKCU\Software\Wine\Credential Manager' /s 2>/dev/null | tr -d '\r' | grep -q 'Pro Bono Desk'; then
  fail "forget left the credential"
fi
if env -u PROBONO_PASSPHRASE wine "$exe" client list </dev/null >/dev/null 2>&1; then fail "opened without a key after forget"; fi
ok "the vault key is remembered in Windows Credential Manager, opens without a passphrase, and forget removes it"

said=$(PROBONO_PASSPHRASE="$pass" python3 tests/windows/in_use.py "$exe" "$(winpath "$work/busy-vault")" "$work") || fail "the in-use check"
ok "$said"

# Statements for volunteers whose names are Windows device names or hold reserved characters.
for name in CON aux 'Who: What?'; do
  win volunteer add --name "$name" --role interpreter >/dev/null || fail "volunteer $name"
  win time log --volunteer "$name" --matter JC-2026-0001 --date 2026-03-02 --hours 1 >"$work/said" || fail "time for $name: $(cat "$work/said")"
done
win report statements --year 2026 --out-dir "$(winpath "$work/out/statements")" >/dev/null || fail "statements"
for want in statement-con--2026.pdf statement-aux--2026.pdf statement-who-what-2026.pdf; do
  [ -s "$work/out/statements/$want" ] || fail "$want was not written: $(ls "$work/out/statements")"
done
ok "statements are written under valid names for volunteers named CON, aux and 'Who: What?' ($(ls "$work/out/statements" | wc -l) files)"

long="$work/$(printf 'a-rather-long-folder-name-for-a-clinic-%02d/' 1 2 3 4 5 6 7)vault"
mkdir -p "$(dirname "$long")"
wlong=$(winpath "$long")
PROBONO_PASSPHRASE="$pass" wine "$exe" --vault "$wlong" init >/dev/null 2>"$work/stderr" || fail "a vault at a ${#wlong}-character path"
PROBONO_PASSPHRASE="$pass" wine "$exe" --vault "$wlong" import matters "$(winpath "$samples/matters.csv")" >/dev/null 2>"$work/stderr" \
  || fail "import into the long path"
PROBONO_PASSPHRASE="$pass" wine "$exe" --vault "$wlong" backup "$wlong\\..\\long.pbbackup" >/dev/null 2>"$work/stderr" || fail "backup at the long path"
[ -s "$(dirname "$long")/long.pbbackup" ] || fail "no backup beside the long path"
ok "a vault at a ${#wlong}-character path is created, filled and backed up"

# Vaults move between the builds both ways (the format is the same on both systems).
wvault=${vault_line##* }
wvault_unix=$(winepath -u "$wvault" 2>/dev/null | tr -d '\r')
lin_count=$(PROBONO_PASSPHRASE="$pass" PROBONO_VAULT="$wvault_unix" "$linux" client list --json | count_json)
win_count=$(win client list --json | count_json)
[ "$lin_count" = "$win_count" ] && [ "$win_count" -gt 0 ] || fail "the Windows vault read by Linux: $lin_count clients, $win_count on Windows"
ok "the Windows build's vault opens on Linux ($lin_count clients)"
from_linux=$(win --vault "$(winpath "$work/linux-vault")" client list --json | count_json) || fail "the Linux vault on Windows"
[ "$from_linux" = "$(lin client list --json | count_json)" ] || fail "the Linux vault read by Windows: $from_linux clients"
ok "the Linux build's vault opens on Windows ($from_linux clients)"

# --- 3. The uninstaller ----------------------------------------------------------------
wine "$inst\\uninstall.exe" /S || fail "the silent uninstall"
wineserver -w
[ ! -e "$inst_unix" ] || fail "the program folder is still there: $(find "$inst_unix")"
[ ! -e "$smprograms/Pro Bono Desk.lnk" ] || fail "the Start-menu entry is still there"
if wine reg query "$key" >/dev/null 2>&1; then fail "the uninstall entry is still there"; fi
[ "$(reg_value 'HKCU\Environment' Path)" = 'C:\Tools;C:\Other Things' ] || fail "PATH after uninstall: $(reg_value 'HKCU\Environment' Path)"
[ -s "$wvault_unix/vault.db" ] && [ -s "$wvault_unix/vault.key" ] || fail "the uninstaller touched the vault"
left=$(PROBONO_PASSPHRASE="$pass" PROBONO_VAULT="$wvault_unix" "$linux" client list --json | count_json)
[ "$left" = "$win_count" ] || fail "the vault after uninstall: $left clients"
[ -s "$work/out/clinic.pbbackup" ] || fail "the backup after uninstall"
ok "the uninstaller removed the program, its entries and its PATH item, and kept the vault ($left clients) and its backups"

echo "Windows build under Wine: $checks checks passed in $(( $(date +%s) - started )) s."
