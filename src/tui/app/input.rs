//! What keys, the mouse wheel and finished effects do to the state: actions, the filter
//! prompt, replay and edit requests, the relay link's state.

use super::{App, Effect, RelayLink};
use crate::capture::Capture;
use crate::filter::Filter;
use crate::tui::keys::{self, Action};
use crate::tui::layout::Focus;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;

impl App {
    pub(super) fn relay_state(&mut self, r: crate::event::RelayState) {
        use crate::event::RelayState;
        let link = self.relay.get_or_insert(RelayLink {
            url: String::new(),
            up: Some(false),
        });
        match &r {
            RelayState::Connected { public_url, .. } => {
                link.url.clone_from(public_url);
                link.up = Some(true);
                self.say(r.to_string());
            }
            RelayState::Reconnecting { .. } => {
                link.up = Some(false);
                self.say_error(format!("warning: {r}"));
            }
            RelayState::AuthFailed { .. } => {
                link.up = None;
                self.say_error(r.to_string());
            }
        }
    }

    pub(super) fn key(&mut self, k: KeyEvent) -> Vec<Effect> {
        if self.input.is_some() {
            return self.prompt_key(k);
        }
        match keys::action(k) {
            Some(a) => self.act(a),
            None => Vec::new(),
        }
    }

    /// Typing a filter: Enter applies, Esc clears, Ctrl-C still quits.
    pub(super) fn prompt_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        if matches!(k.code, KeyCode::Char(_) | KeyCode::Backspace)
            && matches!(self.status, Some((_, true)))
        {
            // The reason a filter was refused goes once the user starts fixing it.
            self.status = None;
        }
        let input = self.input.as_mut().expect("prompt is open");
        match k.code {
            KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                return vec![Effect::Quit];
            }
            KeyCode::Char('u') if k.modifiers.contains(KeyModifiers::CONTROL) => input.clear(),
            KeyCode::Char(ch) => input.push(ch),
            KeyCode::Backspace => {
                input.pop();
            }
            KeyCode::Esc => {
                self.input = None;
                self.set_filter(None);
                self.say("filter cleared");
                return self.refetch();
            }
            KeyCode::Enter => {
                let text = input.trim().to_string();
                match Filter::parse(&text) {
                    Ok(f) if f.is_empty() => {
                        self.input = None;
                        self.set_filter(None);
                        self.status = None;
                        return self.refetch();
                    }
                    Ok(f) => {
                        self.input = None;
                        self.set_filter(Some((text, f)));
                        if self.pages {
                            self.say("searching the store…");
                            return self.refetch();
                        }
                        let n = self.view_len();
                        self.say(format!("{n} of {} match", self.total()));
                    }
                    Err(e) => self.say_error(e),
                }
            }
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn act(&mut self, a: Action) -> Vec<Effect> {
        if self.help {
            if matches!(a, Action::Back | Action::Help | Action::Quit) {
                self.help = false;
            }
            return Vec::new();
        }
        let page = self.page().max(1);
        let details = self.focus == Focus::Details;
        match a {
            Action::Up if details => self.scroll_details(-1),
            Action::Down if details => self.scroll_details(1),
            Action::PageUp if details => self.scroll_details(-(page as isize)),
            Action::PageDown if details => self.scroll_details(page as isize),
            Action::Top if details => self.detail_scroll = 0,
            Action::Bottom if details => self.scroll_details(isize::MAX / 2),
            Action::Up => {
                self.move_by(-1);
                return self.want_older();
            }
            Action::Down => {
                self.move_by(1);
                return self.want_newer();
            }
            Action::PageUp => {
                self.move_by(-(page as isize));
                return self.want_older();
            }
            Action::PageDown => {
                self.move_by(page as isize);
                return self.want_newer();
            }
            Action::Top => {
                self.follow = false;
                self.select(0);
                return self.want_oldest();
            }
            Action::Bottom => {
                self.follow = true;
                self.select_last();
                return self.want_newest();
            }
            Action::Next if !details => self.focus = Focus::Details,
            Action::Next => self.set_tab(self.tab.step(1)),
            Action::Prev => self.set_tab(self.tab.step(-1)),
            Action::Back if details => self.focus = Focus::List,
            Action::Back if self.filter.is_some() => {
                self.set_filter(None);
                self.say("filter cleared");
                return self.refetch();
            }
            Action::Back => self.status = None,
            Action::Follow => {
                self.follow = !self.follow;
                if self.follow {
                    self.select_last();
                }
                self.say(if self.follow {
                    "follow on"
                } else {
                    "follow off"
                });
                if self.follow {
                    return self.want_newest();
                }
            }
            Action::Filter => {
                let current = self.filter.as_ref().map(|(t, _)| t.clone());
                self.input = Some(current.unwrap_or_default());
                self.status = None;
            }
            Action::Help => self.help = true,
            Action::Quit => return vec![Effect::Quit],
            Action::Replay | Action::ReplayRaw | Action::Edit | Action::Copy | Action::Save => {
                return self.on_selected(a);
            }
        }
        Vec::new()
    }

    /// The actions that need a capture under the cursor.
    pub(super) fn on_selected(&mut self, a: Action) -> Vec<Effect> {
        let Some(c) = self.selected_capture().map(Arc::clone) else {
            self.say_error("no capture selected");
            return Vec::new();
        };
        match a {
            Action::Replay => self.replay(c, "replaying", true),
            Action::ReplayRaw => self.replay(c, "replaying as captured", false),
            Action::Edit => vec![Effect::Edit(c)],
            Action::Save => vec![Effect::Save(c)],
            _ => {
                let url = match (self.router)(c.path()).first() {
                    Some(t) => t.join(&c.url),
                    None => format!("{}{}", self.listen_url, c.url),
                };
                self.say(format!(
                    "copied curl for {} (OSC 52)",
                    self.unique_id(&c.id)
                ));
                vec![Effect::Copy(crate::export::curl_command(&c, &url))]
            }
        }
    }

    pub(super) fn replay(&mut self, c: Arc<Capture>, verb: &str, resign: bool) -> Vec<Effect> {
        let targets = (self.router)(c.path());
        if targets.is_empty() {
            self.say_error(format!(
                "no forward target for {} (start listen with --forward or --route)",
                c.path()
            ));
            return Vec::new();
        }
        let names: Vec<String> = targets.iter().map(|t| t.authority.clone()).collect();
        self.say(format!(
            "{verb} {} → {}…",
            self.unique_id(&c.id),
            names.join(", ")
        ));
        vec![Effect::Replay {
            capture: c,
            targets,
            resign,
        }]
    }

    /// The editor came back: replay what it left, unless that is empty or not a capture.
    pub(super) fn edited(&mut self, r: Result<String, String>) -> Vec<Effect> {
        match r {
            Err(e) => self.say_error(format!("edit failed ({e}); nothing sent")),
            Ok(text) if text.trim().is_empty() => {
                self.say("edit aborted (empty file); nothing sent");
            }
            Ok(text) => match Capture::from_json(&text) {
                // Pipeline::replay makes content-length follow an edited body.
                Ok(c) => return self.replay(Arc::new(c), "replaying edited", true),
                Err(e) => {
                    self.say_error(format!("edited capture is not valid ({e}); nothing sent"))
                }
            },
        }
        Vec::new()
    }
}
