namespace Timeline.Tests;

/// <summary>Builds saga streams for fold tests: each call appends the next version.</summary>
internal sealed class SagaStream(string slug = "ibrahima-konate")
{
    private readonly List<SagaEntry> _entries = [];
    private DateTimeOffset _clock = Day(2025, 12, 1);

    public string Slug { get; } = slug;

    public IReadOnlyList<SagaEntry> Entries => _entries;

    public static DateTimeOffset Day(int year, int month, int day, int hour = 12) =>
        new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    public DateTimeOffset LastRecordedAt => _entries[^1].RecordedAt;

    public SagaStream Opened(string player = "Ibrahima Konaté", string? club = "Liverpool") =>
        Add(new SagaOpened(Slug, player, club, new DateOnly(2026, 6, 30)));

    public SagaStream Claim(Claim claim, DateTimeOffset publishedAt, string reportId, string reporter = "Vinny O'Connor",
        string outlet = "Sky Sports") =>
        Add(ClaimReported.For(new ClaimSource(reportId, reporter, outlet, publishedAt), claim));

    public SagaStream Interest(string club, InterestLevel level, DateTimeOffset publishedAt, string reportId,
        string reporter = "Vinny O'Connor", string outlet = "Sky Sports") =>
        Claim(new InterestClaim(Slug, club, level), publishedAt, reportId, reporter, outlet);

    public SagaStream Retracted(string reportId) => Add(new ClaimsRetracted(reportId, "Source withdrew it", "editor"));

    public SagaStream Add(ISagaEvent e)
    {
        _clock = _clock.AddMinutes(1);
        _entries.Add(new SagaEntry(_entries.Count + 1, _clock, e));
        return this;
    }
}
