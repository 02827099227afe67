import CSndFile
import DubplateDSP
import Foundation
import XCTest

/// Writes test files straight through libsndfile, in formats `AudioFileWriter` does not offer
/// (Vorbis, Opus, MP3, WAVEX with a chosen speaker mask, 8-bit, 32-bit PCM, double).
enum SndFileFixture {
  /// Writes `buffer` with libsndfile format code `format` (major | subtype).
  /// `channelMap` holds `SF_CHANNEL_MAP_*` positions to store (WAVEX mask); `clipping` turns
  /// on `SFC_SET_CLIPPING` so +1.0 becomes the largest positive integer.
  static func write(
    _ buffer: AudioBuffer, to path: String, format: Int, sampleRate: Int,
    channelMap: [Int]? = nil, clipping: Bool = true,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    var info = SF_INFO()
    info.samplerate = Int32(sampleRate)
    info.channels = Int32(buffer.channelCount)
    info.format = Int32(format)
    guard let handle = sf_open(path, Int32(SFM_WRITE), &info) else {
      XCTFail("libsndfile cannot write \(path): \(String(cString: sf_strerror(nil)))", file: file, line: line)
      return
    }
    if clipping { sf_command(handle, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE)) }
    if var positions = channelMap?.map({ Int32($0) }) {
      let stored = sf_command(
        handle, Int32(SFC_SET_CHANNEL_MAP_INFO), &positions, Int32(positions.count * MemoryLayout<Int32>.size))
      XCTAssertEqual(Int(stored), Int(SF_TRUE), "channel map not accepted", file: file, line: line)
    }
    let interleaved = buffer.interleaved()
    let written = interleaved.withUnsafeBufferPointer {
      sf_writef_float(handle, $0.baseAddress, sf_count_t(buffer.frameCount))
    }
    XCTAssertEqual(Int(written), buffer.frameCount, "short write to \(path)", file: file, line: line)
    XCTAssertEqual(sf_close(handle), 0, file: file, line: line)
  }

  /// RMS level in dBFS of `samples[range]` (Double accumulator).
  static func rmsDBFS(_ samples: [Float], _ range: Range<Int>) -> Double {
    var sum = 0.0
    for index in range { sum += Double(samples[index]) * Double(samples[index]) }
    return Decibels.fromPower(sum / Double(range.count))
  }
}
