import Foundation

/// The store's writer lock: a writer holds it from before its first read of the store until it
/// has committed, so a second writer never computes on a store that is about to change (two runs
/// that both read an empty store would each miss the other's records). Beside the store,
/// `<store>.lock` (owner-only) holds an advisory `flock` and says who holds it; the kernel
/// releases it when the holder exits, even killed.
public final class StoreLock {
  public let path: String
  private let descriptor: Int32

  /// Takes the lock, waiting up to `wait` seconds for another writer to finish; `:memory:` stores
  /// need none. - Throws: `StoreError.busy` naming the holder, `StoreError.cannotOpen`.
  public init?(store: String, holder: String, wait: Double = 0) throws {
    guard store != ":memory:" else { return nil }
    // The descriptor becomes a property only once locked: an initializer that throws after its
    // properties are set runs `deinit`, which would close it a second time, and by then the
    // number may be another thread's file.
    path = store + ".lock"
    descriptor = try StoreLock.acquire(path, store: store, wait: wait)
    describe(holder)
  }

  /// Opens and locks the lock file, or closes it and throws.
  private static func acquire(_ path: String, store: String, wait: Double) throws -> Int32 {
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw StoreError.cannotOpen(Locator(file: path), reason: "cannot open its lock file: \(String(cString: strerror(errno)))")
    }
    let deadline = Date().addingTimeInterval(max(0, wait))
    while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK || errno == EINTR else {
        let reason = String(cString: strerror(errno))
        close(descriptor)
        throw StoreError.cannotOpen(Locator(file: path), reason: "cannot lock it: \(reason)")
      }
      if Date() >= deadline {
        let other = holder(descriptor)
        close(descriptor)
        throw StoreError.busy(Locator(file: store), holder: other, waited: wait)
      }
      usleep(50_000)
    }
    return descriptor
  }

  deinit { close(descriptor) }

  /// Says who holds the lock (`run R000002, started … by …`), for a writer that finds it taken.
  public func describe(_ holder: String) {
    let text = Array("\(holder) (pid \(getpid()))\n".utf8)
    _ = ftruncate(descriptor, 0)
    _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
  }

  private static func holder(_ descriptor: Int32) -> String {
    var buffer = [UInt8](repeating: 0, count: 512)
    let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
    let text = count > 0 ? String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
    return text.isEmpty ? "another tamis" : text
  }
}
