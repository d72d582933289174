//! `brief handout` as a user runs it: by id or path, `--out`, the default folder outside the
//! data folder, and wrong arguments and broken files.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::path::Path;
use std::process::{Command, Output};

fn brief(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("XDG_DOCUMENTS_DIR")
        .output()
        .expect("brief runs")
}

/// A data folder with a few sample sessions; the path of one.
fn data(dir: &Path) -> std::path::PathBuf {
    let out = brief(
        dir,
        &[
            "demo",
            "--generate",
            "3",
            dir.join("clinic").to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "demo data is written");
    let mut files: Vec<_> = walk(&dir.join("clinic/sessions"));
    files.sort();
    files.remove(0)
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn by_id_it_writes_to_the_documents_or_home_folder_never_the_data_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let file = data(tmp.path());
    let id = file.file_stem().unwrap().to_str().unwrap();
    let clinic = tmp.path().join("clinic");
    let out = brief(
        tmp.path(),
        &["--data", clinic.to_str().unwrap(), "handout", id],
    );
    assert!(out.status.success(), "written: {}", stderr(&out));
    let printed = String::from_utf8(out.stdout).unwrap();
    let path = Path::new(printed.trim());
    assert!(path.is_file(), "the printed path is the file: {printed}");
    assert!(
        !path.starts_with(&clinic),
        "not inside the data folder: {printed}"
    );
    assert!(
        path.starts_with(tmp.path()),
        "under the home folder: {printed}"
    );
    assert!(std::fs::read(path).unwrap().starts_with(b"%PDF"), "a PDF");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "owner-only");
    }
}

#[test]
fn by_path_with_out_and_its_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let file = data(tmp.path());
    let target = tmp.path().join("sheet.pdf");
    let out = brief(
        tmp.path(),
        &[
            "handout",
            file.to_str().unwrap(),
            "--out",
            target.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "written: {}", stderr(&out));
    assert!(target.is_file(), "to --out");

    let missing = tmp.path().join("no-such-folder/sheet.pdf");
    let out = brief(
        tmp.path(),
        &[
            "handout",
            file.to_str().unwrap(),
            "--out",
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "a folder that does not exist: usage error"
    );
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    assert!(!missing.parent().unwrap().exists(), "and it is not created");

    let clinic = tmp.path().join("clinic");
    let out = brief(
        tmp.path(),
        &[
            "--data",
            clinic.to_str().unwrap(),
            "handout",
            "20990101-000000-0000000000000000",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "an unknown id: usage error");

    let broken = tmp.path().join("broken.ron");
    std::fs::write(&broken, "Session(").unwrap();
    let out = brief(tmp.path(), &["handout", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "a broken file: exit 1");
    assert!(
        stderr(&out).contains("broken.ron"),
        "named: {}",
        stderr(&out)
    );

    let out = brief(tmp.path(), &["handout"]);
    assert_eq!(out.status.code(), Some(2), "no session given");
}
