//! What reaches the terminal: no colour under NO_COLOR, no control
//! characters from case text, wide characters aligned in the queue.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use super::{Harness, create_case, text};

fn buffer(harness: &Harness, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(&harness.app, frame.area()))
        .unwrap();
    terminal.backend().buffer().clone()
}

#[test]
fn no_color_keeps_bold_and_reverse_but_no_colour() {
    let mut harness = Harness::demo();
    harness.open("MIG-0001");
    let coloured = buffer(&harness, 120, 40);
    assert!(coloured.content().iter().any(|cell| cell.fg == Color::Red));
    harness.app.theme.color = false;
    for view in ["case", "queue"] {
        if view == "queue" {
            harness.press("<esc>");
        }
        let plain = buffer(&harness, 120, 40);
        for cell in plain.content() {
            assert_eq!(
                cell.fg,
                Color::Reset,
                "{view}: coloured {:?}",
                cell.symbol()
            );
            assert_eq!(
                cell.bg,
                Color::Reset,
                "{view}: coloured background {:?}",
                cell.symbol()
            );
        }
        assert!(
            plain
                .content()
                .iter()
                .any(|c| c.modifier.contains(Modifier::REVERSED)),
            "{view}"
        );
        assert!(
            plain
                .content()
                .iter()
                .any(|c| c.modifier.contains(Modifier::BOLD)),
            "{view}"
        );
    }
}

#[test]
fn control_characters_in_case_text_never_reach_the_screen() {
    let mut harness = Harness::as_user("alice", |store| {
        create_case(
            store,
            "saas-pro-to-connect",
            "Evil\u{1b}[2J\u{7}Corp\u{202e}gnp.exe",
            "alice",
            &[("pro_company_name", text("ACME\u{1b}]0;pwned\u{7}"))],
        );
    });
    let screens = {
        let queue = buffer(&harness, 120, 40);
        harness.open("MIG-0001");
        let case = buffer(&harness, 120, 40);
        harness.press("<tab>");
        let facts = buffer(&harness, 120, 40);
        vec![queue, case, facts]
    };
    for screen in screens {
        let text: String = screen.content().iter().map(|cell| cell.symbol()).collect();
        assert!(!text.chars().any(|c| c.is_control()), "{text}");
        assert!(!text.contains('\u{202e}'));
        assert!(text.contains("Evil\\u{1b}[2J"), "{text}");
    }
}

#[test]
fn wide_characters_keep_the_queue_columns_aligned() {
    let harness = Harness::as_user("alice", |store| {
        for title in [
            "移行センター株式会社",
            "Café Élysée",
            "🚀🚀 Rocket 👩‍💻",
            "Plain ASCII",
        ] {
            create_case(store, "saas-to-local-install", title, "alice", &[]);
        }
    });
    let screen = buffer(&harness, 120, 40);
    let mut columns = Vec::new();
    for y in 0..screen.area.height {
        let row: Vec<&str> = (0..screen.area.width)
            .map(|x| screen[(x, y)].symbol())
            .collect();
        if row.concat().starts_with("MIG-") {
            let bar = row
                .iter()
                .position(|symbol| *symbol == "░" || *symbol == "█");
            columns.push(bar.unwrap());
        }
    }
    assert_eq!(columns.len(), 4);
    assert!(
        columns.windows(2).all(|pair| pair[0] == pair[1]),
        "{columns:?}"
    );
}
