using Microsoft.Extensions.Options;
using Timeline.Api.Infrastructure;

namespace Timeline.Api.Tests;

public sealed class when_wrong_keys_are_counted
{
    [Fact]
    public void a_client_past_its_wrong_keys_may_not_try_until_the_bucket_refills()
    {
        using var attempts = new FailedKeyAttempts(Options.Create(new ApiKeyOptions { FailedAttempts = new ReadAllowance { PerSecond = 1, Burst = 3 } }));
        for (var i = 0; i < 3; i++)
        {
            attempts.MayTry("192.0.2.1", out _).ShouldBeTrue();
            attempts.Failed("192.0.2.1");
        }

        attempts.MayTry("192.0.2.1", out var wait).ShouldBeFalse();
        wait.ShouldBeGreaterThan(TimeSpan.Zero);
        attempts.MayTry("192.0.2.2", out _).ShouldBeTrue("another client has its own bucket");
    }
}
