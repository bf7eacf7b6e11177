using Timeline.Api.Intake;

namespace Timeline.Api.Tests;

/// <summary>What a feed item's HTML becomes, and when a feed is polled next: pure functions, no server.</summary>
public sealed class FeedItemsTests
{
    [Theory]
    [InlineData("<p>One.</p><p>Two.</p>", "One.\n\nTwo.")]
    [InlineData("<div>Line<br>break</div>", "Line\nbreak")]
    [InlineData("Plain text &amp; an entity", "Plain text & an entity")]
    [InlineData("<p>Keep <em>inline</em>   <a href='x'>links'</a> text</p>", "Keep inline links' text")]
    [InlineData("<p>Shown</p><script>alert(1)</script><style>p{}</style><iframe src='x'></iframe>", "Shown")]
    [InlineData("<ul><li>First</li><li>Second</li></ul>", "First\n\nSecond")]
    [InlineData("<blockquote><p>Quoted</p></blockquote><p>After</p>", "Quoted\n\nAfter")]
    [InlineData("<p>Unclosed <b>bold", "Unclosed bold")]
    [InlineData("   ", "")]
    public void html_becomes_plain_text_with_paragraph_breaks(string html, string text) =>
        FeedItems.PlainText(html).ShouldBe(text);

    [Fact]
    public void a_body_that_is_no_feed_is_an_error_not_an_exception()
    {
        var (entries, error) = FeedItems.Parse(Encoding.UTF8.GetBytes("<html><body>Not a feed</body></html>"));
        entries.ShouldBeNull();
        error.ShouldNotBeNull();
    }

    private static readonly FeedOptions Options = new() { MaxInterval = TimeSpan.FromHours(6) };

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(10, 360)]
    [InlineData(500, 360)]
    public void a_failing_feed_backs_off_doubling_up_to_the_longest_interval(int failures, int minutes) =>
        PollFeedHandler.BackOff(TimeSpan.FromMinutes(5), failures, null, Options).ShouldBe(TimeSpan.FromMinutes(minutes));

    [Fact]
    public void retry_after_and_max_age_stretch_the_wait_but_never_past_the_longest_interval()
    {
        PollFeedHandler.BackOff(TimeSpan.FromMinutes(5), 1, TimeSpan.FromMinutes(30), Options).ShouldBe(TimeSpan.FromMinutes(30));
        PollFeedHandler.BackOff(TimeSpan.FromMinutes(5), 1, TimeSpan.FromDays(2), Options).ShouldBe(TimeSpan.FromHours(6));
        PollFeedHandler.Wait(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), Options).ShouldBe(TimeSpan.FromMinutes(15));
        PollFeedHandler.Wait(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), Options).ShouldBe(TimeSpan.FromMinutes(5));
        PollFeedHandler.Wait(TimeSpan.FromMinutes(5), null, Options).ShouldBe(TimeSpan.FromMinutes(5));
    }
}
