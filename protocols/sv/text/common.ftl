# Programmets egna ord på svenska. Nycklar som saknas här visas på engelska, och `brief check`
# listar dem. Platshållare skrivs { $namn } som i den engelska filen.

language-name = Svenska
# Datum och tid enligt svensk standard (SS-ISO 8601), som chrono-mönster.
format-date = %Y-%m-%d
format-time = %H:%M
format-date-time = %Y-%m-%d %H:%M

# A pregnancy status in running text (the window, the note, the command line).
pregnancy-not-asked = inte frågat
pregnancy-pregnant = gravid
pregnancy-trying = försöker bli gravid
pregnancy-not-pregnant = inte gravid
