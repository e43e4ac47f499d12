//! Where migdesk keeps its files, and creating those folders private to the user.

use std::path::{Path, PathBuf};

use super::error::StoreError;
use super::safe_open::create_private_dir;

const DIRECTORY_MODE: u32 = 0o700;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// The folder the settings chose (`--data-dir`, `$MIGDESK_DATA_DIR` or
    /// the config file, resolved by `config`), else the data folder
    /// (`$XDG_DATA_HOME/migdesk` or `~/.local/share/migdesk`).
    pub fn resolve(chosen: Option<PathBuf>) -> Result<DataDir, StoreError> {
        resolve_from(chosen, crate::config::paths::data_dir)
    }

    pub fn new(root: impl Into<PathBuf>) -> DataDir {
        DataDir { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn cases_dir(&self) -> PathBuf {
        self.root.join("cases")
    }

    pub fn playbooks_dir(&self) -> PathBuf {
        self.root.join("playbooks")
    }

    /// Creates the root, cases and playbooks folders that are missing, each
    /// with mode 0700 whatever the umask. Folders that already exist keep
    /// their mode: the user may have chosen to share them.
    pub fn create_dirs(&self) -> Result<(), StoreError> {
        create_private_dir_all(&self.cases_dir())?;
        create_private_dir_all(&self.playbooks_dir())
    }
}

fn resolve_from(
    chosen: Option<PathBuf>,
    platform_default: impl FnOnce() -> Option<PathBuf>,
) -> Result<DataDir, StoreError> {
    if let Some(path) = chosen.filter(|path| !path.as_os_str().is_empty()) {
        return Ok(DataDir::new(path));
    }
    platform_default()
        .map(DataDir::new)
        .ok_or(StoreError::NoDataDirectory)
}

fn create_private_dir_all(path: &Path) -> Result<(), StoreError> {
    let missing: Vec<&Path> = path
        .ancestors()
        .take_while(|ancestor| !ancestor.exists())
        .collect();
    for directory in missing.into_iter().rev() {
        let directory_error = |source| StoreError::DataDirectory {
            path: directory.to_path_buf(),
            source,
        };
        // Made by someone else meanwhile (`Ok(false)`): theirs to set up.
        create_private_dir(directory, DIRECTORY_MODE).map_err(directory_error)?;
    }
    if path.is_dir() {
        Ok(())
    } else {
        Err(StoreError::DataDirectory {
            path: path.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "exists but is not a folder",
            ),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_chosen_folder_wins_over_the_default_unless_empty() {
        let resolved = resolve_from(Some("/chosen".into()), || Some("/default".into())).unwrap();
        assert_eq!(resolved.root(), Path::new("/chosen"));
        let resolved = resolve_from(Some("".into()), || Some("/default".into())).unwrap();
        assert_eq!(resolved.root(), Path::new("/default"));
    }

    #[test]
    fn no_home_directory_is_an_error_that_says_what_to_do() {
        let error = resolve_from(None, || None).unwrap_err();
        assert!(error.to_string().contains("--data-dir"), "{error}");
    }

    #[test]
    fn sub_folders_are_under_the_root() {
        let data_dir = DataDir::new("/data");
        assert_eq!(data_dir.cases_dir(), Path::new("/data/cases"));
        assert_eq!(data_dir.playbooks_dir(), Path::new("/data/playbooks"));
    }
}
