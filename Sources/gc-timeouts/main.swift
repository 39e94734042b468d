print("gc-timeouts")
