# Big-integer arithmetic: factorials, Fibonacci by doubling, modular pow, str() digit sums, to/from_bytes, gcd.
import math


def factorial(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r


def fib_pair(n):
    """(F(n), F(n+1)) by the doubling identities."""
    if n == 0:
        return 0, 1
    a, b = fib_pair(n >> 1)
    c = a * (2 * b - a)
    d = a * a + b * b
    if n & 1:
        return d, c + d
    return c, d


def digit_sum(n):
    return sum(map(int, str(n)))


def isqrt_newton(n):
    if n < 2:
        return n
    x = 1 << ((n.bit_length() + 1) // 2)
    while True:
        y = (x + n // x) // 2
        if y >= x:
            return x
        x = y


def is_probable_prime(n):
    if n < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % p == 0:
            return n == p
    d = n - 1
    s = 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for a in (2, 3, 5, 7, 11, 13, 17):
        x = pow(a, d, n)
        if x == 1 or x == n - 1:
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def pi_digits(count):
    """Digits of pi by Machin's formula in fixed point."""
    scale = 10 ** (count + 10)

    def arctan_inv(x):
        total = term = scale // x
        x2 = x * x
        k = 1
        sign = -1
        while term:
            term //= x2
            total += sign * (term // (2 * k + 1))
            sign = -sign
            k += 1
        return total

    pi = 4 * (4 * arctan_inv(5) - arctan_inv(239))
    return pi // 10 ** 10


def main():
    acc = 0
    M = (1 << 61) - 1

    f = factorial(1500)
    acc += digit_sum(f) + f.bit_length() + f % M
    for n in range(200, 1400, 4):
        g = factorial(n)
        acc += len(str(g)) + g % 1000003

    for n in (1000, 5000, 20000, 60000, 120000, 250000):
        a, b = fib_pair(n)
        acc += a % M + b.bit_length() + math.gcd(a, b)
    a, _ = fib_pair(20000)
    acc += digit_sum(a)

    for i in range(1, 4000):
        base = (i * 0x9E3779B97F4A7C15) ^ (i << 1000)
        mod = (1 << 1279) - 1 - 2 * i
        acc += pow(base, 65537 + i, mod) % M

    primes = [n for n in range((1 << 607) - 1501, (1 << 607) + 1501, 2) if is_probable_prime(n)]
    acc += len(primes) + sum(p % M for p in primes)

    for i in range(1, 12000):
        x = factorial(60 + i % 40) * (i + 7) ** 30 + i
        raw = x.to_bytes((x.bit_length() + 7) // 8, "big")
        back = int.from_bytes(raw, "little")
        acc += raw[0] + raw[-1] + back % M + (-x).bit_length()
        neg = (-x).to_bytes(len(raw) + 1, "big", signed=True)
        acc += int.from_bytes(neg, "big", signed=True) % M

    for i in range(1, 9000):
        a = 3 ** (200 + i) * 5 ** (i % 50)
        b = 2 ** (300 - i % 100) * 3 ** (150 + i % 70) * 7 ** (i % 20)
        g = math.gcd(a, b)
        q, r = divmod(a * b + i, g + i)
        acc += g.bit_length() + q % M + r

    for i in range(1, 900):
        n = (factorial(40 + i) + i) ** 2
        r = isqrt_newton(n)
        acc += r % M + (r == math.isqrt(n))

    p = pi_digits(4200)
    s = str(p)
    acc += digit_sum(p) + int(s[-20:])

    print("bigint", acc % (10 ** 30), s[:12], len(s))


main()
