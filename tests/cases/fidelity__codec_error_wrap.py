# Errors raised inside a codec come out wrapped ("decoding with 'X' codec failed (...)") exactly
# when CPython's _PyErr_TrySetFromCause would wrap them.
import codecs
for enc in ('latin-1', 'utf-8', 'ascii', 'hex', 'base64', 'utf-16', 'utf-32', 'cp1252'):
    try: print(repr(codecs.decode(memoryview(b'abcd')[::2], enc)))
    except Exception as e: print(type(e).__name__, e, repr(e.__cause__), e.__suppress_context__)
try: print(repr(codecs.encode(memoryview(b'abcd')[::2], 'hex')))
except Exception as e: print(type(e).__name__, e, repr(e.__cause__))
print(repr(codecs.decode(memoryview(b'ab')[::2], 'latin-1')))
try: codecs.latin_1_decode(memoryview(b'abc')[::2])
except Exception as e: print(type(e).__name__, e, e.__cause__)
class E(ValueError): pass
class F(ValueError):
    def __init__(self, *a): super().__init__(*a)
def mk(exc):
    def dec(b, errors='strict'): raise exc
    return codecs.CodecInfo(name='t'+exc.__class__.__name__, encode=dec, decode=dec)
def search(name):
    return {'te': mk(E('x')), 'tf': mk(F('x')), 'tbuf': mk(BufferError('y')), 'teof': mk(EOFError('z')), 'tuni': mk(UnicodeError('u')), 'tsys': mk(SystemError('s')), 'tw': mk(UserWarning('w')), 'tmem': mk(MemoryError('m')), 'tattr': mk(AttributeError('a')), 'tbase': mk(BaseException('b')), 'tki': mk(KeyboardInterrupt('k'))}.get(name)
codecs.register(search)
for n in ['te','tf','tbuf','teof','tuni','tsys','tw','tmem','tattr','tbase','tki']:
    try: codecs.decode(b'', n)
    except BaseException as e: print(n, type(e).__name__, e)
class G(ValueError):
    __slots__ = ('z',)
class H(ValueError):
    __slots__ = ()
class N(NameError): pass
def mk2(exc):
    def dec(b, errors='strict'): raise exc
    return codecs.CodecInfo(name='x', encode=dec, decode=dec)
def search2(name):
    e2 = ValueError('with attr'); e2.extra = 1
    return {'tg': mk2(G('g')), 'th': mk2(H('h')), 'tn': mk2(N('n')), 'tstop': mk2(StopIteration('s')),
            'targs': mk2(ValueError('a', 'b')), 'tnum': mk2(ValueError(3)), 'tdict': mk2(e2), 'tos': mk2(OSError('o'))}.get(name)
codecs.register(search2)
for n in ['tg', 'th', 'tn', 'tstop', 'targs', 'tnum', 'tdict', 'tos']:
    try: codecs.encode('', n)
    except BaseException as e: print(n, type(e).__name__, e)
