# pyexpat: module/type reprs and docs, argument errors, SAX external general entities.
import pyexpat, sys, io, os
print(pyexpat.errors, pyexpat.model, repr(pyexpat.ExpatError), pyexpat.XMLParserType)
import xml.parsers.expat as E
print(sys.modules['xml.parsers.expat.errors'] is pyexpat.errors)
print(pyexpat.ParserCreate.__doc__, pyexpat.XMLParserType.__doc__, pyexpat.__doc__)
e = E.ExpatError("x"); print(repr(e), e.args)
import xml.sax, xml.sax.handler
from xml.sax.xmlreader import InputSource
class H(xml.sax.handler.ContentHandler):
    def characters(self, c): print("chars", repr(c))
    def startElement(self, n, a): print("start", n)
class R(xml.sax.handler.EntityResolver):
    def resolveEntity(self, pub, sysid):
        s = InputSource(sysid); s.setByteStream(io.BytesIO(b"<ext>external text</ext>")); return s
p = xml.sax.make_parser()
p.setFeature(xml.sax.handler.feature_external_ges, True)
p.setContentHandler(H()); p.setEntityResolver(R())
p.parse(io.BytesIO(b'<!DOCTYPE r [<!ENTITY x SYSTEM "http://e/x.xml">]><r>&x;</r>'))
p = pyexpat.ParserCreate()
try:
    p.Parse("x", True, 3)
except TypeError as e: print(e)
try:
    p.Parse(data=b"x")
except TypeError as e: print(e)
try:
    pyexpat.ParserCreate(encoding=1)
except TypeError as e: print(e)
try:
    pyexpat.ParserCreate(foo=1)
except TypeError as e: print(e)
p.StartElementHandler = 5
try:
    p.Parse(b"<a/>", True)
except TypeError as e: print(e)
print(E.ErrorString(0), E.ErrorString(999))
try:
    p.ExternalEntityParserCreate(1)
except TypeError as e: print(e)
try:
    p.ExternalEntityParserCreate(None, 1)
except TypeError as e: print(e)
try:
    p.ParseFile()
except TypeError as e: print(e)
try:
    p.UseForeignDTD(1, 2)
except TypeError as e: print(e)
