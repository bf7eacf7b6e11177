using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Timeline.Api.Webhooks;
using Wolverine;

namespace Timeline.Api.Tests;

/// <summary>The service on a clock the test moves, with the default (Svix's) webhook retry schedule.</summary>
public sealed class FakeClockFixture : TimelineFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void Configure(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
}

/// <summary>
/// A receiver down for a day, on a moved clock instead of real hours. The clock only moves forward, from the real
/// time, so Wolverine's own (real) schedule never runs a retry early; the test then runs the handler itself.
/// </summary>
public sealed class when_a_receiver_stays_down_for_a_day(FakeClockFixture fixture)
    : IntegrationTest(fixture), IClassFixture<FakeClockFixture>
{
    [Fact]
    public async Task each_retry_comes_at_its_offset_of_the_schedule_and_only_the_last_failure_pauses()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 503;
        await OpenSaga("schedule-konate");
        var subscribed = await Host.Scenario(s =>
        {
            s.Post.Json(new { url = receiver.Url, sagas = new[] { "schedule-konate" } }).ToUrl("/api/subscriptions");
            s.WithRequestHeader("X-Api-Key", TimelineFixture.WriterKey);
            s.StatusCodeShouldBe(201);
        });
        var id = subscribed.ReadAsJson<JsonElement>().GetProperty("id").GetGuid();
        await PostReport(Report("schedule-1", "2025-11-29T09:30:00Z", Interest("schedule-konate", "Real Madrid", "cooling")));

        var first = (await AttemptsAsync(id, 1)).Single();
        var expected = first.At;
        var schedule = WebhookOptions.DefaultRetrySchedule;
        for (var retry = 0; retry < schedule.Count; retry++)
        {
            expected += schedule[retry];
            fixture.Clock.SetUtcNow(expected - TimeSpan.FromSeconds(1));
            await DeliverAsync(id);
            (await DeliveryAsync(id)).Attempts.Count.ShouldBe(retry + 1, $"retry {retry + 1} not a second before its time");
            (await SubscriptionAsync(id)).Status.ShouldBe(WebhookStatus.Active, "paused only once the schedule is exhausted");

            fixture.Clock.SetUtcNow(expected);
            await DeliverAsync(id);
            (await AttemptsAsync(id, retry + 2))[^1].At.ShouldBe(expected, $"retry {retry + 1} {schedule[retry]} after the attempt before");
        }

        var attempts = (await DeliveryAsync(id)).Attempts;
        attempts.Select(a => a.At - first.At).ShouldBe(
            [TimeSpan.Zero, TimeSpan.FromSeconds(5), new TimeSpan(0, 5, 5), new TimeSpan(0, 35, 5), new TimeSpan(2, 35, 5),
             new TimeSpan(7, 35, 5), new TimeSpan(17, 35, 5), new TimeSpan(27, 35, 5)],
            "Svix's schedule: at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the attempt before");
        var paused = await SubscriptionAsync(id);
        paused.Status.ShouldBe(WebhookStatus.Paused);
        paused.PausedAt.ShouldBe(expected);
        paused.PausedReason.ShouldBe($"Delivery {id:D}-{(await DeliveryAsync(id)).Position} failed all 8 attempts of the retry schedule; the last got: HTTP 503");

        fixture.Clock.Advance(TimeSpan.FromDays(3));
        await DeliverAsync(id);
        (await DeliveryAsync(id)).Attempts.Count.ShouldBe(8, "a paused subscription is not called");
        receiver.Requests.ShouldBe(8);
    }

    /// <summary>Runs the delivery handler now, as a due scheduled message would.</summary>
    private Task DeliverAsync(Guid id) => Host.MessageBus().InvokeAsync(new DeliverWebhooks(id));

    private async Task<WebhookDelivery> DeliveryAsync(Guid id)
    {
        await using var session = Fixture.Store.QuerySession();
        return await session.Query<WebhookDelivery>().SingleAsync(d => d.SubscriptionId == id);
    }

    private async Task<WebhookSubscription> SubscriptionAsync(Guid id)
    {
        await using var session = Fixture.Store.QuerySession();
        return (await session.LoadAsync<WebhookSubscription>(id))!;
    }

    /// <summary>The delivery's attempts once there are <paramref name="count"/> (the handler may be running on a scheduled message).</summary>
    private async Task<IReadOnlyList<DeliveryAttempt>> AttemptsAsync(Guid id, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var session = Fixture.Store.QuerySession();
            var delivery = await session.Query<WebhookDelivery>().SingleOrDefaultAsync(d => d.SubscriptionId == id);
            if (delivery?.Attempts.Count >= count)
            {
                return delivery.Attempts;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{delivery?.Attempts.Count ?? 0} of {count} attempts were made.");
            }

            await Task.Delay(50);
        }
    }
}
