/// Read's records as sinks of the JSON value parser.
extension Array: JSONFieldSink where Element == SourceField {
  mutating func removeAllValues() { removeAll() }

  mutating func append(utf8 value: UnsafeBufferPointer<UInt8>, path: UnsafeBufferPointer<UInt8>) {
    append(SourceField(key: String(decoding: path, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
  }
}

extension SourceRecord: JSONFieldSink {
  mutating func append(utf8 value: UnsafeBufferPointer<UInt8>, path: UnsafeBufferPointer<UInt8>) {
    append(value, column: columns.number(forUTF8: path))
  }
}
