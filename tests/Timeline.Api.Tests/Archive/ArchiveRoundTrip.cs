using Marten;
using Timeline.Api.Archive;
using Timeline.Api.Audit;
using Timeline.Api.Demo;
using Timeline.Api.Reports;
using Timeline.Domain;
using Npgsql;

namespace Timeline.Api.Tests;

public sealed class when_the_store_is_exported_and_imported(TimelineFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task an_empty_database_gets_identical_saga_states_and_audit()
    {
        await DemoSeeder.SeedAsync(Fixture.Store, TimeProvider.System, CancellationToken.None);
        await RetractReport.RetractAsync(Fixture.Store, "demo-illustrative-2025-07-08", "Illustration withdrawn.", "editor", anyRecorder: true, CancellationToken.None);
        await Host.Scenario(s =>
        {
            s.Put.Json(new { player = "Ibrahima Konaté", currentClub = "Liverpool", contractExpires = "2027-06-30" }).ToUrl("/api/sagas/ibrahima-konate");
            s.WithRequestHeader("X-Api-Key", TimelineFixture.EditorKey);
        });

        var archive = new StringWriter();
        var written = await new Exporter(Fixture.Store).ExportAsync(archive, null, CancellationToken.None);
        written.ShouldBe(3 + 1 + 8 + 1);

        var connection = await TestDatabase.CreateDatabaseAsync("import");
        using var target = DocumentStore.For(options =>
        {
            options.Connection(connection);
            TimelineApp.ConfigureStore(options);
        });
        var summary = await new Importer(target, TimeProvider.System)
            .ImportAsync(new StringReader(archive.ToString()), "import", null, CancellationToken.None);
        summary.Refused.ShouldBeEmpty();
        summary.ShouldBe(summary with { Recorded = 8, SagasOpened = 3, SagasUpdated = 1, Retracted = 1, Repeated = 0 });

        foreach (var slug in new[] { "ibrahima-konate", "marc-guehi", "dayot-upamecano" })
        {
            await using var source = Fixture.Store.QuerySession();
            await using var copy = target.QuerySession();
            var original = await source.LoadAsync<SagaState>(slug);
            var imported = await copy.LoadAsync<SagaState>(slug);
            Comparable(imported!).ShouldBe(Comparable(original!));
            imported!.Version.ShouldBeGreaterThan(0);

            await using var originalDatabase = new NpgsqlDataSourceBuilder(Fixture.ConnectionString).Build();
            await using var importedDatabase = new NpgsqlDataSourceBuilder(connection).Build();
            var originalChain = await ChainVerifier.VerifyAsync(originalDatabase, source, slug, CancellationToken.None);
            var importedChain = await ChainVerifier.VerifyAsync(importedDatabase, copy, slug, CancellationToken.None);
            importedChain.ShouldNotBeNull().Valid.ShouldBeTrue();
            importedChain.ShouldBe(originalChain, "the same events, versions and recorders give the same chain");
        }

        // The import records a batch of reports in one transaction, saga by saga: the rows are the same,
        // and the order among the events of one transaction (one recorded time) may differ.
        var originalAudit = await AuditRows(new NpgsqlDataSourceBuilder(Fixture.ConnectionString).Build());
        var importedAudit = await AuditRows(new NpgsqlDataSourceBuilder(connection).Build());
        importedAudit.Order().ShouldBe(originalAudit.Order());

        var again = await new Importer(target, TimeProvider.System)
            .ImportAsync(new StringReader(archive.ToString()), "import", null, CancellationToken.None);
        again.ShouldBe(again with { Recorded = 0, SagasOpened = 0, SagasUpdated = 0, Retracted = 0, Repeated = 13 });
    }

    [Fact]
    public async Task a_bad_line_is_refused_with_its_number_and_the_rest_is_recorded()
    {
        await OpenSaga("ibrahima-konate");
        var lines = string.Join('\n',
            JsonSerializer.Serialize(Report("a", "2025-11-28T12:00:00Z", Interest("ibrahima-konate", "Real Madrid", "withdrawn"))),
            "{ not json",
            JsonSerializer.Serialize(Report("b", "2025-11-29T12:00:00Z", Interest("ibrahima-konate", "PSG", "obsessed"))),
            JsonSerializer.Serialize(Report("c", "2025-11-29T13:00:00Z", Interest("ibrahima-konate", "PSG", "monitoring"))),
            JsonSerializer.Serialize(new { reporter = "x", outlet = "y", publishedAt = "2025-11-29T13:00:00Z", claims = new[] { Interest("ibrahima-konate", "PSG", "monitoring") } }));

        var summary = await new Importer(Fixture.Store, TimeProvider.System)
            .ImportAsync(new StringReader(lines), "import", null, CancellationToken.None);

        summary.Recorded.ShouldBe(2);
        summary.Refused.Select(r => r.Line).ShouldBe([2, 3, 5]);
        summary.Refused[1].Reason.ShouldContain("claims[0].level");
        summary.Refused[2].Reason.ShouldContain("id");
        (await GetJson("/api/sagas/ibrahima-konate")).GetProperty("claims").GetInt32().ShouldBe(2);
        var audit = await GetJson("/api/audit?recordedBy=import");
        audit.GetProperty("items").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task the_inbox_goes_through_export_and_import_with_its_dismissals_and_recordings()
    {
        await OpenSaga("ibrahima-konate");
        string Article(string id, string title) => JsonSerializer.Serialize(new
        {
            kind = "article", articleId = id, feedId = Guid.Parse("0193a5e4-9d2e-7a41-8c00-5d3c9f6e2b88"), outlet = "Example Daily",
            title, link = $"https://example.com/{id}", published = "2025-11-29T09:00:00Z",
            text = $"{title}.\n\nKonaté is expected to explore his options in January.", fetchedAt = "2025-11-29T09:01:00Z",
        });
        var seed = string.Join('\n',
            Article("a1a1a1a1a1a1a1a1a1a1a1a1", "Konaté weighs up his future"),
            Article("b2b2b2b2b2b2b2b2b2b2b2b2", "A recap"),
            Article("c3c3c3c3c3c3c3c3c3c3c3c3", "Still pending"),
            JsonSerializer.Serialize(new { kind = "dismissal", articleId = "b2b2b2b2b2b2b2b2b2b2b2b2", reason = "Nothing new.", dismissedBy = "editor" }),
            JsonSerializer.Serialize(new
            {
                id = "from-a1", reporter = "A. Writer", outlet = "Example Daily", publishedAt = "2025-11-29T09:00:00Z",
                articleId = "a1a1a1a1a1a1a1a1a1a1a1a1", claims = new[] { new { saga = "ibrahima-konate", type = "player-stance", stance = "exploring-options", from = "2026-01" } },
            }));
        var seeded = await new Importer(Fixture.Store, TimeProvider.System).ImportAsync(new StringReader(seed), "import", null, CancellationToken.None);
        seeded.Refused.ShouldBeEmpty();
        seeded.ShouldBe(seeded with { Articles = 3, Dismissed = 1, Recorded = 1 });

        var archive = new StringWriter();
        await new Exporter(Fixture.Store).ExportAsync(archive, null, CancellationToken.None);
        var connection = await TestDatabase.CreateDatabaseAsync("import");
        using var target = DocumentStore.For(options =>
        {
            options.Connection(connection);
            TimelineApp.ConfigureStore(options);
        });
        var imported = await new Importer(target, TimeProvider.System).ImportAsync(new StringReader(archive.ToString()), "import", null, CancellationToken.None);
        imported.Refused.ShouldBeEmpty();
        imported.ShouldBe(imported with { Articles = 3, Dismissed = 1, Recorded = 1, SagasOpened = 1 });

        await using var source = Fixture.Store.QuerySession();
        await using var copy = target.QuerySession();
        var before = (await source.Query<Intake.ArticleView>().OrderBy(a => a.Id).ToListAsync()).Select(a => JsonSerializer.Serialize(a with { DismissedAt = null })).ToList();
        var copied = await copy.Query<Intake.ArticleView>().OrderBy(a => a.Id).ToListAsync();
        copied.Select(a => JsonSerializer.Serialize(a with { DismissedAt = null })).ShouldBe(before);
        copied.Select(a => a.Status).ShouldBe([Intake.ArticleStatus.Recorded, Intake.ArticleStatus.Dismissed, Intake.ArticleStatus.Pending]);

        var again = await new Importer(target, TimeProvider.System).ImportAsync(new StringReader(archive.ToString()), "import", null, CancellationToken.None);
        again.ShouldBe(again with { Articles = 0, Dismissed = 0, Recorded = 0, Repeated = 6 });
    }

    private static object Comparable(SagaState state) =>
        JsonSerializer.Serialize(state with { RecordedAt = default });

    private static async Task<string[]> AuditRows(NpgsqlDataSource database)
    {
        await using var _ = database;
        var page = await AuditTrail.QueryAsync(
            database, new AuditTrail.AuditFilter(null, null, null, null, null, null, null, null, 0, 1000), CancellationToken.None);
        return [.. page.Items.Select(x => JsonSerializer.Serialize(x with { Sequence = 0, RecordedAt = default }))];
    }
}
