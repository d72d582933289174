# The program's own words in English (the base language: every key is here).
# Each other language has the same files in protocols/<lang>/text/; a key it lacks is shown in
# English, and `brief check` lists it. Placeholders are { $name }.

language-name = English
# Dates and times: chrono patterns (https://docs.rs/chrono/latest/chrono/format/strftime).
format-date = %Y-%m-%d
format-time = %H:%M
format-date-time = %Y-%m-%d %H:%M

# A pregnancy status in running text (the window, the note, the command line).
pregnancy-not-asked = not asked
pregnancy-pregnant = pregnant
pregnancy-trying = trying to conceive
pregnancy-not-pregnant = not pregnant
