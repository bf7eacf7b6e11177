using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Timeline.Api.Infrastructure;

/// <summary>
/// What the OpenAPI document promises a client beyond each endpoint's own success answer: who Timeline is,
/// every refusal an operation can answer as problem details (README, "Errors"), numbers as numbers, and
/// Server-Sent Events as the text stream they are. A generated client gets its types from here.
/// </summary>
public static class OpenApiContract
{
    private const string ProblemJson = "application/problem+json";

    /// <summary>An example of each refusal, as the service writes it.</summary>
    private static readonly Dictionary<int, (string Description, Func<string, JsonObject> Example)> Refusals = new()
    {
        [StatusCodes.Status400BadRequest] = ("The request has invalid fields (each named by its path in errors), or is not JSON of the expected shape; nothing was stored.",
            path => Problem("https://tools.ietf.org/html/rfc9110#section-15.5.1", "One or more validation errors occurred.", 400,
                "The request has invalid fields; nothing was stored.", path, new JsonObject
                {
                    ["claims[0].level"] = new JsonArray("'obsessed' is not allowed; expected one of: monitoring, interested, advanced, bid, agreed, cooling, withdrawn."),
                })),
        [StatusCodes.Status401Unauthorized] = ("No API key, or a wrong one.",
            path => Problem("https://tools.ietf.org/html/rfc9110#section-15.5.2", "API key required", 401,
                "Send a valid key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.", path)),
        [StatusCodes.Status403Forbidden] = ("The key lacks the scope this needs, or acts on another key's report, subscription or feed; nothing was stored.",
            path => Problem("https://tools.ietf.org/html/rfc9110#section-15.5.4", "Not allowed for this key", 403,
                "The key 'ingest-bot' lacks the scope this needs (read, write, admin: see Auth:Scopes); nothing was stored.", path)),
        [StatusCodes.Status404NotFound] = ("Nothing is known by that name or id.",
            path => Problem("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not Found", 404, "There is no saga 'ibrahima-konate'.", path)),
        [StatusCodes.Status409Conflict] = ("The request contradicts what is stored (a report id recorded with different content, a feed already followed, an article already recorded); nothing was stored.",
            path => Problem("https://tools.ietf.org/html/rfc9110#section-15.5.10", "Conflict", 409,
                "Report 'sky-2025-11-29-konate' was already recorded with different content; use a new id for a different report.", path)),
        [StatusCodes.Status413PayloadTooLarge] = ("The body is over 1 MiB (also when sent chunked); nothing was stored.",
            path => Problem("https://tools.ietf.org/html/rfc9110#section-15.5.14", "Request body too large", 413,
                "The request body is larger than 1048576 bytes; nothing was stored.", path)),
        [StatusCodes.Status429TooManyRequests] = ("Too many requests from this key or client address (or wrong keys, or live streams); Retry-After says when to try again.",
            path => Problem("https://tools.ietf.org/html/rfc6585#section-4", "Too many writes", 429,
                "The key 'ingest-bot' is over its write rate. Retry after 1 s.", path)),
        [StatusCodes.Status503ServiceUnavailable] = ("Not now: the database is unreachable or answered too late, a saga stayed locked by other writes past the command timeout (title 'Saga busy'), or a read ran past its time limit; nothing was stored. Retry-After says when to try again.",
            path => Problem("https://tools.ietf.org/html/rfc9110#section-15.6.4", "Saga busy", 503,
                "Saga 'ibrahima-konate' stayed locked by other writes past the command timeout. Nothing was stored; retry shortly.", path)),
    };

