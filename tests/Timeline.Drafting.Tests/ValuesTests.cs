using static Timeline.Drafting.Tests.Drafting;

namespace Timeline.Drafting.Tests;

public sealed class ValuesTests
{
    [Theory]
    [InlineData("2025-11-30T10:00:00Z", "in January", "2026-01")]
    [InlineData("2026-03-04T10:00:00Z", "from April", "2026-04")]
    [InlineData("2026-03-04T10:00:00Z", "in January", "2027-01")]
    [InlineData("2026-01-04T10:00:00Z", "in January", "2026-01")]
    [InlineData("2026-03-04T10:00:00Z", "from June 2027", "2027-06")]
    public void a_month_becomes_from_relative_to_publication(string publishedAt, string when, string from)
    {
        var result = Draft($"Konate will weigh up every proposal {when}.", publishedAt: DateTimeOffset.Parse(publishedAt, System.Globalization.CultureInfo.InvariantCulture), sagas: Konate);
        result.Claims().ShouldBe([$"ibrahima-konate player-stance exploring-options from {from}"]);
    }

    [Theory]
    [InlineData("£40m", "40000000 GBP")]
    [InlineData("€60 million", "60000000 EUR")]
    [InlineData("35 million euros", "35000000 EUR")]
    [InlineData("£9.5m", "9500000 GBP")]
    [InlineData("$20m", "20000000 USD")]
    public void a_fee_becomes_amount_and_currency(string fee, string parsed)
    {
        Draft($"Real Madrid have submitted an offer of {fee} for Konate.", sagas: Konate).Claims()
            .ShouldContain($"ibrahima-konate offer Real Madrid transfer-fee made {parsed}");
    }

    [Theory]
    [InlineData("Konate is expected to join Real Madrid.", "transfer Real Madrid 0.8")]
    [InlineData("Konate could yet join Real Madrid.", "transfer Real Madrid 0.3")]
    [InlineData("The expectation is Konate will sign a new deal at Anfield.", "renewal Liverpool")]
    public void hedges_set_an_expectations_confidence_and_no_hedge_sets_none(string text, string expectation) =>
        Draft(text, sagas: Konate).Claims().ShouldBe([$"ibrahima-konate expectation {expectation}"]);

    [Fact]
    public void a_report_the_text_dates_gets_that_day()
    {
        var result = Draft("The Athletic reported on Wednesday that Real Madrid have walked away from Konate.", sagas: Konate);
        result.Drafts.Single().Report.PublishedAt.ShouldBe(new DateTimeOffset(2025, 11, 26, 10, 0, 0, TimeSpan.Zero));
    }
}
