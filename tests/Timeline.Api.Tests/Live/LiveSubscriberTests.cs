using Timeline.Api.ChangeFeed;
using Timeline.Api.Live;
using Timeline.Domain;

namespace Timeline.Api.Tests;

/// <summary>A stream's inbox: every change in order while the client keeps up, conflation and then an end when it does not.</summary>
public sealed class a_live_subscriber
{
    private static readonly HashSet<string> None = [];
    private long _position;

    private LiveFrame Update(string saga, long version) => new(new SagaUpdate
    {
        Id = ++_position,
        Saga = saga,
        Version = version,
        State = new SagaView { Slug = saga, Version = version },
        Changed = ["claims"],
        Cause = new UpdateCause("interest_reported", $"r{_position}", null, null, null, DateTimeOffset.UnixEpoch, "test"),
    });

    [Fact]
    public async Task a_client_that_keeps_up_gets_every_change_in_order_even_several_to_one_saga_at_once()
    {
        var inbox = new LiveSubscriber(None, None, bound: 10);
        foreach (var update in new[] { Update("konate", 2), Update("konate", 3), Update("guehi", 2), Update("konate", 4) })
        {
            inbox.Offer(update);
        }

        var taken = await inbox.TakeAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        taken.Select(f => (f.Update.Saga, f.Update.Version)).ShouldBe([("konate", 2L), ("konate", 3L), ("guehi", 2L), ("konate", 4L)]);
        taken.Select(f => f.Update.Id).ShouldBeInOrder(SortDirection.Ascending);
        inbox.Conflations.ShouldBe(0);
    }

    [Fact]
    public async Task past_the_bound_only_the_newest_state_of_each_saga_is_kept_in_feed_order()
    {
        var inbox = new LiveSubscriber(None, None, bound: 3);
        inbox.Offer(Update("konate", 2));
        inbox.Offer(Update("guehi", 2));
        inbox.Offer(Update("konate", 3));
        inbox.Offer(Update("konate", 4));

        var taken = await inbox.TakeAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        taken.Select(f => (f.Update.Saga, f.Update.Version)).ShouldBe([("guehi", 2L), ("konate", 4L)]);
        inbox.Conflations.ShouldBe(1);
        inbox.Overflowed.ShouldBeFalse();
    }

    [Fact]
    public void more_sagas_behind_than_the_bound_ends_the_stream()
    {
        var inbox = new LiveSubscriber(None, None, bound: 2);
        inbox.Offer(Update("a", 2));
        inbox.Offer(Update("b", 2));
        inbox.Overflowed.ShouldBeFalse();
        inbox.OverflowToken.IsCancellationRequested.ShouldBeFalse();
        inbox.Offer(Update("c", 2));
        inbox.Overflowed.ShouldBeTrue();
        inbox.OverflowToken.IsCancellationRequested.ShouldBeTrue("a stream stuck writing to a client that does not read is ended too");
        inbox.Offer(Update("d", 2)).ShouldBeFalse("an ended stream holds nothing more");
    }

    [Fact]
    public async Task what_the_client_already_has_is_not_sent_again()
    {
        var inbox = new LiveSubscriber(new HashSet<string> { "konate" }, None, bound: 10);
        inbox.Sent("konate", 3);
        inbox.Offer(Update("konate", 3));
        inbox.Offer(Update("guehi", 5));
        inbox.Offer(Update("konate", 4));

        var taken = await inbox.TakeAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        taken.ShouldHaveSingleItem().Update.Version.ShouldBe(4);
    }

    [Fact]
    public async Task after_a_burst_the_next_take_waits_for_the_next_change_instead_of_returning_empty()
    {
        var inbox = new LiveSubscriber(None, None, bound: 10);
        inbox.Offer(Update("konate", 2));
        inbox.Offer(Update("konate", 3));
        (await inbox.TakeAsync(TimeSpan.FromSeconds(1), CancellationToken.None)).Count.ShouldBe(2);

        var next = inbox.TakeAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        await Task.Delay(100);
        next.IsCompleted.ShouldBeFalse("the second signal of the burst was already taken");
        inbox.Offer(Update("konate", 4));
        (await next).ShouldHaveSingleItem().Update.Version.ShouldBe(4);
    }
}
