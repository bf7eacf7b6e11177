using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Timeline.Api.Infrastructure;

/// <summary>Timeline's own spans and metrics, exported with ASP.NET Core's, Npgsql's, Marten's and Wolverine's.</summary>
public static class TimelineInstruments
{
    public const string Name = "Timeline";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> ReportsRecorded =
        Meter.CreateCounter<long>("timeline.reports.recorded", "{report}", "Reports recorded; repeats are not counted.");

    public static readonly Counter<long> ClaimsRecorded =
        Meter.CreateCounter<long>("timeline.claims.recorded", "{claim}", "Claims recorded, by claim.type.");

    public static readonly Counter<long> ReportsRefused =
        Meter.CreateCounter<long>("timeline.reports.refused", "{report}", "Writes refused, by reason: invalid, conflict, unauthorized.");

    public static readonly Histogram<double> HistoricalReadDuration = Meter.CreateHistogram<double>(
        "timeline.saga.historical_read.duration", "s", "Time to fold a saga as of a date or as known at a date.");

    public static void Refused(string reason) =>
        ReportsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
