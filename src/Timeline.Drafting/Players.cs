using System.Collections.Frozen;
using Timeline.Domain;

namespace Timeline.Drafting;

/// <summary>A player of the article: a saga of the store, or a name with the slug a new saga would get.</summary>
internal sealed class Player(string name, string? saga, string? currentClub, string[] words)
{
    public string Name { get; set; } = name;
    public string? Saga { get; } = saga;
    public string Slug => Saga ?? Slugs.Of(Name);
    public string? CurrentClub { get; set; } = currentClub;
    public string[] Words { get; } = words;
    public string Surname => Words[^1];
    public bool Named { get; set; }
}

internal sealed record PlayerMention(int Start, int End, Player Player, int FirstToken, int LastToken, bool Fuzzy);

/// <summary>
/// Finds players: the store's sagas by full name, by surname when no other player has it, without accents
/// and with one letter off for long names; new players by the shape of how reports introduce them
/// ("Lyon midfielder Mathis Delorme", "Delorme, 23,", a full name beside transfer words).
/// </summary>
internal sealed class PlayerFinder
{
    private static readonly FrozenSet<string> TransferWords = new[]
    {
        "bid", "offer", "move", "transfer", "sign", "signing", "signed", "deal", "contract", "interest", "interested", "talks", "target",
        "fee", "loan", "approach", "renew", "extension", "exit", "join", "leave", "future", "race", "agreement", "terms", "replacement",
        "free", "window", "negotiations", "release", "sale", "keen", "monitoring", "tabs", "agreed", "completed", "stay", "options",
        "tempted", "pursuing", "expected", "medical", "swoop", "switch", "wants", "remains", "stays", "signs", "joins", "agent",
        "contact", "enquiry", "scouts", "suitors", "offers", "bids", "signed", "sell", "selling",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Particles = new[] { "de", "del", "della", "di", "da", "du", "dos", "das", "do", "van", "von", "der", "den", "le", "la", "ten", "ter", "el", "al", "bin", "ben" }.ToFrozenSet(StringComparer.Ordinal);

    private readonly List<Player> _players;

    public PlayerFinder(IEnumerable<KnownSaga> sagas)
    {
        _players = sagas.Select(s => new Player(s.Player, s.Slug, s.CurrentClub, WordsOf(s.Player))).Where(p => p.Words.Length > 0).ToList();
    }

    public IReadOnlyList<Player> Players => _players;

    public static bool IsTransferWord(string folded) => TransferWords.Contains(folded);

    private static string[] WordsOf(string name)
    {
        var folded = Folding.Fold(name);
        return Tokenizer.Tokenize(name, folded, 0, folded.Length).Where(t => t.IsWord).Select(t => t.Folded).ToArray();
    }

    /// <summary>New players introduced by the text; <paramref name="blocked"/> says which tokens are clubs, credits or sources.</summary>
    public void Discover(IReadOnlyList<Sentence> sentences, Func<Sentence, int, bool> blocked, ISet<string> people)
    {
        var lang = Language.Default;
        var weak = new List<string>();
        foreach (var sentence in sentences)
        {
            var tokens = sentence.Tokens;
            var transfer = tokens.Any(t => TransferWords.Contains(t.Folded));
            for (var i = 0; i < tokens.Count; i++)
            {
                if (!IsNameWord(tokens[i]) || blocked(sentence, i))
                {
                    continue;
                }

                var e = i;
                while (e + 1 < tokens.Count && !blocked(sentence, e + 1)
                       && (IsNameWord(tokens[e + 1]) || Particles.Contains(tokens[e + 1].Folded) && e + 2 < tokens.Count && IsNameWord(tokens[e + 2]) && !blocked(sentence, e + 2)))
                {
                    e += IsNameWord(tokens[e + 1]) ? 1 : 2;
                }

                var s = i;
                while (s <= e && lang.StopCapitals.Contains(tokens[s].Folded))
                {
                    s++;
                }

                var length = e - s + 1;
                if (length >= 1 && length <= 4)
                {
                    var name = string.Join(' ', tokens.Skip(s).Take(length).Select(t => t.Text));
                    var folded = Folding.Fold(name);
                    var before = s > 0 ? tokens[s - 1].Folded : "";
                    var before2 = s > 1 ? tokens[s - 2].Folded + " " + before : before;
                    var after = e + 1 < tokens.Count ? tokens[e + 1].Folded : "";
                    var strong = lang.Positions.Contains(before) || lang.Positions.Contains(before2) || before.EndsWith("-year-old", StringComparison.Ordinal)
                                 || (after == "," && e + 2 < tokens.Count && tokens[e + 2].Text.All(char.IsDigit))
                                 || (after == "'s" && e + 2 < tokens.Count && tokens[e + 2].Folded is "future" or "contract" or "agent" or "representatives" or "camp" or "entourage" or "deal" or "move" or "release" or "father" or "advisers");
                    var role = lang.Roles.Contains(before) || lang.Roles.Contains(before2);
                    var plausible = !lang.NotNames.Contains(folded) && !people.Contains(folded) && !role
                                    && tokens.Skip(s).Take(length).Where(t => !Particles.Contains(t.Folded)).All(t => t.IsWord && !lang.StopCapitals.Contains(t.Folded));
                    if (plausible && (strong || (length >= 2 && transfer)))
                    {
                        Add(name, strong);
                    }
                    else if (plausible && length >= 2)
                    {
                        weak.Add(name);
                    }
                }

                i = e;
            }
        }

        // A full name in a headline ("Davide Morandi to Napoli") whose surname comes back beside transfer words.
        foreach (var name in weak)
        {
            var surname = WordsOf(name)[^1];
            if (sentences.Any(x => x.Tokens.Any(t => t.Folded == surname && t.IsCapitalized) && x.Tokens.Any(t => TransferWords.Contains(t.Folded))))
            {
                Add(name, false);
            }
        }
    }

    private void Add(string name, bool strong)
    {
        var words = WordsOf(name);
        var clean = Folding.CleanName(name);
        // "Dayot Upamacano" for the store's Dayot Upamecano: a known player spelt one letter off.
        if (_players.Any(p => p.Words.SequenceEqual(words)
                              || (p.Saga is not null && words.Length >= 2 && p.Words.Length >= 2 && p.Words[0] == words[0]
                                  && p.Surname.Length >= 6 && Distance(p.Surname, words[^1]) <= 1)))
        {
            return;
        }

        // "Vestergaard" after "Jonas Vestergaard", "Van Dijkstra" beside "Ruud van Dijkstra": part of a player already met.
        if (_players.Any(p => p.Words.Length > words.Length && p.Words.AsSpan()[^words.Length..].SequenceEqual(words)))
        {
            return;
        }

        foreach (var shorter in _players.Where(p => p.Saga is null && p.Words.Length < words.Length && words.AsSpan()[^p.Words.Length..].SequenceEqual(p.Words)).ToList())
        {
            _players.Remove(shorter);
        }

        if (words.Length == 1 && !strong)
        {
            return;
        }

        _players.Add(new Player(clean, null, null, words));
    }

    private static bool IsNameWord(Token t) => t.IsWord && t.IsCapitalized && !char.IsDigit(t.Text[0]) && t.Text.Length > 1;

    /// <summary>Every mention of a player in a sentence, skipping tokens that are clubs or credits.</summary>
    public List<PlayerMention> Find(Sentence sentence, Func<Sentence, int, bool> blocked)
    {
        var tokens = sentence.Tokens;
        var found = new List<PlayerMention>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!tokens[i].IsWord || blocked(sentence, i))
            {
                continue;
            }

            PlayerMention? best = null;
            foreach (var player in ByFirstWord(tokens[i].Folded))
            {
                var w = player.Words;
                if (tokens.HasWordsAt(i, w))
                {
                    if (best is null || w.Length > best.LastToken - best.FirstToken + 1)
                    {
                        best = new PlayerMention(tokens[i].Start, tokens[i + w.Length - 1].End, player, i, i + w.Length - 1, false);
                    }
                }
            }

            if (best is null && tokens[i].IsCapitalized)
            {
                var bySurname = _players.Where(p => p.Surname == tokens[i].Folded).ToList();
                if (bySurname.Count == 1)
                {
                    best = new PlayerMention(tokens[i].Start, tokens[i].End, bySurname[0], i, i, false);
                }
                else if (bySurname.Count == 0 && tokens[i].Folded.Length >= 6)
                {
                    var close = _players.Where(p => p.Saga is not null && p.Surname.Length >= 6 && Distance(p.Surname, tokens[i].Folded) <= 1).ToList();
                    if (close.Count == 1)
                    {
                        var first = i > 0 && close[0].Words.Length > 1 && tokens[i - 1].Folded == close[0].Words[0] ? i - 1 : i;
                        best = new PlayerMention(tokens[first].Start, tokens[i].End, close[0], first, i, true);
                    }
                }
            }

            if (best is not null)
            {
                found.RemoveAll(m => m.FirstToken >= best.FirstToken);
                found.Add(best);
                i = best.LastToken;
            }
        }

        return found;
    }

    private Dictionary<string, List<Player>>? _byFirstWord;

    private List<Player> ByFirstWord(string word)
    {
        _byFirstWord ??= _players.GroupBy(p => p.Words[0]).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return _byFirstWord.GetValueOrDefault(word) ?? [];
    }

    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return 2;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
