// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer target over Dubplate's decoding and analysis path, kept out of the main package so
/// `swift build` there never needs the fuzzer runtime. Build and run it with `Scripts/fuzz.sh`,
/// which passes `--sanitize=fuzzer --sanitize=address` so every module is instrumented.
let package = Package(
  name: "dubplate-fuzz",
  dependencies: [
    .package(name: "dubplate", path: ".."),
  ],
  targets: [
    .executableTarget(
      name: "DecodeAnalyzeFuzzer",
      dependencies: [.product(name: "DubplateAnalysis", package: "dubplate")],
      // libFuzzer supplies `main`; the target only defines `LLVMFuzzerTestOneInput`.
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
  ]
)
