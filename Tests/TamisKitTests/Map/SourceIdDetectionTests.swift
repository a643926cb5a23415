import Testing
@testable import TamisKit

@Suite struct SourceIdDetectionTests {
  func detect(_ csv: String, mapping: Mapping = Mapping()) -> String? {
    let path = TestFiles.write(csv, name: "ids.csv")
    return SourceIdDetection.column(of: path, options: ReadOptions(format: .csv), mapping: mapping)
  }

  @Test(arguments: ["rec_id", "contact id", "id_client", "recordId", "PersonID", "ref", "Reference"])
  func namesLikeAnId(name: String) {
    #expect(SourceIdDetection.isNamedLikeAnId(name))
  }

  @Test(arguments: ["id", "paid", "valid", "UUID", "identity", "soc_sec_id", "ssn", "nom", "Paid"])
  func namesNotLikeARecordsId(name: String) {
    #expect(!SourceIdDetection.isNamedLikeAnId(name))
  }

  @Test func theFirstIdNamedColumnWithUniqueValuesIsTheId() {
    #expect(detect("rec_id,given_name,store_id\nr1,ann,s1\nr2,bob,s2\nr3,cid,s3\n") == "rec_id")
    // Repeated values are not a record's id: the other column is.
    #expect(detect("store_id,given_name,rec_id\ns1,ann,r1\ns1,bob,r2\ns2,cid,r3\n") == "rec_id")
  }

  @Test func repeatedOrMissingValuesOrANamedIdDisqualify() {
    #expect(detect("store_id,given_name\ns1,ann\ns1,bob\n") == nil)
    #expect(detect("rec_id,given_name\nr1,ann\n,bob\nr3,cid\n") == nil)
    // "code client" is a synonym of source_id: nothing to detect.
    #expect(detect("code client,rec_id,prenom\nC1,r1,ann\nC2,r2,bob\n") == nil)
    // One record says nothing about uniqueness.
    #expect(detect("rec_id,given_name\nr1,ann\n") == nil)
    var declared = Mapping()
    declared.detectsOtherColumns = false
    #expect(detect("rec_id,given_name\nr1,ann\nr2,bob\n", mapping: declared) == nil)
  }

  @Test func theMapperReadsTheDetectedColumnAsTheIdAndANationalIdAsAnIdentifier() {
    let mapper = Mapper(mapping: Mapping(), file: "f.csv")
    mapper.detectedSourceId = "rec_id"
    #expect(mapper.target(for: "rec_id") == .field(.sourceId))
    #expect(mapper.target(for: "soc_sec_id") == .custom(Mapping.CustomField(name: "soc_sec_id", type: .identifier)))
    #expect(mapper.target(for: "Numéro de sécurité sociale") == .custom(Mapping.CustomField(name: "numero_de_securite_sociale", type: .identifier)))
    #expect(mapper.target(for: "other_id") == nil)
  }
}
