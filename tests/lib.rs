//! Shared paths for the integration tests.

use std::path::PathBuf;

pub mod server;

/// The Python interpreter of a virtualenv (`target/botocore-venv`) holding the packages pinned in
/// `tests/botocore-requirements.txt`, created on first use.
pub fn botocore_python() -> PathBuf {
    static READY: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);
    let mut ready = READY.lock().unwrap();
    if let Some(python) = ready.as_ref() {
        return python.clone();
    }
    let requirements = workspace_root().join("tests/botocore-requirements.txt");
    let pinned = std::fs::read_to_string(&requirements).unwrap();
    let venv = workspace_root().join("target/botocore-venv");
    let python = venv.join("bin/python");
    let marker = venv.join("installed-requirements.txt");
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(pinned.as_str()) {
        let status = std::process::Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .unwrap();
        assert!(status.success(), "python3 -m venv failed");
        let status = std::process::Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&requirements)
            .status()
            .unwrap();
        assert!(
            status.success(),
            "pip install -r {} failed",
            requirements.display()
        );
        std::fs::write(&marker, &pinned).unwrap();
    }
    *ready = Some(python.clone());
    python
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// The README's example, compiled and run as a doctest so it stays true.
#[doc = include_str!("../README.md")]
pub mod readme {}
