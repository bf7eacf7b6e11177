using Timeline.Domain;

namespace Timeline.Drafting;

/// <summary>An article to draft: its text and what the caller knows about it.</summary>
public sealed record Article(string Text, DateTimeOffset PublishedAt, string? Outlet = null, string? Reporter = null, string? Url = null);

/// <summary>A saga already in the store: drafting resolves player names to it.</summary>
public sealed record KnownSaga(string Slug, string Player, string? CurrentClub);

/// <summary>What the store knows: its sagas, and every club it has named (added to the gazetteer).</summary>
public sealed record StoreKnowledge(IReadOnlyList<KnownSaga> Sagas, IReadOnlyList<string> Clubs)
{
    public static readonly StoreKnowledge Empty = new([], []);
}

/// <summary>
/// One draft report: a body <c>POST /api/reports</c> accepts as it is, the evidence of each of its claims
/// (same order), and the words that attributed it (null for the article's own claims).
/// </summary>
public sealed record Draft(DraftReport Report, IReadOnlyList<Evidence> Evidence, Attribution? Attribution);

public sealed record DraftReport(
    string Reporter, string Outlet, DateTimeOffset PublishedAt, string? Url, string? Quote, IReadOnlyList<Claim> Claims);

/// <summary>
/// Why a claim was drafted: the sentence it came from (<c>[start, end)</c> in the submitted text, UTF-16),
/// the cue words that decided its type and value, and how sure the drafter is (0..1).
/// </summary>
public sealed record Evidence(int Start, int End, string Cue, double Confidence, int CueStart, int CueEnd, string Rule);

public sealed record Attribution(string Source, int Start, int End);

/// <summary>
/// A player the text names in a transfer context: his saga, or the slug a new one would get, and his current club
/// when the saga or the text says it ("Crystal Palace centre-back Marc Guehi"), so a new saga can be opened prefilled.
/// </summary>
public sealed record NamedPlayer(string Name, string? Saga, string? SuggestedSlug, string? CurrentClub = null);

/// <summary>A sentence naming a player or club near transfer words that gave no claim, and why.</summary>
public sealed record Unparsed(int Start, int End, string Text, string Reason);

public sealed record DraftResult(IReadOnlyList<Draft> Drafts, IReadOnlyList<NamedPlayer> Players, IReadOnlyList<Unparsed> Unparsed);
