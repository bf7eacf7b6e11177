using System.Text.Json.Serialization;

namespace Timeline.Bench;

/// <summary>
/// One line of <c>bench/results/latest.json</c>. <see cref="Ratio"/> is oriented so that higher is
/// better: value / baseline for rates, baseline / value for latencies and durations.
/// </summary>
public sealed record Measurement(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("baseline")] string? Baseline,
    [property: JsonPropertyName("baselineValue")] double? BaselineValue,
    [property: JsonPropertyName("ratio")] double? Ratio)
{
    public static bool IsRate(string unit) => unit.EndsWith("/s", StringComparison.Ordinal);

    public static Measurement Of(string name, double value, string unit, Measurement? baseline = null)
    {
        if (!double.IsFinite(value))
        {
            throw new InvalidOperationException($"{name} measured nothing.");
        }

        if (baseline is null || baseline.Value <= 0 || value <= 0)
        {
            return new Measurement(name, Math.Round(value, 3), unit, baseline?.Name, baseline?.Value, null);
        }

        var ratio = IsRate(unit) ? value / baseline.Value : baseline.Value / value;
        return new Measurement(name, Math.Round(value, 3), unit, baseline.Name, baseline.Value, Math.Round(ratio, 3));
    }
}
