namespace Timeline.Drafting;

/// <summary>A club named in the text: the span of its words and the canonical name drafts record.</summary>
internal sealed record ClubMention(int Start, int End, string Club, int FirstToken, int LastToken, bool IsVenue)
{
    /// <summary>"Lyon midfielder X", "Juventus' Y": the player's club, not a party to the claim.</summary>
    public bool IsDescriptor { get; set; }
}

/// <summary>
/// The club gazetteer of <c>Data/clubs.json</c> plus the clubs the store names: every alias, nickname and
/// ground maps to one canonical name. Short forms several clubs answer to ("United", "Real") are settled
/// by the other clubs the article names.
/// </summary>
internal sealed class Gazetteer
{
    private sealed record Alias(string[] Words, string Club, bool NeedsArticle, bool IsVenue, string[]? Candidates, string? Default);

    private readonly Dictionary<string, List<Alias>> _byFirstWord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _canonical = new(StringComparer.Ordinal);

    /// <summary>The aliases of <c>Data/clubs.json</c> (read once) and each club's country and areas.</summary>
    private static readonly (List<(string Alias, string Club, string[]? Candidates, string? Default)> Aliases, Dictionary<string, string[]> Tags) Data = Read();

    public static readonly Gazetteer Default = new([]);

    private static readonly string[] VenueWords = ["stadium", "park", "arena", "bridge", "road", "ground", "cottage", "trafford", "anfield", "emirates", "etihad", "molineux", "goodison", "bernabeu", "nou", "metropolitano", "ibrox", "parkhead", "amex", "princes"];

    private readonly Dictionary<string, string[]> _tags;

    public Gazetteer(IEnumerable<string> storeClubs)
    {
        _tags = Data.Tags;
        foreach (var (alias, club, candidates, fallback) in Data.Aliases)
        {
            Add(alias, club, candidates, fallback);
        }

        foreach (var club in storeClubs.Where(c => !string.IsNullOrWhiteSpace(c)))
        {
            if (Canonical(club) is null)
            {
                Add(club.Trim(), club.Trim(), null, null);
            }
        }

        foreach (var list in _byFirstWord.Values)
        {
            list.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
        }
    }

    private static (List<(string, string, string[]?, string?)>, Dictionary<string, string[]>) Read()
    {
        using var doc = Resources.Load("clubs.json");
        var aliases = new List<(string, string, string[]?, string?)>();
        var tags = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var club in doc.RootElement.GetProperty("clubs").EnumerateArray())
        {
            var name = club.GetProperty("name").GetString()!;
            aliases.Add((name, name, null, null));
            aliases.AddRange(club.Strings("aliases").Select(alias => (alias, name, (string[]?)null, (string?)null)));
            var country = club.TryGetProperty("country", out var c) ? [c.GetString()!] : Array.Empty<string>();
            tags[name] = [.. country, .. club.TryGetProperty("areas", out _) ? club.Strings("areas") : []];
        }

        foreach (var entry in doc.RootElement.GetProperty("ambiguous").EnumerateArray())
        {
            var candidates = entry.Strings("candidates");
            var fallback = entry.GetProperty("default").ValueKind == System.Text.Json.JsonValueKind.String
                ? entry.GetProperty("default").GetString()
                : null;
            aliases.Add((entry.GetProperty("alias").GetString()!, fallback ?? candidates[0], candidates, fallback));
        }

