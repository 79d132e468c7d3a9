x = 1
raise ValueError("broken module raised during import")
