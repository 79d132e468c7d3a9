# float.fromhex with huge exponents answers at once (overflow, underflow), and long mantissas.
import time
for s in ['0x1p1000000000000', '0x1p-1000000000000', '0x0.0000000000001p-1022', '0x' + '0'*10000 + '1p0', '0x1.' + '0'*1000000 + 'p1', '-0x1p-1075', '0x1' + '0'*100 + 'p-500']:
    t = time.time()
    try:
        r = float.fromhex(s)
    except Exception as e:
        r = type(e).__name__
    print(s[:20], r, round(time.time() - t) < 2)
