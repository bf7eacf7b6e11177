namespace Timeline.Domain;

/// <summary>One event of a saga stream with the two facts the fold needs from the store.</summary>
/// <param name="Version">Position in the saga stream: the recorded order.</param>
/// <param name="RecordedAt">When Timeline stored it (recorded time).</param>
public readonly record struct SagaEntry(long Version, DateTimeOffset RecordedAt, ISagaEvent Event);

/// <summary>
/// The bitemporal fold (README, the opening and "A walk-through with curl"). Pure: no clock, no I/O. Every state field is
/// a last-writer-wins register keyed by valid time (publishedAt), with recorded order breaking ties,
/// so the order in which reports were recorded never changes the result.
/// </summary>
public static class SagaFold
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    /// <summary>
    /// The state of the saga as of valid time <paramref name="asOf"/>, as known at recorded time
    /// <paramref name="knownAt"/>; null when the saga had not been opened by then.
    /// </summary>
    public static SagaState? Fold(IEnumerable<SagaEntry> entries, DateTimeOffset asOf, DateTimeOffset knownAt)
    {
        var known = entries.Where(e => e.RecordedAt <= knownAt).OrderBy(e => e.Version).ToList();
        var state = Details(known);
        if (state is null)
        {
            return null;
        }

        foreach (var (_, claim) in FoldableClaims(known).Where(c => c.Claim.Source.PublishedAt <= asOf))
        {
            state = Apply(state, claim);
        }

        return known.Count == 0 ? state : state with { Version = known[^1].Version, RecordedAt = known.Max(e => e.RecordedAt) };
    }

    /// <summary>
    /// The state after each claim in valid-time order, as known at <paramref name="knownAt"/>.
    /// Claims published before <paramref name="from"/> are folded but not listed.
    /// </summary>
    public static IReadOnlyList<ReplayStep> Replay(
        IEnumerable<SagaEntry> entries, DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset knownAt)
    {
        var known = entries.Where(e => e.RecordedAt <= knownAt).OrderBy(e => e.Version).ToList();
        var state = Details(known);
        if (state is null)
        {
            return [];
        }

        var steps = new List<ReplayStep>();
        foreach (var (version, claim) in FoldableClaims(known))
        {
            var at = claim.Source.PublishedAt;
            if (to is not null && at > to)
            {
                break;
            }

            state = Apply(state, claim) with { Version = version };
            if (from is null || at >= from)
            {
                steps.Add(new ReplayStep(at, version, claim, SagaView.Of(state, at, knownAt)));
            }
        }

        return steps;
    }

    /// <summary>
    /// Evolves a stored state by one newly recorded event. Claims arrive in recorded order, so a
    /// claim wins a register when its publishedAt is not older than the current value's: exactly
    /// what the sorted fold gives. A retraction cannot be applied incrementally (the retracted
    /// values' predecessors are gone); <see cref="NeedsRefold"/> tells the caller to fold the stream.
    /// </summary>
    public static SagaState? Evolve(SagaState? state, SagaEntry entry)
    {
        var next = entry.Event switch
        {
            SagaOpened e => new SagaState
            {
                Slug = e.Slug,
                Player = e.Player,
                CurrentClub = e.CurrentClub,
                ContractExpires = e.ContractExpires,
            },
            SagaDetailsChanged e when state is not null => state with
            {
                Player = e.Player, CurrentClub = e.CurrentClub, ContractExpires = e.ContractExpires,
            },
            IClaimReported e when state is not null => Apply(state, e),
            _ => state,
        };

        return next is null ? null : next with { Version = entry.Version, RecordedAt = entry.RecordedAt };
    }

    public static bool NeedsRefold(ISagaEvent e) => e is ClaimsRetracted;

    /// <summary>Applies one claim to the state: the last-writer-wins step shared by every read.</summary>
    public static SagaState Apply(SagaState state, IClaimReported reported)
    {
        var source = reported.Source;
        var at = source.PublishedAt;
        state = state with
        {
            Claims = state.Claims + 1,
            LastReportAt = state.LastReportAt is { } last && last > at ? last : at,
        };

        return reported.Claim switch
        {
            InterestClaim c => state with
            {
                Suitors = Upsert(state.Suitors, s => Names.Equals(s.Club, c.Club), s => s.Since, at,
                    new SuitorView(c.Club, c.Level, at, source.Reporter, source.Outlet, source.ReportId),
                    s => s.Club),
            },
            OfferClaim c => state with
            {
                Offers = Upsert(state.Offers, o => Names.Equals(o.Club, c.Club) && o.Kind == c.Kind, o => o.Since, at,
                    new OfferView(c.Club, c.Kind, c.Status, c.Amount, c.Currency, at, source.Reporter, source.Outlet,
                        source.ReportId),
                    o => o.Club + "\u0000" + Vocabulary<OfferKind>.Name(o.Kind)),
            },
            PlayerStanceClaim c => state.PlayerStance is { } current && current.Since > at
                ? state
                : state with
                {
                    PlayerStance = new PlayerStanceView(c.Stance, c.Club, c.From, at, source.Reporter, source.Outlet,
                        source.ReportId),
                },
            ClubStanceClaim c => state with
            {
                ClubStances = Upsert(state.ClubStances, s => Names.Equals(s.Club, c.Club), s => s.Since, at,
                    new ClubStanceView(c.Club, c.Stance, at, source.Reporter, source.Outlet, source.ReportId),
                    s => s.Club),
            },
            ExpectationClaim c => state with
            {
                Expectations = Upsert(state.Expectations, x => Names.Equals(x.Reporter, source.Reporter), x => x.At,
                    at,
                    new ExpectationView(source.Reporter, source.Outlet, c.Outcome, c.Club, c.Confidence, at,
                        source.ReportId),
                    x => x.Reporter),
            },
            OutcomeClaim c => state.Outcome is { } current && current.At > at
                ? state
                : state with
                {
                    Status = SagaStatus.Resolved,
                    Outcome = new OutcomeView(c.Result, c.Club, c.Fee, at, source.Reporter, source.Outlet,
                        source.ReportId),
                },
            _ => throw new ArgumentOutOfRangeException(nameof(reported), reported.Claim.GetType().Name,
                "Unknown claim type."),
        };
    }

    internal static SagaState? Details(IReadOnlyList<SagaEntry> known)
    {
        SagaState? state = null;
        foreach (var entry in known)
        {
            state = entry.Event switch
            {
                SagaOpened or SagaDetailsChanged => Evolve(state, entry),
                _ => state,
            };
        }

        return state;
    }

    /// <summary>The known, unretracted claims in fold order: (publishedAt, recorded order).</summary>
    internal static IEnumerable<(long Version, IClaimReported Claim)> FoldableClaims(IReadOnlyList<SagaEntry> known)
    {
        var retracted = known
            .Select(e => e.Event)
            .OfType<ClaimsRetracted>()
            .Select(r => r.ReportId)
            .ToHashSet(StringComparer.Ordinal);

        return known
            .Where(e => e.Event is IClaimReported c && !retracted.Contains(c.Source.ReportId))
            .Select(e => (e.Version, Claim: (IClaimReported)e.Event))
            .OrderBy(c => c.Claim.Source.PublishedAt)
            .ThenBy(c => c.Version);
    }

    // A register keyed by `matches`: the new value replaces the old unless the old one was published
    // later. Lists are kept sorted by key so that equal states serialize identically.
    private static IReadOnlyList<T> Upsert<T>(
        IReadOnlyList<T> list, Func<T, bool> matches, Func<T, DateTimeOffset> since, DateTimeOffset at, T value,
        Func<T, string> sortKey)
    {
        var existing = list.FirstOrDefault(matches);
        if (existing is not null && since(existing) > at)
        {
            return list;
        }

        return list.Where(x => !matches(x)).Append(value).OrderBy(sortKey, Names).ToArray();
    }
}

/// <summary>One step of a replay: the state right after the claim published at <see cref="At"/>, read as of then.</summary>
public sealed record ReplayStep(DateTimeOffset At, long Version, IClaimReported Reported, SagaView State);
