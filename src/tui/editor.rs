//! `$VISUAL` or `$EDITOR` (else `vi`) on a private temporary file. The
//! setting is split as a shell splits words, so it may carry arguments
//! (`code --wait`) and quote a path with spaces (`"/opt/My Editor/bin/ed"`).

use std::io::Write as _;

/// Runs the editor the environment names on `text`; what the file holds
/// when it exits, or why nothing was changed.
pub fn edit(text: &str) -> Result<String, String> {
    let setting = ["VISUAL", "EDITOR"]
        .into_iter()
        .filter_map(|variable| std::env::var(variable).ok())
        .find(|setting| !setting.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string());
    edit_with(&setting, text)
}

/// The program and its arguments in an editor setting.
pub fn command_line(setting: &str) -> Result<(String, Vec<String>), String> {
    let mut words = shell_words::split(setting)
        .map_err(|error| format!("cannot read the editor setting `{setting}`: {error}"))?
        .into_iter();
    let program = words
        .next()
        .ok_or_else(|| "the editor setting is empty".to_string())?;
    Ok((program, words.collect()))
}

/// Runs the editor `setting` names on a private temporary file holding `text`.
pub fn edit_with(setting: &str, text: &str) -> Result<String, String> {
    let (program, arguments) = command_line(setting)?;
    let mut file = tempfile::Builder::new()
        .prefix("migdesk-")
        .suffix(".md")
        .tempfile()
        .map_err(|error| format!("cannot create a temporary file: {error}"))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|error| format!("cannot write the temporary file: {error}"))?;
    let status = std::process::Command::new(&program)
        .args(&arguments)
        .arg(file.path())
        .status()
        .map_err(|error| format!("cannot run `{program}`: {error}"))?;
    if !status.success() {
        return Err(format!(
            "`{setting}` exited with {status}; nothing was changed"
        ));
    }
    std::fs::read_to_string(file.path())
        .map_err(|error| format!("cannot read back the temporary file: {error}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    #[test]
    fn a_setting_is_split_like_a_shell_splits_it() {
        let words = |setting| command_line(setting).unwrap();
        assert_eq!(
            words("code --wait"),
            ("code".to_string(), vec!["--wait".to_string()])
        );
        assert_eq!(
            words("\"/opt/My Editor/bin/ed\""),
            ("/opt/My Editor/bin/ed".to_string(), vec![])
        );
        assert_eq!(
            words("vim -c 'set tw=72'"),
            (
                "vim".to_string(),
                vec!["-c".to_string(), "set tw=72".to_string()]
            )
        );
        assert_eq!(
            words("/opt/My\\ Editor/ed"),
            ("/opt/My Editor/ed".to_string(), vec![])
        );
    }

    #[test]
    fn an_unclosed_quote_or_an_empty_setting_says_so() {
        let error = command_line("\"/opt/My Editor").unwrap_err();
        assert!(error.contains("cannot read the editor setting"), "{error}");
        assert!(command_line("  ").unwrap_err().contains("empty"));
    }

    #[test]
    fn an_editor_in_a_folder_with_a_space_runs_and_its_text_comes_back() {
        let folder = tempfile::tempdir().unwrap();
        let bin = folder.path().join("My Editor");
        std::fs::create_dir(&bin).unwrap();
        let script = bin.join("ed");
        std::fs::write(
            &script,
            "#!/bin/sh\nprintf ' and %s' \"$1\" > /dev/null\necho \"$2\" >> \"$3\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();
        let setting = format!("\"{}\" --append 'two words'", script.display());
        let edited = edit_with(&setting, "first line\n").unwrap();
        assert_eq!(edited, "first line\ntwo words\n");
    }

    #[test]
    fn an_editor_that_fails_changes_nothing() {
        let error = edit_with("false", "kept").unwrap_err();
        assert!(error.contains("nothing was changed"), "{error}");
    }
}
