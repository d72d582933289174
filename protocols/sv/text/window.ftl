# Fönstrets ord som inte hör till någon enskild vy.

## Banderollen för en återkommande patient (src/ui/prior.rs)
prior-returning = Återbesök — senaste besöket { $date } hos { $clinician }
prior-no-screening = ingen screening poängsattes då
prior-stage = Förändringsfas då: { $stage }
prior-goal = Mål då: { $goal }
prior-safety = Säkerhetsflaggor då: { $flags }
prior-score-again = Poängsätt samma instrument igen för att se förändringen sedan dess.
prior-change = Förändring: { $change }
