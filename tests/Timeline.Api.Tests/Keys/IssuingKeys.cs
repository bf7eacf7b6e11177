using System.Security.Cryptography;
using Marten;
using Timeline.Domain;

namespace Timeline.Api.Tests;

/// <summary>Keys issued and revoked through the API by an admin key, beside the configured ones.</summary>
public sealed class when_an_admin_issues_keys(TimelineFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task an_issued_key_is_shown_once_stored_as_its_hash_writes_until_revoked_and_is_refused_after()
    {
        var created = await Send(HttpMethod.Post, "/api/keys", new { name = "scout-bot" }, status: 201);
        var key = created.GetProperty("key").GetString()!;
        key.ShouldStartWith("tl_");
        key.Length.ShouldBe(46);
        created.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["write"]);
        created.GetProperty("createdBy").GetString().ShouldBe(TimelineFixture.EditorKeyName);

        var events = await StoredEventsAsync("scout-bot");
        events.Select(e => e.EventTypeName).ShouldBe(["key_created"]);
        var stored = (KeyCreated)events[0].Data;
        stored.KeyHash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))));
        events[0].UserName.ShouldBe(TimelineFixture.EditorKeyName);
        (await RawStreamAsync("scout-bot")).ShouldNotContain(key, Case.Sensitive, "only the hash is stored");

        await OpenSaga("keys-konate");
        await PostReport(Report("keys-1", "2025-11-29T09:30:00Z", Interest("keys-konate", "Real Madrid", "cooling")), key: key);
        var audit = await GetJson("/api/audit?saga=keys-konate&recordedBy=scout-bot");
        audit.GetProperty("items").GetArrayLength().ShouldBeGreaterThan(0, "the key records under its name");
        await Send(HttpMethod.Get, "/api/keys", key: key, status: 403);

        var listed = await EventuallyListed("scout-bot", k => k.GetProperty("lastUsedAt").ValueKind == JsonValueKind.String);
        listed.GetProperty("lastUsedAt").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(created.GetProperty("createdAt").GetDateTimeOffset());
        listed.GetProperty("source").GetString().ShouldBe("api");
        listed.GetProperty("revokedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        listed.TryGetProperty("key", out var shown).ShouldBeTrue();
        shown.ValueKind.ShouldBe(JsonValueKind.Null, "a key is shown only when it is made");

        await Send(HttpMethod.Delete, "/api/keys/scout-bot", status: 204);
        var before = await Fixture.EventCountAsync();
        await PostReport(Report("keys-2", "2025-11-30T09:30:00Z", Interest("keys-konate", "Real Madrid", "bid")), expectedStatus: 401, key: key);
        (await Fixture.EventCountAsync()).ShouldBe(before, "nothing stored with a revoked key");
        (await StoredEventsAsync("scout-bot")).Select(e => e.EventTypeName).ShouldBe(["key_created", "key_revoked"]);
        var revoked = (await Send(HttpMethod.Get, "/api/keys")).EnumerateArray().Single(k => k.GetProperty("name").GetString() == "scout-bot");
        revoked.GetProperty("revokedBy").GetString().ShouldBe(TimelineFixture.EditorKeyName);
        revoked.GetProperty("revokedAt").ValueKind.ShouldBe(JsonValueKind.String);
    }

    [Fact]
    public async Task configured_keys_are_listed_keep_working_and_cannot_be_issued_or_revoked()
    {
        var keys = (await Send(HttpMethod.Get, "/api/keys")).EnumerateArray().ToList();
        var editor = keys.Single(k => k.GetProperty("name").GetString() == TimelineFixture.EditorKeyName);
        editor.GetProperty("source").GetString().ShouldBe("configuration");
        editor.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["admin"]);
        keys.Select(k => k.GetProperty("name").GetString()).ShouldBeInOrder(SortDirection.Ascending, StringComparer.Ordinal);

        Detail(await Send(HttpMethod.Post, "/api/keys", new { name = TimelineFixture.WriterKeyName }, status: 409)).ShouldContain("configured key");
        Detail(await Send(HttpMethod.Delete, $"/api/keys/{TimelineFixture.WriterKeyName}", status: 409)).ShouldContain("configured key");
        await OpenSaga("keys-configured");
        (await StoredEventsAsync(TimelineFixture.WriterKeyName)).ShouldBeEmpty("nothing stored for a refused name");
    }

    [Fact]
    public async Task bad_names_and_scopes_reused_names_unknown_keys_and_keys_without_admin_are_refused()
    {
        var errors = (await Send(HttpMethod.Post, "/api/keys", new { name = " spaced name", scopes = new[] { "root", "write" } }, status: 400)).GetProperty("errors");
        errors.GetProperty("name")[0].GetString()!.ShouldContain("1 to 64 letters");
        errors.GetProperty("scopes")[0].GetString()!.ShouldContain("'root' is not a scope");
        (await Send(HttpMethod.Post, "/api/keys", new { name = "empty-scopes", scopes = Array.Empty<string>() }, status: 400))
            .GetProperty("errors").GetProperty("scopes")[0].GetString()!.ShouldContain("at least one");
        await Send(HttpMethod.Post, "/api/keys", new { }, status: 400);
        await Send(HttpMethod.Post, "/api/keys", new { name = "not-allowed" }, key: TimelineFixture.WriterKey, status: 403);
        await Send(HttpMethod.Post, "/api/keys", new { name = "no-key" }, key: null, status: 401);
        await Send(HttpMethod.Get, "/api/keys", key: TimelineFixture.WriterKey, status: 403);
        await Send(HttpMethod.Delete, "/api/keys/anything", key: TimelineFixture.WriterKey, status: 403);
        (await Fixture.EventCountAsync()).ShouldBe(0, "nothing stored for a refused request");

        var admin = await Send(HttpMethod.Post, "/api/keys", new { name = "night-editor", scopes = new[] { "admin" } }, status: 201);
        await Send(HttpMethod.Get, "/api/keys", key: admin.GetProperty("key").GetString(), status: 200);
        Detail(await Send(HttpMethod.Post, "/api/keys", new { name = "night-editor" }, status: 409)).ShouldContain("issued before");
        Detail(await Send(HttpMethod.Delete, "/api/keys/nobody-at-all", status: 404)).ShouldContain("nobody-at-all");
        await Send(HttpMethod.Delete, "/api/keys/night-editor", status: 204);
        Detail(await Send(HttpMethod.Delete, "/api/keys/night-editor", status: 409)).ShouldContain("already revoked");
        Detail(await Send(HttpMethod.Post, "/api/keys", new { name = "night-editor" }, status: 409)).ShouldContain("never reused");
        (await StoredEventsAsync("night-editor")).Select(e => e.EventTypeName).ShouldBe(["key_created", "key_revoked"]);
    }

    private static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString()!;

    private async Task<JsonElement> EventuallyListed(string name, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var key = (await Send(HttpMethod.Get, "/api/keys")).EnumerateArray().Single(k => k.GetProperty("name").GetString() == name);
            if (condition(key) || DateTime.UtcNow > deadline)
            {
                return key;
            }

            await Task.Delay(100);
        }
    }

    private async Task<IReadOnlyList<JasperFx.Events.IEvent>> StoredEventsAsync(string name)
    {
        await using var session = Fixture.Store.QuerySession();
        return await session.Events.FetchStreamAsync(KeyStreams.Key(name));
    }

    private async Task<string> RawStreamAsync(string name)
    {
        await using var session = Fixture.Store.QuerySession();
        var rows = await session.AdvancedSql.QueryAsync<string>(
            $"select data::text from {Infrastructure.Store.Schema}.mt_events where stream_id = ?", CancellationToken.None, KeyStreams.Key(name));
        return string.Join('\n', rows);
    }

    private Task<JsonElement> Send(HttpMethod method, string url, object? body = null, string? key = TimelineFixture.EditorKey, int status = 200) =>
        SendAsync(method, url, body, key, status);
}
