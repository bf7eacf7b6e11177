using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Timeline.Domain.Json;

namespace Timeline.Api.Infrastructure;

/// <summary>Writes every instant as ISO-8601 UTC with a <c>Z</c>, whatever offset it carries.</summary>
public sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}

public static class TimelineJson
{
    /// <summary>The HTTP API's JSON settings (camelCase, UTC instants, nulls written as null).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new UtcInstantConverter());
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.MaxDepth = 32;
        options.AllowOutOfOrderMetadataProperties = true;
        Vocabulary(options);
    }

    public static readonly JsonSerializerOptions Api = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }

    /// <summary>The domain's vocabulary in JSON (<see cref="DomainJson.Vocabulary"/>): enums by wire name, claims by kind.</summary>
    public static JsonSerializerOptions Vocabulary(JsonSerializerOptions options) => DomainJson.Vocabulary(options);
}
