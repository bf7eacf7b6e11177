using System.Security.Claims;
using Timeline.Api.Writes;
using Timeline.Domain.Names;

namespace Timeline.Api.Sagas;

/// <summary>The body of <c>PUT /api/sagas/{slug}</c>.</summary>
public sealed record SagaDetailsInput(string? Player, string? CurrentClub, DateOnly? ContractExpires)
{
    /// <summary>The details, once <see cref="SagaValidation.Validate"/> found nothing wrong with them.</summary>
    public SagaDetails ToDetails() => new(Player!, CurrentClub, ContractExpires);
}

public static class SagaValidation
{
    public static ValidationErrors Validate(string slug, SagaDetailsInput input)
    {
        var errors = new ValidationErrors();
        if (!Rules.IsSlug(slug))
        {
            errors.Add("slug", "must be lower-case letters and digits separated by single hyphens, at most 100 characters (e.g. 'ibrahima-konate').");
        }

        Rules.Name(errors, "player", input.Player, required: true);
        Rules.Text(errors, "currentClub", input.CurrentClub, Rules.MaxNameLength, required: false);
        return errors;
    }
}

/// <summary><c>PUT /api/sagas/{slug}</c>: open a saga, or change its details. Idempotent.</summary>
public static class OpenSaga
{
    [WolverinePut("/api/sagas/{slug}", OperationId = "OpenSaga")]
    [WriteAccess]
    [EndpointSummary("Open a saga or update its details")]
    [EndpointDescription("Creates the saga (201) or records changed details (200). Repeating the same details stores nothing. Changing an open saga's player, club or contract changes every past answer about it, so it needs a key with the admin scope (403 otherwise).")]
    [ProducesResponseType(typeof(SagaView), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(SagaView), StatusCodes.Status200OK)]
    public static async Task<IResult> Put(
        string slug, SagaDetailsInput body, IDocumentStore store, ClaimsPrincipal user, TimeProvider clock,
        CancellationToken ct)
    {
        var errors = SagaValidation.Validate(slug, body);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var now = clock.GetUtcNow();
        return await WriteAsync(store, slug, body.ToDetails(), user.KeyName(), user.IsAdmin(), now, null, ct) switch
        {
            SagaDetailsResult.Opened o => TypedResults.Created($"/api/sagas/{slug}", SagaView.Of(o.State, now, now)),
            SagaDetailsResult.Changed c => TypedResults.Ok(SagaView.Of(c.State, now, now)),
            SagaDetailsResult.Unchanged u => TypedResults.Ok(SagaView.Of(u.State!, now, now)),
            SagaDetailsResult.NotAllowed => KeyScopes.Forbidden(
                $"Saga '{slug}' is open with other details; changing them rewrites every past answer about it and needs a key with the admin scope. Nothing was stored."),
            SagaDetailsResult.Invalid i => Problems.Validation(i.Errors),
            var other => throw new InvalidOperationException($"Unexpected result {other}."),
        };
    }

    /// <summary>
    /// Opens the saga or changes its details through the saga-write pipeline; shared by the endpoint, the importer
    /// and the demo data. <paramref name="unlessAt"/> leaves alone a saga already at or past an archive line's version.
    /// </summary>
    public static Task<SagaDetailsResult> WriteAsync(
        IDocumentStore store, string slug, SagaDetails details, string recordedBy, bool mayChange, DateTimeOffset now,
        long? unlessAt, CancellationToken ct) =>
        SagaWriter.WriteAsync(store, async (write, token) =>
        {
            await write.LockSagasAsync([slug], token);
            var current = await write.SagaAsync(slug, token);
            var names = await write.KnownNamesAsync([NameUse.PlayerOf(details.Player)], token);
            return OpeningSagas.Decide(slug, details, current, recordedBy, mayChange, names, now, unlessAt);
        }, ct);
}
