# str.find/rfind/index/count/in with one-character needles (searched as chars) and longer ones, ASCII and not, with bounds.
cases = ["hello world", "héllo wörld é", "", "aaaa", "a\U0001f600b\U0001f600", "abcabc"]
subs = ["o", "l", "é", "ö", "\U0001f600", "a", "", "lo", "wör", "zz", "bc"]
for s in cases:
    for sub in subs:
        row = [s.find(sub), s.rfind(sub), s.count(sub), sub in s, s.find(sub, 2), s.rfind(sub, 0, 5), s.count(sub, 1, -1)]
        try:
            row.append(s.index(sub, 1))
        except ValueError as e:
            row.append(str(e))
        print(repr(s), repr(sub), row)
