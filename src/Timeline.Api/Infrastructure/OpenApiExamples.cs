using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Timeline.Api.Infrastructure;

/// <summary>
/// Examples for the OpenAPI document, taken from the Konaté saga of the demo data: every parameter
/// gets one by name, and every request body and main answer gets one by operation.
/// </summary>
public static class OpenApiExamples
{
    private const string SubscriptionId = "0193a5e4-7b1c-7d3e-9f00-4c2b8e5d1a77";
    private const string FeedId = "0193a5e4-9d2e-7a41-8c00-5d3c9f6e2b88";

    private static readonly Dictionary<string, JsonNode> Parameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["slug"] = "ibrahima-konate",
        ["asOf"] = "2025-11-29",
        ["knownAt"] = "2025-12-01T00:00:00Z",
        ["club"] = "Real Madrid",
        ["status"] = "open",
        ["saga"] = "ibrahima-konate",
        ["reporter"] = "Vinny O'Connor",
        ["outlet"] = "Sky Sports",
        ["recordedBy"] = "ingest-bot",
        ["from"] = "2025-11-01",
        ["to"] = "2025-11-30",
        ["publishedFrom"] = "2025-11-01",
        ["publishedTo"] = "2025-11-30",
        ["after"] = 120,
        ["limit"] = 50,
        ["lastEventId"] = 57,
        ["window"] = 30,
        ["sort"] = "accuracy",
        ["offset"] = 0,
        ["view"] = "summary",
        ["feed"] = "0193a5e4-9d2e-7a41-8c00-5d3c9f6e2b88",
        ["deliveryId"] = SubscriptionId + "-57",
        ["name"] = "night-desk",
    };

    private static readonly Dictionary<string, Func<JsonNode>> Bodies = new()
    {
        ["OpenSaga"] = () => new JsonObject
        {
            ["player"] = "Ibrahima Konaté", ["currentClub"] = "Liverpool", ["contractExpires"] = "2026-06-30",
        },
        ["RecordReport"] = () => JsonNode.Parse("""
            {"id":"sky-2025-11-29-konate","reporter":"Vinny O'Connor","outlet":"Sky Sports",
             "publishedAt":"2025-11-29T09:30:00Z","url":"https://www.skysports.com/football/news",
             "quote":"Real Madrid's interest is subsiding.",
             "claims":[
               {"saga":"ibrahima-konate","type":"interest","club":"Real Madrid","level":"cooling"},
               {"saga":"ibrahima-konate","type":"player-stance","stance":"exploring-options","from":"2026-01"}]}
            """)!,
        ["RetractReport"] = () => new JsonObject { ["reason"] = "The outlet withdrew the story." },
        ["Subscribe"] = () => new JsonObject
        {
            ["url"] = "https://example.com/timeline-hook",
            ["sagas"] = new JsonArray("ibrahima-konate"),
            ["clubs"] = new JsonArray(),
            ["secret"] = "a-long-shared-secret-of-yours",
        },
        ["FollowFeed"] = () => new JsonObject
        {
            ["url"] = "https://www.example.com/football/transfers/rss.xml", ["outlet"] = "Example Daily", ["reporter"] = null,
            ["interval"] = "00:05:00",
        },
        ["DismissArticle"] = () => new JsonObject { ["reason"] = "A recap of what was known; nothing new." },
        ["ReplayWebhooks"] = () => new JsonObject { ["fromPosition"] = 57 },
        ["CreateKey"] = () => new JsonObject { ["name"] = "night-desk", ["scopes"] = new JsonArray("write") },
        ["DraftArticle"] = () => new JsonObject
        {
            ["text"] = "Real Madrid's interest in Ibrahima Konate is subsiding, according to Sky Sports' Vinny O'Connor. "
                       + "The defender is expected to explore his options in January.",
            ["publishedAt"] = "2025-11-29T09:30:00Z",
            ["url"] = "https://www.teamtalk.com/liverpool/konate",
            ["outlet"] = "TEAMtalk",
            ["reporter"] = "Dean Jones",
        },
    };

    private static readonly Dictionary<string, Func<JsonNode>> Answers = new()
    {
        ["FollowFeed"] = () => JsonNode.Parse($$"""
            {"id":"{{FeedId}}","url":"https://www.example.com/football/transfers/rss.xml","outlet":"Example Daily",
             "reporter":null,"interval":"00:05:00","status":"pending","lastPolledAt":null,"lastStatusCode":null,"lastError":null,
             "consecutiveFailures":0,"nextPollAt":"2026-11-26T12:00:00Z","articlesReceived":0,
             "createdAt":"2026-11-26T12:00:00Z","createdBy":"ingest-bot"}
            """)!,
        ["ListArticles"] = () => JsonNode.Parse($$"""
            {"items":[{"id":"5f0c3a9e1b2d4c6e8f0a1b2c","feedId":"{{FeedId}}","outlet":"Example Daily","reporter":null,
                       "title":"Konaté weighs up his future","link":"https://www.example.com/news/konate",
                       "published":"2025-11-29T09:30:00Z","fetchedAt":"2025-11-29T09:31:02Z","status":"pending",
                       "excerpt":"Ibrahima Konaté is expected to explore his options in January.","reportIds":[],
                       "claims":[{"type":"player-stance","saga":"ibrahima-konate","stance":"exploring-options","club":null,"from":"2026-01"}]}],
             "nextAfter":null}
            """)!,
        ["RecordReport"] = () => JsonNode.Parse("""
            {"reportId":"sky-2025-11-29-konate","events":[{"saga":"ibrahima-konate","version":16}]}
            """)!,
        ["RetractReport"] = () => JsonNode.Parse("""
            {"reportId":"sky-2025-11-29-konate","reason":"The outlet withdrew the story.","retractedBy":"ingest-bot",
             "events":[{"saga":"ibrahima-konate","version":17}]}
            """)!,
        ["GetSaga"] = () => JsonNode.Parse("""
            {"slug":"ibrahima-konate","player":"Ibrahima Konaté","currentClub":"Liverpool","contractExpires":"2026-06-30",
             "status":"open","outcome":null,
             "suitors":[{"club":"Real Madrid","interest":"cooling","since":"2025-11-29T09:30:00Z",
                         "reporter":"Vinny O'Connor","outlet":"Sky Sports","reportId":"sky-2025-11-29-konate"}],
             "playerStance":{"stance":"exploring-options","club":null,"from":"2026-01","since":"2025-11-29T09:30:00Z",
                             "reporter":"Vinny O'Connor","outlet":"Sky Sports","reportId":"sky-2025-11-29-konate"},
             "clubStances":[],"offers":[],"expectations":[],"claims":12,"lastReportAt":"2025-11-29T09:30:00Z",
             "version":16,"asOf":"2025-11-29T23:59:59.9999999Z","knownAt":"2026-11-26T12:00:00Z"}
            """)!,
        ["GetReporter"] = () => JsonNode.Parse("""
            {"slug":"dean-jones","name":"Dean Jones","kind":"reporter","asOf":"2026-11-26T12:00:00Z",
             "reports":1,"sagas":1,
             "claims":{"interest":1,"offer":0,"player-stance":0,"club-stance":0,"expectation":1,"outcome":0},
             "firstToReport":0,"resolved":1,"correct":1,"accuracy":1,"brier":0.25,
             "predictions":[{"saga":"ibrahima-konate","outcome":"renewal","club":"Liverpool","confidence":0.5,
                             "confidenceStated":false,"publishedAt":"2025-11-29T19:00:00Z",
                             "reportId":"teamtalk-2025-11-29-konate-jones",
                             "resolution":{"result":"renewed","club":"Liverpool","publishedAt":"2026-03-02T17:00:00Z",
                                           "reportId":"liverpool-2026-03-02-konate-renews","correct":true}}],
             "firstReports":[]}
            """)!,
        ["GetSagaContradictions"] = () => JsonNode.Parse("""
            {"saga":"ibrahima-konate","windowDays":30,"knownAt":"2026-11-26T12:00:00Z",
             "contradictions":[{"rule":"not-pursuing-vs-active-interest","daysApart":18.17,
               "earlier":{"reportId":"example-daily-2025-11-10-madrid-bid","reporter":"A. Reporter","outlet":"Example Daily",
                          "publishedAt":"2025-11-10T08:00:00Z","url":"https://example.com/madrid-bid",
                          "quote":"Real Madrid have made a bid for Konate.",
                          "claim":{"type":"interest","saga":"ibrahima-konate","club":"Real Madrid","level":"bid"},
                          "version":16,"recordedAt":"2026-11-26T11:58:00Z","recordedBy":"ingest-bot"},
               "later":{"reportId":"athletic-2025-11-28-konate-real-madrid","reporter":"The Athletic","outlet":"The Athletic",
                        "publishedAt":"2025-11-28T12:00:00Z","url":null,"quote":null,
                        "claim":{"type":"club-stance","saga":"ibrahima-konate","club":"Real Madrid","stance":"not-pursuing"},
                        "version":9,"recordedAt":"2026-11-20T09:00:00Z","recordedBy":"demo-data"}}],
             "total":1,"offset":0,"limit":100}
            """)!,
        ["Subscribe"] = () => JsonNode.Parse($$"""
            {"id":"{{SubscriptionId}}","url":"https://example.com/timeline-hook","sagas":["ibrahima-konate"],"clubs":[],
             "status":"active","pausedReason":null,"pausedAt":null,"consecutiveFailures":0,
             "createdAt":"2026-11-26T12:00:00Z","createdBy":"ingest-bot","secret":"a-long-shared-secret-of-yours"}
            """)!,
        ["ReplayWebhooks"] = () => JsonNode.Parse("""{"fromPosition":57,"deliveries":3,"throughPosition":64}""")!,
        ["RedeliverWebhook"] = () => JsonNode.Parse($$"""
            {"id":"{{SubscriptionId}}-57","saga":"ibrahima-konate","position":57,"version":16,"status":"pending","attempts":1,
             "lastStatusCode":200,"lastError":null,"nextAttemptAt":null,"deliveredAt":"2026-11-26T12:00:01Z",
             "history":[{"at":"2026-11-26T12:00:01Z","statusCode":200,"error":null,"durationMs":41.2}]}
            """)!,
        ["CreateKey"] = () => JsonNode.Parse("""
            {"name":"night-desk","scopes":["write"],"source":"api","createdAt":"2026-11-26T12:00:00Z","createdBy":"editor",
             "lastUsedAt":null,"revokedAt":null,"revokedBy":null,"key":"tl_3q2-7wAbCdEfGhIjKlMnOpQrStUvWxYz0123456789a"}
            """)!,
        ["ListKeys"] = () => JsonNode.Parse("""
            [{"name":"editor","scopes":["admin"],"source":"configuration","createdAt":null,"createdBy":null,
              "lastUsedAt":"2026-11-26T12:00:00Z","revokedAt":null,"revokedBy":null,"key":null},
             {"name":"night-desk","scopes":["write"],"source":"api","createdAt":"2026-11-26T12:00:00Z","createdBy":"editor",
              "lastUsedAt":"2026-11-26T21:14:00Z","revokedAt":null,"revokedBy":null,"key":null}]
            """)!,
        ["WatchSaga"] = () => JsonValue.Create("""
            id: 57
            event: state
            data: {"position":57,"saga":"ibrahima-konate","version":16,"state":{...},"changed":["suitors","claims","lastReportAt"],"cause":{"event":"interest_reported","reportId":"sky-2025-11-29-konate","reporter":"Vinny O'Connor","outlet":"Sky Sports","publishedAt":"2025-11-29T09:30:00Z"}}
            """),
    };

    public static OpenApiOptions AddTimelineExamples(this OpenApiOptions options)
    {
        // A saga as clients read it is documented as SagaState, its name since before the stored state and the
        // view had types of their own (Timeline.Domain's SagaState and SagaView): the document stays the same.
        options.CreateSchemaReferenceId = type =>
            type.Type == typeof(Domain.SagaView) ? nameof(Domain.SagaState) : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        options.AddOperationTransformer((operation, context, _) =>
        {
            var path = context.Description.RelativePath ?? "";
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                if (parameter.Name == "slug" && path.StartsWith("api/reporters", StringComparison.Ordinal))
                {
                    parameter.Example = "dean-jones";
                }
                else if (parameter.Name == "slug" && path.StartsWith("api/outlets", StringComparison.Ordinal))
                {
                    parameter.Example = "teamtalk";
                }
                else if (parameter.Name == "after" && path.StartsWith("api/articles", StringComparison.Ordinal))
                {
                    parameter.Example = "638998902000000000-5f0c3a9e1b2d4c6e8f0a1b2c";
                }
                else if (parameter.Name == "id")
                {
                    parameter.Example = path.StartsWith("api/subscriptions", StringComparison.Ordinal) ? SubscriptionId
                        : path.StartsWith("api/feeds", StringComparison.Ordinal) ? FeedId
                        : path.StartsWith("api/articles", StringComparison.Ordinal) ? "5f0c3a9e1b2d4c6e8f0a1b2c"
                        : "sky-2025-11-29-konate";
                }
                else if (Parameters.TryGetValue(parameter.Name ?? "", out var example))
                {
                    // A parameter that may be repeated (?saga=a&saga=b) is an array: its example is one too.
                    parameter.Example = parameter.Schema?.Type is { } type && type.HasFlag(JsonSchemaType.Array)
                        ? new JsonArray(example.DeepClone())
                        : example.DeepClone();
                }
            }

            var id = operation.OperationId ?? "";
            if (Bodies.TryGetValue(id, out var body))
            {
                var request = operation.RequestBody as OpenApiRequestBody ?? new OpenApiRequestBody { Required = true };
                request.Content ??= new Dictionary<string, OpenApiMediaType>();
                if (!request.Content.TryGetValue("application/json", out var media))
                {
                    media = new OpenApiMediaType();
                    request.Content["application/json"] = media;
                }

                media.Example = body();
                operation.RequestBody = request;
            }

            if (Answers.TryGetValue(id, out var answer))
            {
                var success = operation.Responses?
                    .Where(r => r.Key.StartsWith('2')).Select(r => r.Value).OfType<OpenApiResponse>().FirstOrDefault();
                if (success is not null)
                {
                    var media = id.StartsWith("Watch", StringComparison.Ordinal) ? "text/event-stream" : "application/json";
                    success.Content ??= new Dictionary<string, OpenApiMediaType>();
                    if (!success.Content.TryGetValue(media, out var content))
                    {
                        content = new OpenApiMediaType();
                        success.Content[media] = content;
                    }

                    content.Example = answer();
                }
            }

            return Task.CompletedTask;
        });
        return options;
    }
}
