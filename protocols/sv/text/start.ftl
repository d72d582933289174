# Startvyn, formuläret för nytt samtal och husets kontroller (src/ui/start.rs,
# src/ui/new_session.rs, src/ui/case.rs, src/ui/widgets.rs).

## Översta raden
start-language = Språk
start-text-larger = Större text
start-text-larger-hover = Större text (Ctrl +)
start-text-smaller = Mindre text
start-text-smaller-hover = Mindre text (Ctrl −)
start-text-size = Text { $percent } %
start-text-reset-hover = Ctrl 0 återställer storleken

## Vad startvyn erbjuder
start-new-session = Nytt samtal…
start-supervisor = Granskning för handledare…
start-supervisor-hover = Täckning av de { $components } komponenterna i alla samtal i den här mappen
start-search = Sök
start-search-hint = patientreferens eller behandlare
start-case-unreadable = Ärendets senaste samtal kunde inte läsas, så dess plan kan inte föras vidare: { $error }
start-not-created = Samtalet kunde inte skapas: { $error }

## Uppföljningar som ska göras
start-followups-reading = Uppföljningar: samtalen läses…
start-followups-due = Uppföljningar att göra: { $this_week } denna vecka, { $overdue } försenade
start-none = Inga
start-none-match = Inga matchar sökningen
start-col-due = Datum
start-col-when = När
start-col-patient = Patient
start-col-clinician = Behandlare
start-col-goal = Mål (patientens egna ord)
start-follow-up = Starta uppföljning…
start-follow-up-for = Starta uppföljning för { $patient }
start-no-goal = inget mål registrerat
start-overdue = { $days ->
    [one] { $days } dag försenad
   *[other] { $days } dagar försenad
}
start-due-today = i dag
start-due-tomorrow = i morgon
start-due-in = om { $days } dagar

## De senaste samtalen
start-sessions-heading = Samtal de senaste { $months } månaderna: { $shown } visas av { $total }
start-col-started = Startat
start-col-status = Status
start-col-components = Komponenter
start-status-open = öppet
start-status-closed = avslutat
start-resume = Fortsätt
start-resume-session = Fortsätt samtal { $id }
start-view = Visa
start-view-session = Visa samtal { $id }
start-files-unreadable = Filer som inte kunde läsas (lämnas orörda)
start-file-unreadable = { $path }: { $reason }
start-file-duplicate = { $path }: samma samtal som { $counted } (visas inte två gånger)

## Formuläret för nytt samtal (src/ui/new_session.rs)
start-form-heading = Nytt samtal
start-form-with-patient = med en patient
start-form-with-others = med närstående (familj, vänner)
start-form-clinician = Behandlar-id
start-form-clinician-hint = t.ex. c-lee
start-form-case = Ärendereferens
start-form-case-hint = pseudonym, inte ett namn; densamma för alla samtal i ärendet
start-form-case-earlier = Ärendet har { $count } tidigare samtal: det nya samtalet för vidare planen från det senaste, { $date } ({ $clinician }).
start-form-case-new = Inget tidigare samtal i ärendet finns i datamappen: en ny plan påbörjas.
start-form-patient = Patientreferens
start-form-patient-hint = pseudonym, inte ett namn
start-form-returning = Återkommande patient: { $count } tidigare samtal, det senaste { $date } hos { $clinician }. Resultat, mål och förändringsfas från det visas överst i det nya samtalet.
start-form-sex = Kön (för instrumentens gränsvärden)
start-form-female = Kvinna
start-form-male = Man
start-form-sex-not-recorded = Inte angivet
start-form-age = Ålder
start-form-age-hint = år
start-form-age-invalid = Åldern ska anges i hela år
start-form-start = Starta samtal
start-form-start-hover = Enter startar det också
start-form-cancel = Avbryt

## Ett familjeärendes tidigare samtal (src/ui/case.rs)
start-case-chain-loop = Samtal { $id } förekommer två gånger i ärendets kedja; tidslinjen slutar där.
start-case-chain-unreadable = Ett tidigare samtal i ärendet kunde inte läsas ({ $error }); tidslinjen slutar där.

## Datumfält (src/ui/widgets.rs)
widget-date-hint = ÅÅÅÅ-MM-DD
widget-date-invalid = Skriv datumet som ÅÅÅÅ-MM-DD
widget-date-not-yet = { $name }: inte ett datum ännu
