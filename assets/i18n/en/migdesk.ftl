# migdesk's interface in English. Every message here has its twin in
# ../fr/migdesk.ftl with the same variables (the tests check it).

## Refusals: `refused by RULE: MESSAGE — REMEDY`

refused = refused by { $rule }: { $message } — { $remedy }

## Counts

steps-left = { $count ->
    [one] { $count } step left
   *[other] { $count } steps left
}

## Fact values

fact-yes = yes
fact-no = no
fact-unknown = unknown

## Why a step is locked, and what to do

lock-blocked-until = blocked by `{ $rule }` until { $facts } { $count ->
    [one] is
   *[other] are
} answered: { $message }
lock-blocked = blocked by `{ $rule }`: { $message }
lock-needs-step = needs step `{ $step }` ({ $title }) done or skipped
lock-needs-step-done-was-skipped = needs step `{ $step }` ({ $title }) done; it was skipped, which does not count
lock-needs-step-done = needs step `{ $step }` ({ $title }) done, not skipped
lock-needs-phase = needs phase `{ $phase }` ({ $title }) complete
lock-needs-phase-done = needs every step of phase `{ $phase }` ({ $title }) done, not skipped
lock-requires-fact-named = requires the fact { $fact }
lock-requires-fact = requires fact `{ $fact }` ({ $label })
lock-undecided-when = whether this step applies depends on { $facts }, still unknown
remedy-answer = answer { $facts } first
remedy-answer-then = answer { $facts } first; { $remedy }
remedy-resolve-blocker = resolve the blocker first
remedy-finish-or-skip-step = finish or skip step `{ $step }` first
remedy-untick-and-do-step = untick step `{ $step }` and do it: a skip does not satisfy this hold
remedy-finish-step = finish step `{ $step }` first (a skip does not satisfy this hold)
remedy-finish-or-skip-phase = finish or skip every step of phase `{ $phase }` first
remedy-finish-phase = finish every step of phase `{ $phase }` first (skipped steps must be unticked and done)
remedy-fill-fact-named = fill the fact { $fact } first
remedy-fill-fact = fill the fact `{ $fact }` first

## Derived statuses, as a person reads them

status-blocked = blocked
status-changes-requested = changes requested
status-in-review = in review
status-in-progress = in progress
status-on-hold = on hold
status-done = done
status-cancelled = cancelled

fact-invalid = { $value } (invalid)

## A history event in words (`step` and `fact` as the caller names them)

