using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace Timeline.Reliability.Tests;

/// <summary>
/// A seeded fuzzer against <c>POST /api/reports</c> over real HTTP: a few thousand malformed and
/// adversarial bodies. None may cause a 5xx, each refusal must be problem details, nothing may be half
/// stored, and what was valid must come back exactly as it was sent.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class HostileInput(HostileNode fixture, ITestOutputHelper output)
{
    private const int Seed = 20251130;
    private const int Cases = 3000;
    private const int Senders = 4;
    private static readonly string[] Sagas = ["fuzz-konate", "fuzz-guehi", "fuzz-upamecano"];

    private ServiceNode Node => fixture.Node;

    private sealed record Outcome(HostileCase Case, int Status, string? ContentType, string Body);

    [Fact]
    public async Task thousands_of_hostile_bodies_get_no_5xx_store_nothing_partial_and_valid_text_verbatim()
    {
        foreach (var saga in Sagas)
        {
            await Node.PutSagaAsync(saga, "Fuzzed Player");
        }

        var clock = Stopwatch.StartNew();
        var cases = new ConcurrentQueue<HostileCase>(new HostileBodies(Seed, Sagas).Generate(Cases));
        var outcomes = new ConcurrentBag<Outcome>();
        using var http = Client(Node, ServiceNode.Key);
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(async _ =>
        {
            while (cases.TryDequeue(out var next))
            {
                outcomes.Add(await SendAsync(http, next));
            }
        }));
        var sending = clock.Elapsed;

        var failures = new List<string>();
        foreach (var o in outcomes)
        {
            if (o.Status is 0 or >= 500)
            {
                failures.Add($"{o.Case.Kind}: {o.Status} {Shorten(o.Body)}");
            }
            else if (o.Status >= 400 && (o.ContentType != "application/problem+json" || !IsProblem(o.Body, o.Status)))
            {
                failures.Add($"{o.Case.Kind}: {o.Status} is not problem details ({o.ContentType}): {Shorten(o.Body)}");
            }
            else if (o.Case.Valid is not null && o.Status != 201)
            {
                failures.Add($"{o.Case.Kind}: a valid report was refused with {o.Status}: {Shorten(o.Body)}");
            }
            else if (o.Status is not (200 or 201 or 400 or 409 or 413 or 415))
            {
                failures.Add($"{o.Case.Kind}: unexpected {o.Status}: {Shorten(o.Body)}");
            }
        }

        failures.ShouldBeEmpty(string.Join(Environment.NewLine, failures.Take(20)));

        // Nothing partial: the store holds exactly the claims and reports of the 201s, and no more.
        var recorded = outcomes.Where(o => o.Status == 201).Select(o => JsonDocument.Parse(o.Body).RootElement).ToList();
        var claims = recorded.Sum(r => r.GetProperty("events").GetArrayLength());
        var ids = recorded.Select(r => r.GetProperty("reportId").GetString()!).ToArray();
        (await ScalarAsync<long>(fixture.ConnectionString,
            $"select count(*) from {Schema}.mt_events where stream_id = any($1) and type <> 'saga_opened' and type <> 'tombstone'",
            Sagas)).ShouldBe(claims, "every claim of every 201, and nothing of any refusal");
        (await ScalarAsync<long>(fixture.ConnectionString,
            $"select count(*) from {Schema}.mt_events where type = 'report_recorded' and stream_id like 'report:%' and data -> 'claims' -> 0 ->> 'saga' = any($1)",
            Sagas)).ShouldBe(ids.Length);

        // Verbatim: each valid report reads back with exactly the strings it was sent with.
        var valid = new ConcurrentQueue<ExpectedReport>(outcomes.Where(o => o.Case.Valid is not null).Select(o => o.Case.Valid!));
        var validCount = valid.Count;
        var mismatches = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(async _ =>
        {
            while (valid.TryDequeue(out var expected))
            {
                var stored = await Node.SendAsync(HttpMethod.Get, $"/api/reports/{expected.Id}");
                var clubs = stored.GetProperty("claims").EnumerateArray()
                    .Select(c => c.TryGetProperty("club", out var club) && club.ValueKind == JsonValueKind.String ? club.GetString() : null).ToList();
                if (stored.GetProperty("reporter").GetString() != expected.Reporter
                    || stored.GetProperty("outlet").GetString() != expected.Outlet
                    || Optional(stored, "url") != expected.Url
                    || Optional(stored, "quote") != expected.Quote
                    || !clubs.SequenceEqual(expected.Clubs))
                {
                    mismatches.Add($"{expected.Id}: sent {JsonSerializer.Serialize(expected)}, stored {Shorten(stored.GetRawText())}");
                }
            }
        }));
        mismatches.ShouldBeEmpty(string.Join(Environment.NewLine, mismatches.Take(10)));

        var byStatus = string.Join(", ", outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} x {g.Key}"));
        var byKind = string.Join("; ", outcomes.GroupBy(o => o.Case.Kind).OrderBy(g => g.Key)
            .Select(g => $"{g.Key} {g.Count()} ({string.Join(", ", g.GroupBy(o => o.Status).OrderBy(s => s.Key).Select(s => $"{s.Count()} x {s.Key}"))})"));
        Figures.Record(output, "fuzz", $"seed {Seed}: {Cases} bodies in {sending.TotalSeconds:0.0} s over {Senders} connections: {byStatus}; 0 x 5xx");
        Figures.Record(output, "fuzz", $"by family: {byKind}");
        Figures.Record(output, "fuzz", $"{ids.Length} reports with {claims} claims stored, exactly those of the 201s; {validCount} valid reports read back verbatim");
    }

    private static async Task<Outcome> SendAsync(HttpClient http, HostileCase hostile)
    {
        HttpContent content = hostile.Chunked
            ? new StreamContent(new UnknownLengthStream(hostile.Body))
            : new ByteArrayContent(hostile.Body);
        if (hostile.ContentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(hostile.ContentType);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = content };
        try
        {
            using var response = await http.SendAsync(request);
            return new Outcome(hostile, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType,
                await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException e)
        {
            return new Outcome(hostile, 0, null, $"no answer: {e.Message} {e.InnerException?.Message}");
        }
    }

    private static bool IsProblem(string body, int status)
    {
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            return problem.GetProperty("status").GetInt32() == status && problem.TryGetProperty("title", out _);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private static string? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";

    /// <summary>A body stream that does not tell its length, so the request goes out chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
