namespace Timeline.Domain;

/// <summary>What differs between two states of a saga, and whom a state concerns.</summary>
public static class SagaChanges
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    /// <summary>
    /// The names (as in the JSON state) of the fields that differ. Where the state was read
    /// (version, when it was recorded) is not a change. A saga that did not exist before changed everything it has.
    /// </summary>
    public static IReadOnlyList<string> Between(SagaState? before, SagaState after)
    {
        var changed = new List<string>();
        void Compare<T>(string name, Func<SagaState, T> field, IEqualityComparer<T>? comparer = null)
        {
            if (before is null || !(comparer ?? EqualityComparer<T>.Default).Equals(field(before), field(after)))
            {
                changed.Add(name);
            }
        }

        Compare("player", s => s.Player);
        Compare("currentClub", s => s.CurrentClub);
        Compare("contractExpires", s => s.ContractExpires);
        Compare("status", s => s.Status);
        Compare("outcome", s => s.Outcome);
        Compare("suitors", s => s.Suitors, Sequence<SuitorView>.Instance);
        Compare("playerStance", s => s.PlayerStance);
        Compare("clubStances", s => s.ClubStances, Sequence<ClubStanceView>.Instance);
        Compare("offers", s => s.Offers, Sequence<OfferView>.Instance);
        Compare("expectations", s => s.Expectations, Sequence<ExpectationView>.Instance);
        Compare("claims", s => s.Claims);
        Compare("lastReportAt", s => s.LastReportAt);
        return changed;
    }

    /// <summary>Whether the club appears anywhere in the state: current club, suitor, stance, offer, expectation, outcome.</summary>
    public static bool Involves(SagaRegisters state, string club)
    {
        bool Same(string? name) => Names.Equals(name, club);
        return Same(state.CurrentClub)
               || state.Suitors.Any(x => Same(x.Club))
               || state.ClubStances.Any(x => Same(x.Club))
               || state.Offers.Any(x => Same(x.Club))
               || Same(state.PlayerStance?.Club)
               || state.Expectations.Any(x => Same(x.Club))
               || Same(state.Outcome?.Club);
    }

    private sealed class Sequence<T> : IEqualityComparer<IReadOnlyList<T>>
    {
        public static readonly Sequence<T> Instance = new();

        public bool Equals(IReadOnlyList<T>? x, IReadOnlyList<T>? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.SequenceEqual(y));

        public int GetHashCode(IReadOnlyList<T> list) => list.Count;
    }
}
