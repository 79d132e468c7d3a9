text = "The Zen of Python, by Tim Peters. Beautiful is better than ugly."
words = text.lower().replace(",", "").replace(".", "").split()
print(len(words), words[:5])
caps = [w for w in text.split() if w[0].isupper()]
print(caps)
acronym = "".join(w[0] for w in "portable network graphics".split()).upper()
print(acronym)
def is_palindrome(s):
    clean = "".join(c.lower() for c in s if c.isalnum())
    return clean == clean[::-1]
print(is_palindrome("A man, a plan, a canal: Panama"), is_palindrome("hello"))
def caesar(s, k):
    out = []
    for c in s:
        if c.isalpha():
            base = ord("a") if c.islower() else ord("A")
            out.append(chr((ord(c) - base + k) % 26 + base))
        else:
            out.append(c)
    return "".join(out)
print(caesar("Hello, World!", 3), caesar(caesar("Hello, World!", 3), -3))
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
print("{:<10}{:>5}".format("name", "qty"))
for item, q in [("apple", 3), ("kiwi", 12)]:
    print(f"{item:<10}{q:>5}")
print(" ".join(w.capitalize() for w in "hello big world".split()))
print("a-b_c d".replace("-", " ").replace("_", " ").split())
