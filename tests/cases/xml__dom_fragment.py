# xml.dom.expatbuilder fragments (ExternalEntityParserCreate), DOMBuilder, long text coalesced by buffer_text.
from xml.dom import expatbuilder, minidom
doc = minidom.parseString("<!DOCTYPE r [<!ENTITY e 'EE'>]><r xmlns:p='urn:p'><c/></r>")
frag = expatbuilder.parseFragmentString("<x a='1'>t&amp;<y/></x>more", doc.documentElement, namespaces=True)
print([n.toxml() for n in frag.childNodes])
frag2 = expatbuilder.parseFragmentString("<x>&e;</x>", doc.documentElement, namespaces=False)
print([n.toxml() for n in frag2.childNodes])
from xml.dom import xmlbuilder
imp = minidom.getDOMImplementation()
b = xmlbuilder.DOMBuilder()
src = xmlbuilder.DOMInputSource()
import io
src.byteStream = io.BytesIO(b"<a><b>1</b></a>")
print(b.parse(src).toxml())
d = minidom.parseString("<a>" + "x" * 20000 + "</a>")
print(len(d.documentElement.firstChild.data), len(d.documentElement.childNodes))
