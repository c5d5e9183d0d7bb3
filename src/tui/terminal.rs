//! Owning the terminal: raw mode and the alternate screen on the way in, and a guaranteed way
//! out — a `Drop` guard for returns and unwinding, a panic hook for panics (which print their
//! message only after the screen is back), and suspend/resume around the editor.

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Stdout, Write as _};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

/// True while the alternate screen is up, so a panic after the TUI ended prints no escapes.
static ACTIVE: AtomicBool = AtomicBool::new(false);

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// While this lives, the terminal is ours; dropping it gives the terminal back.
pub struct Guard {
    pub terminal: Term,
}

impl Guard {
    pub fn enter() -> io::Result<Guard> {
        install_panic_hook();
        take()?;
        let terminal = match Terminal::new(CrosstermBackend::new(io::stdout())) {
            Ok(t) => t,
            Err(e) => {
                restore();
                return Err(e);
            }
        };
        let mut guard = Guard { terminal };
        guard.repaint()?;
        Ok(guard)
    }

    /// Hand the terminal to another program (the editor) and run `f` meanwhile.
    pub fn suspended<R>(&mut self, f: impl FnOnce() -> R) -> io::Result<R> {
        restore();
        let r = f();
        take()?;
        // The other program drew over our screen: repaint all of it, not just the changes.
        self.repaint()?;
        Ok(r)
    }

    /// Clear the screen and forget what is on it, so the next draw paints every cell.
    /// (`Terminal::clear` would do it too, but it asks the terminal where the cursor is, and
    /// a terminal that does not answer stalls the start for seconds.)
    fn repaint(&mut self) -> io::Result<()> {
        let size = self.terminal.size()?;
        self.terminal
            .resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
    }

    /// Send an OSC 52 sequence: the terminal (even over ssh) puts `text` on the clipboard.
    pub fn copy(&mut self, text: &str) -> io::Result<()> {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD.encode(text);
        let out = self.terminal.backend_mut();
        write!(out, "\x1b]52;c;{b64}\x07")?;
        out.flush()
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

fn take() -> io::Result<()> {
    ACTIVE.store(true, Ordering::SeqCst);
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        cursor::Hide
    )
}

/// Undo [`take`]; safe to call more than once, and from a panic.
fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Restore the terminal before the default hook prints, or the message lands on the
/// alternate screen in raw mode and is lost when the process exits.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
