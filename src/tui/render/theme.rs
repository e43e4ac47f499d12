//! Styles by role, from a palette (the dark or the light theme, with the
//! config file's `[colors]` over it), or, under `NO_COLOR`, with only bold,
//! dim and reverse, so every state stays readable either way.

use ratatui::style::{Color, Modifier, Style};

use crate::config::{ColorSection, ThemeName};

/// A colour per role; `None` leaves the terminal's own colour (or, for the
/// muted text and the selection, a dim or reversed style).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub danger: Option<Color>,
    pub warning: Option<Color>,
    pub success: Option<Color>,
    pub accent: Option<Color>,
    pub muted: Option<Color>,
    pub selection_foreground: Option<Color>,
    pub selection_background: Option<Color>,
    pub banner_foreground: Option<Color>,
    pub banner_background: Option<Color>,
    pub border: Option<Color>,
    pub focused_border: Option<Color>,
}

impl Palette {
    /// Bright colours for a dark background.
    pub const DARK: Palette = Palette {
        danger: Some(Color::Red),
        warning: Some(Color::Yellow),
        success: Some(Color::Green),
        accent: Some(Color::Cyan),
        muted: None,
        selection_foreground: None,
        selection_background: None,
        banner_foreground: Some(Color::White),
        banner_background: Some(Color::Red),
        border: None,
        focused_border: Some(Color::Cyan),
    };

    /// Deeper colours that keep their contrast on a light background
    /// (yellow and cyan text are hard to read on white).
    pub const LIGHT: Palette = Palette {
        danger: Some(Color::Rgb(0xb3, 0x1d, 0x28)),
        warning: Some(Color::Rgb(0x9a, 0x67, 0x00)),
        success: Some(Color::Rgb(0x1a, 0x7f, 0x37)),
        accent: Some(Color::Rgb(0x09, 0x69, 0xda)),
        muted: None,
        selection_foreground: None,
        selection_background: None,
        banner_foreground: Some(Color::White),
        banner_background: Some(Color::Rgb(0xb3, 0x1d, 0x28)),
        border: None,
        focused_border: Some(Color::Rgb(0x09, 0x69, 0xda)),
    };

    pub fn named(name: ThemeName) -> Palette {
        match name {
            ThemeName::Dark => Palette::DARK,
            ThemeName::Light => Palette::LIGHT,
        }
    }

    /// This palette with the roles `colors` sets replaced.
    pub fn with(self, colors: &ColorSection) -> Palette {
        let pick = |own: Option<Color>, set: Option<crate::config::ColorValue>| {
            set.map(|value| value.0).or(own)
        };
        Palette {
            danger: pick(self.danger, colors.danger),
            warning: pick(self.warning, colors.warning),
            success: pick(self.success, colors.success),
            accent: pick(self.accent, colors.accent),
            muted: pick(self.muted, colors.muted),
            selection_foreground: pick(self.selection_foreground, colors.selection_foreground),
            selection_background: pick(self.selection_background, colors.selection_background),
            banner_foreground: pick(self.banner_foreground, colors.banner_foreground),
            banner_background: pick(self.banner_background, colors.banner_background),
            border: pick(self.border, colors.border),
            focused_border: pick(self.focused_border, colors.focused_border),
        }
    }
}

impl Default for Palette {
    fn default() -> Palette {
        Palette::DARK
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// False under `NO_COLOR`: no palette colour is used.
    pub color: bool,
    pub palette: Palette,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme {
            color: true,
            palette: Palette::DARK,
        }
    }
}

