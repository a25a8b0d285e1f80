#!/usr/bin/env bash
# A guided tour of the probono CLI on a throw-away vault: what `make run` shows until you
# open the desktop app. Usage: scripts/demo-walkthrough.sh path/to/probono
set -euo pipefail
probono=${1:?usage: demo-walkthrough.sh PATH_TO_PROBONO}
demo_dir=$(mktemp -d "${TMPDIR:-/tmp}/probono-demo.XXXXXX")
export PROBONO_VAULT="$demo_dir/vault" PROBONO_PASSPHRASE="demo passphrase, not for real data" PROBONO_KEYRING=off

step() { printf '\n\033[1m$ probono %s\033[0m\n' "$*"; "$probono" "$@"; }

echo "Pro Bono Desk: a tour of the command line on a demo vault in $demo_dir"
echo "(the passphrase comes from PROBONO_PASSPHRASE here; interactively you are asked for it)"
step init
step client add --name "María José Hernández" --a-number "A123-456-789" --country "El Salvador" --language Spanish --date-of-birth 1991-04-12
step client add --name "Nguyễn Thị Lan" --country VN --language Vietnamese --interpreter-needed
step matter add --client "A123456789" --case-type bond --case-ref JC-2026-0001 --opened 2026-01-09 --detained --detention-facility "Stewart Detention Center" --release-requested
step matter add --client "Nguyễn Thị Lan" --case-type asylum --case-ref JC-2026-0002 --opened 2026-02-14 --state-of-residence CA
step volunteer add --name "Priya Sharma" --email psharma@example.org --organization "Hale Street LLP" --role attorney
step time log --volunteer psharma@example.org --matter JC-2026-0001 --date 2026-01-12 --hours 3.5 --activity "Bond hearing preparation"
step hearing add --matter JC-2026-0002 --at "2026-12-10 09:00" --kind master_calendar --place "San Francisco Immigration Court"
step matter close JC-2026-0001 --date 2026-03-02 --outcome granted
step matter list
step matter show JC-2026-0001
echo
echo "And a mistake, to show how errors read (exit code 1, nothing written):"
step time log --volunteer psharma@example.org --matter JC-2026-0001 --date 2026-02-30 --hours 1 || true
step status
echo
echo "The demo vault is in $demo_dir (delete it when done). Run '$probono --help' for every command."
