# pyexpat: handlers, namespaces, buffer_text, attributes options, errors, module constants.
import pyexpat
import sys
from xml.parsers import expat

print(pyexpat.EXPAT_VERSION.startswith("expat_"), type(pyexpat.version_info), len(pyexpat.version_info))
print(pyexpat.native_encoding, isinstance(pyexpat.features, list))
print(expat.ExpatError is expat.error, expat.ExpatError.__module__, expat.ExpatError.__name__)
print(pyexpat.errors.__name__, pyexpat.model.__name__, sys.modules["pyexpat.errors"] is pyexpat.errors)
print(pyexpat.errors.__doc__)
print(pyexpat.model.__doc__)
print(sorted(k for k in dir(pyexpat.model) if k.startswith("XML_")))
print(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER, pyexpat.XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE,
      pyexpat.XML_PARAM_ENTITY_PARSING_ALWAYS)
print(len(pyexpat.errors.messages), len(pyexpat.errors.codes))
for code in sorted(pyexpat.errors.messages)[:12]:
    print(code, repr(pyexpat.errors.messages[code]), pyexpat.ErrorString(code))
print(pyexpat.errors.XML_ERROR_TAG_MISMATCH, pyexpat.errors.codes["mismatched tag"])
print(type(pyexpat.ParserCreate()).__name__, pyexpat.XMLParserType.__name__)
try:
    pyexpat.XMLParserType()
except TypeError as e:
    print("TypeError", e)


def recorder(p, names):
    ev = []
    def mk(name):
        def h(*args):
            ev.append((name,) + args)
        return h
    for n in names:
        setattr(p, n, mk(n.replace("Handler", "")))
    return ev


ALL = ["StartElementHandler", "EndElementHandler", "CharacterDataHandler",
       "ProcessingInstructionHandler", "CommentHandler", "StartCdataSectionHandler",
       "EndCdataSectionHandler", "XmlDeclHandler", "StartDoctypeDeclHandler",
       "EndDoctypeDeclHandler", "EntityDeclHandler", "UnparsedEntityDeclHandler",
       "NotationDeclHandler", "ElementDeclHandler", "AttlistDeclHandler",
       "SkippedEntityHandler", "StartNamespaceDeclHandler", "EndNamespaceDeclHandler"]

DOC = b"""<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE root [
  <!ELEMENT root (item*, (a|b)+, note?)>
  <!ELEMENT item (#PCDATA|em)*>
  <!ELEMENT em EMPTY>
  <!ATTLIST item id ID #REQUIRED kind (x|y) "x" note CDATA #IMPLIED>
  <!ENTITY ent "entity &amp; text">
  <!ENTITY pic SYSTEM "pic.gif" NDATA gif>
  <!NOTATION gif SYSTEM "image/gif">
]>
<root>
  <item id="i1">one &ent; two</item>
  <!-- a comment -->
  <?target some data?>
  <item id="i2" kind="y"><![CDATA[<raw> & stuff]]></item>
  <a/><b>caf\xc3\xa9 \xe2\x82\xac</b>
</root>
"""

p = expat.ParserCreate()
ev = recorder(p, ALL)
print(p.Parse(DOC, True))
for e in ev:
    print(e)

print("--- buffer_text")
p = expat.ParserCreate()
print(p.buffer_text, p.buffer_size, p.buffer_used)
ev = recorder(p, ["CharacterDataHandler", "StartElementHandler"])
p.buffer_text = True
p.Parse(b"<r>a&amp;b&#65;c<x/>d\ne</r>", True)
print(ev)
p = expat.ParserCreate()
p.buffer_text = 1
p.buffer_size = 4
ev = recorder(p, ["CharacterDataHandler"])
p.Parse(b"<r>ab&amp;cdefghij&lt;k</r>", True)
print(ev, p.buffer_size, p.buffer_used)
for bad in (0, -1, "x"):
    try:
        p.buffer_size = bad
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)

