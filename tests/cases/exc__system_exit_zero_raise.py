print("raise SystemExit(0)")
raise SystemExit(0)
