using System.Collections.Frozen;

namespace Timeline.Drafting;

/// <summary>Who a claim is credited to: an outlet and its journalist, a journalist on his own, or the article itself.</summary>
internal sealed record Source(string Outlet, string? Reporter, bool IsOwn)
{
    public string Key => $"{OutletKey(Outlet)}|{(Reporter is null ? "" : Folding.Fold(Reporter))}";

    public static string OutletKey(string outlet)
    {
        var folded = Folding.Fold(outlet).Replace("(synthetic)", " ", StringComparison.Ordinal);
        var words = folded.Split([' ', '.', ',', '\'', '-'], StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 1 && words[0] == "the")
        {
            words.RemoveAt(0);
        }

        return string.Join(' ', words);
    }
}

/// <summary>The words that credit a sentence to a source, and how far the credit reaches.</summary>
internal sealed record Credit(Source Source, int Start, int End, CreditReach Reach, DateTimeOffset? Dated);

internal enum CreditReach
{
    /// <summary>Mid-sentence or trailing ("..., according to X."): this sentence only.</summary>
    Sentence,

    /// <summary>Opening the sentence ("According to X, ..."): the rest of the paragraph too.</summary>
    Leading,

    /// <summary>A bracketed outlet at the end of a round-up item: the whole item.</summary>
    Paragraph,
}

