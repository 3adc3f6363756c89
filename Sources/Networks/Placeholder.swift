import Symbolic
