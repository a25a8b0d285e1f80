"""A second program opening a vault another is writing gets the clear "in use" message,
under Wine: the Windows build's file locking (SQLite's LockFileEx) between two Windows
processes. Called by scripts/windows/test.sh.

  python3 in_use.py PROBONO_EXE VAULT_WINDOWS_PATH SCRATCH_DIR

The first program imports 100,000 hour rows; it is paused (SIGSTOP) inside the import's own
write, after the `write-begin` marker of its second write (the first is the unlock's audit
event), so its write lock is held however slowly the second program starts. The second
program's write must ask for the lock (`write-wait`), never begin, and give up with the
message after its 5-second busy timeout. Then the import goes on and commits every row.
"""
import os
import signal
import subprocess
import sys
import time

exe, vault, scratch = sys.argv[1:4]
env = dict(os.environ, PROBONO_TRACE_WRITES="1")
ROWS = 100_000


def probono(*args):
    return subprocess.run(["wine", exe, "--vault", vault, *args], env=env, capture_output=True, text=True)


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


for args in (["init"], ["client", "add", "--name", "Ana Lopez"],
             ["matter", "add", "--client", "Ana Lopez", "--case-type", "asylum", "--case-ref", "LOCK-1",
              "--opened", "2026-01-05"]):
    out = probono(*args)
    if out.returncode != 0:
        fail(f"{args}: {out.stderr}")

csv_path = os.path.join(scratch, "many-hours.csv")
with open(csv_path, "w", encoding="utf-8") as f:
    f.write("volunteer_name,volunteer_email,organization,role,case_ref,date,hours,activity\n")
    for i in range(ROWS):
        f.write(f"Volunteer {i % 50},v{i % 50}@example.org,Org,attorney,LOCK-1,2026-03-{i % 28 + 1:02d},1.5,row {i}\n")
windows_csv = "Z:" + csv_path.replace("/", "\\")

importer = subprocess.Popen(["wine", exe, "--vault", vault, "import", "hours", windows_csv], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
begins = 0
for line in importer.stderr:
    if line.strip() == "probono-trace: write-begin":
        begins += 1
        if begins == 2:
            os.kill(importer.pid, signal.SIGSTOP)
            break
if begins != 2:
    importer.wait()
    fail(f"the import never began its write (rc {importer.returncode})")
try:
    started = time.monotonic()
    other = probono("client", "add", "--name", "Written meanwhile")
    waited = time.monotonic() - started
    markers = [l for l in other.stderr.splitlines() if l.startswith("probono-trace: ")]
    if other.returncode != 1:
        fail(f"the second program was not refused (rc {other.returncode}): {other.stderr}")
    if "in use by another program" not in other.stderr:
        fail(f"the message: {other.stderr}")
    if "probono-trace: write-wait" not in markers or "probono-trace: write-begin" in markers:
        fail(f"the second program should ask for the lock and never write: {markers}")
    if importer.poll() is not None:
        fail("the import ended while it was paused")
finally:
    os.kill(importer.pid, signal.SIGCONT)
rest = importer.stderr.read()
importer.wait()
if importer.returncode != 0 or "probono-trace: write-commit" not in rest:
    fail(f"the import after the pause: rc {importer.returncode} {rest[-400:]}")
entries = probono("time", "list", "--json")
import json
count = len(json.loads(entries.stdout))
clients = probono("client", "list", "--json")
names = [c["name"] for c in json.loads(clients.stdout)]
if count != ROWS:
    fail(f"{count} time entries after the import, not {ROWS}")
if "Written meanwhile" in names:
    fail("the refused program's client is there")
print(f"the second program was told the vault is in use after {waited:.1f} s; the import then committed {count} rows")