    public static OpenApiOptions AddTimelineContract(this OpenApiOptions options, IConfiguration configuration)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            var contact = configuration.GetSection("Timeline:OpenApi:Contact");
            document.Info.Title = "Timeline";
            document.Info.Description =
                "The whole history of football transfer rumours: every claim a journalist publishes is stored once, with its "
                + "provenance, and a saga's state can be read as of any date (valid time: publishedAt) as it was known at any "
                + "time (recorded time). Writes need an API key (Authorization: Bearer <key> or X-Api-Key). Every refusal is "
                + "RFC 9457 problem details (application/problem+json) with the request's traceId.";
            document.Info.Contact = new OpenApiContact
            {
                Name = contact["Name"] ?? "Timeline maintainers",
                Email = contact["Email"],
                Url = contact["Url"] is { } url ? new Uri(url) : null,
            };
            // Every endpoint now declares what it answers and what it reads: "IResult" and "JsonElement" (any JSON) are
            // nobody's answer or body any more.
            document.Components?.Schemas?.Remove("IResult");
            document.Components?.Schemas?.Remove("JsonElement");
            ReferenceUnions(document);
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }

            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            NumbersAreNumbers(schema);
            if (schema.Format is "date-time" or "date" && context.JsonPropertyInfo?.PropertyType is { } property
                && Nullable.GetUnderlyingType(property) is not null)
            {
                schema.Type |= JsonSchemaType.Null;
            }

            // A claim is exactly one of its kinds, told apart by "type": oneOf, as generators expect a discriminated union
            // (with anyOf beside an object type, Kiota merged every kind's fields into one class).
            if (schema.Discriminator is not null && schema.AnyOf is { Count: > 0 } kinds)
            {
                schema.OneOf = kinds;
                schema.AnyOf = null;
                schema.Type = null;
                schema.Required = null;
            }

            if (context.JsonTypeInfo.Type.IsAssignableTo(typeof(ProblemDetails)))
            {
                // RFC 9457 lets problem details carry extensions: Timeline's carry traceId, some more (sagas).
                schema.AdditionalPropertiesAllowed = true;
                schema.AdditionalProperties = null;
                schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
                schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace, to quote when asking about it." };
            }

            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, ct) =>
        {
            await DeclareBodyAsync(operation, context, ct);
            DeclareRefusals(operation, context);
            DescribeEventStreams(operation);
        });
        return options;
    }

    /// <summary>
    /// An endpoint that reads its body as raw JSON (to name every offending field itself) says what it expects with
    /// <c>[Consumes(typeof(T))]</c>; the body is declared as that type, not as "any JSON".
    /// </summary>
    private static async Task DeclareBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var accepts = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAcceptsMetadata>()
            .FirstOrDefault(a => a.RequestType is { } type && type != typeof(System.Text.Json.JsonElement));
        if (accepts?.RequestType is not { } declared || operation.RequestBody?.Content is not { } content
            || !content.Values.Any(media => media.Schema is OpenApiSchemaReference { Reference.Id: "JsonElement" }))
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(declared, null, ct);
        context.Document?.AddComponent(declared.Name, schema);
        foreach (var media in content.Values)
        {
            media.Schema = new OpenApiSchemaReference(declared.Name, context.Document);
        }
    }

    /// <summary>
    /// A body declared from its type (<see cref="DeclareBodyAsync"/>) has its schemas inline: a discriminated union in it
    /// (the claims of a report) becomes a reference to the union's component, so a client gets one Claim type.
    /// </summary>
    private static void ReferenceUnions(OpenApiDocument document)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null)
        {
            return;
        }

        var unions = schemas.Where(s => s.Value is OpenApiSchema { Discriminator.Mapping: not null }).ToList();
        foreach (var union in unions.Select(u => u.Value).OfType<OpenApiSchema>())
        {
            // Each kind's component is named after its type: the mapping names each by the value of "type" it holds.
            foreach (var kind in union.OneOf?.OfType<OpenApiSchemaReference>() ?? [])
            {
                if (kind.Reference.Id is { } id && schemas.TryGetValue(id, out var target)
                    && target.Properties?.TryGetValue(union.Discriminator!.PropertyName!, out var tag) is true
                    && tag.Enum?.FirstOrDefault()?.GetValue<string>() is { } value)
                {
                    union.Discriminator.Mapping![value] = new OpenApiSchemaReference(id, document);
                }
            }
        }

        string? UnionOf(IOpenApiSchema? schema) => schema is OpenApiSchema { Discriminator: { Mapping: { } mapping } discriminator }
            ? unions.FirstOrDefault(u => u.Value.Discriminator!.PropertyName == discriminator.PropertyName
                                         && u.Value.Discriminator.Mapping!.Keys.Order().SequenceEqual(mapping.Keys.Order())).Key
            : null;

        foreach (var schema in schemas.Values.OfType<OpenApiSchema>())
        {
            foreach (var (name, property) in schema.Properties?.ToList() ?? [])
            {
                if (UnionOf(property) is { } union)
                {
                    schema.Properties![name] = new OpenApiSchemaReference(union, document);
                }
                else if (property is OpenApiSchema { Items: var items } array && UnionOf(items) is { } itemUnion)
                {
                    array.Items = new OpenApiSchemaReference(itemUnion, document);
                }
            }
        }
    }

    /// <summary>
    /// The reader accepts numbers sent as strings, which made every number in the document "integer or string": the
    /// service writes numbers, so that is what is declared (and what a generated client reads).
    /// </summary>
    private static void NumbersAreNumbers(OpenApiSchema schema)
    {
        // Instants have a converter of their own (ISO-8601 UTC), which leaves their schema without a type.
        if (schema.Format is "date-time" or "date" && (schema.Type is not { } known || !known.HasFlag(JsonSchemaType.String)))
        {
            schema.Type = (schema.Type ?? 0) | JsonSchemaType.String;
        }

        if (schema.Type is { } type && (type & JsonSchemaType.String) != 0 && (type & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0)
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        foreach (var property in schema.Properties?.Values.OfType<OpenApiSchema>() ?? [])
        {
            NumbersAreNumbers(property);
        }

        if (schema.Items is OpenApiSchema items)
        {
            NumbersAreNumbers(items);
        }

        if (schema.AdditionalProperties is OpenApiSchema values)
        {
            NumbersAreNumbers(values);
        }
    }

    private static void DeclareRefusals(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var description = context.Description;
        operation.Responses ??= new OpenApiResponses();
        var responses = operation.Responses;

        // Wolverine declares "200 IResult" and a bare 404 for every endpoint returning IResult: neither is an answer.
        foreach (var status in responses.Where(r => IsUntyped(r.Key, r.Value)).Select(r => r.Key).ToList())
        {
            responses.Remove(status);
        }

        // CSV (the audit's other format) is text, whatever type the JSON of the same answer has.
        foreach (var media in responses.Values.SelectMany(r => r.Content ?? new Dictionary<string, OpenApiMediaType>())
                     .Where(m => m.Key == "text/csv").Select(m => m.Value))
        {
            media.Schema = new OpenApiSchema { Type = JsonSchemaType.String };
        }

        var policies = description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
        var writes = policies.Contains(ApiKeyAuthentication.WritePolicy) || policies.Contains(ApiKeyAuthentication.AdminPolicy);
        var named = description.ParameterDescriptions.Any(p => p.Source == BindingSource.Path);
        var takesInput = operation.RequestBody is not null || description.ParameterDescriptions.Any(p => p.Source == BindingSource.Query);

        var refusals = new List<int>();
        if (takesInput)
        {
            refusals.Add(StatusCodes.Status400BadRequest);
        }

        refusals.Add(StatusCodes.Status401Unauthorized);
        if (writes)
        {
            refusals.Add(StatusCodes.Status403Forbidden);
        }

        if (named)
        {
            refusals.Add(StatusCodes.Status404NotFound);
        }

        if (operation.RequestBody is not null)
        {
            refusals.Add(StatusCodes.Status413PayloadTooLarge);
        }

        refusals.Add(StatusCodes.Status429TooManyRequests);
        refusals.Add(StatusCodes.Status503ServiceUnavailable);
        if (responses.ContainsKey("409"))
        {
            refusals.Add(StatusCodes.Status409Conflict);
        }

        var path = "/" + (description.RelativePath ?? "").Split('?')[0];
        foreach (var status in refusals.Order())
        {
            var (text, example) = Refusals[status];
            var schema = status == StatusCodes.Status400BadRequest ? "HttpValidationProblemDetails" : "ProblemDetails";
            var response = new OpenApiResponse
            {
                Description = status == StatusCodes.Status401Unauthorized && !writes
                    ? "Only when reads need a key (Auth:RequireKeyForReads): no API key, or a wrong one."
                    : text,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemJson] = new() { Schema = new OpenApiSchemaReference(schema, context.Document), Example = example(path) },
                },
            };
            if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
            {
                response.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader
                    {
                        Description = "Seconds to wait before trying again.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                    },
                };
            }

            responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
        }
    }

    private static bool IsUntyped(string status, IOpenApiResponse response) =>
        response.Content is not { Count: > 0 } content || content.Values.All(media => media.Schema is null)
            ? status == "404"
            : content.Values.Any(media => media.Schema is OpenApiSchemaReference { Reference.Id: "IResult" });

    /// <summary>
    /// A Server-Sent Events answer is a text stream, not one JSON document: each event's data line is one
    /// LiveMessage (see its schema), which the description says.
    /// </summary>
    private static void DescribeEventStreams(OpenApiOperation operation)
    {
        foreach (var response in operation.Responses?.Values.OfType<OpenApiResponse>() ?? [])
        {
            if (response.Content?.TryGetValue("text/event-stream", out var media) is true)
            {
                media.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "Server-Sent Events: 'id: <feed position>', 'event: state' (or 'summary'), and one 'data:' line "
                                  + "holding a LiveMessage as JSON; a ': heartbeat' comment every 15 s.",
                };
                response.Description = "A stream of Server-Sent Events: first the current state, then one event per change.";
            }
        }
    }

    private static JsonObject Problem(string type, string title, int status, string detail, string instance, JsonObject? errors = null)
    {
        var problem = new JsonObject
        {
            ["type"] = type, ["title"] = title, ["status"] = status, ["detail"] = detail, ["instance"] = instance,
        };
        if (errors is not null)
        {
            problem["errors"] = errors;
        }

        problem["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        return problem;
    }
}