/// <summary>
/// Finds credits ("according to", "X reports", "per", "X understands", "(Mirror)", "X's Y says", "he said")
/// in a sentence's tokens. Sources met earlier are remembered so that "O'Connor" or "the paper" later
/// resolve to them.
/// </summary>
internal sealed class SourceFinder
{
    private static readonly FrozenSet<string> JournalistVerbs = new[]
    {
        "reports", "reported", "understands", "understand", "learned", "learnt", "revealed", "reveals", "claims", "claimed", "writes",
        "wrote", "reporting", "hears", "heard", "tweeted", "posted", "suggests", "suggested", "states", "stated", "confirms", "confirmed",
        "broke", "notes", "noted", "adds", "added", "says", "said", "believes", "thinks", "explains", "explained", "told", "continued",
        "continues", "insists", "insisted", "expects", "goes", "went", "reckons", "indicates", "indicated", "relays", "relayed", "understood",
        "say", "report", "add", "claim", "write", "suggest", "reveal", "state", "believe", "insist",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>"The Sun report", "RMC Sport add", "the Daily Mail say": a plural verb credits only a name that is an outlet.</summary>
    private static readonly FrozenSet<string> PluralVerbs = new[] { "say", "report", "add", "claim", "write", "suggest", "reveal", "state", "believe", "insist", "understand" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Verbs anyone speaks with (a manager, a player): only a source already known or shaped like one counts.</summary>
    private static readonly FrozenSet<string> SpeechVerbs = new[]
    {
        "adds", "added", "says", "said", "believes", "thinks", "explains", "explained", "told", "continued", "continues", "insists",
        "insisted", "expects", "goes", "went", "reckons", "notes", "noted",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> PersonNouns = new[] { "reporter", "journalist", "correspondent", "insider", "writer", "columnist", "editor", "chief", "expert", "pundit", "man", "presenter" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> OutletNouns = new[] { "outlet", "paper", "newspaper", "daily", "website", "broadcaster", "radio", "station", "magazine", "publication", "tabloid", "channel", "tv", "network", "site", "weekly", "agency", "programme", "show", "podcast", "broadsheet", "publication" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Words of a journalist's job between an outlet and his name ("chief football writer").</summary>
    private static readonly FrozenSet<string> JobWords = new[] { "chief", "football", "transfer", "senior", "lead", "sports", "respected", "well-connected", "news", "club", "digital", "european", "northern", "political" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Particles = new[] { "de", "del", "della", "dello", "di", "da", "du", "des", "la", "le", "van", "von", "der", "den", "dos", "das", "do", "y" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Pronouns = new[] { "he", "she" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> _knownOutlets;
    private static readonly FrozenSet<string> _knownJournalists;
    private static readonly FrozenSet<string> _outletWords;
    private static readonly FrozenSet<string> _foreignArticles;
    private readonly Source _own;
    private readonly Gazetteer _clubs;
    private readonly List<Source> _met = [];

    /// <summary>Outlets as they are written ("AS", "Sport"): short names that are also ordinary words count only so.</summary>
    private static readonly FrozenSet<string> KnownOutletsAsWritten;

    static SourceFinder()
    {
        using var doc = Resources.Load("outlets.json");
        var root = doc.RootElement;
        KnownOutletsAsWritten = root.Strings("outlets").ToFrozenSet(StringComparer.Ordinal);
        _knownOutlets = root.Strings("outlets").Select(Source.OutletKey).ToFrozenSet(StringComparer.Ordinal);
        _knownJournalists = root.Strings("journalists").Select(Folding.Fold).ToFrozenSet(StringComparer.Ordinal);
        _outletWords = root.Strings("outletWords").Select(Folding.Fold).ToFrozenSet(StringComparer.Ordinal);
        _foreignArticles = root.Strings("foreignArticles").ToFrozenSet(StringComparer.Ordinal);
    }

    public SourceFinder(Source own, Gazetteer clubs)
    {
        _own = own;
        _clubs = clubs;
    }

    /// <summary>Every person named as a source so far: not players, whatever verbs follow them.</summary>
    public IEnumerable<string> People => _met.Where(s => s.Reporter is not null).Select(s => s.Reporter!);

    /// <summary>The one journalist of the article's own outlet the text credits ("Our own insider, Dean Jones"), if exactly one.</summary>
    public string? OwnReporter()
    {
        var own = _met.Where(s => s.IsOwn && s.Reporter is not null).Select(s => s.Reporter!).Distinct().ToList();
        return own.Count == 1 ? own[0] : null;
    }

    public List<Credit> Find(Sentence sentence, DateTimeOffset publishedAt, Source? previous, Source? paragraphPerson)
    {
        var tokens = sentence.Tokens;
        var credits = new List<Credit>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i].Folded;
            Credit? credit = null;
            if (t == "according" && i + 1 < tokens.Count && tokens[i + 1].Folded == "to")
            {
                credit = Forward(sentence, i, i + 2, publishedAt);
            }
            else if (t == "per" && (i == 0 || tokens[i - 1].Folded is "," or "(" or "-") && i + 1 < tokens.Count)
            {
                credit = Forward(sentence, i, i + 1, publishedAt);
            }
            else if (t == "via" && i + 1 < tokens.Count && tokens[i + 1].IsCapitalized)
            {
                credit = Forward(sentence, i, i + 1, publishedAt);
            }
            else if (t == "by" && i > 0 && tokens[i - 1].Folded is "reported" or "revealed" or "claimed" or "first" or "broken" or "understood" && i + 1 < tokens.Count
                     && Forward(sentence, i, i + 1, publishedAt) is { } by)
            {
                // "as reported by Sky Sports", "as revealed by The Athletic"
                var from = tokens.FindLastIndex(i, x => x.Folded is "as" or ",") is var a && a >= 0 && i - a <= 3 && tokens[a].Folded == "as" ? a : i - 1;
                credit = by with { Start = tokens[from].Start, Reach = Reach(from) };
            }
            else if (t == "(" && Bracket(sentence, i, publishedAt) is { } bracket)
            {
                credit = bracket;
            }
            else if (t is "we" or "our" && Own(sentence, i, publishedAt) is { } own)
            {
                credit = own;
            }
            else if (JournalistVerbs.Contains(t) && !tokens[i].IsCapitalized)
            {
                credit = Backward(sentence, i, publishedAt, previous, paragraphPerson, credits) ?? Inverted(sentence, i, publishedAt);
            }

            if (credit is not null)
            {
                credits.Add(credit);
                Remember(credit.Source);
                i = Math.Max(i, tokens.FindIndex(x => x.Start >= credit.End) - 1);
                if (i < 0)
                {
                    break;
                }
            }
        }

        return credits;
    }

    private void Remember(Source source)
    {
        if (!_met.Any(s => s.Key == source.Key))
        {
            _met.Add(source);
        }
    }

    private Credit? Own(Sentence sentence, int i, DateTimeOffset publishedAt)
    {
        var tokens = sentence.Tokens;
        string Next(int k) => i + k < tokens.Count ? tokens[i + k].Folded : "";
        var t = tokens[i].Folded;
        if (t == "we" && Next(1) is "understand" or "understood" or "can" or "have" or "hear" or "revealed" or "reported" or "know"
            && (Next(1) is not ("can" or "have") || Next(2) is "reveal" or "confirm" or "learned" or "learnt" or "been" or "heard"))
        {
            // "We understand", "we can reveal": the credit ends at its verb, not on the subject after it.
            var last = Math.Min(Next(1) is "can" or "have" ? i + 2 : i + 1, tokens.Count - 1);
            return new Credit(_own, tokens[i].Start, tokens[last].End, Reach(i), null);
        }

        if (t == "our" && Next(1) == "understanding")
        {
            return new Credit(_own, tokens[i].Start, tokens[i + 1].End, Reach(i), null);
        }

        if (t == "our")
        {
            var k = i + 1;
            if (Next(1) == "own")
            {
                k++;
            }

            if (k < tokens.Count && (PersonNouns.Contains(tokens[k].Folded) || tokens[k].Folded is "sources" or "source"))
            {
                var end = k;
                string? person = null;
                var p = k + 1;
                if (p < tokens.Count && tokens[p].Folded == ",")
                {
                    p++;
                }

                var (name, nameEnd) = Run(tokens, p);
                if (name is not null && !IsClub(name))
                {
                    person = name;
                    end = nameEnd;
                }

                var source = person is null ? _own : _own with { Reporter = person };
                return new Credit(source, tokens[i].Start, tokens[end].End, Reach(i), null);
            }
        }

        return null;
    }

    private static CreditReach Reach(int tokenIndex) => tokenIndex <= 3 ? CreditReach.Leading : CreditReach.Sentence;

    /// <summary>"according to [the latest from] Sky Sports reporter, Vinny O'Connor" / "per journalist Matteo Ricci".</summary>
    private Credit? Forward(Sentence sentence, int creditStart, int k, DateTimeOffset publishedAt)
    {
        var tokens = sentence.Tokens;
        while (k < tokens.Count && !tokens[k].IsCapitalized && tokens[k].IsWord
               && (tokens[k].Folded is "the" or "latest" or "from" or "a" or "an" or "respected" or "reliable" or "trusted" or "well-connected" or "renowned" or "transfer" or "guru" or "italian" or "spanish" or "french" or "german" or "portuguese" or "reports" or "sources" or "journalist"
                   or "report" or "story" or "article" or "in" or "by"
                   || PersonNouns.Contains(tokens[k].Folded) || OutletNouns.Contains(tokens[k].Folded)))
        {
            k++;
        }

        var parsed = Phrase(tokens, k);
        if (parsed is null)
        {
            return null;
        }

        var (source, end) = parsed.Value;
        return new Credit(source, tokens[creditStart].Start, tokens[end].End, Reach(creditStart), Dated(sentence, end, publishedAt));
    }

    private Credit? Bracket(Sentence sentence, int open, DateTimeOffset publishedAt)
    {
        var tokens = sentence.Tokens;
        var close = tokens.FindIndex(open + 1, x => x.Folded == ")");
        if (close < 0 || close - open > 7 || close < tokens.Count - 2)
        {
            return null;
        }

        var (name, end) = Run(tokens, open + 1);
        if (name is null || end != close - 1 || IsClub(name) || tokens.Skip(open + 1).Take(close - open - 1).Any(x => char.IsDigit(x.Text[0])))
        {
            return null;
        }

        var source = Classify(name, null);
        var reach = open == 0 || sentence.End == sentence.Paragraph.End ? CreditReach.Paragraph : CreditReach.Sentence;
        return new Credit(source, tokens[open].Start, tokens[close].End, reach, Dated(sentence, close, publishedAt));
    }

    /// <summary>"Sud Sportif (also) reports", "Sportwelt's Florian Ebner says", "The Spanish paper adds", "He says".</summary>
    private Credit? Backward(Sentence sentence, int verb, DateTimeOffset publishedAt, Source? previous, Source? paragraphPerson, List<Credit> earlier)
    {
        var tokens = sentence.Tokens;
        var v = tokens[verb].Folded;
        if (v == "broke" && !(verb + 1 < tokens.Count && tokens[verb + 1].Folded is "news" or "the"))
        {
            return null;
        }

        if (v is "goes" or "went" && !(verb + 1 < tokens.Count && tokens[verb + 1].Folded == "further"))
        {
            return null;
        }

        // "Brennan is understood to be keen", "it is said": a passive reporting verb credits no one; "Marca are
        // reporting" is no passive.
        var progressive = v.EndsWith("ing", StringComparison.Ordinal);
        if (!progressive && verb > 0 && tokens[verb - 1].Folded is "is" or "are" or "was" or "were" or "being")
        {
            return null;
        }

        var j = verb - 1;
        while (j >= 0 && (tokens[j].Folded is "also" or "now" or "has" or "have" or "had" or "previously" or "exclusively" or "been" or "can" or "further" or "then" or "later" or "first"
                          || (progressive && tokens[j].Folded is "is" or "are" or "was" or "were")))
        {
            j--;
        }

        if (j < 0)
        {
            return null;
        }

        var end = verb;
        var dated = Dated(sentence, verb, publishedAt);
        var tail = tokens[j].Folded;
        if (tail == "which" && earlier.Count > 0)
        {
            return new Credit(earlier[^1].Source, tokens[j].Start, tokens[end].End, CreditReach.Sentence, null);
        }

        if (Pronouns.Contains(tail) && (j == 0 || tokens[j - 1].Folded is "," or "'" or "\"" or "and" or "but" or "." ) && paragraphPerson is not null && SpeechVerbs.Contains(v) | JournalistVerbs.Contains(v))
        {
            return new Credit(paragraphPerson, tokens[j].Start, tokens[end].End, Reach(j), null);
        }

        if (!tokens[j].IsCapitalized)
        {
            // "the (Spanish) paper adds": the outlet last credited.
            if (OutletNouns.Contains(tail) || PersonNouns.Contains(tail) || tail is "report" or "source")
            {
                var k = j - 1;
                while (k >= 0 && (!tokens[k].IsCapitalized || Language.Default.StopCapitals.Contains(tokens[k].Folded)) && tokens[k].Folded is not ("the" or "this" or "that") && j - k <= 4)
                {
                    k--;
                }

                if (k >= 0 && tokens[k].Folded is "the" or "this" or "that" && (PersonNouns.Contains(tail) ? paragraphPerson : previous) is { } last)
                {
                    return new Credit(last, tokens[k].Start, tokens[end].End, Reach(k), null);
                }
            }

            return null;
        }

        // the capitalised run ending at j
        var s = j;
        while (s > 0 && (tokens[s - 1].IsCapitalized && tokens[s - 1].IsWord || Particles.Contains(tokens[s - 1].Folded) && s > 1 && tokens[s - 2].IsCapitalized))
        {
            s--;
        }

        var run = Join(tokens, s, j);
        if (PluralVerbs.Contains(v) && !(LooksLikeOutlet(run) || IsOutletName(run)))
        {
            return null;
        }

        string? outlet = null;
        var start = s;
        // "Sky Sports chief reporter Kaveh Solhekol says", "BBC Sport's chief football writer Phil McNulty says"
        var descriptor = s - 1;
        while (descriptor > 0 && s - descriptor <= 4 && !tokens[descriptor].IsCapitalized && tokens[descriptor].IsWord
               && (PersonNouns.Contains(tokens[descriptor].Folded) || JobWords.Contains(tokens[descriptor].Folded)))
        {
            descriptor--;
        }

        if (descriptor >= 1 && descriptor < s - 1 && Enumerable.Range(descriptor + 1, s - 1 - descriptor).Any(k => PersonNouns.Contains(tokens[k].Folded)))
        {
            var last = tokens[descriptor].IsPossessive ? descriptor - 1 : descriptor;
            if (tokens[last].IsCapitalized && tokens[last].IsWord)
            {
                var os = last;
                while (os > 0 && tokens[os - 1].IsCapitalized && tokens[os - 1].IsWord)
                {
                    os--;
                }

                var described = Join(tokens, os, last);
                if (!IsClub(described) && !StopWord(described))
                {
                    outlet = described;
                    start = os;
                }
            }
        }

        if (outlet is null && s >= 2 && tokens[s - 1].IsPossessive && tokens[s - 2].IsCapitalized)
        {
            var os = s - 2;
            while (os > 0 && tokens[os - 1].IsCapitalized && tokens[os - 1].IsWord)
            {
                os--;
            }

            outlet = Join(tokens, os, s - 2);
            start = os;
        }
        else if (outlet is null && s >= 2 && (PersonNouns.Contains(tokens[s - 1].Folded) || tokens[s - 1].Folded == "," && s >= 3 && PersonNouns.Contains(tokens[s - 2].Folded)))
        {
            var noun = tokens[s - 1].Folded == "," ? s - 2 : s - 1;
            if (noun >= 1 && tokens[noun - 1].IsCapitalized)
            {
                var os = noun - 1;
                while (os > 0 && tokens[os - 1].IsCapitalized && tokens[os - 1].IsWord)
                {
                    os--;
                }

                outlet = Join(tokens, os, noun - 1);
                start = os;
            }
        }

        if (IsClub(run) || (outlet is not null && IsClub(outlet)))
        {
            return null;
        }

        Source? source;
        if (outlet is not null)
        {
            source = Known(outlet, run) ?? new Source(Folding.CleanName(outlet), Folding.CleanName(run), IsOwnOutlet(outlet));
        }
        else if (v == "told" && verb + 1 < tokens.Count && Run(tokens, verb + 1) is ({ } told, var toldEnd) && IsOutletName(told))
        {
            var person = ResolvePerson(run) ?? Folding.CleanName(run);
            var toOutlet = IsOwnOutlet(told) ? _own.Outlet : Folding.CleanName(told);
            source = new Source(toOutlet, person, IsOwnOutlet(told));
            end = toldEnd;
        }
        else
        {
            source = Known(run, null) ?? (KnownOutletsAsWritten.Contains(Folding.CleanName(run)) ? Classify(run, null) : null);
            if (source is null)
            {
                // A lone unknown name that "says" or "told" is as likely a player or a manager as a journalist:
                // only a verb of reporting ("reports", "understands") makes it a source.
                var shaped = LooksLikeOutlet(run) || (run.Split(' ').Length == 1 && JournalistOnly(v));
                if (SpeechVerbs.Contains(v) && !JournalistOnly(v) && !shaped && !_knownJournalists.Contains(Folding.Fold(run)))
                {
                    return null;
                }

                if (StopWord(run))
                {
                    return null;
                }

                source = Classify(run, null);
            }
        }

        return new Credit(source, tokens[start].Start, tokens[end].End, Reach(start), dated);
    }

    private static bool JournalistOnly(string verb) => verb is "reports" or "reported" or "understands" or "revealed" or "claims" or "claimed" or "writes" or "wrote";

    /// <summary>"..., reported O'Connor." / "says Fabrizio Romano".</summary>
    private Credit? Inverted(Sentence sentence, int verb, DateTimeOffset publishedAt)
    {
        var tokens = sentence.Tokens;
        if (verb == 0 || tokens[verb - 1].Folded is not ("," or "'" or "\"") || verb + 1 >= tokens.Count)
        {
            return null;
        }

        // "says the Telegraph": an outlet's article is no part of its name.
        var first = verb + 1 < tokens.Count - 1 && tokens[verb + 1].Text == "the" ? verb + 2 : verb + 1;
        var (name, end) = Run(tokens, first);
        if (name is null || IsClub(name) || (first > verb + 1 && !LooksLikeOutlet(name)))
        {
            return null;
        }

        // "reported O'Connor of Sky Sports"
        if (end + 2 < tokens.Count && tokens[end + 1].Folded == "of" && Run(tokens, end + 2) is ({ } of, var ofEnd) && !IsClub(of) && LooksLikeOutlet(of))
        {
            var withOutlet = Known(of, name) ?? new Source(Folding.CleanName(of), ResolvePerson(name) ?? Folding.CleanName(name), IsOwnOutlet(of));
            return new Credit(withOutlet, tokens[verb].Start, tokens[ofEnd].End, CreditReach.Sentence, Dated(sentence, ofEnd, publishedAt));
        }

        var source = Known(name, null) ?? (JournalistOnly(tokens[verb].Folded) || LooksLikeOutlet(name) ? Classify(name, null) : null);
        return source is null ? null : new Credit(source, tokens[verb].Start, tokens[end].End, CreditReach.Sentence, Dated(sentence, end, publishedAt));
    }

    /// <summary>Parses "Sky Sports reporter, Vinny O'Connor", "Istanbul daily Gol Postası", "Sportwelt's Florian Ebner", "Matteo Ricci".</summary>
    private (Source Source, int End)? Phrase(List<Token> tokens, int k)
    {
        var (first, firstEnd) = Run(tokens, k);
        if (first is null || IsClub(first))
        {
            return null;
        }

        var next = firstEnd + 1;
        // "Istanbul daily Gol Postası", "Portuguese outlet A Bancada": the first words only describe the source.
        if (StopWord(first) && !(next < tokens.Count && (PersonNouns.Contains(tokens[next].Folded) || OutletNouns.Contains(tokens[next].Folded))))
        {
            return null;
        }

        // "BBC Sport's chief football writer Phil McNulty": the words between name the job, not the person.
        var afterPossessive = next + 1;
        while (afterPossessive < tokens.Count && afterPossessive - next <= 4 && !tokens[afterPossessive].IsCapitalized && tokens[afterPossessive].IsWord
               && (PersonNouns.Contains(tokens[afterPossessive].Folded) || JobWords.Contains(tokens[afterPossessive].Folded)))
        {
            afterPossessive++;
        }

        if (next + 1 < tokens.Count && tokens[next].IsPossessive && Run(tokens, afterPossessive) is ({ } person, var personEnd))
        {
            return (Known(first, person) ?? new Source(Folding.CleanName(first), Folding.CleanName(person), IsOwnOutlet(first)), personEnd);
        }

        if (next < tokens.Count && (PersonNouns.Contains(tokens[next].Folded) || OutletNouns.Contains(tokens[next].Folded)))
        {
            var p = next + 1;
            if (p < tokens.Count && tokens[p].Folded == ",")
            {
                p++;
            }

            if (Run(tokens, p) is ({ } second, var secondEnd) && !IsClub(second))
            {
                return PersonNouns.Contains(tokens[next].Folded)
                    ? (Known(first, second) ?? new Source(Folding.CleanName(first), Folding.CleanName(second), IsOwnOutlet(first)), secondEnd)
                    : (Known(second, null) ?? Classify(second, null), secondEnd);
            }
        }

        return (Known(first, null) ?? Classify(first, null), firstEnd);
    }

    private Source? Known(string name, string? person)
    {
        if (IsOwnOutlet(name))
        {
            return person is null ? _own : _own with { Reporter = ResolvePerson(person) ?? Folding.CleanName(person) };
        }

        if (person is null && ResolvePerson(name) is { } reporter)
        {
            return _met.FirstOrDefault(s => s.Reporter == reporter) ?? _own;
        }

        var key = Source.OutletKey(name);
        if (person is null && _met.FirstOrDefault(s => Source.OutletKey(s.Outlet) == key && s.Reporter is null) is { } outlet)
        {
            return outlet;
        }

        if (person is null && _met.FirstOrDefault(s => Source.OutletKey(s.Outlet) == key) is { } withReporter)
        {
            return withReporter with { Reporter = null };
        }

        return null;
    }

    /// <summary>A surname or full name of a journalist credited earlier ("O'Connor" after "Vinny O'Connor").</summary>
    private string? ResolvePerson(string name)
    {
        var folded = Folding.Fold(Folding.CleanName(name));
        foreach (var reporter in People.Append(_own.Reporter).OfType<string>().Distinct())
        {
            var known = Folding.Fold(reporter);
            if (known == folded || known.EndsWith(" " + folded, StringComparison.Ordinal))
            {
                return reporter;
            }
        }

        return null;
    }

    private Source Classify(string name, string? person)
    {
        var clean = Folding.CleanName(name);
        if (IsOwnOutlet(clean))
        {
            return _own;
        }

        if (person is null && !LooksLikeOutlet(clean) && (clean.Split(' ').Length is 2 or 3 || _knownJournalists.Contains(Folding.Fold(clean))))
        {
            return new Source(clean, clean, false);
        }

        return new Source(clean, person, false);
    }

    private bool LooksLikeOutlet(string name)
    {
        var key = Source.OutletKey(name);
        if (_knownOutlets.Contains(key))
        {
            return true;
        }

        var words = Folding.Fold(name).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Any(w => _outletWords.Contains(w) || _outletWords.Any(o => o.Length >= 4 && w.Contains(o, StringComparison.Ordinal)))
               || (words.Length > 1 && _foreignArticles.Contains(words[0]));
    }

    private bool IsOutletName(string name) => IsOwnOutlet(name) || _knownOutlets.Contains(Source.OutletKey(name)) || _met.Any(s => Source.OutletKey(s.Outlet) == Source.OutletKey(name));

    private bool IsOwnOutlet(string name) => Source.OutletKey(name) == Source.OutletKey(_own.Outlet);

    private bool IsClub(string name) => _clubs.Canonical(name) is not null;

    private static bool StopWord(string name) =>
        name.Split(' ').All(w => Language.Default.StopCapitals.Contains(Folding.Fold(w)) || Language.Default.NotNames.Contains(Folding.Fold(w)))
        || Language.Default.NotNames.Contains(Folding.Fold(name));

    /// <summary>A run of capitalised words (with name particles inside) from <paramref name="k"/>.</summary>
    private static (string? Name, int End) Run(List<Token> tokens, int k)
    {
        if (k >= tokens.Count || !tokens[k].IsWord || !(tokens[k].IsCapitalized || char.IsDigit(tokens[k].Text[0]) || tokens[k].Text.Any(char.IsUpper)))
        {
            return (null, k);
        }

        var e = k;
        while (e + 1 < tokens.Count)
        {
            var n = tokens[e + 1];
            if (n.IsWord && (n.IsCapitalized || n.Text.Skip(1).Any(char.IsUpper)))
            {
                e++;
            }
            else if (Particles.Contains(n.Folded) && e + 2 < tokens.Count && tokens[e + 2].IsCapitalized)
            {
                e += 2;
            }
            else
            {
                break;
            }
        }

        return (Join(tokens, k, e), e);
    }

    private static string Join(List<Token> tokens, int from, int to) =>
        string.Join(' ', tokens.Skip(from).Take(to - from + 1).Select(t => t.Text));

    private static DateTimeOffset? Dated(Sentence sentence, int tokenIndex, DateTimeOffset publishedAt)
    {
        var tokens = sentence.Tokens;
        var window = string.Join(' ', tokens.Skip(Math.Max(0, tokenIndex - 3)).Take(9).Select(t => t.Folded));
        return Values.DayOf(window, publishedAt);
    }
}
