# xml.etree.ElementTree over pyexpat (pure-Python XMLParser): fromstring, parse, iterparse,
# XMLPullParser, tostring round trips, namespaces, errors.
import io
import xml.etree.ElementTree as ET

DOC = """<?xml version="1.0" encoding="UTF-8"?>
<!-- leading comment -->
<catalog xmlns="urn:cat" xmlns:x="urn:extra">
  <book id="b1" x:rating="5">
    <title>Dive &amp; Swim</title>
    <author>A. Author</author>
    <price currency="EUR">12.50</price>
    <x:note>caf\u00e9 \u20ac <![CDATA[<not markup>]]></x:note>
  </book>
  <book id="b2">
    <title>Second</title>
    <empty/>
  </book>
</catalog>
"""

root = ET.fromstring(DOC)
print(root.tag, root.attrib, len(root))
for book in root:
    print(book.tag, sorted(book.attrib.items()))
    for child in book:
        print("  ", child.tag, repr(child.text), child.attrib, repr(child.tail))
ns = {"c": "urn:cat", "x": "urn:extra"}
print([t.text for t in root.findall("c:book/c:title", ns)])
print(root.find(".//x:note", ns).text)
print(root.findtext("c:book/c:price", namespaces=ns))
print(ET.tostring(root, encoding="unicode"))
print(ET.tostring(root))
print(ET.tostring(root, encoding="utf-8", xml_declaration=True)[:60])

print("--- parse from file")
tree = ET.parse(io.BytesIO(DOC.encode("utf-8")))
print(tree.getroot().tag, [e.tag for e in tree.iter()][:6])
out = io.BytesIO()
tree.write(out, encoding="utf-8", xml_declaration=True)
print(out.getvalue().decode("utf-8"))
ET.register_namespace("cat", "urn:cat")
ET.register_namespace("x", "urn:extra")
print(ET.tostring(ET.fromstring(DOC), encoding="unicode"))

print("--- iterparse")
for event, elem in ET.iterparse(io.BytesIO(DOC.encode()), events=("start", "end", "start-ns", "end-ns", "comment", "pi")):
    if event in ("start-ns", "end-ns"):
        print(event, elem)
    elif event in ("comment", "pi"):
        print(event, elem.text)
    else:
        print(event, elem.tag, repr(elem.text) if event == "end" else "")

print("--- XMLPullParser")
pp = ET.XMLPullParser(events=("start", "end"))
for chunk in ["<root><a>1</a>", "<b x='2'>text", "</b><c/>", "</root>"]:
    pp.feed(chunk)
    print([(ev, el.tag) for ev, el in pp.read_events()])
pp.close()

print("--- XMLParser target")
class Target:
    def __init__(self):
        self.ev = []
    def start(self, tag, attrib):
        self.ev.append(("start", tag, attrib))
    def end(self, tag):
        self.ev.append(("end", tag))
    def data(self, data):
        self.ev.append(("data", data))
    def comment(self, text):
        self.ev.append(("comment", text))
    def pi(self, target, data):
        self.ev.append(("pi", target, data))
    def doctype(self, name, pubid, system):
        self.ev.append(("doctype", name, pubid, system))
    def close(self):
        return self.ev
parser = ET.XMLParser(target=Target())
parser.feed('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">')
parser.feed("<html><!--c--><?php echo?><body a='1'>hi</body></html>")
for e in parser.close():
    print(e)
print(ET.XMLParser().version.startswith("Expat "))

print("--- builder and round trip")
r = ET.Element("root", {"k": "v"})
s = ET.SubElement(r, "child")
s.text = "a < b & c > d \"q\""
s.set("attr", "x\ny\t'\"")
ET.SubElement(r, "empty")
ET.indent(r)
text = ET.tostring(r, encoding="unicode")
print(text)
back = ET.fromstring(text)
print(back[0].text, repr(back[0].get("attr")))
print(ET.tostring(back, encoding="unicode") == text)
print(ET.tostring(ET.fromstring("<a><b/>tail<c>x</c></a>"), method="text"))
print(ET.canonicalize("<a  b='2' a='1'><!-- c --><x/></a>"))

print("--- errors")
for bad in ["<a><b></a>", "<a>", "", "<a>&nope;</a>", "<a></a>junk", "<a x='1' x='2'/>"]:
    try:
        ET.fromstring(bad)
    except ET.ParseError as e:
        print(type(e).__name__, e, e.code, e.position)
pp = ET.XMLPullParser()
pp.feed("<a><b>")
try:
    pp.feed("</a>")
except ET.ParseError as e:
    print("pull", e)
