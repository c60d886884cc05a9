"""English display formats of the portal (everything not set here is Django's ``en``).

Our English readers live in Germany and read German documents: a date is day before
month ("01/05/1990" is 1 May), as in the forms' own English texts; never the US order.
Input formats stay Django's (our forms parse dates themselves).
"""

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
