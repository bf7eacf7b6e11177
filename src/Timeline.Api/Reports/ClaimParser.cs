namespace Timeline.Api.Reports;

/// <summary>
/// Reads one claim of a report body field by field, so that every problem is reported with its
/// path and nothing half-understood gets through: unknown types, values or fields are errors.
/// </summary>
public static class ClaimParser
{
    private static readonly Dictionary<string, string[]> FieldsByType = new(StringComparer.Ordinal)
    {
        [ClaimTypes.Interest] = ["club", "level"],
        [ClaimTypes.Offer] = ["club", "kind", "status", "amount", "currency"],
        [ClaimTypes.PlayerStance] = ["stance", "club", "from"],
        [ClaimTypes.ClubStance] = ["club", "stance"],
        [ClaimTypes.Expectation] = ["outcome", "club", "confidence"],
        [ClaimTypes.Outcome] = ["result", "club", "fee"],
    };

    public static Claim? Parse(JsonElement element, string path, ValidationErrors errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "must be an object.");
            return null;
        }

        var fields = JsonFields.Properties(element, path, errors);

        var reader = new JsonFields(fields, path, errors);
        var type = reader.String("type", required: true);
        var saga = reader.String("saga", required: true);
        if (saga is not null && !Rules.IsSlug(saga))
        {
            errors.Add($"{path}.saga", "must be a saga slug (lower-case letters and digits separated by hyphens).");
        }

        if (type is null)
        {
            return null;
        }

        if (!FieldsByType.TryGetValue(type, out var allowed))
        {
            errors.Add($"{path}.type", $"'{type}' is not a claim type; expected one of: {string.Join(", ", ClaimTypes.All)}.");
            return null;
        }

        foreach (var name in fields.Keys.Except(["type", "saga", .. allowed], StringComparer.Ordinal))
        {
            errors.Add($"{path}.{name}", $"is not a field of a '{type}' claim; expected: {string.Join(", ", allowed)}.");
        }

        Claim? claim = type switch
        {
            ClaimTypes.Interest => new InterestClaim(
                saga!, reader.Name("club", required: true) ?? "", reader.Enum<InterestLevel>("level", required: true) ?? default),
            ClaimTypes.Offer => ParseOffer(reader, saga!),
            ClaimTypes.PlayerStance => ParsePlayerStance(reader, saga!),
            ClaimTypes.ClubStance => new ClubStanceClaim(
                saga!, reader.Name("club", required: true) ?? "", reader.Enum<ClubStance>("stance", required: true) ?? default),
            ClaimTypes.Expectation => ParseExpectation(reader, saga!),
            ClaimTypes.Outcome => ParseOutcome(reader, saga!),
            _ => null,
        };

        // A claim with any bad field is dropped whole; the placeholders above never leave this method.
        return reader.Failed || saga is null ? null : claim;
    }

    private static OfferClaim ParseOffer(JsonFields reader, string saga)
    {
        var club = reader.Name("club", required: true);
        var kind = reader.Enum<OfferKind>("kind", required: true);
        var status = reader.Enum<OfferStatus>("status", required: true);
        var amount = reader.Money("amount");
        var currency = reader.String("currency", required: false);
        if (currency is not null && !Rules.IsCurrency(currency))
        {
            reader.Error("currency", "must be a three-letter ISO 4217 code such as 'EUR' or 'GBP'.");
        }

        return new OfferClaim(saga, club ?? "", kind ?? default, status ?? default, amount, currency);
    }

    private static PlayerStanceClaim ParsePlayerStance(JsonFields reader, string saga)
    {
        var stance = reader.Enum<PlayerStance>("stance", required: true);
        var club = reader.Name("club", required: false);
        var from = reader.String("from", required: false);
        if (from is not null && !IsDateOrMonth(from))
        {
            reader.Error("from", "must be a date (2026-01-15) or a month (2026-01).");
        }

        return new PlayerStanceClaim(saga, stance ?? default, club, from);
    }

    private static ExpectationClaim ParseExpectation(JsonFields reader, string saga)
    {
        var outcome = reader.Enum<ExpectedOutcome>("outcome", required: true);
        var club = reader.Name("club", required: false);
        double? confidence = null;
        if (reader.Number("confidence") is { } raw)
        {
            if (raw is < 0m or > 1m)
            {
                reader.Error("confidence", "must be between 0 and 1.");
            }
            else
            {
                confidence = (double)raw;
            }
        }

        return new ExpectationClaim(saga, outcome ?? default, club, confidence);
    }

    private static OutcomeClaim ParseOutcome(JsonFields reader, string saga)
    {
        var result = reader.Enum<OutcomeResult>("result", required: true);
        var club = reader.Name("club", required: false);
        var fee = reader.Money("fee");
        return new OutcomeClaim(saga, result ?? default, club, fee);
    }

    private static bool IsDateOrMonth(string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
        || DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
