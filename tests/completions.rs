//! Committed completion scripts stay in step with the flags, and each loads in its shell.
//! Regenerate with `UPDATE_COMPLETIONS=1 cargo test --test completions`.

use clap_complete::Shell;
use std::path::PathBuf;

const SHELLS: [(Shell, &str); 5] = [
    (Shell::Bash, "hookcli.bash"),
    (Shell::Zsh, "_hookcli"),
    (Shell::Fish, "hookcli.fish"),
    (Shell::PowerShell, "_hookcli.ps1"),
    (Shell::Elvish, "hookcli.elv"),
];

fn path(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("completions")
        .join(file)
}

#[test]
fn committed_completions_are_fresh() {
    for (shell, file) in SHELLS {
        let fresh = hookcli::commands::docs::completion_script(shell);
        if std::env::var_os("UPDATE_COMPLETIONS").is_some() {
            std::fs::write(path(file), &fresh).unwrap();
            continue;
        }
        let committed = std::fs::read(path(file)).unwrap_or_default();
        assert!(
            committed == fresh,
            "completions/{file} is stale: run UPDATE_COMPLETIONS=1 cargo test --test completions"
        );
    }
}

#[test]
fn provider_ids_complete_for_provider_and_secret() {
    let bash = String::from_utf8(hookcli::commands::docs::completion_script(Shell::Bash)).unwrap();
    assert!(bash.contains("stripe"), "--provider offers provider ids");
    assert!(bash.contains("stripe="), "--secret offers PROVIDER=");
    let fish = String::from_utf8(hookcli::commands::docs::completion_script(Shell::Fish)).unwrap();
    assert!(fish.contains("github="));
}

/// Source each script in its shell where that shell is installed (CI installs them).
#[test]
fn scripts_load_in_their_shells() {
    let checks = [
        ("bash", "hookcli.bash", "source {} && complete -p hookcli"),
        (
            "zsh",
            "_hookcli",
            "autoload -U compinit && compinit -u && source {}",
        ),
        (
            "fish",
            "hookcli.fish",
            "source {}; and complete -C 'hookcli lis'",
        ),
    ];
    let mut ran = 0;
    for (sh, file, script) in checks {
        let Ok(out) = std::process::Command::new(sh)
            .arg("-c")
            .arg(script.replace("{}", &path(file).display().to_string()))
            .env("HOME", std::env::temp_dir())
            .output()
        else {
            eprintln!("{sh} is not installed here; skipped");
            continue;
        };
        ran += 1;
        assert!(
            out.status.success(),
            "{sh} failed to load completions/{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if sh == "fish" {
            assert!(String::from_utf8_lossy(&out.stdout).contains("listen"));
        }
    }
    assert!(ran >= 1, "bash at least is always here");
}
