# re over str subjects whose code points all fit a byte (driven as bytes), and one beyond.
import re
t = "café naïve ÀÉ 123 _x ß\xa0\xb5 end"
print(re.findall(r"\w+", t), re.findall(r"\w+", t, re.ASCII), re.findall(r"(?i)é|à", t), re.sub(r"\s+", "|", t))
print(re.findall(r"[à-ÿ]+", t), re.split(r"\b", "a é"), re.findall(r"\d", "٣4"), re.search(r"(?<=é)\s\w", t).group())
