z = 3 + 4j
print(z, z.real, z.imag, abs(z), z.conjugate(), -z, type(z).__name__)
print(z + 1, z * 2j, z / 2, z * z, (1 + 2j) / (3 - 4j), z ** 2, 1j ** 2)
print(complex(1, 2), complex("3+4j"), complex(2), complex(), 2j, -0j, 1e10j, (1+0j))
print(z == 3 + 4j, z != 3, (0.1 + 0.2j) * 3, complex(1.5, -2.5), repr(1 - 1j))
try:
    z < z
except TypeError as e:
    print(e)
try:
    (1 + 1j) // 2
except TypeError as e:
    print(e)
print(abs(3j), (2 + 0j) == 2, hash(2 + 0j) == hash(2), bool(0j), complex(0, -0.0))
