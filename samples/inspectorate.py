"""Names every sample report shares, whichever engine writes it."""

# Printed on covers and letterheads.
INSPECTORATE = "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services"
# Written into each document's properties (PDF author, Word author and last editor).
AUTHOR = "HMICFRS"
