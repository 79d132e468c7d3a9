# xml.dom.minidom and xml.sax over pyexpat.
import io
import xml.sax
import xml.sax.handler
import xml.sax.saxutils
from xml.dom import minidom, pulldom

DOC = """<?xml version="1.0"?>
<!DOCTYPE doc [<!ENTITY e "expanded">]>
<doc xmlns:n="urn:n" lang="en">
  <n:item n:id="1">First &amp; &e;</n:item>
  <!-- remark -->
  <item id="2"><![CDATA[raw <data>]]></item>
  <?proc instr?>
  <empty/>
</doc>"""

d = minidom.parseString(DOC)
print(d.documentElement.tagName, d.documentElement.getAttribute("lang"))
print(d.doctype.name if d.doctype else None)
for node in d.documentElement.childNodes:
    print(node.nodeType, node.nodeName, repr(node.nodeValue))
items = d.getElementsByTagName("item")
print(len(items), [i.getAttribute("id") for i in items])
ni = d.getElementsByTagNameNS("urn:n", "item")[0]
print(ni.namespaceURI, ni.prefix, ni.localName, ni.getAttributeNS("urn:n", "id"), ni.firstChild.data)
print(d.toxml())
print(d.documentElement.toprettyxml(indent="  "))
d2 = minidom.parse(io.BytesIO(b"<r><a>1</a><b>2</b></r>"))
print(d2.toprettyxml(indent=" ", encoding="utf-8"))
d2.documentElement.appendChild(d2.createElement("c")).appendChild(d2.createTextNode("x<y"))
print(d2.toxml())
try:
    minidom.parseString("<a><b></a>")
except Exception as e:
    print(type(e).__name__, e)

print("--- sax")
class H(xml.sax.handler.ContentHandler):
    def __init__(self):
        super().__init__()
        self.depth = 0
    def setDocumentLocator(self, loc):
        self.loc = loc
    def startDocument(self):
        print("startDocument")
    def endDocument(self):
        print("endDocument")
    def startElement(self, name, attrs):
        print("  " * self.depth + "start", name, sorted(attrs.items()), self.loc.getLineNumber() if hasattr(self, "loc") else "-")
        self.depth += 1
    def endElement(self, name):
        self.depth -= 1
        print("  " * self.depth + "end", name)
    def characters(self, content):
        if content.strip():
            print("  " * self.depth + "chars", repr(content))
    def processingInstruction(self, target, data):
        print("pi", target, data)
xml.sax.parseString(DOC.encode(), H())

class NSH(xml.sax.handler.ContentHandler):
    def startPrefixMapping(self, prefix, uri):
        print("prefix", prefix, uri)
    def endPrefixMapping(self, prefix):
        print("endprefix", prefix)
    def startElementNS(self, name, qname, attrs):
        print("startNS", name, qname, sorted(attrs.items(), key=str))
    def endElementNS(self, name, qname):
        print("endNS", name, qname)
p = xml.sax.make_parser()
p.setFeature(xml.sax.handler.feature_namespaces, True)
p.setContentHandler(NSH())
p.parse(io.BytesIO(b'<r xmlns="urn:d" xmlns:q="urn:q"><q:a q:x="1" y="2"/></r>'))

class EH(xml.sax.handler.ErrorHandler):
    pass
try:
    xml.sax.parseString(b"<a>\n<b></a>", H())
except xml.sax.SAXParseException as e:
    print("SAXParseException", e.getMessage(), e.getLineNumber(), e.getColumnNumber())

out = io.StringIO()
gen = xml.sax.saxutils.XMLGenerator(out, "utf-8")
xml.sax.parseString(b"<r a='1'><x>t &amp; u</x><y/></r>", gen)
print(out.getvalue())

inc = xml.sax.make_parser()
inc.setContentHandler(H())
for chunk in [b"<r>", b"<s>te", b"xt</s>", b"</r>"]:
    inc.feed(chunk)
inc.close()

print("--- pulldom")
events = pulldom.parseString("<r><a>1</a><b/></r>")
for ev, node in events:
    print(ev, node.nodeName)
