# The supervisor's audit of a data folder (src/ui/supervisor.rs).

## The top bar and the filters
supervisor-back-to-start = « Start
supervisor-heading = Supervisor audit
supervisor-no-background = The folder could not be read in the background
supervisor-read-failed = Reading the folder failed
supervisor-reading = Reading session files…
supervisor-protocol = Protocol
# A protocol's button: its title and the number of its sessions in the folder.
supervisor-protocol-count = { $title } ({ $count })
# The protocol button's accessible name (by protocol id).
supervisor-protocol-choice = Protocol: { $id }
supervisor-from = From
supervisor-to = To
supervisor-clinician = Clinician
supervisor-all-clinicians = All clinicians
supervisor-status = Status
supervisor-status-all = All
supervisor-status-closed = Closed
supervisor-status-open = Open
supervisor-status-choice = Status: { $status }
supervisor-all-tiers = All tiers
supervisor-tier-choice = Prevention tier: { $tier }
supervisor-reset-filters = Reset filters
supervisor-export-to = Export to
supervisor-export-hint = file.csv
supervisor-export = Export CSV…
supervisor-export-failed = Export failed: { $error }
supervisor-exported = Exported { $count } sessions to { $path }

## The sessions missing a component
supervisor-missing-heading = Sessions missing a component: { $count }
supervisor-sort-by = Sort by
supervisor-sort-choice = Sort by { $column }
supervisor-col-date = Date
supervisor-col-missing = Missing
supervisor-col-session = Session
supervisor-open-short = Open { $short }
supervisor-open-session = Open session { $id }

## A session's timeline (read-only)
supervisor-back-to-audit = « Back to the audit
supervisor-tl-title = Session { $id } · { $date } · { $clinician } · patient { $patient }
supervisor-tl-entered = Entered step { $step }
supervisor-tl-done = Step { $step } done
supervisor-tl-skipped = Step { $step } skipped: { $reason }
supervisor-tl-not-done = Step { $step } not done
supervisor-tl-by-prompt = prompt { $prompt }
supervisor-tl-by-hand = by hand
supervisor-tl-by-plan = from the plan ({ $fact })
# { $note } is empty, or " — " and the clinician's note.
supervisor-tl-delivered = { $component } delivered in { $step } ({ $how }){ $note }
supervisor-tl-delivered-record = { $component } delivered in { $step } (from the record: { $credit })
supervisor-tl-handout = Take-home sheet given in { $step }
supervisor-tl-screening = Screening { $instrument }: { $total } (zone { $zone })
supervisor-tl-no-stage = stage not set
supervisor-tl-importance = importance
supervisor-tl-confidence = confidence
supervisor-tl-readiness = readiness
supervisor-tl-readiness-note = Readiness: { $stage } { $rulers } { $note }
supervisor-tl-closed = Closed
supervisor-tl-amended = Amended by { $by }: { $reason } ({ $change })

## The overview
supervisor-sessions = { $count } sessions ({ $closed } closed, { $open } open)
supervisor-all-components = All { $components } components delivered in { $count } of them
supervisor-coverage = Coverage per component
# { $percent } is a whole number.
supervisor-coverage-share = { $component }: { $percent }% ({ $count }/{ $sessions })
supervisor-coverage-bars = Coverage %
supervisor-percent = { $percent }%
supervisor-matrix = Clinicians × components
supervisor-col-sessions = Sessions
supervisor-trend = Trend by month (share of sessions delivering each component)
supervisor-steps = Steps
supervisor-col-step = Step
supervisor-col-done = Done
supervisor-col-skipped = Skipped with reason
supervisor-col-not-done = Not done
supervisor-stage-at-close = Stage at close
supervisor-not-recorded = not recorded
supervisor-count-share = { $name }: { $count } ({ $percent }%)
supervisor-none-closed = none closed
supervisor-minutes = { $minutes } min
supervisor-time = Time: median { $median }
supervisor-below-first-code = Below the first code: { $count }

## A family-intervention protocol's cases
supervisor-cases = Cases: { $count } (each counted once, at its latest session)
supervisor-approach = Approach
supervisor-outcome = Outcome
supervisor-count-percent = { $count } ({ $percent }%)
supervisor-not-yet-recorded = not yet recorded
supervisor-days-median = median { $median } days (range { $min }–{ $max }, { $cases } cases)
supervisor-days-none = no case has both dates yet
supervisor-entered-treatment = Entered treatment: { $entered } of { $cases } cases ({ $percent }%); from first contact to entry: { $days }

## Flags
supervisor-flags = Flags
supervisor-flag-tampered = Changed outside brief: { $count }
supervisor-flag-steps-missing = Closed without all steps: { $count }
supervisor-flag-unreadable = Unreadable files: { $count }
supervisor-file-unreadable = { $path }: { $reason }
supervisor-flag-duplicates = Duplicate files (counted once): { $count }
supervisor-file-duplicate = { $path }: same session as { $counted }
supervisor-pin-changed = Changed after an audit first saw them
supervisor-pin-reopened = Seen closed, now marked open
supervisor-pin-missing = Seen closed, now missing
supervisor-pin-amended = Amended since first seen (review)
supervisor-pin-count = { $title }: { $count }
supervisor-pin-row = { $date }  { $id }  { $clinician }  first seen { $seen }
supervisor-flag-unanswered = Safety flags not answered: { $count }
supervisor-unanswered-row = { $date }  { $id }  { $clinician }  { $rules }
supervisor-unanswered-open = { $row } (open)

## Safety flags
supervisor-safety = Safety flags: { $raised } raised, { $given } advice given, { $not_given } not given (reason recorded), { $unanswered } not answered
supervisor-col-rule = Rule
supervisor-col-raised = Raised
supervisor-col-given = Given
supervisor-col-not-given = Not given
supervisor-col-not-answered = Not answered

supervisor-levels = Intervention level (closed sessions)
supervisor-level-none = not recorded
