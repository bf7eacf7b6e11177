using System.Globalization;
using System.Text.Json;
using Timeline.Domain;

namespace Timeline.Bench;

/// <summary>The reports every scenario sends: one interest claim each, spread over the sagas, reproducible.</summary>
public static class Workload
{
    private static readonly string[] Clubs = ["Real Madrid", "Liverpool", "Bayern Munich", "Arsenal", "PSG", "Chelsea", "Juventus", "Inter"];
    private static readonly string[] Levels = ["monitoring", "interested", "advanced", "bid", "agreed", "cooling", "withdrawn"];
    private static readonly (string Reporter, string Outlet)[] Sources =
    [
        ("Vinny O'Connor", "Sky Sports"), ("Dean Jones", "TEAMtalk"), ("David Ornstein", "The Athletic"), ("Fabrizio Romano", "Here We Go"),
    ];

    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Slug(int saga) => $"saga-{saga:D5}";

    public static string Club(int n) => Clubs[n % Clubs.Length];

    public static string Level(int n) => Levels[(n / Clubs.Length) % Levels.Length];

    /// <summary>Report <paramref name="n"/> of a run, published an hour after the one before.</summary>
    public static DateTimeOffset PublishedAt(int n) => Start.AddHours(n % 15_000);

    public static object Report(string id, int n, int sagas)
    {
        var (reporter, outlet) = Sources[n % Sources.Length];
        return new
        {
            id,
            reporter,
            outlet,
            publishedAt = PublishedAt(n).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            claims = new[] { new { saga = Slug(n % sagas), type = "interest", club = Club(n), level = Level(n) } },
        };
    }

    public static string ReportLine(string id, int n, int sagas) => JsonSerializer.Serialize(Report(id, n, sagas));

    public static InterestReported Event(string id, int n, int sagas)
    {
        var (reporter, outlet) = Sources[n % Sources.Length];
        var level = Enum.Parse<InterestLevel>(Level(n), ignoreCase: true);
        return new InterestReported(new ClaimSource(id, reporter, outlet, PublishedAt(n)), new InterestClaim(Slug(n % sagas), Club(n), level));
    }

    public static SagaOpened Opening(int saga) => new(Slug(saga), $"Player {saga}", Club(saga), new DateOnly(2027, 6, 30));
}
