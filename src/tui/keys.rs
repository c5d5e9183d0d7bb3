//! The key map: terminal keys and mouse wheel to [`Action`]s, and the table the help shows.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};

/// Everything a key can ask for outside text entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    /// Enter / Tab: focus the details, then cycle their tabs.
    Next,
    /// Shift-Tab: the previous tab.
    Prev,
    Back,
    Replay,
    /// Replay the captured bytes untouched, no re-signing.
    ReplayRaw,
    Edit,
    Copy,
    Save,
    Filter,
    Follow,
    Help,
    Quit,
}

/// The key table, as the help overlay (and the README) show it.
pub const KEYS: &[(&str, &str)] = &[
    ("j k ↑ ↓", "move (in details: scroll)"),
    ("g G PgUp PgDn", "first / last (G follows again) / page"),
    ("Enter Tab S-Tab", "focus details, next / previous tab"),
    ("Esc", "back, close overlay, clear filter"),
    (
        "r",
        "replay, re-signed for its provider when the secret is set",
    ),
    ("R", "replay the captured bytes untouched"),
    ("e", "edit in $VISUAL/$EDITOR, then replay (re-signed)"),
    ("c", "copy as curl (OSC 52 clipboard)"),
    ("s", "save as <id>.json in the current dir"),
    ("/", "filter (Enter applies, Esc clears)"),
    ("f", "follow new captures on/off"),
    ("? q Ctrl-C", "this help / quit"),
];

/// Filter words, shown under the keys in the help.
pub const FILTER_HELP: &[(&str, &str)] = &[
    ("text", "in method, URL or body"),
    ("method:POST,PUT", "any of these methods"),
    ("status:5xx", "200, 4xx, error, none"),
    ("provider:stripe", "signature provider"),
    ("verdict:invalid", "valid invalid expired …"),
    ("path:/webhooks", "path prefix"),
    ("origin:replay", "local relay replay import"),
    ("since:10m", "30s 2h 7d 11:30 2026-11-27"),
    ("until:11:30", "before then (same forms)"),
];

/// The action for a key press in the normal (not typing) state.
pub fn action(key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char('c') if ctrl => Action::Quit,
        KeyCode::Char('d') if ctrl => Action::PageDown,
        KeyCode::Char('u') if ctrl => Action::PageUp,
        _ if ctrl => return None,
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::Enter | KeyCode::Tab => Action::Next,
        KeyCode::BackTab => Action::Prev,
        KeyCode::Esc => Action::Back,
        KeyCode::Char('r') => Action::Replay,
        KeyCode::Char('R') => Action::ReplayRaw,
        KeyCode::Char('e') => Action::Edit,
        KeyCode::Char('c') => Action::Copy,
        KeyCode::Char('s') => Action::Save,
        KeyCode::Char('/') => Action::Filter,
        KeyCode::Char('f') => Action::Follow,
        KeyCode::Char('?') => Action::Help,
        KeyCode::Char('q') => Action::Quit,
        _ => return None,
    })
}

/// The wheel scrolls by a few rows at a time, like a pager.
pub fn wheel(m: MouseEvent) -> Option<(Action, usize)> {
    match m.kind {
        MouseEventKind::ScrollDown => Some((Action::Down, 3)),
        MouseEventKind::ScrollUp => Some((Action::Up, 3)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn vim_and_arrow_keys_agree() {
        assert_eq!(action(k(KeyCode::Char('j'))), action(k(KeyCode::Down)));
        assert_eq!(action(k(KeyCode::Char('k'))), action(k(KeyCode::Up)));
        assert_eq!(action(k(KeyCode::Enter)), action(k(KeyCode::Tab)));
        assert_eq!(
            action(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(action(k(KeyCode::Char('c'))), Some(Action::Copy));
        assert_eq!(action(k(KeyCode::Char('x'))), None);
    }
}
