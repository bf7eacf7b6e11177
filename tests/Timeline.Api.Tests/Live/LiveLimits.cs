namespace Timeline.Api.Tests;

/// <summary>What one client may hold of a node's live streams, and what a resuming client is sent, on the built service.</summary>
public sealed class LiveLimits(LiveLimitsFixture fixture) : IClassFixture<LiveLimitsFixture>
{
    public const int StreamsPerClient = 3;
    public const int ResumeWindow = 5;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private ServiceNode Node => fixture.Node;

    [Fact]
    public async Task a_client_holding_its_share_of_streams_is_refused_another_with_429_until_it_closes_one()
    {
        // Through the node's trusted proxy (loopback) as a client of its own, so the other tests' streams do not count.
        const string client = "198.51.100.23";
        await Node.PutSagaAsync("limit-konate", "Ibrahima Konaté");
        var streams = new List<SseStream>();
        try
        {
            for (var i = 0; i < StreamsPerClient; i++)
            {
                var stream = await SseStream.OpenAsync(Node.Http, "/api/sagas/limit-konate/live", forwardedFor: client);
                stream.Response.StatusCode.ShouldBe(HttpStatusCode.OK);
                await stream.NextAsync(Patience);
                streams.Add(stream);
            }

            await using (var refused = await SseStream.OpenAsync(Node.Http, "/api/live", forwardedFor: client))
            {
                refused.Response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
                refused.Response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
                refused.Response.Headers.RetryAfter.ShouldNotBeNull();
            }

            await using (var another = await SseStream.OpenAsync(Node.Http, "/api/live", forwardedFor: "198.51.100.24"))
            {
                another.Response.StatusCode.ShouldBe(HttpStatusCode.OK, "another client is not held back");
            }

            await streams[0].DisposeAsync();
            streams.RemoveAt(0);
            await Reliably(async () =>
            {
                await using var again = await SseStream.OpenAsync(Node.Http, "/api/live", forwardedFor: client);
                return again.Response.StatusCode == HttpStatusCode.OK;
            });
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task a_client_that_missed_more_than_the_resume_window_gets_the_current_state_instead_of_a_replay()
    {
        const string client = "198.51.100.31";
        var lastSeen = await OpenedAtAsync("window-guehi", "Marc Guéhi", client);

        for (var i = 0; i < ResumeWindow + 3; i++)
        {
            await Node.PostReportAsync(ServiceNode.Report($"window-{i}", $"2025-11-{i + 1:00}T10:00:00Z", ServiceNode.Interest("window-guehi", "Liverpool", i % 2 == 0 ? "interested" : "advanced")));
        }

        await using var resumed = await OpenWhenPublishedAsync("/api/sagas/window-guehi/live", lastSeen, version: ResumeWindow + 4, client);
        var first = await resumed.NextAsync(Patience);
        first.Json.GetProperty("cause").ValueKind.ShouldBe(JsonValueKind.Null, "the current state, not the first missed change");
        first.Json.GetProperty("version").GetInt64().ShouldBe(ResumeWindow + 4);
        first.Json.GetProperty("state").GetProperty("claims").GetInt32().ShouldBe(ResumeWindow + 3);
        await resumed.ShouldStayQuietAsync(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task a_client_that_missed_a_few_changes_gets_each_of_them()
    {
        const string client = "198.51.100.32";
        var lastSeen = await OpenedAtAsync("window-upamecano", "Dayot Upamecano", client);

        for (var i = 0; i < 3; i++)
        {
            await Node.PostReportAsync(ServiceNode.Report($"few-{i}", $"2025-11-{i + 1:00}T10:00:00Z", ServiceNode.Interest("window-upamecano", "Bayern Munich", "interested")));
        }

        await using var resumed = await OpenWhenPublishedAsync("/api/sagas/window-upamecano/live", lastSeen, version: 4, client);
        for (var version = 2; version <= 4; version++)
        {
            var change = await resumed.NextAsync(Patience);
            change.Json.GetProperty("version").GetInt64().ShouldBe(version);
            change.Json.GetProperty("cause").GetProperty("reportId").GetString().ShouldBe($"few-{version - 2}");
        }
    }

    [Fact]
    public async Task the_summary_view_carries_what_a_list_shows_and_not_the_whole_state()
    {
        await Node.PutSagaAsync("summary-konate", "Ibrahima Konaté");
        await using var stream = await SseStream.OpenAsync(Node.Http, "/api/live?saga=summary-konate&view=summary", forwardedFor: "198.51.100.33");
        var first = (await stream.NextAsync(Patience)).Json.GetProperty("state");
        first.GetProperty("player").GetString().ShouldBe("Ibrahima Konaté");
        first.TryGetProperty("clubStances", out _).ShouldBeFalse();

        await Node.PostReportAsync(ServiceNode.Report("summary-1", "2025-11-29T09:30:00Z", ServiceNode.Interest("summary-konate", "Real Madrid", "cooling"),
            new { saga = "summary-konate", type = "club-stance", club = "Liverpool", stance = "wants-to-keep" }));
        (await stream.NextAsync(Patience)).Json.GetProperty("version").GetInt64().ShouldBe(2, "the report's first claim");
        var change = (await stream.NextAsync(Patience)).Json;
        change.GetProperty("cause").GetProperty("reportId").GetString().ShouldBe("summary-1");
        var summary = change.GetProperty("state");
        summary.GetProperty("suitors")[0].GetProperty("interest").GetString().ShouldBe("cooling");
        summary.GetProperty("claims").GetInt32().ShouldBe(2, change.ToString());
        summary.TryGetProperty("clubStances", out _).ShouldBeFalse();
        summary.TryGetProperty("expectations", out _).ShouldBeFalse();

        using var bad = await Node.Http.GetAsync("/api/live?view=everything");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    /// <summary>
    /// Opens saga <paramref name="slug"/> and returns the position of its opening, as a client that saw the opened
    /// saga and then went away. The first event's id is the feed's position when the stream joined, which is below
    /// the opening's when the feed had not published it yet (the state sent already holds it); a client resuming
    /// from there would be sent the opening again, so the position a client has seen everything up to is the larger.
    /// </summary>
    private async Task<string> OpenedAtAsync(string slug, string player, string client)
    {
        await Node.PutSagaAsync(slug, player);
        var opening = await fixture.SequenceOfAsync(slug, version: 1);
        await using var stream = await SseStream.OpenAsync(Node.Http, $"/api/sagas/{slug}/live", forwardedFor: client);
        var first = await stream.NextAsync(Patience);
        first.Json.GetProperty("version").GetInt64().ShouldBe(1);
        return Math.Max(long.Parse(first.Id!), opening).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Opens a stream resuming after <paramref name="lastEventId"/> once the feed has published the saga's
    /// <paramref name="version"/>. Each test speaks as a client of its own (through the node's trusted loopback
    /// proxy): a stream just closed may still count against its client for a moment, and the limit here is small.
    /// </summary>
    private async Task<SseStream> OpenWhenPublishedAsync(string path, string lastEventId, long version, string client)
    {
        await using (var probe = await SseStream.OpenAsync(Node.Http, path, forwardedFor: client))
        {
            var current = await probe.NextAsync(Patience);
            while (current.Json.GetProperty("version").GetInt64() < version)
            {
                current = await probe.NextAsync(Patience);
            }
        }

        return await SseStream.OpenAsync(Node.Http, path, lastEventId, client);
    }

    private static async Task Reliably(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the node did not free the closed stream's place");
            await Task.Delay(100);
        }
    }
}

public sealed class LiveLimitsFixture : IAsyncLifetime
{
    private string _database = null!;

    public ServiceNode Node { get; private set; } = null!;

    /// <summary>The global sequence of the saga's event <paramref name="version"/>, read from the node's database.</summary>
    public async Task<long> SequenceOfAsync(string slug, long version)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"select seq_id from {Timeline.Api.Infrastructure.Store.Schema}.mt_events where stream_id = @slug and version = @version", connection);
        command.Parameters.AddWithValue("slug", slug);
        command.Parameters.AddWithValue("version", version);
        return (long)(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"{slug} has no event {version}."));
    }

    public async Task InitializeAsync() => Node = await ServiceNode.StartAsync(
        _database = await TestDatabase.CreateDatabaseAsync("livelimits"),
        ("Timeline__Live__MaxStreamsPerClient", LiveLimits.StreamsPerClient.ToString()),
        ("Timeline__Live__ResumeWindow", LiveLimits.ResumeWindow.ToString()),
        // Every read but a stream is cut short at once on this node: what a read that takes too long gets.
        ("Timeline__RequestTimeouts__Reads", "00:00:00.001"),
        // Reads need a key here (the node's client sends one): so do the API's description and readiness's detail.
        ("Auth__RequireKeyForReads", "true"));

    public async Task DisposeAsync() => await Node.DisposeAsync();
}
