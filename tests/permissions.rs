//! Case files hold customer data: whatever the umask, `migdesk new` makes
//! the data folders 0700 and the case and lock files 0600, and saves keep
//! them so (a file that was not 0600 becoming so on its next save is
//! tested on the store, in `store_files.rs`).
#![allow(clippy::unwrap_used)]

mod harness;

use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::Command;

use harness::{BINARY, stderr};

fn mode(path: &Path) -> u32 {
    fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn new_makes_private_folders_and_files_whatever_the_umask() {
    for umask in ["000", "002", "022", "077", "277"] {
        let directory = tempfile::tempdir().unwrap();
        // Two folders that do not exist yet: both are created private.
        let root = directory.path().join("home/migdesk");
        let run = |args: &[&str]| {
            let output = Command::new("sh")
                .arg("-c")
                .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
                .arg(BINARY)
                .args(args)
                .env("MIGDESK_DATA_DIR", &root)
                .env("MIGDESK_USER", "alice")
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "umask {umask}, {args:?}: {}",
                stderr(&output)
            );
        };
        run(&["new", "saas-pro-to-connect", "--title", "Private"]);
        run(&["note", "MIG-0001", "still private"]);
        run(&["new", "saas-pro-to-connect", "--title", "Second"]);

        for folder in [
            directory.path().join("home"),
            root.clone(),
            root.join("cases"),
            root.join("playbooks"),
        ] {
            assert_eq!(mode(&folder), 0o700, "umask {umask}: {}", folder.display());
        }
        let cases = root.join("cases");
        for file in [
            "MIG-0001.yaml",
            "MIG-0002.yaml",
            ".MIG-0001.lock",
            ".create.lock",
        ] {
            assert_eq!(mode(&cases.join(file)), 0o600, "umask {umask}: {file}");
        }
    }
}
