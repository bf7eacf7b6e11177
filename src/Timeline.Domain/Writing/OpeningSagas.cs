using Timeline.Domain.Names;

namespace Timeline.Domain;

/// <summary>A saga's details: whose story it is, his club, and when his contract ends.</summary>
public sealed record SagaDetails(string Player, string? CurrentClub, DateOnly? ContractExpires);

/// <summary>How an attempt to open a saga, or to change its details, ended.</summary>
public abstract record SagaDetailsResult
{
    public sealed record Opened(SagaState State) : SagaDetailsResult;

    public sealed record Changed(SagaState State) : SagaDetailsResult;

    /// <summary>The saga has these details already (or an archive line it has passed): nothing was stored.</summary>
    public sealed record Unchanged(SagaState? State) : SagaDetailsResult;

    /// <summary>Changing an open saga's details rewrites every past answer about it: only some keys may.</summary>
    public sealed record NotAllowed : SagaDetailsResult;

    public sealed record Invalid(ValidationErrors Errors) : SagaDetailsResult;
}

/// <summary>Opening a saga, or changing its details: the first event of its stream, or one more.</summary>
public static class OpeningSagas
{
    /// <param name="current">The saga's state under lock; null when it has not been opened.</param>
    /// <param name="mayChange">Whether the writer may change an open saga's details.</param>
    /// <param name="knownNames">The recorded names that share a skeleton with the player's.</param>
    /// <param name="unlessAt">An archive line's version: a saga already at or past it is left alone.</param>
    /// <param name="now">The recorded time the new state reports.</param>
    public static Decision<SagaDetailsResult> Decide(
        string slug, SagaDetails details, SagaState? current, string recordedBy, bool mayChange,
        IReadOnlyDictionary<string, KnownName> knownNames, DateTimeOffset now, long? unlessAt = null)
    {
        var player = NameUse.PlayerOf(details.Player);
        if (Lookalikes.Among(knownNames, [player]) is { Any: true } errors)
        {
            return Decision<SagaDetailsResult>.Refuse(new SagaDetailsResult.Invalid(errors));
        }

        if (unlessAt is { } version && current is not null && current.Version >= version)
        {
            return Decision<SagaDetailsResult>.Refuse(new SagaDetailsResult.Unchanged(current));
        }

        ISagaEvent change;
        if (current is null)
        {
            change = new SagaOpened(slug, details.Player, details.CurrentClub, details.ContractExpires);
        }
        else if (current.Player == details.Player && current.CurrentClub == details.CurrentClub
                 && current.ContractExpires == details.ContractExpires)
        {
            return Decision<SagaDetailsResult>.Refuse(new SagaDetailsResult.Unchanged(current));
        }
        else if (!mayChange)
        {
            return Decision<SagaDetailsResult>.Refuse(new SagaDetailsResult.NotAllowed());
        }
        else
        {
            change = new SagaDetailsChanged(slug, details.Player, details.CurrentClub, details.ContractExpires);
        }

        var next = (current?.Version ?? 0) + 1;
        var state = SagaFold.Evolve(current, new SagaEntry(next, now, change))!;
        return new Decision<SagaDetailsResult>(
            current is null ? new SagaDetailsResult.Opened(state) : new SagaDetailsResult.Changed(state),
            new WritePlan([new SagaAppend(slug, next, change, recordedBy, null)], null, [player]));
    }
}
