//! Everything the app can be asked to do. Keys become actions through
//! `tui::keymap`; the event loop adds the few that come from the terminal
//! (resize, the clock, the editor); `app::update` is the only consumer.

use tui_input::InputRequest;

/// The config file binds keys to an action by its snake_case name
/// (`open_editor`), derived here so every new action has one.
#[derive(Debug, Clone, PartialEq, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    /// The queue has been read (at startup, in the background).
    QueueLoaded(Box<crate::app::persistence::Loaded>),
    /// Case files changed on disk, as a watch of the cases folder on
    /// another thread found them.
    DiskChanged(Vec<crate::app::persistence::DiskChange>),
    /// The disk thread answered the save of case `id`.
    Saved {
        id: String,
        outcome:
            Result<Box<crate::app::persistence::LoadedCase>, crate::app::persistence::SaveError>,
    },
    /// Leave the app.
    Quit,
    /// Hand the terminal back to the shell (resume with `fg`).
    Suspend,
    /// Show every key of the current view.
    ShowHelp,
    /// Close the dialog or overlay on top, or go back one screen.
    Back,
    /// Move the selection up one row.
    Up,
    /// Move the selection down one row.
    Down,
    /// Jump to the first row.
    Top,
    /// Jump to the last row.
    Bottom,
    /// Move the selection up one screenful.
    PageUp,
    /// Move the selection down one screenful.
    PageDown,
    /// Show the next tab of the queue.
    NextTab,
    /// Show the previous tab of the queue.
    PreviousTab,
    /// Start typing a filter over the queue.
    StartFilter,
    /// Keep the typed filter and go back to the list.
    AcceptFilter,
    /// Drop the filter and go back to the list.
    ClearFilter,
    /// Sort the queue by the next key (due, last change, id, status).
    CycleSort,
    /// Open the selected case (or pick the selected item).
    Open,
    /// Start a new case.
    NewCase,
    /// Load a few demo cases into an empty data directory.
    LoadDemo,
    /// Step through the cases waiting for a review.
    StartReview,
    /// Open the team lead's dashboard of the whole queue.
    OpenDashboard,
    /// Narrow the dashboard to the next playbook (after the last: all).
    ScopePlaybook,
    /// Narrow the dashboard to the next assignee (after the last: everyone).
    ScopeAssignee,
    /// Move the focus between the checklist and the facts.
    SwitchFocus,
    /// Tick or untick the selected step, or swap a yes/no fact.
    Toggle,
    /// Skip the selected step, giving a reason.
    Skip,
    /// Give the case to someone, or take it.
    Assign,
    /// Put the case on hold, giving a reason.
    Hold,
    /// Cancel the case, giving a reason.
    Cancel,
    /// Reopen a case on hold or cancelled, giving a reason.
    Reopen,
    /// Give the case a new title.
    Rename,
    /// Set the due date by hand (overriding the playbook's timing), with a reason.
    EditDue,
    /// Show the case's whole history: every event, who and when, notes and reasons.
    ShowHistory,
    /// Add a note to the case.
    AddNote,
    /// Write a note, or the selected long fact, in `$EDITOR`.
    OpenEditor,
    /// Copy the selected step's rendered template to the clipboard.
    CopyTemplate,
    /// Undo the last change made to this case in this session.
    Undo,
    /// Open the next case of the queue (or the next case to review).
    NextCase,
    /// Open the previous case of the queue (or the previous case to review).
    PreviousCase,
    /// Open the alternative playbook a blocker names, as a new case.
    OpenAlternative,
    /// Edit the selected fact.
    EditFact,
    /// Set the selected fact back to unknown.
    ClearFact,
    /// Approve the approval step under review.
    Approve,
    /// Reject the approval step under review, with a reason.
    Reject,
    /// Sync with the team now (team mode), without waiting for the next automatic sync.
    SyncNow,
    /// Resolve the case's first open merge notice, once the case is right.
    ResolveNotice,
    /// Confirm the dialog, or submit what was typed.
    Confirm,
    /// Add another of the playbook's facts to the new-case form.
    AddFact,
    /// Move to the next field of a form.
    NextField,
    /// Move to the previous field of a form.
    PreviousField,
    /// Pick the next value of a yes/no or choice field.
    NextValue,
    /// Pick the previous value of a yes/no or choice field.
    PreviousValue,
    /// Edit the text field that has the focus.
    Edit(InputRequest),
    /// The terminal now has this size.
    Resize { width: u16, height: u16 },
    /// About a second went by: read the clock, look for changed case files.
    Tick,
    /// `$EDITOR` closed; the text it left, or why it could not run.
    EditorClosed(Result<String, String>),
}
