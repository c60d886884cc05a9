"""English display formats of the portal (everything not set here is Django's ``en``).

Our English readers live in Germany and read German documents: a date is day before
month ("01/05/1990" is 1 May), as in the forms' own English texts; never the US order.
Input formats stay Django's (our forms parse dates themselves).
"""

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
# Long dates as British English writes them ("4 December 2026"), not the US "Dec. 4, 2026".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
# Times on the 24-hour clock, as in DATETIME_FORMAT and in German (appointments: "08:00").
TIME_FORMAT = "H:i"
