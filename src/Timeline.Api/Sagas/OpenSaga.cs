using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Timeline.Api.Audit;
using Timeline.Api.Infrastructure;
using Timeline.Api.Names;
using Timeline.Domain;
using Wolverine.Http;

namespace Timeline.Api.Sagas;

/// <summary><c>PUT /api/sagas/{slug}</c>: open a saga, or change its details. Idempotent.</summary>
public static class OpenSaga
{
    [WolverinePut("/api/sagas/{slug}", OperationId = "OpenSaga")]
    [WriteAccess]
    [EndpointSummary("Open a saga or update its details")]
    [EndpointDescription("Creates the saga (201) or records changed details (200). Repeating the same details stores nothing. Changing an open saga's player, club or contract changes every past answer about it, so it needs a key with the admin scope (403 otherwise).")]
    public static async Task<IResult> Put(
        string slug, SagaDetailsInput body, IDocumentSession session, ClaimsPrincipal user, TimeProvider clock,
        CancellationToken ct)
    {
        var errors = SagaValidation.Validate(slug, body);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var player = new NameUse(NameUse.Player, NameUse.Player, body.Player!);
        errors = await KnownNames.LookalikesAsync(session, [player], ct);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var now = clock.GetUtcNow();
        // Fetched for writing so the new event's version is known to the projection and a
        // concurrent change to the same saga is a conflict rather than a lost update.
        var stream = await session.Events.FetchForWriting<SagaState>(slug, ct);
        var current = stream.Aggregate;
        var change = Decide(slug, current, body);
        var recordedBy = user.KeyName();
        var chain = new SagaChainWriter(session);
        switch (change)
        {
            case null:
                return TypedResults.Ok(current! with { AsOf = now, KnownAt = now });
            case SagaDetailsChanged when !user.IsAdmin():
                return KeyScopes.Forbidden(
                    $"Saga '{slug}' is open with other details; changing them rewrites every past answer about it and needs a key with the admin scope. Nothing was stored.");
            case SagaOpened:
                chain.Start(slug, change, recordedBy);
                break;
            default:
                await chain.AppendAsync(stream, change, recordedBy, ct);
                break;
        }

        KnownNames.Remember(session, [player]);
        session.LastModifiedBy = recordedBy;
        TimelineInstruments.StampTrace(session);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (Reports.RecordReport.IsConcurrentWrite(e))
        {
            return Problems.Conflict($"Saga '{slug}' was changed by a concurrent request; repeat the request.");
        }

        var state = SagaFold.Evolve(current, new SagaEntry((current?.Version ?? 0) + 1, now, change))! with
        {
            AsOf = now, KnownAt = now,
        };
        return current is null ? TypedResults.Created($"/api/sagas/{slug}", state) : TypedResults.Ok(state);
    }

    /// <summary>The event that brings the saga to these details, or null when it already has them.</summary>
    public static ISagaEvent? Decide(string slug, SagaState? current, SagaDetailsInput details)
    {
        if (current is null)
        {
            return new SagaOpened(slug, details.Player!, details.CurrentClub, details.ContractExpires);
        }

        var unchanged = current.Player == details.Player && current.CurrentClub == details.CurrentClub
                        && current.ContractExpires == details.ContractExpires;
        return unchanged ? null : new SagaDetailsChanged(slug, details.Player!, details.CurrentClub, details.ContractExpires);
    }
}
