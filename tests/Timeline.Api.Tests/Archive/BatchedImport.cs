using Marten;
using Timeline.Api.Archive;
using Timeline.Domain;

namespace Timeline.Api.Tests;

/// <summary>
/// The import records report lines in batches, one transaction each; every guarantee of a single
/// report must hold inside a batch and between batches and other writers.
/// </summary>
public sealed class when_reports_are_imported_in_batches(TimelineFixture fixture) : IntegrationTest(fixture)
{
    private static string Line(object report) => JsonSerializer.Serialize(report);

    private static string Line(object report, string recordedBy)
    {
        var line = JsonSerializer.SerializeToNode(report)!.AsObject();
        line["recordedBy"] = recordedBy;
        return line.ToJsonString();
    }

    [Fact]
    public async Task a_batch_repeats_refuses_and_records_each_line_as_the_api_would()
    {
        await OpenSaga("ibrahima-konate");
        await OpenSaga("marc-guehi", "Marc Guéhi", "Crystal Palace");
        await PostReport(Report("earlier", "2025-11-20T09:00:00Z", Interest("ibrahima-konate", "Real Madrid", "interested")));

        var lines = string.Join('\n',
            Line(Report("earlier", "2025-11-20T09:00:00Z", Interest("ibrahima-konate", "Real Madrid", "interested"))),
            Line(Report("earlier", "2025-11-20T09:00:00Z", Interest("ibrahima-konate", "Real Madrid", "advanced"))),
            Line(Report("both", "2025-11-28T12:00:00Z",
                Interest("ibrahima-konate", "Real Madrid", "withdrawn"), Interest("marc-guehi", "Liverpool", "interested"))),
            Line(Report("nobody", "2025-11-28T13:00:00Z", Interest("no-such-player", "PSG", "monitoring"))),
            Line(Report("both", "2025-11-28T12:00:00Z",
                Interest("ibrahima-konate", "Real Madrid", "withdrawn"), Interest("marc-guehi", "Liverpool", "interested"))),
            Line(Report("later", "2025-11-29T09:30:00Z", Interest("ibrahima-konate", "Bayern Munich", "monitoring")), "archivist"));

        var summary = await new Importer(Fixture.Store, TimeProvider.System, batchSize: 10)
            .ImportAsync(new StringReader(lines), "import", null, CancellationToken.None);

        summary.ShouldBe(summary with { Lines = 6, Recorded = 2, Repeated = 2 });
        summary.Refused.Select(r => r.Line).ShouldBe([2, 4]);
        summary.Refused[0].Reason.ShouldContain("recorded before with different content");
        summary.Refused[1].Reason.ShouldContain("claims[0].saga");

        var konate = await GetJson("/api/sagas/ibrahima-konate");
        konate.GetProperty("version").GetInt64().ShouldBe(4, "opened, then earlier, both and later, one version each");
        konate.GetProperty("claims").GetInt32().ShouldBe(3);
        var guehi = await GetJson("/api/sagas/marc-guehi");
        guehi.GetProperty("version").GetInt64().ShouldBe(2);

        var both = await GetJson("/api/reports/both");
        both.GetProperty("events").EnumerateArray()
            .Select(e => $"{e.GetProperty("saga").GetString()}@{e.GetProperty("version").GetInt64()}")
            .ShouldBe(["ibrahima-konate@3", "marc-guehi@2"]);

        foreach (var slug in new[] { "ibrahima-konate", "marc-guehi" })
        {
            var verdict = await GetJson($"/api/sagas/{slug}/verify");
            verdict.GetProperty("valid").GetBoolean().ShouldBeTrue();
            verdict.GetProperty("head").GetString().ShouldBe((await GetJson($"/api/sagas/{slug}")).GetProperty("head").GetString());
        }

        var audit = await GetJson("/api/audit?recordedBy=archivist");
        audit.GetProperty("items").GetArrayLength().ShouldBe(1, "each line's claims carry the line's recorder");
        (await GetJson("/api/audit?recordedBy=import")).GetProperty("items").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task the_saga_state_after_a_batch_equals_the_state_after_the_same_reports_one_by_one()
    {
        await OpenSaga("one-by-one");
        await OpenSaga("batched");
        var reports = Enumerable.Range(0, 40).Select(n => (Id: $"r{n}", At: new DateTime(2025, 1, 1).AddDays(n * 7 % 300),
            Club: new[] { "Real Madrid", "Liverpool", "PSG" }[n % 3], Level: new[] { "monitoring", "interested", "advanced", "cooling", "withdrawn" }[n % 5]))
            .ToList();
        foreach (var r in reports)
        {
            await PostReport(Report($"single-{r.Id}", $"{r.At:yyyy-MM-dd}T10:00:00Z", Interest("one-by-one", r.Club, r.Level)));
        }

        var lines = string.Join('\n', reports.Select(r =>
            Line(Report($"batch-{r.Id}", $"{r.At:yyyy-MM-dd}T10:00:00Z", Interest("batched", r.Club, r.Level)))));
        var summary = await new Importer(Fixture.Store, TimeProvider.System, batchSize: 16)
            .ImportAsync(new StringReader(lines), "import", null, CancellationToken.None);
        summary.Recorded.ShouldBe(40);

        await using var session = Fixture.Store.QuerySession();
        var single = await session.LoadAsync<SagaState>("one-by-one");
        var batched = await session.LoadAsync<SagaState>("batched");
        batched!.Version.ShouldBe(41);
        Comparable(batched, "batch-").ShouldBe(Comparable(single!, "single-"));
        var replay = (await GetJson("/api/sagas/batched?asOf=2025-06-01T00:00:00Z")).GetProperty("suitors").ToString();
        replay.Replace("batch-", "").ShouldBe(
            (await GetJson("/api/sagas/one-by-one?asOf=2025-06-01T00:00:00Z")).GetProperty("suitors").ToString().Replace("single-", ""));
        replay.ShouldContain("Real Madrid");
    }

    [Fact]
    public async Task two_imports_of_one_file_and_the_api_at_once_record_each_report_once_with_whole_chains()
    {
        var sagas = Enumerable.Range(0, 5).Select(i => $"race-{i}").ToArray();
        foreach (var saga in sagas)
        {
            await OpenSaga(saga);
        }

        var reports = Enumerable.Range(0, 300)
            .Select(n => Report($"race-{n}", $"2025-{1 + n % 12:00}-{1 + n % 28:00}T08:00:00Z",
                Interest(sagas[n % 5], "Liverpool", "interested"), Interest(sagas[(n + 2) % 5], "PSG", "monitoring")))
            .ToList();
        var file = string.Join('\n', reports.Select(Line));

        Task<ImportSummary> Import() => Task.Run(() => new Importer(Fixture.Store, TimeProvider.System, batchSize: 50)
            .ImportAsync(new StringReader(file), "import", null, CancellationToken.None));
        var api = Task.Run(async () =>
        {
            for (var n = 0; n < 300; n += 7)
            {
                using var client = Host.Server.CreateClient();
                client.DefaultRequestHeaders.Add("X-Api-Key", TimelineFixture.WriterKey);
                using var response = await client.PostAsync("/api/reports",
                    new StringContent(Line(reports[n]), System.Text.Encoding.UTF8, "application/json"));
                ((int)response.StatusCode).ShouldBeOneOf(200, 201);
            }
        });
        var (first, second) = (Import(), Import());
        await Task.WhenAll(first, second, api);
        var imports = new[] { await first, await second };

        imports.ShouldAllBe(i => i.Refused.Count == 0);
        imports.Sum(i => i.Recorded).ShouldBeInRange(300 - 43, 300, "the API recorded some of them first");
        await using var session = Fixture.Store.QuerySession();
        var claims = 0L;
        foreach (var saga in sagas)
        {
            var events = await session.Events.FetchStreamAsync(saga);
            events.Select(e => e.Version).ShouldBe(Enumerable.Range(1, events.Count).Select(v => (long)v), "versions without gaps");
            (await session.LoadAsync<SagaState>(saga))!.Version.ShouldBe(events.Count);
            var verdict = await GetJson($"/api/sagas/{saga}/verify");
            verdict.GetProperty("valid").GetBoolean().ShouldBeTrue();
            claims += events.Count - 1;
        }

        claims.ShouldBe(600, "two claims for each of the 300 reports, each once");
    }

    /// <summary>The state without what differs by construction: slug, times of recording, chain head and report ids' prefix.</summary>
    private static string Comparable(SagaState state, string reportIdPrefix) =>
        JsonSerializer.Serialize(state with { RecordedAt = default, Slug = "" })
            .Replace(reportIdPrefix, "", StringComparison.Ordinal);
}
