# unittest with a failing test: the report shows the test's own traceback frames (unittest
# trims its frames through tb_next, and generator.throw keeps the exception's chain).
import io
import os
import unittest


class T(unittest.TestCase):
    def test_ok(self):
        self.assertEqual(sum([1, 2]), 3)

    def test_fail(self):
        self.assertEqual([1, 2], [1, 3])

    def test_raises(self):
        with self.assertRaises(ZeroDivisionError):
            1 / 0

    @unittest.skip("because")
    def test_skip(self):
        pass


if __name__ == "__main__":
    stream = io.StringIO()
    runner = unittest.TextTestRunner(stream=stream, verbosity=2)
    result = unittest.main(testRunner=runner, exit=False).result
    text = stream.getvalue()
    here = os.path.dirname(os.path.abspath(__file__))
    print(text[: text.index("Ran ")].rstrip().replace(here, "<DIR>"))
    print(len(result.failures), len(result.skipped))
