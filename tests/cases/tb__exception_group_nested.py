raise ExceptionGroup("outer", [ExceptionGroup("in", [ValueError(1)]), KeyError("k")])
