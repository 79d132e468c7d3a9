import unittest, io
class T(unittest.TestCase):
    def test_pass(self):
        self.assertEqual(1 + 1, 2)
    def test_fail(self):
        self.assertEqual([1, 2], [1, 3])
    def test_error(self):
        raise ValueError("boom")
    @unittest.skip("not now")
    def test_skip(self):
        pass
    def test_raises(self):
        with self.assertRaises(KeyError):
            {}["x"]
suite = unittest.TestLoader().loadTestsFromTestCase(T)
buf = io.StringIO()
res = unittest.TextTestRunner(stream=buf, verbosity=2).run(suite)
print(res.testsRun, len(res.failures), len(res.errors), len(res.skipped), res.wasSuccessful())
for t, tb in res.failures + res.errors:
    print(t.id(), tb.strip().splitlines()[-1])
lines = buf.getvalue().splitlines()

for l in lines:
    if l.startswith("test_") or l.startswith("FAILED"):
        print(l)
