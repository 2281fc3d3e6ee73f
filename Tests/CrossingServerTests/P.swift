import Testing
import VaporTesting
import Yams
