using Timeline.Api.Audit;

namespace Timeline.Tests;

public class SagaChainTests
{
    private const string Stored = """{"claim":{"type":"expectation","saga":"ibrahima-konate","outcome":"renewal","confidence":0.70},"source":{"reporter":"Dean Jones","outlet":"TEAMtalk","reportId":"teamtalk-1","publishedAt":"2025-11-29T19:00:00+00:00"}}""";

    private const string Written = """
        { "source": { "reportId": "teamtalk-1", "reporter": "Dean Jones", "outlet": "TEAMtalk",
                      "publishedAt": "2025-11-29T19:00:00+00:00" },
          "claim": { "saga": "ibrahima-konate", "type": "expectation", "outcome": "renewal", "confidence": 7E-1 } }
        """;

    [Fact]
    public void the_same_event_hashes_the_same_however_its_json_was_laid_out()
    {
        SagaChain.Canonical("expectation_reported", 3, "ingest-bot", Written)
            .ShouldBe(SagaChain.Canonical("expectation_reported", 3, "ingest-bot", Stored));
        SagaChain.Hash(SagaChain.Genesis, "expectation_reported", 3, "ingest-bot", Written)
            .ShouldBe(SagaChain.Hash(SagaChain.Genesis, "expectation_reported", 3, "ingest-bot", Stored));
    }

    [Fact]
    public void the_encoding_orders_keys_and_writes_names_as_they_are()
    {
        SagaChain.Canonical("saga_opened", 1, "dev", """{"slug":"ibrahima-konate","player":"Ibrahima Konaté","n":1.50}""")
            .ShouldBe("""{"data":{"n":1.5,"player":"Ibrahima Konaté","slug":"ibrahima-konate"},"recordedBy":"dev","type":"saga_opened","version":1}""");
    }

    [Fact]
    public void every_asserted_part_and_the_previous_hash_change_the_hash()
    {
        var hash = SagaChain.Hash(SagaChain.Genesis, "expectation_reported", 3, "ingest-bot", Stored);
        string[] others =
        [
            SagaChain.Hash(new string('1', 64), "expectation_reported", 3, "ingest-bot", Stored),
            SagaChain.Hash(SagaChain.Genesis, "interest_reported", 3, "ingest-bot", Stored),
            SagaChain.Hash(SagaChain.Genesis, "expectation_reported", 4, "ingest-bot", Stored),
            SagaChain.Hash(SagaChain.Genesis, "expectation_reported", 3, "editor", Stored),
            SagaChain.Hash(SagaChain.Genesis, "expectation_reported", 3, null, Stored),
            SagaChain.Hash(SagaChain.Genesis, "expectation_reported", 3, "ingest-bot", Stored.Replace("Dean Jones", "Dean Jonas")),
            SagaChain.Hash(SagaChain.Genesis, "expectation_reported", 3, "ingest-bot", Stored.Replace("19:00:00", "19:00:01")),
            SagaChain.Hash(SagaChain.Genesis, "expectation_reported", 3, "ingest-bot", Stored.Replace("0.70", "0.71")),
        ];

        hash.ShouldMatch("^[0-9a-f]{64}$");
        others.ShouldNotContain(hash);
        others.Distinct().Count().ShouldBe(others.Length);
    }
}
