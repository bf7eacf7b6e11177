using Timeline.Domain.Names;

namespace Timeline.Api.Names;

/// <summary>
/// Keeps attribution honest: a reporter, outlet or player name confusable with a different one already
/// recorded ("Vinny O'Cоnnor" with a Cyrillic о) is refused with a problem naming the original. Checked
/// and remembered in the transaction of the write, so what is remembered is exactly what was recorded.
/// </summary>
public static class KnownNames
{
    /// <summary>The recorded names that share a skeleton with any of <paramref name="uses"/>, by id.</summary>
    public static async Task<Dictionary<string, KnownName>> FoundAsync(IQuerySession session, IEnumerable<NameUse> uses, CancellationToken ct) =>
        (await session.LoadManyAsync<KnownName>(ct, uses.Select(u => u.Id).Distinct(StringComparer.Ordinal)))
        .ToDictionary(k => k.Id, StringComparer.Ordinal);

    /// <summary>Remembers the names in <paramref name="session"/>'s transaction.</summary>
    public static void Remember(IDocumentSession session, IEnumerable<NameUse> uses)
    {
        foreach (var use in uses.DistinctBy(u => u.Id, StringComparer.Ordinal))
        {
            session.Store(new KnownName(use.Id, use.Kind, use.Name));
        }
    }
}

/// <summary>
/// A store recorded before names were remembered has reporters, outlets and players but no
/// <see cref="KnownName"/>s: at start, while there are none, they are filled in from the per-claim
/// documents and the sagas, so a lookalike of an old name is refused as one of a new name is.
/// </summary>
public sealed class KnownNamesBackfill(IDocumentStore store, ILogger<KnownNamesBackfill> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var session = store.LightweightSession();
            if (await session.Query<KnownName>().AnyAsync(stoppingToken))
            {
                return;
            }

            var reporters = await session.Query<SourceClaim>().Select(c => c.Reporter).Distinct().ToListAsync(stoppingToken);
            var outlets = await session.Query<SourceClaim>().Select(c => c.Outlet).Distinct().ToListAsync(stoppingToken);
            var players = await session.Query<SagaState>().Where(s => s.Player != null).Select(s => s.Player!).Distinct().ToListAsync(stoppingToken);
            var uses = reporters.Select(n => new NameUse(NameUse.Reporter, NameUse.Reporter, n))
                .Concat(outlets.Select(n => new NameUse(NameUse.Outlet, NameUse.Outlet, n)))
                .Concat(players.Select(n => new NameUse(NameUse.Player, NameUse.Player, n)))
                .ToList();
            if (uses.Count == 0)
            {
                return;
            }

            // First spelling wins where old names already look alike: both stay recorded, new lookalikes of either are refused.
            foreach (var use in uses.DistinctBy(u => u.Id, StringComparer.Ordinal))
            {
                session.Insert(new KnownName(use.Id, use.Kind, use.Name));
            }

            await session.SaveChangesAsync(stoppingToken);
            logger.LogInformation("Remembered {Count} reporter, outlet and player names recorded before lookalikes were checked", uses.Count);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // Another node filled them in at the same moment, or the database is away: the next start tries again.
            logger.LogWarning(e, "Could not remember the names recorded before lookalikes were checked");
        }
    }
}