print("--- incremental")
p = expat.ParserCreate()
p.buffer_text = True
ev = recorder(p, ["StartElementHandler", "EndElementHandler", "CharacterDataHandler"])
for chunk in [b"<ro", b"ot><ch", b"ild>te", b"xt</child>", b"more</root>"]:
    p.Parse(chunk)
    print(len(ev), p.buffer_used, p.CurrentLineNumber, p.CurrentColumnNumber, p.CurrentByteIndex)
p.Parse(b"", True)
print(ev)

print("--- str input")
p = expat.ParserCreate()
ev = recorder(p, ["StartElementHandler", "CharacterDataHandler"])
p.Parse("<r a='\u00e9'>\u20ac\u00e9</r>", True)
print(ev)

print("--- ordered/specified")
p = expat.ParserCreate()
p.ordered_attributes = 1
p.specified_attributes = True
print(p.ordered_attributes, p.specified_attributes)
ev = recorder(p, ["StartElementHandler"])
p.Parse(b'<!DOCTYPE r [<!ATTLIST r d CDATA "dflt">]><r z="1" a="2"/>', True)
print(ev)
p = expat.ParserCreate()
ev = recorder(p, ["StartElementHandler"])
p.Parse(b'<!DOCTYPE r [<!ATTLIST r d CDATA "dflt">]><r z="1" a="2"/>', True)
print(ev)

print("--- namespaces")
NS = b'<r xmlns="urn:d" xmlns:p="urn:p"><p:c p:at="1" plain="2"/><c/></r>'
for sep, prefixes in ((None, False), (" ", False), (" ", True), ("}", False)):
    p = expat.ParserCreate(namespace_separator=sep)
    p.namespace_prefixes = prefixes
    ev = recorder(p, ["StartElementHandler", "EndElementHandler",
                      "StartNamespaceDeclHandler", "EndNamespaceDeclHandler"])
    p.Parse(NS, True)
    print(repr(sep), prefixes, p.namespace_prefixes)
    for e in ev:
        print("  ", e)
try:
    expat.ParserCreate(namespace_separator="ab")
except ValueError as e:
    print("ValueError", e)
try:
    expat.ParserCreate(intern=[])
except TypeError as e:
    print("TypeError", e)

print("--- intern")
p = expat.ParserCreate()
print(p.intern)
p.StartElementHandler = lambda n, a: None
p.Parse(b"<a x='1'><b x='2'/><a/></a>", True)
print(sorted(p.intern))
print(expat.ParserCreate(intern=None).intern)
d = {}
p = expat.ParserCreate(intern=d)
p.EndElementHandler = lambda n: None
p.Parse(b"<q/>", True)
print(d, p.intern is d)

print("--- default handler")
p = expat.ParserCreate()
ev = recorder(p, ["DefaultHandler", "StartElementHandler"])
p.Parse(b'<!DOCTYPE r [<!ENTITY e "E">]><r>x&e;<!--c--></r>', True)
print(ev)
p = expat.ParserCreate()
ev = recorder(p, ["DefaultHandlerExpand"])
p.Parse(b'<!DOCTYPE r [<!ENTITY e "E">]><r>x&e;</r>', True)
print(ev)

print("--- handler attributes")
p = expat.ParserCreate()
print(p.StartElementHandler, p.CommentHandler)
f = lambda *a: None
p.CommentHandler = f
print(p.CommentHandler is f)
p.CommentHandler = None
print(p.CommentHandler)
try:
    p.NoSuchHandler = f
except AttributeError as e:
    print("AttributeError")

print("--- errors")
for doc in [b"<a><b></a>", b"<a>", b"", b"<a></a><b/>", b"<a x='1' x='2'/>",
            b"<a>&undefined;</a>", b"\n\n  <a>\n <b x=1/></a>", b"<a>\xff</a>", b"<?xml version='1.0'?><?xml ?>"]:
    p = expat.ParserCreate()
    try:
        p.Parse(doc, True)
        print("ok")
    except expat.ExpatError as e:
        print(repr(str(e)), e.code, e.lineno, e.offset, expat.ErrorString(e.code) == pyexpat.errors.messages[e.code],
              p.ErrorCode, p.ErrorLineNumber, p.ErrorColumnNumber, p.ErrorByteIndex)
