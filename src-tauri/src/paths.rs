//! Paths arriving from the UI are checked before use: absolute, no `..`, the expected
//! extension, and an existing folder (to write) or file (to read). The WebView never picks a
//! path the backend has not vetted.

use std::path::{Component, Path, PathBuf};

use probono_core::{Error, Result};

const MAX_IMPORT_BYTES: u64 = 200 * 1024 * 1024;

fn checked(field: &str, raw: &str) -> Result<PathBuf> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Error::invalid(field, "choose a file or folder"));
    }
    if raw.contains('\0') {
        return Err(Error::invalid(field, "is not a valid path"));
    }
    let path = PathBuf::from(raw);
    if !path.is_absolute() {
        return Err(Error::invalid(field, "must be a full path (starting from the top of the disk)"));
    }
    if path.components().any(|c| matches!(c, Component::ParentDir)) {
        return Err(Error::invalid(field, "must not contain \"..\""));
    }
    Ok(path)
}

fn has_extension(path: &Path, allowed: &[&str]) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| allowed.iter().any(|a| a.eq_ignore_ascii_case(e)))
}

/// A file to write: its folder must exist; the extension must be one of `allowed`.
pub fn output_file(field: &str, raw: &str, allowed: &[&str]) -> Result<PathBuf> {
    let path = checked(field, raw)?;
    if !has_extension(&path, allowed) {
        return Err(Error::invalid(field, format!("must end in .{}", allowed.join(" or ."))));
    }
    match path.parent() {
        Some(dir) if dir.is_dir() => Ok(path),
        _ => Err(Error::invalid(field, "its folder does not exist")),
    }
}

/// A file to read: it must exist, be a file of a sane size, with an allowed extension.
pub fn input_file(field: &str, raw: &str, allowed: &[&str]) -> Result<PathBuf> {
    let path = checked(field, raw)?;
    if !has_extension(&path, allowed) {
        return Err(Error::invalid(field, format!("must be a .{} file", allowed.join(" or ."))));
    }
    let meta = std::fs::metadata(&path).map_err(|_| Error::invalid(field, "the file does not exist"))?;
    if !meta.is_file() {
        return Err(Error::invalid(field, "is not a file"));
    }
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(Error::invalid(field, "is larger than 200 MB"));
    }
    Ok(path)
}

/// A vault folder: absolute; it may not exist yet (it is created).
pub fn folder(field: &str, raw: &str) -> Result<PathBuf> {
    let path = checked(field, raw)?;
    if path.exists() && !path.is_dir() {
        return Err(Error::invalid(field, "is a file, not a folder"));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_parent_and_wrong_extension_paths_are_refused() {
        let dir = std::env::temp_dir();
        let ok = dir.join("report.pdf");
        assert!(output_file("path", ok.to_str().unwrap_or_default(), &["pdf"]).is_ok());
        for bad in ["", "report.pdf", "../etc/report.pdf", "/tmp/../etc/x.pdf", "/tmp/report.exe", "/no/such/dir/r.pdf"]
        {
            let err = output_file("path", bad, &["pdf"]).expect_err(bad);
            assert_eq!(err.field(), Some("path"), "{bad}");
        }
        assert!(input_file("path", "/no/such/file.csv", &["csv"]).is_err());
        assert!(folder("dir", "relative/vault").is_err());
    }
}
