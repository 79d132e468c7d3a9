import heapq, bisect
h = []
for v in [5, 1, 8, 3, 9, 2]:
    heapq.heappush(h, v)
print(h[0], [heapq.heappop(h) for _ in range(3)], h)
print(heapq.nlargest(2, [4, 1, 7, 3]), heapq.nsmallest(2, [4, 1, 7, 3]), list(heapq.merge([1, 4], [2, 3])))
xs = [1, 3, 3, 5, 8]
print(bisect.bisect_left(xs, 3), bisect.bisect_right(xs, 3), bisect.bisect(xs, 10))
bisect.insort(xs, 4)
print(xs)
tasks = [(2, "write"), (1, "plan"), (3, "ship")]
heapq.heapify(tasks)
print([heapq.heappop(tasks)[1] for _ in range(3)])
