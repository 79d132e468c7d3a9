import functools, pickle, types
p = functools.partial(max, 1)
p.y = 2
print(p.y, p.__dict__, vars(p))
q = pickle.loads(pickle.dumps(p)); print(q.y, q(5), q.__dict__)
print(str(types.MappingProxyType({'a': 1})), str(types.MappingProxyType({'b': [1]})))
class M(dict):
    def __str__(self): return 'M-str'
    def __repr__(self): return 'M-repr'
mp = types.MappingProxyType(M(a=1)); print(str(mp), repr(mp))