p = expat.ParserCreate()
p.Parse(b"<a/>", True)
try:
    p.Parse(b"<b/>", True)
except expat.ExpatError as e:
    print(e, e.code)
try:
    expat.ParserCreate().Parse(5)
except TypeError as e:
    print("TypeError", e)

print("--- handler raising")
p = expat.ParserCreate()
def boom(name, attrs):
    if name == "b":
        raise KeyError(name)
p.StartElementHandler = boom
p.EndElementHandler = lambda n: print("end", n)
try:
    p.Parse(b"<a><b/><c/></a>", True)
except KeyError as e:
    print("KeyError", e)
print(p.StartElementHandler, p.EndElementHandler)

print("--- ParseFile")
import io
p = expat.ParserCreate()
ev = recorder(p, ["StartElementHandler", "CharacterDataHandler"])
p.buffer_text = True
print(p.ParseFile(io.BytesIO(b"<r>" + b"x" * 5000 + b"<s/></r>")))
print([(e[0], len(e[1]) if e[0] == "CharacterData" else e[1]) for e in ev])
try:
    expat.ParserCreate().ParseFile(io.StringIO("<a/>"))
except TypeError as e:
    print("TypeError", e)
try:
    expat.ParserCreate().ParseFile(None)
except TypeError as e:
    print("TypeError", e)
try:
    expat.ParserCreate().ParseFile(io.BytesIO(b"<a><b></a>"))
except expat.ExpatError as e:
    print(e)

print("--- base, context, misc")
p = expat.ParserCreate()
print(p.GetBase())
p.SetBase("http://example.com/x/")
print(p.GetBase())
print(p.GetInputContext())
ctx = []
p.StartElementHandler = lambda n, a: ctx.append(p.GetInputContext())
p.Parse(b"<a><b/></a>", True)
print(ctx)
print(p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_ALWAYS))

print("--- external entities")
p = expat.ParserCreate()
p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE)
seen = []
def ext(context, base, sysid, pubid):
    seen.append((context, base, sysid, pubid))
    sub = p.ExternalEntityParserCreate(context)
    sub.Parse(b"<inner>from " + sysid.encode() + b"</inner>", True)
    return 1
p.ExternalEntityRefHandler = ext
ev = recorder(p, ["StartElementHandler", "CharacterDataHandler"])
p.Parse(b'<!DOCTYPE r [<!ENTITY x SYSTEM "x.xml">]><r>&x;</r>', True)
print(seen)
print(ev)
p = expat.ParserCreate()
p.ExternalEntityRefHandler = lambda *a: 0
try:
    p.Parse(b'<!DOCTYPE r [<!ENTITY x SYSTEM "x.xml">]><r>&x;</r>', True)
except expat.ExpatError as e:
    print(e)

print("--- encodings")
for enc in ("iso-8859-1", "latin-1", "cp1252", "utf-16"):
    p = expat.ParserCreate()
    ev = recorder(p, ["CharacterDataHandler"])
    p.buffer_text = True
    data = "<?xml version='1.0' encoding='%s'?><r>caf\u00e9</r>" % enc
    p.Parse(data.encode(enc), True)
    print(enc, ev)
p = expat.ParserCreate("iso-8859-1")
ev = recorder(p, ["CharacterDataHandler"])
p.Parse(b"<r>\xe9</r>", True)
print(ev)
p = expat.ParserCreate()
try:
    p.Parse(b"<?xml version='1.0' encoding='no-such-enc'?><r/>", True)
except LookupError as e:
    print("LookupError", e)
except expat.ExpatError as e:
    print("ExpatError", e)
