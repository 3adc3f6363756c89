print("odered")
