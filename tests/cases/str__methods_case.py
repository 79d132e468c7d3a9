s = "Hello, World of Python"
print(s.upper(), s.lower(), s.swapcase())
print(s.title(), "hello world".capitalize(), "ßtraße".upper(), "İ".lower().encode())
print("they're bill's".title(), "ǅ".lower(), "ﬁ".upper())
print(s.casefold(), "MASSE".casefold() == "maße".casefold())
print("abc".isalpha(), "abc1".isalnum(), "123".isdigit(), "١٢".isdecimal(), "½".isnumeric())
print("   ".isspace(), "".isspace(), "Title Case".istitle(), "lower".islower(), "UP".isupper())
print("x_1".isidentifier(), "1x".isidentifier(), "\t".isprintable(), "ok".isascii(), "é".isascii())
