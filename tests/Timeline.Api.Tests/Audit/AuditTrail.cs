namespace Timeline.Api.Tests;

public sealed class when_the_audit_trail_is_read(TimelineFixture fixture) : IntegrationTest(fixture)
{
    protected override async Task Given()
    {
        await OpenSaga("ibrahima-konate");
        await OpenSaga("marc-guehi", "Marc Guéhi", "Crystal Palace");
        await PostReport(new
        {
            id = "athletic-1",
            reporter = "The Athletic",
            outlet = "The Athletic",
            publishedAt = "2025-11-28T12:00:00Z",
            claims = new[] { Interest("ibrahima-konate", "Real Madrid", "withdrawn") },
        });
        await PostReport(Report("sky-1", "2025-11-29T09:30:00Z",
            Interest("ibrahima-konate", "Real Madrid", "cooling"),
            Interest("marc-guehi", "Liverpool", "interested")));
        await Host.Scenario(s =>
        {
            s.Post.Json(new { reporter = "Dean Jones", outlet = "TEAMtalk", publishedAt = "2025-11-29T19:00:00Z",
                claims = new[] { new { saga = "ibrahima-konate", type = "expectation", outcome = "renewal", club = "Liverpool" } } })
                .ToUrl("/api/reports");
            s.WithRequestHeader("X-Api-Key", TimelineFixture.EditorKey);
            s.StatusCodeShouldBe(201);
        });
    }

    private static JsonElement[] Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task every_saga_event_is_there_with_claim_provenance_and_both_clocks()
    {
        var items = Items(await GetJson("/api/audit?saga=ibrahima-konate"));
        items.Select(x => x.GetProperty("type").GetString()).ShouldBe(
            ["saga_opened", "interest_reported", "interest_reported", "expectation_reported"]);
        items.Select(x => x.GetProperty("version").GetInt64()).ShouldBe([1L, 2L, 3L, 4L]);

        var sky = items[2];
        sky.GetProperty("reportId").GetString().ShouldBe("sky-1");
        sky.GetProperty("reporter").GetString().ShouldBe("Vinny O'Connor");
        sky.GetProperty("outlet").GetString().ShouldBe("Sky Sports");
        sky.GetProperty("publishedAt").GetString().ShouldBe("2025-11-29T09:30:00Z");
        sky.GetProperty("url").GetString().ShouldStartWith("https://");
        sky.GetProperty("quote").GetString()!.ShouldContain("committed");
        sky.GetProperty("claim").GetProperty("level").GetString().ShouldBe("cooling");
        sky.GetProperty("recordedBy").GetString().ShouldBe(TimelineFixture.WriterKeyName);
        sky.GetProperty("retracted").GetBoolean().ShouldBeFalse();
        sky.GetProperty("recordedAt").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
        items.Select(x => x.GetProperty("sequence").GetInt64()).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public async Task reporter_outlet_and_recordedBy_filter_exactly()
    {
        Items(await GetJson("/api/audit?reporter=Vinny%20O'Connor")).Select(x => x.GetProperty("saga").GetString())
            .ShouldBe(["ibrahima-konate", "marc-guehi"]);
        Items(await GetJson("/api/audit?outlet=TEAMtalk")).Single().GetProperty("type").GetString().ShouldBe("expectation_reported");
        Items(await GetJson($"/api/audit?recordedBy={TimelineFixture.EditorKeyName}")).Single()
            .GetProperty("reporter").GetString().ShouldBe("Dean Jones");
        Items(await GetJson("/api/audit?reporter=Nobody")).ShouldBeEmpty();
    }

    [Fact]
    public async Task published_time_and_recorded_time_filter_separately()
    {
        Items(await GetJson("/api/audit?publishedFrom=2025-11-29T00:00:00Z&publishedTo=2025-11-29T12:00:00Z"))
            .Select(x => x.GetProperty("reportId").GetString()).ShouldBe(["sky-1", "sky-1"]);
        Items(await GetJson("/api/audit?to=2000-01-01")).ShouldBeEmpty();
        Items(await GetJson($"/api/audit?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-10).ToString("O"))}"))
            .Length.ShouldBe(6);
    }

    [Fact]
    public async Task keyset_pages_cover_everything_once_in_order()
    {
        var seen = new List<long>();
        long? after = null;
        var pages = 0;
        do
        {
            var page = await GetJson($"/api/audit?limit=2{(after is { } a ? $"&after={a}" : "")}");
            var items = Items(page);
            items.Length.ShouldBeLessThanOrEqualTo(2);
            seen.AddRange(items.Select(x => x.GetProperty("sequence").GetInt64()));
            after = page.GetProperty("nextAfter").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextAfter").GetInt64();
            pages++;
        }
        while (after is not null && pages < 10);

        seen.Count.ShouldBe(6);
        seen.ShouldBeUnique();
        seen.ShouldBeInOrder(SortDirection.Ascending);
        pages.ShouldBe(3);
    }

    [Fact]
    public async Task retracted_claims_are_marked_not_hidden()
    {
        await Send(HttpMethod.Post, "/api/reports/sky-1/retraction", new { reason = "The source withdrew the story." }, 201, TimelineFixture.EditorKey);
        var items = Items(await GetJson("/api/audit?reporter=Vinny%20O'Connor"));
        items.Length.ShouldBe(2);
        items.ShouldAllBe(x => x.GetProperty("retracted").GetBoolean());
    }

    [Fact]
    public async Task bad_paging_or_dates_are_400_problems()
    {
        (await GetJson("/api/audit?limit=0", 400)).GetProperty("errors").TryGetProperty("limit", out _).ShouldBeTrue();
        (await GetJson("/api/audit?limit=5000", 400)).GetProperty("errors").TryGetProperty("limit", out _).ShouldBeTrue();
        (await GetJson("/api/audit?from=yesterday", 400)).GetProperty("errors").TryGetProperty("from", out _).ShouldBeTrue();
    }
}
