# Codecs: every built-in codec with every error handler, on bad bytes and on surrogates.
tests = [
 (b'\xff\xfea', 'utf-16'), (b'a', 'utf-16'), (b'a\x00\x00\xd8', 'utf-16'), (b'\x00\xdca\x00', 'utf-16-le'),
 (b'\x00\xd8a\x00', 'utf-16-le'), (b'\x00\xd8', 'utf-16-le'),
 (b'\x00\xd8\x00\x00', 'utf-32-le'), (b'\x00\x00\x11\x00', 'utf-32'), (b'ab', 'utf-32'),
 (b'\xe0\xa0', 'utf-8'), (b'\xf0\x90\x41', 'utf-8'), (b'\xed\xa0\x80', 'utf-8'), (b'\x80abc', 'ascii'),
]
for b, enc in tests:
    for errors in ['strict', 'replace', 'surrogatepass', 'surrogateescape', 'backslashreplace', 'ignore']:
        try:
            print(enc, errors, repr(b.decode(enc, errors)))
        except UnicodeDecodeError as e:
            print(enc, errors, 'ERR', e, e.args)
for s in ['\ud800', 'a\udc80\udcffb', '\udc00', 'é\ud800x']:
    for enc in ['utf-8', 'utf-16', 'utf-16-be', 'utf-32', 'ascii', 'latin-1']:
        for errors in ['strict', 'replace', 'surrogatepass', 'surrogateescape', 'backslashreplace', 'xmlcharrefreplace', 'namereplace', 'ignore']:
            try:
                print(repr(s), enc, errors, s.encode(enc, errors))
            except UnicodeEncodeError as e:
                print(repr(s), enc, errors, 'ERR', e, e.args)
