# statistics, secrets and hmac import and work over the hash and random modules.
import hmac, hashlib, secrets, statistics
from fractions import Fraction
from decimal import Decimal

data = [2.5, 3.25, 5.5, 1.75, 4.0, 3.25, 9.5]
print(statistics.mean(data), statistics.median(data), statistics.stdev(data))
print(statistics.mean([1, 2, 3, 4]), statistics.median([3, 1, 2]), statistics.median([4, 1, 3, 2]))
print(statistics.median_low([1, 3, 5, 7]), statistics.median_high([1, 3, 5, 7]), statistics.mode([1, 1, 2, 3]))
print(statistics.pstdev(data), statistics.variance(data), statistics.pvariance([1, 2, 3, 4]))
print(statistics.fmean(data), statistics.geometric_mean([1, 2, 4, 8]), statistics.harmonic_mean([1, 2, 4]))
print(statistics.mean([Fraction(1, 3), Fraction(2, 3), Fraction(5, 6)]), statistics.stdev([1, 2, 3, 4, 5]))
print(statistics.mean([Decimal("1.5"), Decimal("2.25")]), statistics.multimode("aabbbcccc"))
print(statistics.quantiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], n=4))
print(statistics.correlation([1, 2, 3, 4], [2, 4, 5, 9]), statistics.covariance([1, 2, 3], [1, 3, 2]))
print(statistics.linear_regression([1, 2, 3, 4], [3, 5, 7, 10]))
nd = statistics.NormalDist(10, 2)
print(nd, nd.cdf(12), nd.inv_cdf(0.9), nd.pdf(10), nd.samples(3, seed=1))
for bad in (lambda: statistics.mean([]), lambda: statistics.stdev([1]), lambda: statistics.median([])):
    try:
        bad()
    except statistics.StatisticsError as e:
        print("StatisticsError:", e)

print(len(secrets.token_bytes(16)), len(secrets.token_hex(16)), len(secrets.token_urlsafe(16)))
print(secrets.randbelow(1) == 0, 0 <= secrets.randbelow(10) < 10, secrets.choice("a") == "a")
print(secrets.randbits(8) < 256, secrets.compare_digest(b"abc", b"abc"), secrets.compare_digest("a", "b"))
print(type(secrets.SystemRandom()).__name__)

for name in ("md5", "sha1", "sha256", "sha512", "sha3_256", "blake2b"):
    h = hmac.new(b"key", b"The quick brown fox", name)
    h.update(b" jumps")
    print(name, h.hexdigest(), h.digest_size, h.block_size, h.name)
    c = h.copy()
    c.update(b"!")
    print(" ", h.hexdigest() != c.hexdigest(), hmac.digest(b"key", b"msg", name).hex()[:32])
print(hmac.new(b"k" * 200, b"long key", hashlib.sha256).hexdigest())
print(hmac.new(bytearray(b"k"), digestmod=hashlib.md5).hexdigest())
print(hmac.compare_digest(hmac.new(b"a", b"b", "sha1").digest(), hmac.new(b"a", b"b", "sha1").digest()))
for bad in (lambda: hmac.new(b"key"), lambda: hmac.new("key", b"", "md5"), lambda: hmac.new(b"k", "text", "md5")):
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
