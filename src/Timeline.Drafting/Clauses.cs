namespace Timeline.Drafting;

/// <summary>
/// A clause of a sentence: the span its cues and subject are looked for in. An aside between dashes or
/// brackets is a clause of its own and is blanked out of the clause around it.
/// </summary>
internal sealed record Clause(int Start, int End, IReadOnlyList<(int Start, int End)> Blanks);

internal static class Clauses
{
    public static List<Clause> Split(Sentence sentence, IReadOnlyList<ClubMention> clubs, IReadOnlyList<PlayerMention> players)
    {
        var tokens = sentence.Tokens;
        var lang = Language.Default;
        var cuts = new SortedSet<int> { sentence.Start };
        var asides = new List<(int Start, int End)>();
        bool InClub(int k) => k >= 0 && k < tokens.Count && clubs.Any(c => tokens[k].Start >= c.Start && tokens[k].End <= c.End);
        bool Descriptor(int k) => clubs.Any(c => tokens[k].Start >= c.Start && tokens[k].End <= c.End && c.IsDescriptor);
        bool InPlayer(int k) => k >= 0 && k < tokens.Count && players.Any(p => tokens[k].Start >= p.Start && tokens[k].End <= p.End);

        // The tokens from open to close are an aside: a clause of their own, cut off from the clause around them.
        void Aside(int open, int close)
        {
            asides.Add((tokens[open].Start, tokens[close].End));
            cuts.Add(tokens[open].Start);
            if (close + 1 < tokens.Count)
            {
                cuts.Add(tokens[close + 1].Start);
            }
        }

        for (var k = 0; k < tokens.Count; k++)
        {
            var t = tokens[k].Folded;
            if (t is "(" or "-" && (t == "(" || IsDash(sentence, k)))
            {
                var close = t == "(" ? tokens.FindIndex(k + 1, x => x.Folded == ")") : FindDash(sentence, k + 1);
                if (close > k && close - k <= 30)
                {
                    Aside(k, close);
                    k = close;
                    continue;
                }

                if (t == "-" && k + 1 < tokens.Count)
                {
                    cuts.Add(tokens[k + 1].Start);
                }

                continue;
            }

            // "their opening proposal, worth €25m, was turned down": a figure between commas is an aside.
            if (t == "," && FigureAside(tokens, k) is var shut && shut > k)
            {
                Aside(k, shut);
                k = shut;
                continue;
            }

            if (t is "," or ";" or ":" && k + 1 < tokens.Count)
            {
                if (t == "," && InClub(k - 1) && InClub(k + 1))
                {
                    continue;
                }

                cuts.Add(tokens[k + 1].Start);
                continue;
            }

            // "their interest has since cooled": after an auxiliary, "since" is an adverb, not a clause of its own.
            if (lang.ClauseBreakWords.Contains(t) && k > 0 && !(t == "since" && tokens[k - 1].Folded is "has" or "have" or "had" or "'s" or "'ve" or "is" or "are" or "was" or "were"))
            {
                cuts.Add(tokens[k].Start);
                continue;
            }

            // "and" opens a clause before a new subject, but not inside a group of clubs ("Liverpool and Bayern").
            if (t == "and" && k > 0 && k + 1 < tokens.Count
                && (lang.SubjectStarts.Contains(tokens[k + 1].Folded) || (InClub(k + 1) && !Descriptor(k + 1) && !InClub(k - 1)) || InPlayer(k + 1)))
            {
                cuts.Add(tokens[k].Start);
            }
        }

        var points = cuts.Append(sentence.End).ToList();
        var clauses = new List<Clause>();
        for (var i = 0; i + 1 < points.Count; i++)
        {
            var (s, e) = (points[i], points[i + 1]);
            if (e <= s)
            {
                continue;
            }

            var inAside = asides.FirstOrDefault(a => s >= a.Start && s < a.End);
            if (inAside != default)
            {
                continue;
            }

            clauses.Add(new Clause(s, e, asides.Where(a => a.Start >= s && a.End <= e).ToList()));
        }

        // The clause an aside interrupts is one clause across it, the aside blanked.
        var merged = new List<Clause>();
        foreach (var clause in clauses)
        {
            if (merged.Count > 0 && asides.FirstOrDefault(a => a.Start == merged[^1].End && clause.Start >= a.End && clause.Start - a.End <= 2) is var gap && gap != default)
            {
                var previous = merged[^1];
                merged[^1] = new Clause(previous.Start, clause.End, [.. previous.Blanks, gap, .. clause.Blanks]);
                continue;
            }

            merged.Add(clause);
        }

        merged.AddRange(asides.Select(a => new Clause(a.Start, a.End, [])));
        return merged;
    }

    /// <summary>The closing comma of ", worth €25m," or ", a reported £12m," opened at <paramref name="open"/>, or -1.</summary>
    private static int FigureAside(List<Token> tokens, int open)
    {
        for (var k = open + 1; k < tokens.Count && k - open <= 7; k++)
        {
            if (tokens[k].Folded is "," or ";" or ":" or "." or "(" or ")")
            {
                var figure = tokens.Skip(open + 1).Take(k - open - 1).Any(x => x.Text is "£" or "€" or "$");
                return tokens[k].Folded == "," && k + 1 < tokens.Count && figure
                       && tokens[open + 1].Folded is "worth" or "believed" or "thought" or "reportedly" or "understood" or "said" or "valued" or "a" or "an" or "the" or "around" or "about" or "some"
                    ? k
                    : -1;
            }
        }

        return -1;
    }

    private static bool IsDash(Sentence sentence, int k)
    {
        var tokens = sentence.Tokens;
        var before = k == 0 || tokens[k - 1].End < tokens[k].Start;
        var after = k == tokens.Count - 1 || tokens[k + 1].Start > tokens[k].End;
        return before && after;
    }

    private static int FindDash(Sentence sentence, int from)
    {
        for (var k = from; k < sentence.Tokens.Count; k++)
        {
            if (sentence.Tokens[k].Folded == "-" && IsDash(sentence, k))
            {
                return k;
            }
        }

        return -1;
    }
}
