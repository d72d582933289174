# Why a change to a session was refused (src/session/change.rs, src/session/plan.rs).

change-err-closed = the session is closed; change it with an amendment that gives a reason
change-err-not-closed = the session is still open; change it directly
change-err-amendment-reason = an amendment needs a reason
change-err-skip-reason = skipping the step "{ $step }" needs a reason
change-err-unknown-step = there is no step "{ $step }"
change-err-ruler = ruler values run from { $min } to { $max }, got { $value }
change-err-nested = an amendment cannot contain another amendment or a close
change-err-seal = the session cannot be sealed: { $why }
change-err-no-flag = no safety flag "{ $flag }" is raised in this session
change-err-safety-reason = recording that safety advice was not given needs a reason
change-err-safety-unanswered = answer the safety flags first (advice given, or not given and why): { $flags }
change-err-safety-plan = the safety screen found a risk: record the concerned other's safety plan before closing
change-err-not-advised = "{ $option }" is not advised for this patient ({ $why }); record why it was chosen anyway
plan-err-no-plan = this protocol has no family-intervention plan
plan-err-what-approach = approach
plan-err-what-outcome = outcome
plan-err-what-role = role
plan-err-what-safety-question = safety question
plan-err-unknown = there is no { $what } "{ $id }" in this protocol
plan-err-needs-screen = answer every safety question before choosing "{ $approach }"
plan-err-blocked = "{ $approach }" is not offered: { $question }
plan-err-needs-reason = { $what }: record why
plan-err-too-many-incidents = a statement holds at most { $max } incidents; { $by }'s has { $count }
plan-err-not-in-team = "{ $name }" is not in the team; add them first
plan-err-duplicate-name = two people in the team are called "{ $name }"; give each a different name
plan-err-empty-incident = an incident in { $by }'s statement says nothing; describe it or remove it