event-created = opened the case
event-set-fact = set { $fact } to { $value } (was { $before })
event-check = ticked { $step }
event-check-confirming = ticked { $step }, confirming “{ $warning }”
event-uncheck = unticked { $step }
event-skip = skipped { $step }
event-note = added a note
event-approved = approved { $step }
event-rejected = rejected { $step }
event-reviewed = reviewed { $step }
event-status = changed the status from { $from } to { $to }
event-assign = gave the case to { $person } (was { $before })
event-resolve = resolved merge notice { $notice }
event-due = set the due date to { $date } by hand
event-due-playbook = gave the due date back to the playbook’s timing
event-rename = renamed the case to { $title } (was { $before })
event-undid = undid #{ $number }: { $what }
event-undone-by = (undone by #{ $number })
event-with-text = { $what }: { $text }

## `show` and `list`

status-with-reason = { $status } ({ $reason })
status-rejected-on = { $status } (by { $by } on { $step }: { $reason })
status-rejected = { $status } ({ $by }: { $reason })
due-overdue = { $date } overdue
list-empty = No pending cases. `migdesk new PLAYBOOK --title TEXT` opens one; `--all` shows done and cancelled ones.
list-case = CASE
list-status = STATUS
list-done = DONE
list-due = DUE
list-playbook = PLAYBOOK
list-assignee = ASSIGNEE
list-title = TITLE
show-playbook = playbook  { $id } v{ $version } — { $title }
show-status = status    { $status }   progress { $done }/{ $total }   due { $due }
show-assignee = assignee  { $person }   revision { $revision }
show-read-only = read-only { $reason }
show-blockers = BLOCKERS
show-answer-first = answer first: { $facts }
show-remedy = remedy: { $remedy }
show-alternative = alternative playbook: { $playbook }
show-warnings = WARNINGS
show-compared = COMPARED
show-info = INFO  { $text }
show-facts = FACTS
show-locked = locked: { $reason }
show-locked-case-blocked = locked: the case is blocked (see BLOCKERS)
show-skipped = skipped: { $reason }
show-approved-by = approved by { $by }: { $reason }
show-rejected-by = rejected by { $by }: { $reason }
show-orphan-step = { $step } — no longer in the playbook (kept)
show-fact-problem = fact { $fact }: { $message }
show-notes = NOTES
show-history = HISTORY

## `export --format md`

md-playbook = Playbook: { $id } (v{ $version }) — { $title }
md-status = Status: { $status }
md-progress = Progress: { $done }/{ $total }
md-due = Due: { $due }
md-assignee = Assignee: { $person }
md-created = Created: { $date }
md-blockers = Blockers
md-warnings = Warnings
md-facts = Facts
md-facts-columns = | fact | value |
md-skipped = skipped: { $reason }
md-not-applicable = n/a
md-notes = Notes
md-notes-columns = | when | who | note |
md-history = History
md-history-columns = | # | when | who | what |

## Keys: what each does, in help and the footer (from the keymap;
## the id is the English description, made into a slug)

key-quit = quit
key-suspend-to-the-shell-fg-resumes = suspend to the shell (fg resumes)
key-new-case = new case
key-load-demo-cases = load demo cases
key-help = help
key-next-case = next case
key-previous-case = previous case
key-first-case = first case
key-last-case = last case
key-next-page = next page
key-previous-page = previous page
key-open-case = open case
key-filter = filter
key-sort = sort
key-next-tab = next tab
key-previous-tab = previous tab
key-review-mode = review mode
key-clear-the-filter = clear the filter
key-keep-filter = keep filter
key-clear-filter = clear filter
key-next-row = next row
key-previous-row = previous row
key-next-step = next step
key-previous-step = previous step
key-first-step = first step
key-last-step = last step
key-tick-untick = tick/untick
key-skip = skip
key-note = note
key-assign-the-case-or-take-it = assign the case, or take it
key-write-a-note-in-editor = write a note in $EDITOR
key-copy-the-step-s-template = copy the step's template
key-scroll-the-step-detail-down = scroll the step detail down
key-scroll-the-step-detail-up = scroll the step detail up
key-undo = undo
key-facts = facts
key-open-the-blocker-s-alternative-playbook = open the blocker's alternative playbook
key-back = back
key-next-fact = next fact
key-previous-fact = previous fact
key-first-fact = first fact
key-last-fact = last fact
key-edit = edit
key-yes-no = yes/no
key-unknown = unknown
key-edit-a-long-fact-in-editor = edit a long fact in $EDITOR
key-add-a-note = add a note
key-checklist = checklist
key-save = save
key-cancel = cancel
key-approve = approve
key-reject = reject
key-next = next
key-previous = previous
key-next-playbook = next playbook
key-previous-playbook = previous playbook
key-first-playbook = first playbook
key-last-playbook = last playbook
key-choose = choose
key-next-field = next field
key-previous-field = previous field
key-create = create
key-back-create-nothing = back, create nothing
key-next-value = next value
key-previous-value = previous value
key-confirm = confirm
key-submit = submit
key-pick = pick
key-close = close
key-close-help = close help
key-text-keys = text keys
key-type-home-end-move-backspace-del-erase-ctrl-w-erase-a-word-ctrl-u-erase-all = type; ← → Home End move, Backspace Del erase, Ctrl-W erase a word, Ctrl-U erase all
key-add-another-fact-of-the-playbook = add another fact of the playbook
key-back-to-the-case = back to the case
key-cancel-the-case = cancel the case
key-clear-the-filter-or-the-dashboard-s-figure = clear the filter, or the dashboard's figure
key-dashboard-of-the-whole-queue = dashboard of the whole queue
key-first-figure = first figure
key-last-figure = last figure
key-newest-event = newest event
key-next-assignee = next assignee
key-next-figure = next figure
key-next-panel = next panel
key-oldest-event = oldest event
key-previous-figure = previous figure
key-previous-panel = previous panel
key-put-the-case-on-hold = put the case on hold
key-rename-the-case = rename the case
key-reopen-the-case = reopen the case
key-resolve-the-merge-notice = resolve the merge notice
key-review-oldest-first = review, oldest first
key-scroll-down = scroll down
key-scroll-up = scroll up
key-set-the-due-date-by-hand = set the due date by hand
key-sync-with-the-team-now = sync with the team now
key-the-case-s-whole-history = the case's whole history
key-these-cases-in-the-queue = these cases in the queue

## The help overlay

view-welcome = welcome
view-queue = queue
view-queue-filter = queue filter
view-case-checklist = case — checklist
view-case-facts = case — facts
view-fact-input = editing a fact
view-dashboard = dashboard
view-history = case history
view-review = review
view-playbook-picker = new case — playbook
view-new-case-text = new case — text field
view-new-case-choice = new case — choice field
view-confirm = confirmation
view-prompt = text dialog
view-picker = picking a value
view-message = message
view-help = help
help-title = Keys: { $view }
help-esc-closes = Esc closes
help-markers = [ ] todo  [x] done  [-] skipped  ·  n/a  locked: see the step's reasons

## Refusals of ticking, unticking and skipping steps

refusal-approval-ticked-by-review = step `{ $step }` is ticked only by a review from someone other than the assignee
remedy-ask-reviewer-approve = ask a reviewer to approve it
refusal-acknowledge-tick = step `{ $step }` asks you to confirm: { $warning }
remedy-acknowledge-tick = confirm the warning (--ack on the command line) to tick it
refusal-nothing-to-untick = step `{ $step }` is not done or skipped
remedy-nothing-to-untick = nothing to untick
refusal-approved-untick = step `{ $step }` was approved in a review; unticking it would erase that review
remedy-ask-reviewer-reject = ask a reviewer to reject it
refusal-approval-skip = step `{ $step }` is an approval and cannot be skipped
remedy-ask-reviewer = ask a reviewer to approve or reject it
refusal-not-skippable = step `{ $step }` cannot be skipped: the procedure needs it done
remedy-do-and-tick = do it and tick it
refusal-acknowledge-skip = step `{ $step }` asks you to confirm before skipping it: { $warning }
remedy-acknowledge-skip = confirm the warning (--ack on the command line) to skip it
refusal-skip-needs-reason = skipping step `{ $step }` needs a reason
remedy-skip-reason = say why the step does not apply
refusal-skip-reason-too-short = `{ $reason }` is too short to tell a reviewer why step `{ $step }` was skipped
remedy-skip-reason-longer = say why the step does not apply in a few words (at least { $words } words, { $characters } letters or digits)
refusal-unknown-step = playbook `{ $playbook }` has no step `{ $step }`
remedy-use-one-of = use one of: { $known }
refusal-locked = { $what }: { $reasons }
refusal-not-applicable = step `{ $step }` does not apply to this case (its condition is false)
remedy-nothing-to-do = nothing to do for this step
refusal-already-done = step `{ $step }` is already done
refusal-already-skipped = step `{ $step }` is already skipped
remedy-untick-first = untick it first if you want to change it
refusal-cannot-tick = cannot tick step `{ $step }`
refusal-cannot-skip = cannot skip step `{ $step }`
refusal-needed-by-done = step `{ $step }` is needed by { $dependants }, already done
remedy-untick-dependants = untick { $dependants } first

## Refusals of other changes

remedy-nothing = nothing to do
refusal-title = a case needs a title
remedy-title = give the customer or account name as the title
refusal-assignee-identity = `{ $name }` cannot be the assignee: { $error }
remedy-assignee-flag = give the assignee’s plain name
remedy-plain-name = give a plain name such as `alice` or `zoé.bonnet`
refusal-fact-unchanged = fact `{ $fact }` already has that value
refusal-empty-note = a note cannot be empty
remedy-empty-note = write the note's text
refusal-status-unchanged = case { $case } is already { $status }
refusal-already-assigned = case { $case } is already assigned to { $person }
refusal-on-hold = case { $case } is on hold
refusal-cancelled = case { $case } is cancelled
remedy-reopen = reopen it first
refusal-not-approval = step `{ $step }` is not an approval step
remedy-tick-with-check = tick it instead
refusal-rejection-reason = a rejection needs a reason
remedy-rejection-reason = say what must be fixed
refusal-reviewer-identity = `{ $name }` cannot review: { $error }
remedy-reviewer-identity = review under your own plain name
remedy-four-eyes = ask someone else (a team lead) to review it
refusal-four-eyes = { $reviewer } is the assignee of { $case } and cannot review it
refusal-four-eyes-written = { $reviewer } is the assignee of { $case } (written { $written }) and cannot review it
refusal-four-eyes-confusable = { $reviewer } looks like { $assignee }, the assignee of { $case }: names that can be mistaken for the assignee cannot review
refusal-approval-role = step `{ $step }` of { $case } is reviewed by a { $role }, and team.yaml does not make { $person } one
remedy-approval-role = ask a { $role } to review it
refusal-already-approved = step `{ $step }` is already approved
refusal-not-ready-for-review = step `{ $step }` is not ready for review
remedy-nothing-to-review = nothing to review

## Refusals of fact values

refusal-invalid-value = `{ $value }` is not a valid { $kind } for fact `{ $fact }`
remedy-answer-yes-no = answer yes, no or unknown
remedy-give-number = give a number such as 12 or 3.5
remedy-give-date = give a date as YYYY-MM-DD, e.g. 2026-11-23
remedy-give-datetime = give a date and time as YYYY-MM-DD HH:MM, e.g. 2026-11-23 09:00
remedy-pick-one-of = pick one of: { $choices }
remedy-give-type = give a value of the fact's type
refusal-out-of-range = `{ $value }` is not accepted for fact `{ $fact }`: it must be { $constraint }
remedy-give-constraint = give { $constraint }
constraint-finite = a finite number
constraint-whole-from-to = a whole number from { $min } to { $max }
constraint-whole-at-least = a whole number of at least { $min }
constraint-whole-at-most = a whole number of at most { $max }
constraint-whole-any = a whole number between -{ $limit } and { $limit }
constraint-from-to = a number from { $min } to { $max }
constraint-at-least = a number of at least { $min }
constraint-at-most = a number of at most { $max }
constraint-any = a number between -{ $limit } and { $limit }
refusal-empty-text = fact `{ $fact }` cannot be set to an empty text
remedy-empty-text = give a value, or `unknown` to clear it
refusal-not-a-choice = `{ $value }` is not one of the choices for fact `{ $fact }`
refusal-pattern = `{ $value }` does not have the expected format for fact `{ $fact }` ({ $label })
remedy-match-pattern = give a value matching { $pattern }
remedy-match-pattern-example = give a value matching { $pattern }, e.g. { $example }
refusal-unknown-fact = playbook `{ $playbook }` has no fact `{ $fact }`

remedy-join-team = ask a team lead to add you, then `migdesk sync`

## The queue

tab-pending = Pending
tab-review = Review
tab-blocked = Blocked
tab-done = Done
tab-all = All
tab-mine = Mine
sort-due = due date
sort-last-change = last change
sort-id = id
sort-status = status
queue-sort = sort: { $sort } (s)
queue-sort-matching = sort: best match, then { $sort } (s)
queue-reading-short = reading the queue…
queue-case-count = { $count ->
    [one] { $shown } case
   *[other] { $shown } cases
}
queue-reading = Reading the queue…
queue-reading-checked = Reading the queue: { $files } case files, checked against the summary index…
queue-reading-progress = Reading the queue: { $parsed } of { $total } case files read ({ $percent }%)
queue-reading-rest-indexed = { $read }; the other { $rest } come from the summary index, which is brought up to date.
queue-empty-tab = No case in { $tab }.
queue-no-match = No case matches “{ $filter }” in { $tab }. Esc clears the filter.
column-id = ID
column-title = Title
column-playbook = Playbook
column-steps = Steps
column-due = Due
column-status = Status
column-assignee = Assignee
column-changed = Changed
queue-playbook-not-installed = playbook not installed
welcome-title = Welcome to migdesk
welcome-what-1 = Each customer migration is a case: a checklist from a playbook
welcome-what-2 = that enforces the procedure's rules.
welcome-no-cases-in = No cases yet in { $dir }.
welcome-no-cases = No cases yet.
welcome-key-new = start a new case: pick a playbook, answer its questions
welcome-key-demo = load a few demo cases to try things out
welcome-key-help = every key
welcome-key-quit = quit
welcome-demo-note = Demo cases are ordinary cases marked `demo: true`; to remove them,
welcome-demo-delete = delete them with: { $command }
dialog-fact-chooser = Add a fact to the form
dialog-fact-chooser-hint = Enter adds it · Esc cancels
welcome-unreadable = { $count } case file(s) could not be read and are left untouched; the first: { $first }

## Times and dates (chrono's format)

ago-now = now
ago-minutes = { $count }m ago
ago-hours = { $count }h ago
ago-days = { $count }d ago
ago-yesterday = yesterday
ago-months = { $count }mo ago
ago-years = { $count }y ago
date-format = %Y-%m-%d
timestamp-format = %Y-%m-%d %H:%M

## The case view

case-demo = (demo)
case-progress = { $done }/{ $total } steps
case-overdue-since = overdue since { $date }
case-due = due { $date }
case-no-due-date = no due date
case-assignee = assignee { $person }
case-changes-requested = changes requested by { $by } on “{ $step }”: { $reason }
case-read-only = read-only: { $reason }
case-blocks-steps = {" "}(blocks: { $steps })
case-blocked-banner = BLOCKED  { $reason }{ $scope }
case-blocked-then = then: { $message }
case-open-alternative = o: open `{ $playbook }` as a new case instead (shared facts carried over)
case-orphan-steps = steps no longer in playbook v{ $version }: { $steps }
case-more-lines = { $count } more line(s): the step detail lists every lock reason
step-done = done
step-skipped = skipped
step-not-applicable = n/a
step-locked = locked
step-to-review = to review
step-rejected = rejected
step-todo = todo
pane-checklist = Checklist { $done }/{ $total }
pane-facts = Facts { $known }/{ $total }
pane-fact = Fact
pane-step = Step
pane-step-more = Step (PgDn: more)
pane-step-back = Step (PgUp: back)

## Dialogs

dialog-confirm-hint = Enter/y confirm · Esc/n cancel
dialog-locked-step = “{ $step }” cannot change now:
dialog-locked = Locked
dialog-esc-closes = Esc closes
dialog-refused-by = Refused by rule `{ $rule }`
dialog-prompt-hint = Enter submits · Esc cancels
dialog-pick = Pick a value
dialog-pick-hint = Enter picks · Esc cancels

## The step and fact detail

detail-id = id { $id }
detail-owner = owner: { $owner }
detail-done-by = Done by { $by } on { $at }
detail-skipped-by = Skipped by { $by } on { $at }: { $reason }
detail-note = Note: { $note }
detail-confirmed = Confirmed: { $warning }
detail-approved-by = Approved by { $by } on { $at }
detail-rejected-by = Rejected by { $by } on { $at }
detail-not-applicable = Does not apply to this case (its condition is false).
detail-approval-yours = Approval step: ticked only by a review from someone other than you, the assignee ({ $assignee }).
detail-approval = Approval step: ticked only by a review from someone other than the assignee ({ $assignee }).
detail-locked = Locked:
detail-asks-to-confirm = Asks you to confirm:
detail-instructions = Instructions
detail-template = Template (y copies it)
detail-source = Source: “{ $source }”
detail-history = History
detail-case-notes = Case notes ({ $count })
detail-good-to-know = Good to know
detail-value = Value: { $value }
detail-choices = Choices: { $choices }
detail-example = Example: { $example }
detail-how-bool = Space cycles yes / no / unknown; Del sets it unknown.
detail-how-choice = Enter picks a value; Del sets it unknown.
detail-how-date = Enter edits (YYYY-MM-DD); Del sets it unknown.
detail-how-datetime = Enter edits (YYYY-MM-DD HH:MM); Del sets it unknown.
detail-how-long-text = Enter or E edits it in $EDITOR; Del sets it unknown.
detail-how-text = Enter edits in place, E in $EDITOR; Del sets it unknown.

## A status and its reason in the queue

queue-status-reason = : { $reason }

## Review mode

review-nothing = Nothing to review.
review-position = Review { $index }/{ $total }
review-to-approve = To approve:
review-own-case = You are the assignee of { $case }: someone else must approve it (four eyes).
review-no-skip = No step was skipped.
review-changes = What changed since it was submitted
review-skipped = Skipped steps
review-facts = Facts

## The new-case screens

new-case-pick = New case: pick a playbook
new-case-playbooks = Playbooks
new-case-playbook-line = { $id } · v{ $version } · language { $language } · { $phases } phases, { $steps } steps
new-case-about = About
new-case-title-instead = New case: { $playbook } (instead of { $origin })
new-case-title = New case: { $playbook }
new-case-answers = Answers
new-case-title-field = Title (customer or account)
new-case-assignee-field = Assignee
new-case-carried = Carried over:
new-case-eligibility = Eligibility
new-case-nothing-blocks = Nothing blocks this case so far.
new-case-enter-creates = Enter creates it; Esc creates nothing.
new-case-not-eligible = Not eligible yet
new-case-nothing-created = Nothing is created until you press Enter; Esc creates nothing.

## Between two reasons a step is locked

reasons-separator = {"; "}

## The app's messages

quoted = “{ $text }”
app-before-ticking = Before ticking “{ $step }”
app-before-skipping = Before skipping “{ $step }”
app-no-template = this step has no template to copy
app-last-case = this is the last case of the queue
app-first-case = this is the first case of the queue
app-editor-failed = the editor did not run: { $error }
app-note-empty = the note was empty: nothing added
app-notice-resolved = merge notice resolved
app-note-added = note added
app-nothing-to-review = no case is waiting for a review
app-last-review = this is the last step to review
app-first-review = this is the first step to review
app-case-gone = case { $case } is no longer there
app-cannot-undo = cannot undo: { $reason }
app-undone = undone: { $what }
app-nothing-to-undo = nothing to undo: no change was made to this case in this session
app-cannot-reread = cannot read { $case } again: { $error }
app-reloaded = { $case } changed on disk and was reloaded
app-deleted = { $case } was deleted on disk
app-change-dropped = your change was dropped
app-saved-confirmed = { $what } (warning confirmed)
app-saved = { $what }: saved
app-case-change = { $case }: { $what }
app-already-unknown = { $fact } is already unknown
app-cannot-read = cannot read { $case }: { $error }
app-created = { $case } created
app-create-blocked = { $reasons }

    Create the case anyway? It will show as blocked until this is resolved.
app-sorted-by = sorted by { $sort }
app-demo-failed = cannot save a demo case: { $error }

## A change about to be made, in words (messages, the undo line)

change-set-fact = set { $fact } to { $value }
change-tick = tick { $step }
change-untick = untick { $step }
change-skip = skip { $step }
change-note = add a note
change-approve = approved { $step }
change-reject = rejected { $step }
change-status = set the status to { $status }
change-resolve = resolve a merge notice
change-assign = assign to { $person }
change-rename = rename to “{ $title }”
change-due = set the due date to { $date }
change-due-playbook = give the due date back to the playbook’s timing
change-hold = put on hold
change-cancel = cancel the case
change-reopen = reopen the case

## Saving

app-read-only-title = Read-only case
app-read-only = { $case } cannot be changed here: { $reason }
app-waiting-held = waiting for { $case } (held by { $holder })
app-waiting = waiting for { $case } to be saved
app-not-saved-yet-title = Not saved yet
app-not-saved-yet = Your change ({ $what }) is { $waiting }. Quit anyway? The change will not be saved.
app-keys-dropped = { $count ->
    [one] The key pressed meanwhile was not applied.
   *[other] The { $count } keys pressed meanwhile were not applied.
}
app-changed-on-disk-title = Changed on disk
app-changed-on-disk = { $case } was changed by someone else since you opened it, so your change ({ $what }) was not saved. The case now shows their version.{ $dropped }

    Apply your change again on top of it?
app-not-saved-title = Not saved
app-not-saved = Your change ({ $what }) to { $case } was not saved: { $message }{ $dropped }

    It is kept here until you decide. Try saving it again?
app-saved-not-safe-title = Saved, but not safe yet
