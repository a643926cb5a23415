import Foundation
import GRDB

extension StoreWriter {
  /// Takes erased records out of the model parameters, after their rows are deleted: each of
  /// their names counts one record less (a name nobody else bears leaves `modelTerm`), and an
  /// email or phone that fewer than two remaining records hold is no longer listed as shared.
  /// Returns how many model entries were lowered or removed.
  func forgetInModel(_ records: [MatchRecord], hasher: KeyedHasher) throws -> Int {
    var changed = 0
    if let json = try String.fetchOne(db, sql: "SELECT value FROM modelParameter WHERE name = 'model'"),
       let model = try? JSONDecoder().decode(MatchModel.self, from: Data(json.utf8)) {
      let lower = try db.cachedStatement(sql: "UPDATE modelTerm SET count = count - ? WHERE comparison = ? AND hash = ?")
      let drop = try db.cachedStatement(sql: "DELETE FROM modelTerm WHERE comparison = ? AND hash = ? AND count <= 0")
      for comparison in model.comparisons where comparison.termFrequency {
        var names: [String: Int] = [:]
        for record in records {
          let name = comparison.kind == .firstName ? record.firstName : record.lastName
          if !name.isEmpty { names[name, default: 0] += 1 }
        }
        for (name, count) in names.sorted(by: { $0.key < $1.key }) {
          let hash = hasher.hash(name)
          try lower.execute(arguments: [count, comparison.name, hash])
          changed += db.changesCount
          try drop.execute(arguments: [comparison.name, hash])
        }
      }
    }
    let isShared = try db.cachedStatement(sql: "SELECT count(*) FROM sharedValue WHERE hash = ?")
    let holders = try db.cachedStatement(sql: "SELECT count(*) FROM contactPoint WHERE value = ?")
    let unshare = try db.cachedStatement(sql: "DELETE FROM sharedValue WHERE hash = ?")
    var unshared = 0
    for value in Set(records.flatMap { $0.emails + $0.phones }).sorted() {
      let hash = hasher.hash(value)
      guard try Int.fetchOne(isShared, arguments: [hash]) ?? 0 > 0, try Int.fetchOne(holders, arguments: [value]) ?? 0 < 2 else { continue }
      try unshare.execute(arguments: [hash])
      unshared += 1
    }
    return changed + unshared
  }
}
