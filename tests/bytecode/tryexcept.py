def f(a):
    try:
        return 1 / a
    except ZeroDivisionError as e:
        print("zero", e)
    finally:
        print("done")
