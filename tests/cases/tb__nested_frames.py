class Parser:
    def __init__(self, text):
        self.text = text

    def parse(self):
        return [self.item(part) for part in self.text.split(",")]

    def item(self, part):
        return convert(part.strip())


def convert(s):
    return int(s) * 2


print(Parser("1, 2, 3").parse())
print(Parser("4, five").parse())
