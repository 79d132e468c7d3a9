# A file whose f-string 3.11 rejects: the caret sits on the token after it.
print('never runs')
x = f'{a!z}' # c
