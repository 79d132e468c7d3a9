import sys
print("leaving quietly")
sys.exit()
