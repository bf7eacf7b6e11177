using System.Text.Json;
using static Timeline.Tests.SagaStream;

namespace Timeline.Tests;

public class ValidTimeIndexTests
{
    private static string Json(SagaState? state) => JsonSerializer.Serialize(state);

    /// <summary>A random saga: late and out-of-order claims of every register, detail changes and retractions.</summary>
    private static SagaStream RandomSaga(int seed, int claims)
    {
        var random = new Random(seed);
        string[] clubs = ["Real Madrid", "Liverpool", "Bayern Munich", "PSG"];
        var stream = new SagaStream().Opened();
        for (var n = 0; n < claims; n++)
        {
            var at = Day(2025, 1, 1).AddHours(random.Next(0, 24 * 365));
            var club = clubs[random.Next(clubs.Length)];
            var reporter = $"Reporter {random.Next(5)}";
            switch (random.Next(10))
            {
                case 0:
                    stream.Claim(new PlayerStanceClaim(stream.Slug, (PlayerStance)random.Next(5)), at, $"r{n}", reporter);
                    break;
                case 1:
                    stream.Claim(new ExpectationClaim(stream.Slug, (ExpectedOutcome)random.Next(3), club, random.NextDouble()), at, $"r{n}", reporter);
                    break;
                case 2:
                    stream.Claim(new ClubStanceClaim(stream.Slug, club, (ClubStance)random.Next(4)), at, $"r{n}", reporter);
                    break;
                case 3 when n > 3:
                    stream.Retracted($"r{random.Next(n)}");
                    break;
                case 4:
                    stream.Add(new SagaDetailsChanged(stream.Slug, "Ibrahima Konaté", club, new DateOnly(2027, 6, 30)));
                    break;
                default:
                    stream.Interest(club, (InterestLevel)random.Next(7), at, $"r{n}", reporter);
                    break;
            }
        }

        return stream;
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 5)]
    [InlineData(3, 127)]
    [InlineData(4, 128)]
    [InlineData(5, 129)]
    [InlineData(6, 1_000)]
    public void as_of_any_date_it_answers_exactly_what_the_fold_answers(int seed, int claims)
    {
        var stream = RandomSaga(seed, claims);
        var index = ValidTimeIndex.Build(stream.Entries);
        var knownAt = stream.LastRecordedAt;
        var random = new Random(seed);
        var dates = Enumerable.Range(0, 60).Select(_ => Day(2024, 12, 1).AddHours(random.Next(0, 24 * 420)))
            .Concat(stream.Entries.Select(e => e.Event).OfType<IClaimReported>().Select(c => c.Source.PublishedAt).Take(30))
            .Append(DateTimeOffset.MinValue).Append(DateTimeOffset.MaxValue);

        foreach (var asOf in dates)
        {
            Json(index.StateAsOf(asOf, knownAt)).ShouldBe(Json(SagaFold.Fold(stream.Entries, asOf, knownAt)), $"as of {asOf:O}");
            Json(index.StateAsOf(asOf, knownAt.AddDays(3))).ShouldBe(Json(SagaFold.Fold(stream.Entries, asOf, knownAt.AddDays(3))));
        }
    }

    [Fact]
    public void it_refuses_a_known_at_before_its_last_event()
    {
        var stream = RandomSaga(7, 10);
        var index = ValidTimeIndex.Build(stream.Entries);
        Should.Throw<ArgumentOutOfRangeException>(() => index.StateAsOf(Day(2025, 6, 1), stream.LastRecordedAt.AddTicks(-1)));
        index.Version.ShouldBe(stream.Entries[^1].Version);
    }

    [Fact]
    public void a_saga_not_opened_has_no_state()
    {
        ValidTimeIndex.Build([]).StateAsOf(Day(2025, 6, 1), Day(2026, 1, 1)).ShouldBeNull();
    }
}
