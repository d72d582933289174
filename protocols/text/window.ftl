# The window's words that belong to no one view.

## The returning patient's banner (src/ui/prior.rs)
prior-returning = Returning patient — last visit { $date } with { $clinician }
prior-no-screening = no screening scored then
prior-stage = Stage then: { $stage }
prior-goal = Goal then: { $goal }
prior-safety = Safety flags then: { $flags }
prior-score-again = Score the same instrument again to see the change since then.
prior-change = Change: { $change }
