using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;

namespace Timeline.Api.Audit;

/// <summary>
/// Each saga stream is a hash chain: an event's hash is SHA-256 over the previous event's hash and a
/// canonical encoding of everything the event asserts: its type, its version in the stream, who
/// recorded it, and its data (the claim and the report's provenance: report id, reporter, outlet,
/// publishedAt, url, quote). Changing any of them, or removing or reordering events, changes every
/// hash from there on, so a pinned head no longer matches.
/// </summary>
public static class SagaChain
{
    /// <summary>The "previous hash" of a stream's first event.</summary>
    public static readonly string Genesis = new('0', 64);

    private static readonly JsonSerializerOptions Compact = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The hash of an event whose data is the JSON <paramref name="data"/>, following <paramref name="previous"/>.</summary>
    public static string Hash(string previous, string type, long version, string? recordedBy, string data) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previous + "\n" + Canonical(type, version, recordedBy, data))));

    /// <summary>
    /// The encoding that is hashed: one JSON object with keys in ordinal order at every depth, no
    /// whitespace, strings unescaped where JSON allows, and numbers in their shortest exact decimal form,
    /// so the same event gives the same bytes however its JSON was written or stored (jsonb reorders keys).
    /// </summary>
    public static string Canonical(string type, long version, string? recordedBy, string data)
    {
        var envelope = new JsonObject
        {
            ["data"] = Normalize(JsonNode.Parse(data)),
            ["recordedBy"] = recordedBy,
            ["type"] = type,
            ["version"] = version,
        };
        return envelope.ToJsonString(Compact);
    }

    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Normalize(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Normalize).ToArray()),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => JsonValue.Create(Number(value)),
        _ => node?.DeepClone(),
    };

    /// <summary>A number as exact decimal text without exponent or trailing zeros: 0.70, 7E-1 and 0.7 are all "0.7".</summary>
    private static decimal Number(JsonValue value)
    {
        var text = value.ToJsonString();
        var number = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return number / 1.0000000000000000000000000000m;
    }
}
