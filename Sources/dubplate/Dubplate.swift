@main struct Dubplate { static func main() {} }
