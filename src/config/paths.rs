//! Where migdesk's own folders are: the XDG base directories, on Linux and
//! on macOS alike (`~/.config`, `~/.local/share`, `~/.local/state` unless
//! `$XDG_CONFIG_HOME`, `$XDG_DATA_HOME` or `$XDG_STATE_HOME` say otherwise),
//! as terminal tools such as gitui and television do on macOS too.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The folder under each base directory.
const APPLICATION: &str = "migdesk";

/// `$XDG_CONFIG_HOME/migdesk`, else `~/.config/migdesk`.
pub fn config_dir() -> Option<PathBuf> {
    base_dir("XDG_CONFIG_HOME", ".config")
}

/// `$XDG_DATA_HOME/migdesk`, else `~/.local/share/migdesk`.
pub fn data_dir() -> Option<PathBuf> {
    base_dir("XDG_DATA_HOME", ".local/share")
}

/// `$XDG_STATE_HOME/migdesk`, else `~/.local/state/migdesk`.
pub fn state_dir() -> Option<PathBuf> {
    base_dir("XDG_STATE_HOME", ".local/state")
}

fn base_dir(variable: &str, under_home: &str) -> Option<PathBuf> {
    resolve_base(
        std::env::var_os(variable),
        home_dir().as_deref(),
        under_home,
    )
}

/// The base directory: the variable when it holds an absolute path (the
/// XDG specification says to ignore a relative one), else under the home.
fn resolve_base(
    variable: Option<OsString>,
    home: Option<&Path>,
    under_home: &str,
) -> Option<PathBuf> {
    let from_variable = variable
        .map(PathBuf::from)
        .filter(|path| path.is_absolute());
    from_variable
        .or_else(|| home.map(|home| home.join(under_home)))
        .map(|base| base.join(APPLICATION))
}

/// The user's home folder.
pub fn home_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf())
}

/// `~/rest` as a path under the home folder; any other path as it is.
pub fn expand_home(path: &Path) -> Option<PathBuf> {
    match path.strip_prefix("~") {
        Ok(rest) => home_dir().map(|home| home.join(rest)),
        Err(_) => Some(path.to_path_buf()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_absolute_variable_wins_over_the_home_folder() {
        let base = resolve_base(Some("/xdg".into()), Some(Path::new("/home/a")), ".config");
        assert_eq!(base.unwrap(), Path::new("/xdg/migdesk"));
    }

    #[test]
    fn a_relative_or_missing_variable_falls_back_to_the_home_folder() {
        let home = Some(Path::new("/home/a"));
        for variable in [
            None,
            Some(OsString::from("relative/dir")),
            Some(OsString::new()),
        ] {
            let base = resolve_base(variable, home, ".local/state");
            assert_eq!(base.unwrap(), Path::new("/home/a/.local/state/migdesk"));
        }
    }

    #[test]
    fn no_home_and_no_variable_is_no_folder() {
        assert_eq!(resolve_base(None, None, ".config"), None);
    }

    #[test]
    fn only_a_leading_tilde_is_the_home_folder() {
        let home = home_dir().unwrap();
        assert_eq!(
            expand_home(Path::new("~/cases")).unwrap(),
            home.join("cases")
        );
        assert_eq!(
            expand_home(Path::new("/a/~/b")).unwrap(),
            Path::new("/a/~/b")
        );
    }
}
