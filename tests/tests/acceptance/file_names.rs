//! Every file the program names itself is valid on Windows (issue 18): statements for
//! volunteers whose names are Windows device names or hold reserved characters, rotating
//! backups, the export folder's files in both formats. Each kind is written, then every name
//! under the output folders is checked against Windows's rules
//! (`probono_core::filename::windows_problem`, whose own tests pin the rules). CSV files are
//! checked for what Excel needs: the UTF-8 byte-order mark and CRLF line ends.

use std::path::{Path, PathBuf};

use probono_core::filename::windows_problem;

use crate::support::TestVault;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/samples")
}

/// Every file and folder name under `root`, with its path.
fn names_under(root: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("list") {
            let entry = entry.expect("entry");
            let path = entry.path();
            out.push((entry.file_name().to_string_lossy().into_owned(), path.clone()));
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    out
}

#[test]
fn every_file_the_program_names_itself_is_valid_on_windows() {
    let (v, _) = TestVault::init();
    let (m, h) = (samples().join("matters.csv"), samples().join("hours.csv"));
    v.ok(&["import", "matters", m.to_str().expect("utf-8")]);
    v.ok(&["import", "hours", h.to_str().expect("utf-8")]);
    // Volunteers whose names would make invalid file names if used as they are.
    let hostile = ["CON", "aux", "Com1", "Who: What? *Star*", "Nguyễn Văn \"Nam\" | Jr.", &"Ö".repeat(200)];
    for (i, name) in hostile.iter().enumerate() {
        let email = format!("v{i}@example.org");
        v.ok(&["volunteer", "add", "--name", name, "--email", &email, "--role", "interpreter"]);
        v.ok(&[
            "time",
            "log",
            "--volunteer",
            &email,
            "--matter",
            "JC-2026-0001",
            "--date",
            "2026-03-01",
            "--hours",
            "1",
        ]);
    }

    let out = v.root.path().join("out");
    let statements = out.join("statements");
    let said = v.ok(&["report", "statements", "--year", "2026", "--out-dir", statements.to_str().expect("utf-8")]);
    assert!(said.contains("Wrote 9 statements"), "{said}");
    let backups = out.join("backups");
    std::fs::create_dir_all(&backups).expect("folder");
    for _ in 0..2 {
        v.ok(&["backup", "--to-folder", backups.to_str().expect("utf-8"), "--keep", "3"]);
        std::thread::sleep(std::time::Duration::from_millis(1100)); // one name per second
    }
    for format in ["json", "csv"] {
        let dir = out.join(format!("export-{format}"));
        crate::keys::ok_confirmed(&v, &["export", "--format", format, "--out", dir.to_str().expect("utf-8")]);
    }
    v.ok(&[
        "report",
        "hours",
        "--year",
        "2026",
        "--format",
        "csv",
        "--out",
        out.join("hours.csv").to_str().expect("utf-8"),
    ]);

    let names = names_under(&out);
    let kinds = |suffix: &str| names.iter().filter(|(n, _)| n.ends_with(suffix)).count();
    assert_eq!(kinds(".pdf"), 9, "a statement each: {names:?}");
    assert_eq!(kinds(".pbbackup"), 2, "{names:?}");
    assert!(kinds(".json") >= 8 && kinds(".csv") >= 9, "both exports and the report: {names:?}");
    let bad: Vec<String> = names
        .iter()
        .filter_map(|(name, path)| windows_problem(name).map(|why| format!("{}: {why}", path.display())))
        .collect();
    assert!(bad.is_empty(), "names Windows would refuse: {bad:#?}");
    // The device names became ordinary names, and each volunteer still has their own file.
    for want in ["statement-con--2026.pdf", "statement-aux--2026.pdf", "statement-com1--2026.pdf"] {
        assert!(names.iter().any(|(n, _)| n == want), "{want} in {names:?}");
    }

    // CSV files open in Excel: the byte-order mark, CRLF line ends, no bare LF.
    for (name, path) in names.iter().filter(|(n, _)| n.ends_with(".csv")) {
        let bytes = std::fs::read(path).expect("read");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{name} starts with the UTF-8 byte-order mark");
        let lf = bytes.iter().filter(|&&b| b == b'\n').count();
        let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
        assert!(lf > 0 && lf == crlf, "{name}: every line ends with CRLF ({crlf} of {lf})");
    }
    // Printed to the terminal, CSV has no byte-order mark.
    let printed = v.ok(&["report", "hours", "--year", "2026", "--format", "csv"]);
    assert!(printed.starts_with("name,email,"), "{:?}", printed.get(..40));
}
