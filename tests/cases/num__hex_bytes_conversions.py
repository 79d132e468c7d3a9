print((1.5).hex(), float.fromhex('0x1.8p1'), (0.1).hex(), (-0.0).hex(), float('inf').hex(), (5e-324).hex(), float.fromhex('-0x1p-1074'))
print(float.fromhex('0x1.999999999999ap-4'), float.fromhex('1p4'), float.fromhex('-0XA.8'), float.fromhex(' 0x.8 '))
print((1024).to_bytes(2, 'big'), int.from_bytes(b'\x00\xff', 'big'), (-1).to_bytes(2, 'little', signed=True), int.from_bytes(b'\xff', 'little', signed=True))
print((0).to_bytes(0, 'big'), (127).to_bytes(1, 'big', signed=True), (-128).to_bytes(1, 'big', signed=True), (2**64).to_bytes(9, 'little'), int.from_bytes([1, 2], 'little'))
for bad in ["(256).to_bytes(1, 'big')", "(-1).to_bytes(1, 'big')", "(128).to_bytes(1, 'big', signed=True)", "float.fromhex('xyz')", "(1).to_bytes(1, 'middle')"]:
    try:
        eval(bad)
    except (OverflowError, ValueError) as e:
        print(type(e).__name__, e)
