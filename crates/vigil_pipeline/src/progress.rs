//! The progress bar on standard error: documents/s, events found, errors.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::Summary;

/// A spinner with counters; hidden when quiet or when standard error is not a terminal.
pub(crate) struct Progress {
    bar: ProgressBar,
}

impl Progress {
    pub(crate) fn new(quiet: bool) -> Self {
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::new_spinner();
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} {pos} documents ({per_sec}) {msg}")
            {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        };
        Self { bar }
    }

    pub(crate) fn update(&self, summary: &Summary) {
        self.bar.set_position(summary.documents());
        self.bar.set_message(format!(
            "· {} events · {} errors",
            summary.events, summary.failed
        ));
    }

    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
