xs = [3, 1, 4, 1, 5]
xs.append(9); xs.extend([2, 6]); xs.insert(0, 0); xs.insert(100, 7); xs.insert(-1, 8)
print(xs, len(xs))
print(xs.pop(), xs.pop(0), xs.pop(-2), xs)
xs.remove(1)
print(xs, xs.index(1), xs.count(1), 4 in xs, 42 not in xs)
xs.reverse()
print(xs)
ys = xs.copy()
ys.sort()
print(ys, xs, sorted(xs, reverse=True))
ys.clear()
print(ys, [] == ys, [1, 2] < [1, 3], [1, 2] < [1, 2, 0], [2] > [1, 99])
a = [1, 2]
b = a
b += [3]
print(a, a is b)
b = b + [4]
print(a, b, a is b)
print([0] * 3, [[1]] * 2, [1, 2] * 0, list(range(3)) + list("ab"))
nested = [[0] * 2] * 2
nested[0][0] = 1
print(nested)
print(list(reversed([1, 2, 3])), [1, 2, 3][::-1], min([3, 1, 2]), max([[1], [0, 5]]))
print([1, 2, 3].index(3, 1), [1, [2, 3]] == [1, [2, 3]], [1, 2] == (1, 2))
