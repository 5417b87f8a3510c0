# Indonesian official style: "Kamis, 19 Oktober 2023", times as "08.30".
DATE_FORMAT = "l, j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "l, j F Y H.i"
SHORT_DATETIME_FORMAT = "d/m/Y H.i"
TIME_FORMAT = "H.i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H.%M", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
TIME_INPUT_FORMATS = ["%H.%M", "%H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
