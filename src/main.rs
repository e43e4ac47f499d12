//! The `migdesk` binary.

fn main() {
    println!("migdesk");
}
