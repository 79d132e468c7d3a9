# pyexpat: DTD declarations through minidom, declared encodings in ElementTree, handlers changed
# during a parse, NotStandalone/SkippedEntity/UseForeignDTD, attribute deletion errors.
import xml.etree.ElementTree as ET
from xml.dom import minidom
from xml.parsers import expat
import io, gc
d = minidom.parseString('<!DOCTYPE doc PUBLIC "pub" "sys.dtd" [<!ENTITY e "E"><!NOTATION n SYSTEM "x"><!ENTITY u SYSTEM "u.bin" NDATA n>]><doc a="&e;">&e;</doc>')
print(repr(d.doctype.internalSubset), d.doctype.publicId, d.doctype.systemId)
print([ (e.nodeName, e.notationName, e.systemId) for e in [d.doctype.entities.item(i) for i in range(d.doctype.entities.length)]])
print([n.nodeName for n in [d.doctype.notations.item(i) for i in range(d.doctype.notations.length)]])
print(d.toxml())
print(ET.tostring(ET.fromstring("<?xml version='1.0' encoding='iso-8859-1'?><a>\xe9</a>".encode('latin-1'))))
print(ET.tostring(ET.XML(b"<a>\xe9</a>", parser=ET.XMLParser(encoding="iso-8859-1")), encoding="unicode"))
print(ET.tostring(ET.fromstring("<?xml version='1.0' encoding='cp1252'?><a>\u20ac</a>".encode('cp1252')), encoding="unicode"))
try:
    ET.fromstring('<!DOCTYPE a [<!ENTITY e SYSTEM "x">]><a>&e;</a>')
except Exception as e: print(type(e).__name__, e)
try:
    ET.fromstring('<a>&foo;</a>')
except ET.ParseError as e: print(e, e.code, e.position)
# handler modified during parse
p = expat.ParserCreate()
p.buffer_text = True
out = []
def start(n, a):
    if n == 'b':
        p.CharacterDataHandler = None
        p.buffer_text = False
    if n == 'c':
        p.CharacterDataHandler = lambda d: out.append(('c', d))
p.CharacterDataHandler = lambda d: out.append(('a', d))
p.StartElementHandler = start
p.Parse(b"<a>x<b>y</b>z<c>w</c>v</a>", True)
print(out)
try:
    del p.CharacterDataHandler
except Exception as e: print(type(e).__name__)
try:
    p.ErrorCode = 3
except AttributeError as e: print("AttributeError")
p = expat.ParserCreate()
p.NotStandaloneHandler = lambda: 0
try:
    p.Parse(b'<?xml version="1.0" standalone="no"?><!DOCTYPE a SYSTEM "x"><a/>', True)
except expat.ExpatError as e: print(e)
p = expat.ParserCreate()
p.SkippedEntityHandler = lambda *a: print("skipped", a)
p.Parse(b'<!DOCTYPE a SYSTEM "x"><a>&ext;</a>', True)
p = expat.ParserCreate()
p.UseForeignDTD()
p.ExternalEntityRefHandler = lambda *a: (print("ext", a), 1)[1]
p.Parse(b'<a/>', True)
print(p.CurrentLineNumber, p.CurrentColumnNumber, p.CurrentByteIndex)
p = expat.ParserCreate()
p.StartElementHandler = lambda n, a: print(n, a)
p.Parse(b'<a>', False)
try:
    p.UseForeignDTD(True)
except expat.ExpatError as e: print(e, e.code)
