namespace Timeline.Domain;

/// <summary>
/// A saga's claims, as known after its last recorded event, laid out in fold order with a snapshot of
/// the fold every <see cref="Stride"/> claims. "As of T" is then a binary search and at most a stride of
/// steps instead of a fold of the whole history; the result is exactly
/// <see cref="SagaFold.Fold"/>'s for any knownAt at or after <see cref="LastRecordedAt"/>.
/// A new event changes what is known, so an index is built per stream version and replaced, never updated.
/// </summary>
public sealed class ValidTimeIndex
{
    public const int Stride = 128;

    private readonly SagaState? _details;
    private readonly (long Version, IClaimReported Claim)[] _claims;
    private readonly DateTimeOffset[] _publishedAt;
    private readonly SagaState[] _checkpoints;

    private ValidTimeIndex(
        SagaState? details, (long, IClaimReported)[] claims, SagaState[] checkpoints, long version, DateTimeOffset lastRecordedAt)
    {
        _details = details;
        _claims = claims;
        _publishedAt = claims.Select(c => c.Item2.Source.PublishedAt).ToArray();
        _checkpoints = checkpoints;
        Version = version;
        LastRecordedAt = lastRecordedAt;
    }

    /// <summary>The stream version the index was built from.</summary>
    public long Version { get; }

    /// <summary>When the last event it holds was recorded: reads known at or after it can use the index.</summary>
    public DateTimeOffset LastRecordedAt { get; }

    public static ValidTimeIndex Build(IReadOnlyList<SagaEntry> entries)
    {
        var known = entries.OrderBy(e => e.Version).ToList();
        var details = SagaFold.Details(known);
        var claims = SagaFold.FoldableClaims(known).ToArray();
        var checkpoints = new List<SagaState>();
        if (details is not null)
        {
            var state = details;
            for (var i = 0; i < claims.Length; i++)
            {
                if (i % Stride == 0)
                {
                    checkpoints.Add(state);
                }

                state = SagaFold.Apply(state, claims[i].Claim);
            }
        }

        return new ValidTimeIndex(
            details, claims, [.. checkpoints], known.Count == 0 ? 0 : known[^1].Version,
            known.Count == 0 ? DateTimeOffset.MinValue : known.Max(e => e.RecordedAt));
    }

    /// <summary>The state as of valid time <paramref name="asOf"/>; null when the saga has not been opened.</summary>
    public SagaState? StateAsOf(DateTimeOffset asOf, DateTimeOffset knownAt)
    {
        if (knownAt < LastRecordedAt)
        {
            throw new ArgumentOutOfRangeException(nameof(knownAt), knownAt, "Known before the index's last event: fold the history instead.");
        }

        if (_details is null)
        {
            return null;
        }

        var count = UpperBound(asOf);
        var checkpoint = Math.Min(count / Stride, _checkpoints.Length - 1);
        var state = checkpoint < 0 ? _details : _checkpoints[checkpoint];
        for (var i = Math.Max(checkpoint, 0) * Stride; i < count; i++)
        {
            state = SagaFold.Apply(state, _claims[i].Claim);
        }

        return state with { Version = Version, RecordedAt = LastRecordedAt };
    }

    /// <summary>How many claims were published at or before <paramref name="asOf"/>.</summary>
    private int UpperBound(DateTimeOffset asOf)
    {
        int low = 0, high = _publishedAt.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_publishedAt[middle] <= asOf)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
