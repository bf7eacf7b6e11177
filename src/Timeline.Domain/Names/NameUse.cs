namespace Timeline.Domain.Names;

/// <summary>
/// A name recorded as a reporter, an outlet or a player, under its UTS #39 skeleton
/// (<see cref="Lookalikes.Skeleton"/>): two names with one skeleton look alike, so the id is the
/// kind and the skeleton, and a second name that lands on it is a lookalike of the first.
/// </summary>
public sealed record KnownName(string Id, string Kind, string Name);

/// <summary>One name a write is about to record, with the request field that carries it.</summary>
public sealed record NameUse(string Field, string Kind, string Name)
{
    public const string Reporter = "reporter";
    public const string Outlet = "outlet";
    public const string Player = "player";

    public string Id => $"{Kind}:{Lookalikes.Skeleton(Name)}";

    /// <summary>The reporter and outlet of a report.</summary>
    public static IReadOnlyList<NameUse> Of(ValidReport report) =>
    [
        new(Reporter, Reporter, report.Reporter),
        new(Outlet, Outlet, report.Outlet),
    ];

    public static NameUse PlayerOf(string player) => new(Player, Player, player);
}
