print("a" + "b")
print(1 + "b")