        return (aliases, tags);
    }

    /// <summary>
    /// Whether a club answers to a description (a country or an area of <c>clubs.json</c>, "france", "north london"):
    /// true or false, or null for a club whose country the gazetteer does not know.
    /// </summary>
    public bool? Answers(string club, string description) =>
        _tags.TryGetValue(club, out var tags) && tags.Length > 0 ? tags.Contains(description, StringComparer.Ordinal) : null;

    /// <summary>The canonical name of a club written any known way, or null.</summary>
    public string? Canonical(string name) => _canonical.GetValueOrDefault(Key(Words(name)));

    private static string Key(IEnumerable<string> words) => string.Join(' ', words);

    private static string[] Words(string name)
    {
        var folded = Folding.Fold(name);
        return Tokenizer.Tokenize(name, folded, 0, folded.Length).Select(t => t.Folded).ToArray();
    }

    private void Add(string alias, string club, string[]? candidates, string? fallback)
    {
        var words = Words(alias);
        var needsArticle = words.Length > 1 && words[0] == "the";
        if (needsArticle)
        {
            words = words[1..];
        }

        var isVenue = words.Any(w => VenueWords.Contains(w)) && !Words(club).SequenceEqual(words);
        if (candidates is null)
        {
            _canonical.TryAdd(Key(words), club);
        }

        if (!_byFirstWord.TryGetValue(words[0], out var list))
        {
            _byFirstWord[words[0]] = list = [];
        }

        list.Add(new Alias(words, club, needsArticle, isVenue, candidates, fallback));
    }

    /// <summary>The clubs a sentence names, longest alias first; ambiguous short forms are settled later by <see cref="Settle"/>.</summary>
    public List<(ClubMention Mention, string[]? Candidates, string? Default)> Find(IReadOnlyList<Token> tokens)
    {
        var found = new List<(ClubMention, string[]?, string?)>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!tokens[i].IsWord || !_byFirstWord.TryGetValue(tokens[i].Folded, out var aliases))
            {
                continue;
            }

            foreach (var alias in aliases)
            {
                if (!tokens.HasWordsAt(i, alias.Words))
                {
                    continue;
                }

                var first = tokens[i];
                if (!first.IsCapitalized && !char.IsDigit(first.Text[0]))
                {
                    continue;
                }

                if (alias.NeedsArticle && (i == 0 || tokens[i - 1].Folded != "the"))
                {
                    continue;
                }

                var last = i + alias.Words.Length - 1;
                // "Milan Horvat", "Liverpool Echo", "United States": a one-word alias that runs into another
                // capitalised name is part of that name.
                if (alias.Words.Length == 1 && last + 1 < tokens.Count && tokens[last + 1].IsWord && tokens[last + 1].IsCapitalized
                    && !Language.Default.StopCapitals.Contains(tokens[last + 1].Folded)
                    && !Language.Default.Positions.Contains(tokens[last + 1].Folded)
                    && !_byFirstWord.ContainsKey(tokens[last + 1].Folded))
                {
                    continue;
                }

                // "Rafael Santos", "Cadena Levante": a one-word alias closing a longer capitalised name is part of it.
                if (alias.Words.Length == 1 && !alias.NeedsArticle && i > 0 && tokens[i - 1].IsWord && tokens[i - 1].IsCapitalized
                    && !Language.Default.StopCapitals.Contains(tokens[i - 1].Folded) && !_byFirstWord.ContainsKey(tokens[i - 1].Folded))
                {
                    continue;
                }

                var start = alias.NeedsArticle ? tokens[i - 1].Start : first.Start;
                found.Add((new ClubMention(start, tokens[last].End, alias.Club, alias.NeedsArticle ? i - 1 : i, last, alias.IsVenue),
                    alias.Candidates, alias.Default));
                i = last;
                break;
            }
        }

        return found;
    }

    /// <summary>"United" is the United the article names in full elsewhere, else the usual one; with no usual one it is dropped.</summary>
    public static List<ClubMention> Settle(List<(ClubMention Mention, string[]? Candidates, string? Default)> all)
    {
        var named = all.Where(x => x.Candidates is null).Select(x => x.Mention.Club).ToHashSet(StringComparer.Ordinal);
        var settled = new List<ClubMention>();
        foreach (var (mention, candidates, fallback) in all)
        {
            if (candidates is null)
            {
                settled.Add(mention);
                continue;
            }

            var present = candidates.Where(named.Contains).ToList();
            // "United" is Manchester United unless the article names only another United in full.
            var club = fallback is not null && (present.Count == 0 || present.Contains(fallback)) ? fallback : present.Count == 1 ? present[0] : null;
            if (club is not null)
            {
                settled.Add(mention with { Club = club });
            }
        }

        return settled;
    }
}
