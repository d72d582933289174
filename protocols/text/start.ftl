# The start view, the new-session form and the house widgets (src/ui/start.rs,
# src/ui/new_session.rs, src/ui/case.rs, src/ui/widgets.rs).

## The top bar
start-language = Language
start-text-larger = Larger text
start-text-larger-hover = Larger text (Ctrl +)
start-text-smaller = Smaller text
start-text-smaller-hover = Smaller text (Ctrl −)
# { $percent } is a whole number.
start-text-size = Text { $percent }%
start-text-reset-hover = Ctrl 0 resets it

## What the start view offers
start-new-session = New session…
start-supervisor = Supervisor audit…
start-supervisor-hover = Coverage of the { $components } components across all sessions in this folder
start-search = Search
start-search-hint = patient reference or clinician
start-case-unreadable = The case's latest session could not be read, so its plan cannot be carried on: { $error }
start-not-created = The session could not be created: { $error }

## The follow-ups due
start-followups-reading = Follow-ups: reading the sessions…
start-followups-due = Follow-ups due: { $this_week } this week, { $overdue } overdue
start-none = None
start-none-match = None match the search
start-col-due = Due
start-col-when = When
start-col-patient = Patient
start-col-clinician = Clinician
start-col-goal = Goal (their words)
start-follow-up = Start follow-up…
start-follow-up-for = Start follow-up for { $patient }
start-no-goal = no goal recorded
start-overdue = overdue { $days ->
    [one] { $days } day
   *[other] { $days } days
}
start-due-today = due today
start-due-tomorrow = due tomorrow
start-due-in = due in { $days } days

## The recent sessions
start-sessions-heading = Sessions of the last { $months } months: { $shown } shown of { $total }
start-col-started = Started
start-col-status = Status
start-col-components = Components
start-status-open = open
start-status-closed = closed
start-resume = Resume
start-resume-session = Resume session { $id }
start-view = View
start-view-session = View session { $id }
start-files-unreadable = Files that could not be read (left untouched)
start-file-unreadable = { $path }: { $reason }
start-file-duplicate = { $path }: the same session as { $counted } (not shown twice)

## The new-session form (src/ui/new_session.rs)
start-form-heading = New session
start-form-with-patient = with a patient
start-form-with-others = with concerned others (family, friends)
start-form-clinician = Clinician id
start-form-clinician-hint = e.g. c-lee
start-form-case = Case reference
start-form-case-hint = pseudonymous, not a name; the same for every session of the case
start-form-case-earlier = This case has { $count ->
    [one] { $count } earlier session
   *[other] { $count } earlier sessions
}: the new session carries on the plan of the latest, { $date } ({ $clinician }).
start-form-case-new = No earlier session of this case in the data folder: a new plan starts.
start-form-patient = Patient reference
start-form-patient-hint = pseudonymous, not a name
start-form-returning = Returning patient: { $count ->
    [one] { $count } earlier session
   *[other] { $count } earlier sessions
}, the last on { $date } with { $clinician }. Its result, goal and stage are shown at the top of the new session.
start-form-sex = Sex (for the instruments' cut-offs)
start-form-female = Female
start-form-male = Male
start-form-sex-not-recorded = Not recorded
start-form-age = Age
start-form-age-hint = years
start-form-age-invalid = Age must be a whole number of years
start-form-start = Start session
start-form-start-hover = Enter starts it too
start-form-cancel = Cancel

## A family case's earlier sessions (src/ui/case.rs)
start-case-chain-loop = Session { $id } is listed twice in this case's chain; the timeline stops there.
start-case-chain-unreadable = An earlier session of this case could not be read ({ $error }); the timeline stops there.

## Date fields (src/ui/widgets.rs)
widget-date-hint = YYYY-MM-DD
widget-date-invalid = Write the date as YYYY-MM-DD
widget-date-not-yet = { $name }: not a date yet
