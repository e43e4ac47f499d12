//! The `migdesk` binary.

use migdesk::app::persistence::Persistence;
use migdesk::catalog::Catalog;

fn main() -> color_eyre::Result<()> {
    let user = std::env::var("MIGDESK_USER")
        .or_else(|_| std::env::var("USER"))
        .unwrap_or_else(|_| "unknown".to_string());
    migdesk::tui::run(Persistence::in_memory(), Catalog::shipped(), &user)
}