impl Theme {
    /// The theme `NO_COLOR` (set and not empty) leaves without colours.
    pub fn from_environment(palette: Palette) -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()),
            palette,
        }
    }

    fn colored(self, color: Option<Color>) -> Style {
        match color {
            Some(color) if self.color => Style::new().fg(color),
            _ => Style::new(),
        }
    }

    /// Blockers, refusals, overdue dates.
    pub fn danger(self) -> Style {
        self.colored(self.palette.danger)
            .add_modifier(Modifier::BOLD)
    }

    /// Warnings and dates due within a business day.
    pub fn warning(self) -> Style {
        self.colored(self.palette.warning)
    }

    pub fn success(self) -> Style {
        self.colored(self.palette.success)
    }

    /// Keys, headings, the selected tab.
    pub fn accent(self) -> Style {
        self.colored(self.palette.accent)
            .add_modifier(Modifier::BOLD)
    }

    /// Secondary text: the muted colour, else dimmed.
    pub fn dim(self) -> Style {
        match self.palette.muted {
            Some(color) if self.color => Style::new().fg(color),
            _ => Style::new().add_modifier(Modifier::DIM),
        }
    }

    pub fn bold(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The selected row of the focused list: the selection colours, else reversed.
    pub fn selected(self) -> Style {
        let palette = self.palette;
        if self.color
            && (palette.selection_foreground.is_some() || palette.selection_background.is_some())
        {
            let mut style = Style::new();
            if let Some(foreground) = palette.selection_foreground {
                style = style.fg(foreground);
            }
            if let Some(background) = palette.selection_background {
                style = style.bg(background);
            }
            return style;
        }
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// The selected row of a list that does not have the focus.
    pub fn selected_unfocused(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// A full-width banner for a blocker.
    pub fn banner(self) -> Style {
        let palette = self.palette;
        if self.color && palette.banner_background.is_some() {
            let mut style = Style::new().add_modifier(Modifier::BOLD);
            if let Some(foreground) = palette.banner_foreground {
                style = style.fg(foreground);
            }
            if let Some(background) = palette.banner_background {
                style = style.bg(background);
            }
            return style;
        }
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// Borders of the panes that do not have the keyboard: the border
    /// colour, else dimmed.
    pub fn border(self) -> Style {
        match self.palette.border {
            Some(color) if self.color => Style::new().fg(color),
            _ => self.dim(),
        }
    }

    /// Borders of the pane that has the keyboard.
    pub fn focused_border(self) -> Style {
        self.colored(self.palette.focused_border)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ColorValue;

    #[test]
    fn the_dark_theme_keeps_the_colours_the_app_always_had() {
        let theme = Theme::default();
        assert_eq!(theme.danger().fg, Some(Color::Red));
        assert_eq!(theme.warning().fg, Some(Color::Yellow));
        assert_eq!(theme.accent().fg, Some(Color::Cyan));
        assert_eq!(theme.banner().bg, Some(Color::Red));
    }

    #[test]
    fn the_light_theme_uses_no_yellow_or_cyan_text() {
        let light = Palette::LIGHT;
        for color in [light.warning, light.accent, light.focused_border] {
            assert!(
                !matches!(
                    color,
                    Some(Color::Yellow | Color::Cyan | Color::LightYellow | Color::LightCyan)
                ),
                "{color:?}"
            );
        }
        assert_ne!(Palette::LIGHT, Palette::DARK);
    }

    #[test]
    fn a_role_set_in_the_file_replaces_only_that_role() {
        let colors = ColorSection {
            warning: Some(ColorValue(Color::Rgb(1, 2, 3))),
            selection_background: Some(ColorValue(Color::Blue)),
            ..ColorSection::default()
        };
        let palette = Palette::DARK.with(&colors);
        assert_eq!(palette.warning, Some(Color::Rgb(1, 2, 3)));
        assert_eq!(palette.danger, Palette::DARK.danger);
        let theme = Theme {
            color: true,
            palette,
        };
        assert_eq!(theme.selected().bg, Some(Color::Blue));
        assert!(!theme.selected().add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn without_colour_no_palette_colour_is_used_and_states_keep_their_modifiers() {
        let colors = ColorSection {
            muted: Some(ColorValue(Color::Gray)),
            selection_background: Some(ColorValue(Color::Blue)),
            border: Some(ColorValue(Color::Gray)),
            ..ColorSection::default()
        };
        let theme = Theme {
            color: false,
            palette: Palette::LIGHT.with(&colors),
        };
        for style in [
            theme.danger(),
            theme.warning(),
            theme.success(),
            theme.accent(),
            theme.dim(),
            theme.selected(),
            theme.banner(),
            theme.border(),
            theme.focused_border(),
        ] {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
        assert!(theme.selected().add_modifier.contains(Modifier::REVERSED));
        assert!(theme.dim().add_modifier.contains(Modifier::DIM));
        assert!(theme.banner().add_modifier.contains(Modifier::REVERSED));
    }
}
